import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { StartupType, type IJobContext, type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { AUDIT_PURGE_JOB, purgeAudit } from '../services/audit';
import { BACKFILL_JOB, runBackfill } from '../services/backfill';
import type { AppConfig } from '../services/settings';
import { runBroadcastStep } from '../services/broadcastJob';
import { BROADCAST_JOB } from '../services/broadcastService';
import { EXPORT_CLEANUP_JOB, EXPORT_JOB, cleanUpExports, runExportStep } from '../services/exportService';
import { IMPORT_JOB, runImportStep } from '../services/importService';
import { REPAIR_JOB, runRepair } from '../services/repair';
import { noticeMissingPermission } from '../services/health';
import { lastRunEnded, withLease } from '../store/Lease';

type Config = (read: IRead) => Promise<AppConfig>;
type JobData = Record<string, unknown>;
type Run = (data: JobData, read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig) => Promise<unknown>;

/** A failed run is tried again after this long, doubling with each failure in a row up to RETRY_MAX_SECONDS. */
export const RETRY_SECONDS = 30;
export const RETRY_MAX_SECONDS = 15 * 60;
/** A run that stepped aside looks again this long after the other holder's lease expires. */
const TAKEOVER_MARGIN_MS = 1_000;

export const retryDelaySeconds = (attempt: number): number => Math.min(RETRY_MAX_SECONDS, RETRY_SECONDS * 2 ** Math.max(0, attempt - 1));

/** What the app scheduled the run with, without what the scheduler adds (job id, app id). */
function dataOf(job: IJobContext): JobData {
    return Object.fromEntries(Object.entries(job).filter(([key]) => key !== 'jobId' && key !== 'appId'));
}

/**
 * Every job runs the same way:
 *  - under a lease named by `lease` (one server of a cluster at a time does the work);
 *  - a run that steps aside for a live lease looks again once that lease has expired: if the holder's run ended
 *    meanwhile, its chain of runs goes on and the check-up ends; if not, the holder died and this run takes over;
 *  - a failed run is logged and scheduled again (30 s, then doubling up to 15 min): the job's saved position makes
 *    it resume, not restart.
 */
function guarded(id: string, lease: (data: JobData) => string, run: Run, config: Config, fallback?: ILogger, extra: Partial<IProcessor> = {}): IProcessor {
    return {
        ...extra,
        id,
        // A plain function: the engine binds `this` to the app with the logger of this run, whose entries it keeps.
        processor: async function (this: { getLogger?: () => ILogger } | undefined, job, read, modify, _http, persistence) {
            const logger = this?.getLogger?.() ?? fallback;
            const { attempt, steppedAsideAt, ...data } = dataOf(job);
            const name = lease(data);
            const reader = read.getPersistenceReader();
            const scheduler = modify.getScheduler();
            try {
                if (typeof steppedAsideAt === 'number' && (await lastRunEnded(reader, name)) > steppedAsideAt) {
                    return;
                }
                const outcome = await withLease(persistence, reader, name, async () => {
                    await run(data, read, modify, persistence, await config(read));
                });
                if (!outcome.ran) {
                    await scheduler.scheduleOnce({ id, when: new Date(outcome.heldUntil + TAKEOVER_MARGIN_MS), data: { ...data, steppedAsideAt: Date.now() } });
                }
            } catch (error) {
                const next = (typeof attempt === 'number' ? attempt : 0) + 1;
                const wait = retryDelaySeconds(next);
                logger?.error(`Contact Center job ${id} failed; it runs again in ${wait} seconds`, error);
                await noticeMissingPermission(persistence, reader, logger, error);
                await scheduler.scheduleOnce({ id, when: `in ${wait} seconds`, data: { ...data, attempt: next } });
            }
        },
    };
}

/** Indexes the livechat rooms that existed before the app, a few pages per run. */
export function backfillProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(BACKFILL_JOB, () => BACKFILL_JOB, (_data, read, modify, persistence, cfg) => runBackfill(read, modify, persistence, cfg), config, logger);
}

/** Delivers one broadcast, a rate-limited batch per run, until done or cancelled. */
export function broadcastProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(
        BROADCAST_JOB,
        (data) => `${BROADCAST_JOB}:${String(data.broadcastId ?? '')}`,
        (data, read, modify, persistence, cfg) => runBroadcastStep(read, modify, persistence, cfg, data.broadcastId),
        config,
        logger,
    );
}

/** Repairs the index after a failure or at an admin's request (see services/repair). */
export function repairProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(REPAIR_JOB, () => REPAIR_JOB, (_data, read, modify, persistence, cfg) => runRepair(read, modify, persistence, cfg), config, logger);
}

/** Writes one CSV export, a few chunks per run, until done. */
export function exportProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(
        EXPORT_JOB,
        (data) => `${EXPORT_JOB}:${String(data.exportId ?? '')}`,
        (data, read, modify, persistence, cfg) => runExportStep(read, modify, persistence, cfg, data.exportId),
        config,
        logger,
    );
}

/** Removes the file of an export whose link expired: one export when it expires, and every expired one daily. */
export function exportCleanupProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(EXPORT_CLEANUP_JOB, () => EXPORT_CLEANUP_JOB, (data, read, _modify, persistence) => cleanUpExports(read, persistence, data.exportId), config, logger, {
        startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
    });
}

/** Applies one contacts import, row by row, until done. */
export function importProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(
        IMPORT_JOB,
        (data) => `${IMPORT_JOB}:${String(data.importId ?? '')}`,
        (data, read, modify, persistence, cfg) => runImportStep(read, modify, persistence, cfg, data.importId),
        config,
        logger,
    );
}

/** Removes the audit entries older than the retention: once when the app starts, then once a day. */
export function auditPurgeProcessor(config: Config, logger: ILogger): IProcessor {
    return guarded(AUDIT_PURGE_JOB, () => AUDIT_PURGE_JOB, (_data, read, _modify, persistence, cfg) => purgeAudit(read, persistence, cfg.auditRetentionDays), config, logger, {
        startupSetting: { type: StartupType.RECURRING, interval: '1 day' },
    });
}
