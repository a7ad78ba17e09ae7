import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { readJobState, writeJobState } from '../store/JobState';
import { factsOfRoom, type RoomFacts } from '../host/rooms';
import { recordRooms } from './archive';
import { indexEarlierAudiences } from './broadcastService';
import { RecentBatch } from '../store/RecentBatch';
import { directoryIsEmpty } from '../store/RecentContacts';
import type { EventContext, ServiceContext } from './context';
import { startUnlessFinished } from './jobs';
import { unavailable } from '../domain/errors';
import { KEYS_SHAPE } from '../domain/searchKeys';

export const BACKFILL_JOB = 'cc-backfill';
/** The host refuses pages larger than 100 rooms. */
export const BACKFILL_PAGE = 100;
/**
 * A run stops after this long and schedules the next one: the host gives a job 30 seconds before it
 * gives up on the call, whatever the server's load.
 */
const RUN_BUDGET_MS = 8_000;
/** At most this many pages a run, so that runs stay short even on a fast server. */
const PAGES_PER_RUN = 5;

/**
 * The shape of the directory the backfill builds. 2: one entry per Rocket.Chat contact. 3: chats carry their tags
 * within time windows (store/ChatRepository.ts, CHAT_LABELS). 4: chats carry their contact's name trigrams with their
 * agent. A backfill finished under an earlier shape runs again: it folds each visitor's entry into its contact's,
 * keeping extra fields, tags and history (see services/archive.ts), saves again each chat saved with fewer
 * associations, and resumes like any run.
 */
export const DIRECTORY_SHAPE = 4;
/** The shape from which every archived chat carries its tags within time windows, once a backfill of it finished. */
const TAG_WINDOWS_SHAPE = 3;
/** The shape from which every archived chat carries its contact's name trigrams with its agent. */
const AGENT_NAMES_SHAPE = 4;

export interface BackfillState {
    /** The directory shape this walk builds (absent: 1). */
    shape?: number;
    /** The shape of the directory this walk started from, when an earlier one had been built (an upgrade). */
    earlierShape?: number;
    /**
     * The search keys of the version that started this walk on an empty directory: every entry carries them (absent:
     * an earlier version's walk, or a directory that held entries already; see services/rekey.ts).
     */
    keys?: number;
    /**
     * Rooms getAllRooms listed when this walk started. The walk reads them newest first, from that end: the rooms
     * created since are indexed by their events, and a room deleted meanwhile only makes a room already read come again.
     * Absent: a walk an earlier version started, which reads from the oldest room on.
     */
    total?: number;
    /** Rooms of getAllRooms already processed: from the newest end when `total` is known, else from the oldest room. */
    skip: number;
    /**
     * When the oldest conversation read so far started: every conversation started since is indexed. Newest-first walks
     * only, while each page held only rooms older than the pages before it (getAllRooms lists rooms in the order they
     * were stored, which is the order they started in unless rooms were imported); else `unordered`, and no date.
     */
    since?: string;
    unordered?: boolean;
    indexed: number;
    done: boolean;
    startedAt: string;
    finishedAt?: string;
    updatedAt: string;
}

export async function backfillStatus(read: IRead): Promise<BackfillState | undefined> {
    return readJobState<BackfillState>(read.getPersistenceReader(), BACKFILL_JOB);
}

/** The finished state, once this process has seen it: a finished backfill of this shape stays finished. */
let seenFinished: BackfillState | undefined;

/**
 * The backfill's state for the Contacts tab: read on every visit while it runs, not read again once this process
 * has seen it finished (an upgrade to a new shape starts a new app process).
 */
export async function backfillProgress(read: IRead): Promise<BackfillState | undefined> {
    if (seenFinished) {
        return seenFinished;
    }
    const state = await backfillStatus(read);
    if (state?.done && (state.shape ?? 1) >= DIRECTORY_SHAPE) {
        seenFinished = state;
    }
    return state;
}

/**
 * The shape every archived chat is known to have: the walk's own once it finished or when it started from nothing (every
 * chat since was saved by it or by a version as recent), else the shape the directory had when it started.
 */
export function shapeOfEveryChat(state: BackfillState): number {
    return state.done || state.earlierShape === undefined ? (state.shape ?? 1) : state.earlierShape;
}

