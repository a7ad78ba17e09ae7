import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { StartupType, type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { AUDIT_PURGE_JOB, purgeAudit } from '../services/audit';
import { BACKFILL_JOB, runBackfill } from '../services/backfill';
import type { AppConfig } from '../services/settings';
import { runBroadcastStep } from '../services/broadcastJob';
import { BROADCAST_JOB } from '../services/broadcastService';
import { EXPORT_JOB, runExportStep } from '../services/exportService';
import { IMPORT_JOB, runImportStep } from '../services/importService';

/** Indexes the livechat rooms that existed before the app, a few pages per run. */
export function backfillProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: BACKFILL_JOB,
        processor: async (_job, read, modify, _http, persistence) => {
            await runBackfill(read, modify, persistence, await config(read));
        },
    };
}

/** Delivers one broadcast, a rate-limited batch per run, until done or cancelled. */
export function broadcastProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: BROADCAST_JOB,
        processor: async (job, read, modify, _http, persistence) => {
            await runBroadcastStep(read, modify, persistence, await config(read), (job as { broadcastId?: unknown }).broadcastId);
        },
    };
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
