import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { isKind } from '../domain/errors';
import { KEYS_SHAPE } from '../domain/searchKeys';
import { ContactRepository, SHARDS } from '../store/ContactRepository';
import { readJobState, writeJobState } from '../store/JobState';
import { directoryIsEmpty } from '../store/RecentContacts';
import { backfillStatus } from './backfill';
import type { ServiceContext } from './context';
import { REKEY_JOB, keyWalkFinished, type RekeyState } from './keysReady';
import { startUnlessFinished } from './jobs';
import { inParallel } from './parallel';

/** A run stops after this long and schedules the next one: the host gives a job 30 seconds. */
const RUN_BUDGET_MS = 8_000;
/** Shards read side by side (about 200 entries each at 200,000 contacts), and entries saved side by side. */
const PARALLEL_SHARDS = 4;
const PARALLEL_SAVES = 4;

/** Starts the walk unless it already finished for this shape; a walk left half-way resumes from its saved position. */
export async function ensureRekey(read: IRead, scheduler: ISchedulerModify): Promise<void> {
    await startUnlessFinished(
        scheduler,
        REKEY_JOB,
        keyWalkFinished(await readJobState<RekeyState>(read.getPersistenceReader(), REKEY_JOB)),
    );
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
    const stored = await readJobState<RekeyState>(reader, REKEY_JOB);
    let state: RekeyState =
        stored && stored.shape >= KEYS_SHAPE
            ? stored
            : { shape: KEYS_SHAPE, shard: 0, saved: 0, done: false, startedAt: now, updatedAt: now };
    if (!stored && (await builtWithKeys(read))) {
        // A directory this version built from nothing: every entry was saved with the current keys, nothing to walk.
        state = { ...state, shard: SHARDS, done: true, finishedAt: now };
        await writeJobState(persistence, REKEY_JOB, state);
        return state;
    }
    const repository = new ContactRepository(reader);
    const started = Date.now();
    while (!state.done && Date.now() - started < RUN_BUDGET_MS) {
        const shards = Array.from({ length: Math.min(PARALLEL_SHARDS, SHARDS - state.shard) }, (_, i) => state.shard + i);
        const entries = (await Promise.all(shards.map((n) => repository.shard(n)))).flat();
        // An entry without a time of its last save is taken as an earlier version's.
        const earlier = entries.filter((entry) => !(entry.updatedAt >= state.startedAt));
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
 * Whether the directory was built from nothing by a version with the current keys: the backfill started on an empty
 * directory under these keys (BackfillState.keys); or none has run yet and the directory is empty (every version starts
 * one when it is enabled, but one refused for a missing permission leaves no state while room events index people).
 */
async function builtWithKeys(read: IRead): Promise<boolean> {
    const backfill = await backfillStatus(read);
    if (backfill) {
        return (backfill.keys ?? 1) >= KEYS_SHAPE;
    }
    return directoryIsEmpty(read.getPersistenceReader());
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