/**
 * Whether every archived chat has the associations of a shape: no chat was archived by a version without them (no
 * backfill yet, or one that started from nothing under that shape or a later one), or the walk that saves them again
 * finished.
 */
const chatsHaveShape = (state: BackfillState | undefined, shape: number): boolean => !state || shapeOfEveryChat(state) >= shape;

/** Whether every archived chat carries its tags within time windows. */
export const tagWindowsReady = (state: BackfillState | undefined): boolean => chatsHaveShape(state, TAG_WINDOWS_SHAPE);

/** Whether every archived chat carries its contact's name trigrams with its agent. */
export const agentNamesReady = (state: BackfillState | undefined): boolean => chatsHaveShape(state, AGENT_NAMES_SHAPE);

/** Starts the backfill unless it already finished; a job left half-way resumes from its saved position. */
export async function ensureBackfill(read: IRead, scheduler: ISchedulerModify): Promise<void> {
    const state = await backfillStatus(read);
    await startUnlessFinished(scheduler, BACKFILL_JOB, !!state && state.done && (state.shape ?? 1) >= DIRECTORY_SHAPE);
}

/**
 * Processes a few pages of livechat rooms, saving the position after each page. A crash repeats at
 * most one page, and indexing a room twice changes nothing, so no room is missed or counted twice.
 */
export async function runBackfill(ctx: ServiceContext): Promise<BackfillState> {
    const { read, modify, persistence } = ctx;
    const saved = await backfillStatus(read);
    let state: BackfillState = saved && (saved.shape ?? 1) >= DIRECTORY_SHAPE ? saved : await freshWalk(read, saved);
    if (saved && (saved.shape ?? 1) < 2) {
        // Upgrade from one entry per visitor: earlier broadcasts get the audience index first (see indexEarlierAudiences).
        await indexEarlierAudiences(ctx, saved.startedAt);
    }
    const started = Date.now();
    for (let page = 0; page < PAGES_PER_RUN && !state.done && Date.now() - started < RUN_BUDGET_MS; page++) {
        const { rooms, skip, done } = await walkPage(read, state);
        const { indexed, oldest, newest } = await indexPage(ctx, rooms);
        const { since: _before, ...rest } = state;
        state = {
            ...rest,
            skip,
            indexed: state.indexed + indexed,
            ...sinceAfterPage(state, { oldest, newest }),
            done,
            updatedAt: new Date().toISOString(),
            ...(done ? { finishedAt: new Date().toISOString() } : {}),
        };
        await writeJobState(persistence, BACKFILL_JOB, state);
    }
    if (!state.done) {
        await modify.getScheduler().scheduleOnce({ id: BACKFILL_JOB, when: new Date() });
    }
    return state;
}

/**
 * Since when every conversation is indexed once a page of the walk is (see BackfillState.since): the oldest start read so
 * far, while each page holds only rooms older than the pages before it. A page holding a room newer than those read
 * says the rooms are not stored in the order they started: `unordered`, and no date from then on. None for a walk from
 * the oldest room on.
 */
export function sinceAfterPage(
    state: Pick<BackfillState, 'total' | 'since' | 'unordered'>,
    page: { oldest?: string; newest?: string },
): { since?: string; unordered?: true } {
    if (state.total === undefined) {
        return {};
    }
    if (state.unordered || (state.since && page.newest && page.newest > state.since)) {
        return { unordered: true };
    }
    const since = page.oldest && (!state.since || page.oldest < state.since) ? page.oldest : state.since;
    return since ? { since } : {};
}

/**
 * A walk starting over: from the newest room (the count of getAllRooms now), on an empty directory with the current
 * search keys, and after an earlier walk, from the shape the chats are known to have.
 */
async function freshWalk(read: IRead, saved: BackfillState | undefined): Promise<BackfillState> {
    const [total, empty] = await Promise.all([countRooms(read), saved ? false : directoryIsEmpty(read.getPersistenceReader())]);
    const now = new Date().toISOString();
    return {
        shape: DIRECTORY_SHAPE,
        // An upgrade during another one's walk: the chats are known to have only what the directory had before that walk.
        ...(saved ? { earlierShape: shapeOfEveryChat(saved) } : {}),
        ...(empty ? { keys: KEYS_SHAPE } : {}),
        total,
        skip: 0,
        indexed: 0,
        done: total === 0,
        startedAt: now,
        updatedAt: now,
        ...(total === 0 ? { finishedAt: now } : {}),
    };
}

