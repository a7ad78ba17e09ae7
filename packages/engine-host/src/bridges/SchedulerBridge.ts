import { randomBytes } from 'crypto';

import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import { Collections, Store } from '../store/Store';
import type { HostContext } from './context';
import { firstRun, nextRun } from './scheduleTime';

/** An Agenda job document, as Rocket.Chat keeps them in rocketchat_apps_scheduler. */
export interface JobDoc {
    _id: string;
    name: string;
    type: 'normal' | 'single';
    data: Record<string, unknown>;
    nextRunAt: Date | null;
    interval?: string | number;
    lastRunAt?: Date;
    lastFinishedAt?: Date;
    failCount?: number;
    failReason?: string;
}

export interface JobRun {
    jobId: string;
    name: string;
    ok: boolean;
    error?: string;
}

type ProcessorFn = (jobContext: Record<string, unknown>) => Promise<void>;

const objectId = () => randomBytes(12).toString('hex');

/**
 * Jobs live in the store; processors live in memory and are defined again when the app starts, so jobs
 * scheduled before a host restart stay due and run once the app is back (as with Agenda on a server restart).
 */
export class JobQueue {
    private readonly processors = new Map<string, ProcessorFn>();
    private running = false;

    constructor(
        private readonly store: Store,
        private readonly now: () => Date,
    ) {}

    get col() {
        return this.store.collection<JobDoc>(Collections.scheduler);
    }

    define(name: string, fn: ProcessorFn): void {
        this.processors.set(name, fn);
    }

    forgetProcessors(): void {
        this.processors.clear();
    }

    /** Runs every job due at the host's current time whose processor is defined, oldest first. */
    async runDue(): Promise<JobRun[]> {
        if (this.running) return [];
        this.running = true;
        try {
            const now = this.now();
            const due = await this.col.find({ nextRunAt: { $ne: null, $lte: now } }, { sort: { nextRunAt: 1 } });
            const runs: JobRun[] = [];
            for (const job of due) {
                const processor = this.processors.get(job.name);
                if (!processor) continue;
                runs.push(await this.runOne(job, processor, now));
            }
            return runs;
        } finally {
            this.running = false;
        }
    }

    private async runOne(job: JobDoc, processor: ProcessorFn, now: Date): Promise<JobRun> {
        const next = job.interval !== undefined ? nextRun(job.interval, now) : null;
        await this.col.updateOne({ _id: job._id }, { $set: { lastRunAt: now, nextRunAt: next } });
        try {
            await processor({ ...job.data, jobId: job._id });
            await this.col.updateOne({ _id: job._id }, { $set: { lastFinishedAt: this.now() } });
            return { jobId: job._id, name: job.name, ok: true };
        } catch (e) {
            const error = (e as Error)?.message ?? String(e);
            await this.col.updateOne({ _id: job._id }, { $set: { failReason: error }, $inc: { failCount: 1 } });
            return { jobId: job._id, name: job.name, ok: false, error };
        }
    }
}

// After apps/meteor/app/apps/server/bridges/scheduler.ts: job data carries the appId, the processor receives
// { ...data, jobId }, recurring jobs are single per name (agenda.every), cancelJob takes a job id or a name.
export class HostSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get jobs() {
        return this.ctx.jobs;
    }

    protected async registerProcessors(processors: IProcessor[] = [], appId: string): Promise<void | string[]> {
        const afterRegister: Array<Promise<string>> = [];
        for (const { id, processor, startupSetting } of processors) {
            this.jobs.define(id, processor as unknown as ProcessorFn);
            if (!startupSetting) continue;
            if (startupSetting.type === 'onetime') {
                afterRegister.push(this.scheduleOnceAfterRegister({ id, when: startupSetting.when, data: startupSetting.data }, appId));
            } else {
                const { interval, skipImmediate, data } = startupSetting;
                afterRegister.push(this.scheduleRecurring({ id, interval, skipImmediate, data }, appId));
            }
        }
        if (afterRegister.length) return Promise.all(afterRegister);
    }

    private async scheduleOnceAfterRegister(job: IOnetimeSchedule, appId: string): Promise<string> {
        const existing = await this.jobs.col.findOne({ name: job.id, type: 'normal' });
        return existing ? existing._id : this.scheduleOnce(job, appId);
    }

    protected async scheduleOnce({ id, when, data }: IOnetimeSchedule, appId: string): Promise<string> {
        return this.jobs.col.insertOne({
            _id: objectId(),
            name: id,
            type: 'normal',
            data: { ...data, appId },
            nextRunAt: firstRun(when, this.ctx.now()),
        });
    }

    protected async scheduleRecurring({ id, interval, skipImmediate, data }: IRecurringSchedule, appId: string): Promise<string> {
        const now = this.ctx.now();
        const nextRunAt = skipImmediate ? nextRun(interval, now) : now;
        const result = await this.jobs.col.updateOne(
            { name: id, type: 'single' },
            { $set: { interval, data: { ...data, appId }, nextRunAt }, $setOnInsert: { _id: objectId() } },
            { upsert: true },
        );
        return result.upsertedId ?? (await this.jobs.col.findOne({ name: id, type: 'single' }))!._id;
    }

    protected async cancelJob(jobId: string): Promise<void> {
        const [maybeId] = jobId.split('_');
        const byId = /^[0-9a-f]{24}$/.test(maybeId) ? { _id: maybeId } : { name: jobId };
        await this.jobs.col.deleteMany(byId);
    }

    async cancelAllJobs(appId: string): Promise<void> {
        const escaped = appId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await this.jobs.col.deleteMany({ name: { $regex: `_${escaped}$` } });
    }
}
