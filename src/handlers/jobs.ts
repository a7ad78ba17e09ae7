import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { StartupType, type IJobContext, type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { AUDIT_PURGE_JOB, purgeAudit } from '../services/audit';
import { BACKFILL_JOB, runBackfill } from '../services/backfill';
import type { AppConfig } from '../services/settings';
import { runBroadcastStep } from '../services/broadcastJob';
import { BROADCAST_JOB } from '../services/broadcastService';
import { EXPORT_JOB, runExportStep } from '../services/exportService';
import { IMPORT_JOB, runImportStep } from '../services/importService';
import { REPAIR_JOB, runRepair } from '../services/repair';
import { noticeMissingPermission } from '../services/health';
import { withLease } from '../store/Lease';

type Config = (read: IRead) => Promise<AppConfig>;
type Run = (job: IJobContext, read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig) => Promise<unknown>;

/** A failed run is tried again after this long (the job's saved position makes it resume, not restart). */
export const RETRY_SECONDS = 30;

/**
 * Every job runs under a lease (one server of a cluster at a time does the work) and a failed run is
 * logged and scheduled again instead of ending its chain of runs.
 */
function guarded(id: string, lease: (job: IJobContext) => string, run: Run, config: Config, fallback: ILogger): IProcessor {
    return {
        id,
        // A plain function: the engine binds `this` to the app with the logger of this run, whose entries it keeps.
        processor: async function (this: { getLogger?: () => ILogger } | undefined, job, read, modify, _http, persistence) {
            const logger = this?.getLogger?.() ?? fallback;
            try {
                await withLease(persistence, read.getPersistenceReader(), lease(job), async () => {
                    await run(job, read, modify, persistence, await config(read));
                });
            } catch (error) {
                logger.error(`Contact Center job ${id} failed; it runs again in ${RETRY_SECONDS} seconds`, error);
                await noticeMissingPermission(persistence, read.getPersistenceReader(), logger, error);
                const data = Object.fromEntries(Object.entries(job).filter(([key]) => key !== 'jobId' && key !== 'appId'));
                await modify.getScheduler().scheduleOnce({ id, when: `in ${RETRY_SECONDS} seconds`, data });
            }
        },
    };
}

/** Indexes the livechat rooms that existed before the app, a few pages per run. */
export function backfillProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(BACKFILL_JOB, () => BACKFILL_JOB, (_job, read, modify, persistence, cfg) => runBackfill(read, modify, persistence, cfg), config, logger);
}

/** Delivers one broadcast, a rate-limited batch per run, until done or cancelled. */
export function broadcastProcessor(config: Config, logger: ILogger): IProcessor {
    const idOf = (job: IJobContext) => String((job as { broadcastId?: unknown }).broadcastId ?? '');
    return guarded(BROADCAST_JOB, (job) => `${BROADCAST_JOB}:${idOf(job)}`, (job, read, modify, persistence, cfg) => runBroadcastStep(read, modify, persistence, cfg, (job as { broadcastId?: unknown }).broadcastId), config, logger);
}

/** Repairs the index after a failure or at an admin's request (see services/repair). */
export function repairProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(REPAIR_JOB, () => REPAIR_JOB, (_job, read, modify, persistence, cfg) => runRepair(read, modify, persistence, cfg), config, logger);
}

/** Writes one CSV export, a few chunks per run, until done. */
export function exportProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: EXPORT_JOB,
        processor: async (job, read, modify, _http, persistence) => {
            await runExportStep(read, modify, persistence, await config(read), (job as { exportId?: unknown }).exportId);
        },
    };
}

/** Applies one contacts import, row by row, until done. */
export function importProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: IMPORT_JOB,
        processor: async (job, read, modify, _http, persistence) => {
            await runImportStep(read, modify, persistence, await config(read), (job as { importId?: unknown }).importId);
        },
    };
}

/** Removes the audit entries older than the retention: once when the app starts, then once a day. */
export function auditPurgeProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: AUDIT_PURGE_JOB,
        startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
        processor: async (_job, read, _modify, _http, persistence) => {
            await purgeAudit(read, persistence, (await config(read)).auditRetentionDays);
        },
    };
}