/**
 * Where the next page lies in getAllRooms: the page just older than those read, newest first (the last one may be
 * short); from the oldest room on for a walk an earlier version started.
 */
export function nextPage(state: RoomWalk): { skip: number; limit: number } {
    if (state.total === undefined) {
        return { skip: state.skip, limit: BACKFILL_PAGE };
    }
    const left = Math.max(0, state.total - state.skip);
    const limit = Math.min(BACKFILL_PAGE, left);
    return { skip: left - limit, limit };
}

/** Where a walk over getAllRooms stands: rooms counted when it started (absent: from the oldest room on), and read. */
export interface RoomWalk {
    total?: number;
    skip: number;
}

/** The walk's next page (see nextPage): its rooms, the position after it, and whether the walk is done with it. */
export async function walkPage(read: IRead, walk: RoomWalk): Promise<{ rooms: IRoomRaw[]; skip: number; done: boolean }> {
    const at = nextPage(walk);
    const rooms = at.limit > 0 ? await roomsPage(read, at.skip, at.limit) : [];
    if (walk.total === undefined) {
        return { rooms, skip: walk.skip + rooms.length, done: rooms.length < BACKFILL_PAGE };
    }
    const skip = walk.skip + at.limit;
    return { rooms, skip, done: skip >= walk.total };
}

/**
 * Livechat rooms getAllRooms lists now. Apps cannot count rooms: rooms are looked up one at a time, at positions
 * doubling from a page, then halving the gap (about 2 log2(rooms / 100) look-ups, 34 for a million rooms).
 */
export async function countRooms(read: IRead): Promise<number> {
    const exists = async (position: number) => (await roomsPage(read, position, 1)).length > 0;
    // The count is at least `low` and less than `high`.
    let low = 0;
    let high = BACKFILL_PAGE;
    while (await exists(high - 1)) {
        low = high;
        high *= 2;
    }
    while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (await exists(middle - 1)) {
            low = middle;
        } else {
            high = middle;
        }
    }
    return low;
}

/** A page of livechat rooms, open and closed; the host answers nothing (null) when room.system.view-all was refused. */
export async function roomsPage(read: IRead, skip: number, limit = BACKFILL_PAGE): Promise<IRoomRaw[]> {
    const rooms = await read.getRoomReader().getAllRooms({ types: [RoomType.LIVE_CHAT] }, { limit, skip });
    if (rooms == null) {
        throw unavailable('error_permission_missing', { permission: 'room.system.view-all' });
    }
    return rooms;
}

export interface PageResult {
    indexed: number;
    /** When the page's oldest and newest conversations started. */
    oldest?: string;
    newest?: string;
    /** Contacts and closed rooms the page went through. */
    contactIds: string[];
    roomIds: string[];
}

/**
 * One page: the rooms go through the same path as room events (services/archive.ts: grouped by entry, entries side
 * by side), the recent lists written once at the end. Every entry and chat of the page is listed again, so a page
 * repeated after a failure restores what the failed run did not write.
 */
export async function indexPage(ctx: EventContext, rooms: IRoomRaw[]): Promise<PageResult> {
    const facts = rooms.map(factsOfRoom).filter((f): f is RoomFacts => !!f);
    const batch = new RecentBatch();
    const saved = await recordRooms(ctx, facts, batch);
    await batch.flush(ctx.read.getPersistenceReader(), ctx.persistence);
    const started = facts.map((f) => f.startedAt).filter((at): at is string => !!at);
    return {
        indexed: facts.length,
        ...(started.length > 0
            ? { oldest: started.reduce((a, b) => (b < a ? b : a)), newest: started.reduce((a, b) => (b > a ? b : a)) }
            : {}),
        contactIds: saved.map((c) => c.id),
        roomIds: facts.filter((f) => !f.open && f.closedAt).map((f) => f.id),
    };
}
