import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { lastRunEnded, withLease } from '../store/Lease';
import type { ServiceContext } from './context';
import { noticeMissingPermission } from './health';

/** What a job run was scheduled with, without what the scheduler adds (job id, app id). */
export type JobData = Record<string, unknown>;

/** A background job: its processor id, the lease its runs take, and one run. */
export interface GuardedJob {
    id: string;
    lease: (data: JobData) => string;
    run: (ctx: ServiceContext, data: JobData) => Promise<unknown>;
}

/** A failed run is tried again after this long, doubling with each failure in a row up to RETRY_MAX_SECONDS. */
export const RETRY_SECONDS = 30;
export const RETRY_MAX_SECONDS = 15 * 60;
/** A run that stepped aside looks again this long after the other holder's lease expires. */
const TAKEOVER_MARGIN_MS = 1_000;

export const retryDelaySeconds = (attempt: number): number => Math.min(RETRY_MAX_SECONDS, RETRY_SECONDS * 2 ** Math.max(0, attempt - 1));

/**
 * Every job runs the same way:
 *  - under a lease named by the job (one server of a cluster at a time does the work);
 *  - a run that steps aside for a live lease looks again once that lease has expired: if the holder's run ended
 *    meanwhile, its chain of runs goes on and the check-up ends; if not, the holder died and this run takes over;
 *  - a failed run is logged and scheduled again (30 s, then doubling up to 15 min): the job's saved position makes
 *    it resume, not restart.
 */
export async function runGuarded(ctx: ServiceContext, job: GuardedJob, scheduled: JobData): Promise<void> {
    const { attempt, steppedAsideAt, ...data } = scheduled;
    const name = job.lease(data);
    const reader = ctx.read.getPersistenceReader();
    const scheduler = ctx.modify.getScheduler();
    try {
        if (typeof steppedAsideAt === 'number' && (await lastRunEnded(reader, name)) > steppedAsideAt) {
            return;
        }
        const outcome = await withLease(ctx.persistence, reader, name, async () => {
            await job.run(ctx, data);
        });
        if (!outcome.ran) {
            await scheduler.scheduleOnce({
                id: job.id,
                when: new Date(outcome.heldUntil + TAKEOVER_MARGIN_MS),
                data: { ...data, steppedAsideAt: Date.now() },
            });
        }
    } catch (error) {
        const next = (typeof attempt === 'number' ? attempt : 0) + 1;
        const wait = retryDelaySeconds(next);
        ctx.logger?.error(`Contact Center job ${job.id} failed; it runs again in ${wait} seconds`, error);
        await noticeMissingPermission(ctx, error);
        await scheduler.scheduleOnce({ id: job.id, when: `in ${wait} seconds`, data: { ...data, attempt: next } });
    }
}

/**
 * Starts a walk that saves its position (the backfill, the key walk) unless it finished: one chain of runs, a job
 * left from before a restart replaced, not doubled; the walk resumes from its saved position.
 */
export async function startUnlessFinished(scheduler: ISchedulerModify, jobId: string, finished: boolean): Promise<void> {
    if (!finished) {
        await scheduler.cancelJob(jobId);
        await scheduler.scheduleOnce({ id: jobId, when: new Date() });
    }
}
