import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { isKind } from '../domain/errors';
import { ContactRepository, SHARDS } from '../store/ContactRepository';
import { readJobState, writeJobState } from '../store/JobState';
import type { ServiceContext } from './context';
import { inParallel } from './parallel';

export const REKEY_JOB = 'cc-rekey';
/**
 * The search keys every entry carries. 2: an agent's own trigram keys besides everyone's (domain/searchKeys.ts,
 * agentKeysForContact). Entries saved by an earlier version lack them: a walk of the directory saves each one again.
 */
export const KEYS_SHAPE = 2;
/** A run stops after this long and schedules the next one: the host gives a job 30 seconds. */
const RUN_BUDGET_MS = 8_000;
/** Shards read side by side (about 200 entries each at 200,000 contacts), and entries saved side by side. */
const PARALLEL_SHARDS = 4;
const PARALLEL_SAVES = 4;

export interface RekeyState {
    /** The keys shape this walk gives the entries. */
    shape: number;
    /** The next shard to walk. */
    shard: number;
    /** Entries saved again so far. */
    saved: number;
    done: boolean;
    /** Entries saved since then carry the keys already (they are saved by this version): the walk leaves them. */
    startedAt: string;
    finishedAt?: string;
    updatedAt: string;
}

const finished = (state: RekeyState | undefined): boolean => !!state && state.done && state.shape >= KEYS_SHAPE;

/** Once this process has seen the walk finished, it is not read again: a new shape comes with a new app process. */
let seenReady = false;

/**
 * Whether every entry carries the current keys, so that a look-up may ask for the agent's own: one read of the walk's
 * state until this process has seen it finished, none after. Until then searches read everyone's keys, as before.
 */
export async function agentKeysReady(read: IRead): Promise<boolean> {
    if (!seenReady) {
        seenReady = finished(await readJobState<RekeyState>(read.getPersistenceReader(), REKEY_JOB));
    }
    return seenReady;
}

/** Starts the walk unless it already finished for this shape; a walk left half-way resumes from its saved position. */
export async function ensureRekey(read: IRead, scheduler: ISchedulerModify): Promise<void> {
    if (!finished(await readJobState<RekeyState>(read.getPersistenceReader(), REKEY_JOB))) {
        // One chain of runs: a job left from before a restart is replaced, not doubled.
        await scheduler.cancelJob(REKEY_JOB);
        await scheduler.scheduleOnce({ id: REKEY_JOB, when: new Date() });
    }
}

/**
 * Walks the directory a few shards at a time and saves again each entry last saved before the walk started (an
 * earlier version's), so that it carries the current keys; the position is saved after each step. A step repeated
 * after a failure saves its entries once more, which changes nothing.
 */
export async function runRekey(ctx: ServiceContext): Promise<RekeyState> {
    const { read, persistence } = ctx;
    const reader = read.getPersistenceReader();
    const now = new Date().toISOString();
    const saved = await readJobState<RekeyState>(reader, REKEY_JOB);
    let state: RekeyState =
        saved && saved.shape >= KEYS_SHAPE ? saved : { shape: KEYS_SHAPE, shard: 0, saved: 0, done: false, startedAt: now, updatedAt: now };
    const repository = new ContactRepository(reader);
    const started = Date.now();
    while (!state.done && Date.now() - started < RUN_BUDGET_MS) {
        const shards = Array.from({ length: Math.min(PARALLEL_SHARDS, SHARDS - state.shard) }, (_, i) => state.shard + i);
        const entries = (await Promise.all(shards.map((n) => repository.shard(n)))).flat();
        const earlier = entries.filter((entry) => entry.updatedAt < state.startedAt);
        const outcomes = await inParallel(earlier, PARALLEL_SAVES, (entry) => saveAgain(ctx, repository, entry.id, state.startedAt));
        const next = state.shard + shards.length;
        const done = next >= SHARDS;
        state = {
            ...state,
            shard: next,
            saved: state.saved + outcomes.filter(Boolean).length,
            done,
            updatedAt: new Date().toISOString(),
            ...(done ? { finishedAt: new Date().toISOString() } : {}),
        };
        await writeJobState(persistence, REKEY_JOB, state);
    }
    if (!state.done) {
        await ctx.modify.getScheduler().scheduleOnce({ id: REKEY_JOB, when: new Date() });
    }
    return state;
}

/**
 * The entry as it is now, as its next revision: its associations are computed again. Read again just before, as every
 * other save does, so that an entry folded into another or erased meanwhile is not brought back. When another writer
 * saved that revision (or a newer one) first, this version wrote it, with the current keys: nothing left to do.
 */
async function saveAgain(ctx: ServiceContext, repository: ContactRepository, id: string, startedAt: string): Promise<boolean> {
    const entry = await repository.get(id);
    if (!entry || entry.updatedAt >= startedAt) {
        return false;
    }
    try {
        await repository.save(ctx.persistence, { ...entry, revision: entry.revision + 1 });
        return true;
    } catch (error) {
        if (isKind(error, 'conflict')) {
            return false;
        }
        throw error;
    }
}
