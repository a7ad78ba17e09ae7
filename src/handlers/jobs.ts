import type { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { StartupType, type IJobContext, type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { AUDIT_PURGE_JOB, purgeAudit } from '../services/audit';
import { BACKFILL_JOB, runBackfill } from '../services/backfill';
import { runBroadcastStep } from '../services/broadcastJob';
import { BROADCAST_JOB } from '../services/broadcastService';
import { EXPORT_CLEANUP_JOB, EXPORT_JOB, cleanUpExports, runExportStep } from '../services/exportService';
import { IMPORT_JOB, runImportStep } from '../services/importService';
import { runGuarded, type GuardedJob, type JobData } from '../services/jobs';
import { ERASE_JOB, erasedIdsOf, scrubTraces } from '../services/erase';
import { RECONCILE_JOB, runReconcile } from '../services/reconcile';
import { REKEY_JOB } from '../services/keysReady';
import { runRekey } from '../services/rekey';
import { REPAIR_JOB, runRepair } from '../services/repair';
import type { AppConfig } from '../services/settings';

type Config = (read: IRead) => Promise<AppConfig>;

const DAILY = { startupSetting: { type: StartupType.RECURRING, interval: '1 day' } } as const;
const EVERY_MINUTE = { startupSetting: { type: StartupType.RECURRING, interval: '1 minute' } } as const;

/** The app's background jobs; each runs guarded (a lease, retries, take-over: see services/jobs). */
export const JOBS: (GuardedJob & Partial<Pick<IProcessor, 'startupSetting'>>)[] = [
    /** Indexes the livechat rooms that existed before the app, a few pages per run. */
    { id: BACKFILL_JOB, lease: () => BACKFILL_JOB, run: (ctx) => runBackfill(ctx) },
    /** Saves again the entries an earlier version saved, so that they carry the current search keys (once per shape). */
    { id: REKEY_JOB, lease: () => REKEY_JOB, run: (ctx) => runRekey(ctx) },
    /** Delivers one broadcast, a rate-limited batch per run, until done or cancelled. */
    {
        id: BROADCAST_JOB,
        lease: (data) => `${BROADCAST_JOB}:${String(data.broadcastId ?? '')}`,
        run: (ctx, data) => runBroadcastStep(ctx, data.broadcastId),
    },
    /** Repairs the index after a failure or at an admin's request. */
    { id: REPAIR_JOB, lease: () => REPAIR_JOB, run: (ctx) => runRepair(ctx) },
    /** Writes one CSV export, a few chunks per run, until done. */
    {
        id: EXPORT_JOB,
        lease: (data) => `${EXPORT_JOB}:${String(data.exportId ?? '')}`,
        run: (ctx, data) => runExportStep(ctx, data.exportId),
    },
    /** Removes the file of an export whose link expired: one export when it expires, and every expired one daily. */
    { id: EXPORT_CLEANUP_JOB, lease: () => EXPORT_CLEANUP_JOB, run: (ctx, data) => cleanUpExports(ctx, data.exportId), ...DAILY },
    /** Applies one contacts import, row by row, until done. */
    {
        id: IMPORT_JOB,
        lease: (data) => `${IMPORT_JOB}:${String(data.importId ?? '')}`,
        run: (ctx, data) => runImportStep(ctx, data.importId),
    },
    /** Checks the directory against Rocket.Chat, a share of it each minute (edits, deletions, merges made there). */
    { id: RECONCILE_JOB, lease: () => RECONCILE_JOB, run: (ctx) => runReconcile(ctx), ...EVERY_MINUTE },
    /** Scrubs an erased person's values from the audit, exports, imports and broadcasts. */
    { id: ERASE_JOB, lease: () => ERASE_JOB, run: (ctx, data) => scrubTraces(ctx, erasedIdsOf(data)) },
    /** Removes the audit entries older than the retention: once when the app starts, then once a day. */
    { id: AUDIT_PURGE_JOB, lease: () => AUDIT_PURGE_JOB, run: (ctx) => purgeAudit(ctx), ...DAILY },
];

/** The processor the engine calls for a job: the accessors of the run, then runGuarded. */
export function processorOf(job: (typeof JOBS)[number], config: Config, fallback: ILogger): IProcessor {
    return {
        id: job.id,
        ...(job.startupSetting ? { startupSetting: job.startupSetting } : {}),
        // A plain function: the engine binds `this` to the app with the logger of this run, whose entries it keeps.
        processor: async function (
            this: { getLogger?: () => ILogger } | undefined,
            context: IJobContext,
            read,
            modify,
            _http,
            persistence,
        ) {
            const logger = this?.getLogger?.() ?? fallback;
            await runGuarded({ read, modify, persistence, config: await config(read), logger }, job, dataOf(context));
        },
    };
}

function dataOf(job: IJobContext): JobData {
    return Object.fromEntries(Object.entries(job).filter(([key]) => key !== 'jobId' && key !== 'appId'));
}
