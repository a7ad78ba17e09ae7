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
    /** Rooms of getAllRooms already processed: the next page starts here. */
    skip: number;
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
    const now = new Date().toISOString();
    const saved = await backfillStatus(read);
    const empty = !saved && (await directoryIsEmpty(read.getPersistenceReader()));
    const fresh: BackfillState = {
        shape: DIRECTORY_SHAPE,
        // An upgrade during another one's walk: the chats are known to have only what the directory had before that walk.
        ...(saved ? { earlierShape: shapeOfEveryChat(saved) } : {}),
        ...(empty ? { keys: KEYS_SHAPE } : {}),
        skip: 0,
        indexed: 0,
        done: false,
        startedAt: now,
        updatedAt: now,
    };
    let state: BackfillState = saved && (saved.shape ?? 1) >= DIRECTORY_SHAPE ? saved : fresh;
    if (saved && (saved.shape ?? 1) < 2) {
        // Upgrade from one entry per visitor: earlier broadcasts get the audience index first (see indexEarlierAudiences).
        await indexEarlierAudiences(ctx, saved.startedAt);
    }
    const started = Date.now();
    for (let page = 0; page < PAGES_PER_RUN && !state.done && Date.now() - started < RUN_BUDGET_MS; page++) {
        const rooms = await roomsPage(read, state.skip);
        const { indexed } = await indexPage(ctx, rooms);
        const done = rooms.length < BACKFILL_PAGE;
        state = {
            ...state,
            skip: state.skip + rooms.length,
            indexed: state.indexed + indexed,
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

/** A page of livechat rooms, open and closed; the host answers nothing (null) when room.system.view-all was refused. */
export async function roomsPage(read: IRead, skip: number): Promise<IRoomRaw[]> {
    const rooms = await read.getRoomReader().getAllRooms({ types: [RoomType.LIVE_CHAT] }, { limit: BACKFILL_PAGE, skip });
    if (rooms == null) {
        throw unavailable('error_permission_missing', { permission: 'room.system.view-all' });
    }
    return rooms;
}

export interface PageResult {
    indexed: number;
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
    return {
        indexed: facts.length,
        contactIds: saved.map((c) => c.id),
        roomIds: facts.filter((f) => !f.open && f.closedAt).map((f) => f.id),
    };
}
