import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ROCKET_CHAT_ACTOR } from '../domain/audit';
import type { Contact } from '../domain/contact';
import { readContact } from '../host/contacts';
import { readRoom } from '../host/rooms';
import { readVisitorData } from '../host/visitors';
import { ContactRepository, SHARDS } from '../store/ContactRepository';
import { readJobState, writeJobState } from '../store/JobState';
import { recordRoom } from './archive';
import type { EventContext, ServiceContext } from './context';
import { eraseEntry } from './erase';
import { chatsOf, foldEntry } from './fold';
import { syncEntry } from './indexer';
import { inParallel } from './parallel';

export const RECONCILE_JOB = 'cc-reconcile';
/** A run stops after this long: the host gives a job 30 seconds. */
const RUN_BUDGET_MS = 8_000;

export interface ReconcileState {
    /** The next shard to walk. */
    shard: number;
    /** Entries checked in the current round, and in the last complete one. */
    checked: number;
    lastRoundChecked?: number;
    round: number;
    roundStartedAt: string;
    lastRoundAt?: string;
    changed: number;
    erased: number;
    merged: number;
    /** Entries per shard in the last read: how many shards fit the next run's rate. */
    perShard?: number;
    updatedAt: string;
}

export async function reconcileStatus(read: IRead): Promise<ReconcileState | undefined> {
    return readJobState<ReconcileState>(read.getPersistenceReader(), RECONCILE_JOB);
}

/** What became of one entry when it was checked against Rocket.Chat. */
export type Outcome = 'same' | 'changed' | 'erased' | 'merged' | 'unknown';

/** A round over the directory takes at least this long: a small directory is not read over and over. */
export const MIN_ROUND_MINUTES = 10;
const SHARDS_PER_RUN = Math.ceil(SHARDS / MIN_ROUND_MINUTES);
/** Shards read side by side, at most. */
const PARALLEL_SHARDS = 8;
/**
 * Entries checked at a time. The host answers calls in the order they come, so an agent's call waits behind at most
 * this many of the job's; two keep the job far above its rate (thousands of entries a second against 600 a minute).
 */
const PARALLEL_CHECKS = 2;

/**
 * Shards the next read takes: as many as fit the entries left for this minute at the density last seen (one
 * when unknown), at least one, at most PARALLEL_SHARDS and `limit`. So a run keeps to the rate at any size: 8
 * shards of a 200,000-contact directory hold about 1,600 entries, far past the default 600.
 */
export function nextShardCount(left: number, perShard: number | undefined, limit: number): number {
    const fit = perShard === undefined ? 1 : perShard <= 0 ? PARALLEL_SHARDS : Math.floor(left / perShard);
    return Math.max(1, Math.min(PARALLEL_SHARDS, limit, fit));
}

/**
 * One run (every minute): walks the directory from where the last run stopped, a shard at a time, and checks each
 * entry against Rocket.Chat (one read of the contact, or of the visitor for an entry keyed on one), until it has
 * checked `reconcilePerMinute` entries (a setting), covered a tenth of the shards, or spent its budget. A round over
 * the whole directory therefore takes about max(entries / reconcilePerMinute, 10) minutes. The position is saved at
 * the end of the run: a run that fails checks its shards again.
 */
