import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { BACKFILL_JOB, runBackfill } from '../services/backfill';
import type { AppConfig } from '../services/settings';

/** Indexes the livechat rooms that existed before the app, a few pages per run. */
export function backfillProcessor(config: (read: IRead) => Promise<AppConfig>): IProcessor {
    return {
        id: BACKFILL_JOB,
        processor: async (_job, read, modify, _http, persistence) => {
            await runBackfill(read, modify, persistence, await config(read));
        },
    };
}
