import type { IPersistence, IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { forbidden } from '../domain/errors';
import { ChatRepository } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import { readJobState, writeJobState } from '../store/JobState';
import { supersededRevisions, type Revisioned } from '../store/revisions';
import { countRooms, indexPage, walkPage } from './backfill';
import { renameInChats } from './chatRename';
import type { ActorContext, EventContext, ServiceContext } from './context';
import { clearNotices } from './health';

export const REPAIR_JOB = 'cc-repair';
export const REPAIR_ROLE = 'admin';
/** Pages of 100 rooms a run; a run stays well inside the host's 30 seconds. */
const PAGES_PER_RUN = 3;

export interface RepairState {
    /** Rooms getAllRooms listed when the repair started: read newest first, as the backfill does (absent: oldest first). */
    total?: number;
    skip: number;
    /** Records removed or rewritten (older revisions, losers of a race, stale names). */
    fixed: number;
    done: boolean;
    reason: string;
    requestedAt: string;
    requestedBy?: string;
    finishedAt?: string;
    updatedAt: string;
}

export async function repairStatus(read: IRead): Promise<RepairState | undefined> {
    return readJobState<RepairState>(read.getPersistenceReader(), REPAIR_JOB);
}

/**
 * Starts a repair from the newest room: every room is indexed again (idempotent: a room counted stays
 * counted once), every contact and chat met keeps only its newest revision, chats take their contact's
 * current name, and the recent lists get back entries lost to a failed or racing write.
 */
export async function requestRepair(
    persistence: IPersistence,
    scheduler: ISchedulerModify,
    reason: string,
    requestedBy?: string,
): Promise<void> {
    const now = new Date().toISOString();
    const state: RepairState = {
        skip: 0,
        fixed: 0,
        done: false,
        reason,
        requestedAt: now,
        updatedAt: now,
        ...(requestedBy ? { requestedBy } : {}),
    };
    await writeJobState(persistence, REPAIR_JOB, state);
    // One chain of runs: a repair already under way starts again from the newest room.
    await scheduler.cancelJob(REPAIR_JOB);
    await scheduler.scheduleOnce({ id: REPAIR_JOB, when: new Date() });
}

/** The admin's Repair button: checked on the server, whatever the client showed; the admins' notices start afresh. */
export async function startRepairAsAdmin(ctx: ActorContext): Promise<void> {
    if (!ctx.caller.roles.includes(REPAIR_ROLE)) {
        throw forbidden('error_repair_not_allowed');
    }
    await requestRepair(ctx.persistence, ctx.modify.getScheduler(), 'admin', ctx.caller.username);
    await clearNotices(ctx.persistence);
}

/**
 * A write failed half-way: the failure is logged and a repair scheduled; if even that fails (or the event that
 * failed came without a modify accessor), the log says so and an admin can start it.
 */
export async function repairAfterFailure(
    ctx: Pick<EventContext, 'persistence' | 'modify' | 'logger'>,
    what: string,
    error: unknown,
): Promise<void> {
    if (!ctx.modify) {
        ctx.logger?.error(`Contact Center: ${what} failed; an admin can start a repair from the Contacts tab`, error);
        return;
    }
    ctx.logger?.error(`Contact Center: ${what} failed half-way; a repair is scheduled`, error);
    try {
        await requestRepair(ctx.persistence, ctx.modify.getScheduler(), what);
    } catch (again) {
        ctx.logger?.error('Contact Center: could not schedule the repair; an admin can start it from the Contacts tab', again);
    }
}

export async function runRepair(ctx: ServiceContext): Promise<RepairState | undefined> {
    const { read, modify, persistence } = ctx;
    let state = await repairStatus(read);
    if (state && !state.done && state.total === undefined && state.skip === 0) {
        // Its first run counts the rooms, so that its pages are read newest first (see services/backfill.ts, walkPage).
        state = { ...state, total: await countRooms(read) };
    }
    for (let page = 0; page < PAGES_PER_RUN && state && !state.done; page++) {
        const { rooms, skip, done } = await walkPage(read, state);
        const result = await indexPage(ctx, rooms);
        const fixed = await tidyRecords(ctx, result.contactIds, result.roomIds);
        const now = new Date().toISOString();
        state = {
            ...state,
            skip,
            fixed: state.fixed + fixed,
            done,
            updatedAt: now,
            ...(done ? { finishedAt: now } : {}),
        };
        await writeJobState(persistence, REPAIR_JOB, state);
    }
    if (state && !state.done) {
        await modify.getScheduler().scheduleOnce({ id: REPAIR_JOB, when: new Date() });
    }
    return state;
}

/** Keeps the newest revision of each record and gives chats their contact's current name. */
async function tidyRecords(ctx: ServiceContext, contactIds: string[], roomIds: string[]): Promise<number> {
    const { read, persistence } = ctx;
    const reader = read.getPersistenceReader();
    const contacts = new ContactRepository(reader);
    const chats = new ChatRepository(reader);
    let fixed = 0;
    for (const id of contactIds) {
        const records = await contacts.all(id);
        for (const old of removable(records)) {
            await ContactRepository.removeRecord(persistence, old);
            fixed++;
        }
        const newest = await contacts.get(id);
        if (newest) {
            fixed += await renameInChats(ctx, newest.id, newest.name);
        }
    }
    for (const roomId of roomIds) {
        for (const old of removable(await chats.all(roomId))) {
            await ChatRepository.removeRecord(persistence, old);
            fixed++;
        }
    }
    return fixed;
}

/** Superseded records that can be removed without touching the newest one (old records without a write id share its handle). */
function removable<T extends Revisioned>(records: T[]): T[] {
    const superseded = supersededRevisions(records);
    const newest = records.find((r) => !superseded.includes(r));
    return superseded.filter((r) => r.writeId || r.revision !== newest?.revision);
}
