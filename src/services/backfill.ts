import type { IModify, IPersistence, IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { readJobState, writeJobState } from '../store/JobState';
import { unmapped, type RoomFacts } from './indexer';
import { recordRoom } from './archive';
import type { AppConfig } from './settings';

export const BACKFILL_JOB = 'cc-backfill';
/** The host refuses pages larger than 100 rooms. */
export const BACKFILL_PAGE = 100;
/** Pages per job run: a run stays short, and the next run is scheduled right away. */
const PAGES_PER_RUN = 5;

export interface BackfillState {
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

/** Starts the backfill unless it already finished; a job left half-way resumes from its saved position. */
export async function ensureBackfill(read: IRead, scheduler: ISchedulerModify): Promise<void> {
    const state = await backfillStatus(read);
    if (!state || !state.done) {
        // One chain of runs: a job left from before a restart is replaced, not doubled.
        await scheduler.cancelJob(BACKFILL_JOB);
        await scheduler.scheduleOnce({ id: BACKFILL_JOB, when: new Date() });
    }
}

/**
 * Processes a few pages of livechat rooms, saving the position after each page. A crash repeats at
 * most one page, and indexing a room twice changes nothing, so no room is missed or counted twice.
 */
export async function runBackfill(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig): Promise<BackfillState> {
    const now = new Date().toISOString();
    let state: BackfillState = (await backfillStatus(read)) ?? { skip: 0, indexed: 0, done: false, startedAt: now, updatedAt: now };
    for (let page = 0; page < PAGES_PER_RUN && !state.done; page++) {
        const rooms = (await read.getRoomReader().getAllRooms({ types: [RoomType.LIVE_CHAT] }, { limit: BACKFILL_PAGE, skip: state.skip })) ?? [];
        let indexed = 0;
        for (const facts of rooms.map(factsOfRawRoom)) {
            if (facts && (await recordRoom(read, persistence, config, facts))) {
                indexed++;
            }
        }
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

export function factsOfRawRoom(room: IRoomRaw): RoomFacts | undefined {
    const visitorId = room.visitor?.id;
    if (!room.id || !visitorId) {
        return undefined;
    }
    const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : undefined);
    return {
        id: room.id,
        visitorId,
        open: room.isOpen !== false && !room.closedAt,
        agentId: room.servedBy?._id,
        departmentId: room.departmentId,
        source: room.source?.type,
        startedAt: iso(room.createdAt),
        closedAt: iso(room.closedAt),
        agentName: room.servedBy?.username,
        closedBy: room.closedBy?.username ?? room.closer,
        messageCount: room.messageCount,
        ...unmapped(room),
    };
}