export async function runReconcile(ctx: ServiceContext, now = Date.now()): Promise<ReconcileState> {
    const started = Date.now();
    const iso = new Date(now).toISOString();
    let state: ReconcileState = (await reconcileStatus(ctx.read)) ?? {
        shard: 0,
        checked: 0,
        round: 1,
        roundStartedAt: iso,
        changed: 0,
        erased: 0,
        merged: 0,
        updatedAt: iso,
    };
    const repository = new ContactRepository(ctx.read.getPersistenceReader());
    let checkedThisRun = 0;
    let shardsThisRun = 0;
    while (checkedThisRun < ctx.config.reconcilePerMinute && shardsThisRun < SHARDS_PER_RUN && Date.now() - started < RUN_BUDGET_MS) {
        const count = nextShardCount(
            ctx.config.reconcilePerMinute - checkedThisRun,
            state.perShard,
            Math.min(SHARDS - state.shard, SHARDS_PER_RUN - shardsThisRun),
        );
        const shards = Array.from({ length: count }, (_, i) => state.shard + i);
        const entries = (await Promise.all(shards.map((n) => repository.shard(n)))).flat();
        const outcomes = await inParallel(entries, PARALLEL_CHECKS, (entry) => reconcileEntry(ctx, entry));
        checkedThisRun += entries.length;
        shardsThisRun += count;
        const tally = (o: Outcome) => outcomes.filter((x) => x === o).length;
        const next = state.shard + count;
        const roundDone = next >= SHARDS;
        state = {
            ...state,
            shard: roundDone ? 0 : next,
            checked: roundDone ? 0 : state.checked + entries.length,
            ...(roundDone
                ? { lastRoundChecked: state.checked + entries.length, lastRoundAt: iso, round: state.round + 1, roundStartedAt: iso }
                : {}),
            changed: state.changed + tally('changed'),
            erased: state.erased + tally('erased'),
            merged: state.merged + tally('merged'),
            perShard: entries.length / count,
            updatedAt: new Date().toISOString(),
        };
    }
    await writeJobState(ctx.persistence, RECONCILE_JOB, state);
    return state;
}

/**
 * One entry against Rocket.Chat: a contact edited there is reindexed; one Rocket.Chat no longer has was either
 * merged into another (its rooms now point to the survivor: folded into it) or deleted with its rooms (erased
 * here). An entry keyed on a visitor takes the visitor's data, and is erased when the visitor is gone.
 */
export async function reconcileEntry(ctx: EventContext, entry: Contact): Promise<Outcome> {
    if (entry.keyedBy === 'visitor') {
        const visitor = await readVisitorData(ctx.read, entry.id);
        if (!visitor) {
            return erased(ctx, entry);
        }
        // Rocket.Chat may have given the person's rooms a contact since (lazily, for rooms from before 7.1).
        if (await foldedIntoContact(ctx, entry)) {
            return 'merged';
        }
        const saved = await syncEntry(ctx, entry.id, visitor);
        return saved && saved.revision !== entry.revision ? 'changed' : 'same';
    }
    const contact = await readContact(ctx.read, entry.id);
    if (contact) {
        if (contact.updatedAt === entry.syncedAt) {
            return 'same';
        }
        const saved = await syncEntry(ctx, entry.id, undefined, contact);
        return saved && saved.revision !== entry.revision ? 'changed' : 'same';
    }
    return resolveGone(ctx, entry);
}

/** An entry keyed on a visitor whose newest room now has a contact is folded into that contact's entry. */
async function foldedIntoContact(ctx: EventContext, entry: Contact): Promise<boolean> {
    const [newest] = (await chatsOf(ctx, entry.id)).sort((a, b) => (a.closedAt < b.closedAt ? 1 : -1));
    const room = newest ? await readRoom(ctx.read, newest.roomId) : undefined;
    if (!room?.contactId) {
        return false;
    }
    const survivor = await recordRoom(ctx, room);
    return !!survivor && survivor.id !== entry.id && !!(await foldEntry(ctx, entry, survivor.id));
}

/**
 * Rocket.Chat answers nothing for this contact. Its newest room says why: re-pointed to another contact, it was
 * merged; deleted (and the entry's other rooms too), the person was erased. A room still pointing to the contact
 * means the contact cannot be read now (the app lacks contact.read, say): nothing is erased on that answer.
 */
async function resolveGone(ctx: EventContext, entry: Contact): Promise<Outcome> {
    const chats = (await chatsOf(ctx, entry.id)).sort((a, b) => (a.closedAt < b.closedAt ? 1 : -1));
    for (const chat of chats.slice(0, 3)) {
        const room = await readRoom(ctx.read, chat.roomId);
        if (room && room.contactId && room.contactId !== entry.id) {
            const survivor = await recordRoom(ctx, room);
            if (survivor && (await foldEntry(ctx, entry, survivor.id))) {
                return 'merged';
            }
            return 'unknown';
        }
        if (room) {
            return 'unknown';
        }
    }
    // Its newest rooms are gone (or it had none closed): deleted in Rocket.Chat with its rooms.
    return erased(ctx, entry);
}

async function erased(ctx: EventContext, entry: Contact): Promise<Outcome> {
    await eraseEntry(ctx, entry, ROCKET_CHAT_ACTOR);
    return 'erased';
}
