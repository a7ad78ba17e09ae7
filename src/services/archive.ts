import type { Chat } from '../domain/chat';
import { isErased, type Contact } from '../domain/contact';
import { withRoom } from '../domain/directory';
import { conflict } from '../domain/errors';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { factsOfRoom, type RoomFacts } from '../host/rooms';
import { userNames } from '../host/users';
import { Assoc } from '../store/associations';
import { CHAT_LABELS, ChatRepository } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import { RecentBatch } from '../store/RecentBatch';
import { claimRevisions, retryOnConflict } from '../store/revisions';
import type { EventContext } from './context';
import { finishFold } from './fold';
import { inParallel } from './parallel';
import { afterRefresh, entryKeyOf, refreshed, startEntry } from './indexer';

/**
 * Everything the app records about livechat rooms, whether they come from a room event, the room toolbar or a page
 * of the backfill: the rooms are grouped by their entry (Rocket.Chat's contact, else the visitor), and each entry
 * is saved once with all its rooms, its closed rooms archived as chats. Idempotent: a room seen twice changes
 * nothing. The recent lists are written once at the end (or by the caller's batch). Returns the entries as saved.
 */
export async function recordRooms(ctx: EventContext, given: RoomFacts[], batch?: RecentBatch): Promise<Contact[]> {
    const own = batch ?? new RecentBatch();
    const rooms = await withAgentNames(ctx, given);
    const groups = new Map<string, RoomFacts[]>();
    for (const room of rooms) {
        const key = entryKeyOf(room);
        groups.set(key, [...(groups.get(key) ?? []), room]);
    }
    // Entries side by side; every one finishes before a failure is reported, so none keeps writing after the call.
    const entries = await inParallel([...groups], PARALLEL_ENTRIES, ([key, group]) =>
        retryOnConflict(() => recordEntryRooms(ctx, key, group, own)),
    );
    const saved = entries.filter((entry): entry is Contact => !!entry);
    if (!batch) {
        await own.flush(ctx.read.getPersistenceReader(), ctx.persistence);
    }
    return saved;
}

/** Rooms whose agent is named by username only (a backfill page's raw rooms) get the agent's name. */
async function withAgentNames(ctx: EventContext, rooms: RoomFacts[]): Promise<RoomFacts[]> {
    const unnamed = rooms.filter((r) => r.agentId && !r.agentDisplayName).map((r) => r.agentId as string);
    if (unnamed.length === 0) {
        return rooms;
    }
    const names = await userNames(ctx.read, unnamed);
    return rooms.map((r) =>
        r.agentId && !r.agentDisplayName && names.has(r.agentId) ? { ...r, agentDisplayName: names.get(r.agentId) } : r,
    );
}

/** Entries of one call (a backfill page) recorded side by side. */
const PARALLEL_ENTRIES = 32;

/** A room's entry, recorded on its own (room events, the room toolbar). */
export async function recordRoom(ctx: EventContext, room: RoomFacts): Promise<Contact | undefined> {
    return (await recordRooms(ctx, [room]))[0];
}

/** Rooms closed before the person was erased are not indexed again; a conversation started after it is. */
function afterErasure(rooms: RoomFacts[], erasedAt: string | undefined): RoomFacts[] {
    return erasedAt ? rooms.filter((room) => room.open || (room.startedAt ?? room.closedAt ?? '') > erasedAt) : rooms;
}

/**
 * A host call costs about as much as ten records moved (0.08 to 0.35 ms against 9 µs): the claims of an entry and
 * its new chats are settled by one read of all the entry's records (its revisions and all its chats) while that
 * read holds at most this many records per claim; beyond, each family is read on its own, so that a contact with
 * thousands of chats is not read whole for each new one.
 */
const RECORDS_PER_CLAIM = 10;

/** Whether one read of an entry's records settles its claims (see RECORDS_PER_CLAIM). */
export function readTogether(chatsStored: number, claims: number): boolean {
    return chatsStored + claims <= RECORDS_PER_CLAIM * claims;
}

/**
 * The rooms of one entry, in as few calls as the rules allow: one read of the entry (and of Rocket.Chat's contact
 * or the visitor the first time); then the claimed saves of the entry and of each closed room it has not counted
 * yet, written together and settled by one read of the entry's records. A room the entry has not counted has no
 * archived chat, except after a crash half-way or when another writer archived it meanwhile: that chat's claim is
 * lost and the room goes the careful way (read, compare), as a room counted already does (which also writes the
 * chat of a counted room when a crash kept the entry's write but not the chat's). A conflict on the entry retries
 * the whole entry.
 */
async function recordEntryRooms(ctx: EventContext, key: string, all: RoomFacts[], batch: RecentBatch): Promise<Contact | undefined> {
    const { read, persistence, config } = ctx;
    const reader = read.getPersistenceReader();
    const record = await new ContactRepository(reader).getRecord(key);
    const erased = record && isErased(record) ? record : undefined;
    const existing = record && !isErased(record) ? record : undefined;
    const erasedAt = erased?.erasedAt ?? existing?.erasedBefore;
    const rooms = afterErasure(all, erasedAt);
    if (rooms.length === 0) {
        return undefined;
    }
    const started = existing ? undefined : await startEntry(ctx, rooms[0]);
    const base = existing ?? (started && erased ? { ...started.entry, erasedBefore: erased.erasedAt } : started?.entry);
    if (!base) {
        return undefined;
    }
    const start = existing ? refreshed(existing, rooms.find((r) => r.contact)?.contact, config.defaultCountry) : base;
    let contact = start;
    const fresh: RoomFacts[] = [];
    const counted: RoomFacts[] = [];
    for (const room of rooms) {
        const closed = !room.open && !!room.closedAt;
        if (closed && contact.closedRoomIds.includes(room.id)) {
            counted.push(room);
        } else if (closed) {
            fresh.push(room);
        }
        contact = withRoom(contact, room);
    }
    const revision = Math.max(existing?.revision ?? 0, erased?.revision ?? 0) + 1;
    const saved: Contact = existing && contact === existing ? existing : { ...contact, revision, updatedAt: new Date().toISOString() };
    const chats = fresh.map((room) => chatOf(room, saved));
    const contactChanged = saved !== existing;
    const items = [
        ...chats.map((chat) => ({ record: chat, slot: ChatRepository.slot(persistence, chat) })),
        ...(contactChanged ? [{ record: saved, slot: ContactRepository.slot(persistence, saved) }] : []),
    ];
    const shared = readTogether(existing?.closedRoomIds.length ?? 0, items.length) ? Assoc.chatContact(key) : undefined;
    const pending = await claimRevisions(persistence, reader, items, shared);
    const chatClaims = pending.slice(0, chats.length);
    // The chats kept are saved whatever happens to the entry's claim: a retry finds them and leaves them as they are.
    await Promise.all(chatClaims.map((claimed) => claimed?.commit()));
    if (contactChanged) {
        const contactClaim = pending[chats.length];
        if (!contactClaim) {
            throw conflict();
        }
        await contactClaim.commit();
    }
    // Listed again all the same: a recent-list entry lost to a failed or racing write comes back.
    batch.contact(saved);
    chats.forEach((chat, i) => chatClaims[i] && batch.chat(chat));
    // Chats another writer saved first (a run that crashed half-way, the closing event), and rooms counted already.
    const careful = [...fresh.filter((_, i) => !chatClaims[i]), ...counted];
    await Promise.all(careful.map((room) => retryOnConflict(() => archiveChat(ctx, room, saved, batch))));
    if (existing && contactChanged) {
        await afterRefresh(ctx, existing, saved);
    }
    if (started?.folded) {
        await finishFold(ctx, started.folded, saved);
    }
    return saved;
}

async function archiveChat(
    ctx: Pick<EventContext, 'read' | 'persistence'>,
    room: RoomFacts,
    contact: Contact,
    batch: RecentBatch,
): Promise<void> {
    const repository = new ChatRepository(ctx.read.getPersistenceReader());
    const existing = await repository.get(room.id);
    if (
        existing &&
        existing.closedAt === room.closedAt &&
        existing.contactId === contact.id &&
        (!room.agentDisplayName || existing.agentDisplayName === room.agentDisplayName) &&
        (existing.labels ?? 1) >= CHAT_LABELS
    ) {
        batch.chat(existing);
        return;
    }
    const chat = chatOf(room, contact, existing);
    await repository.save(ctx.persistence, chat);
    batch.chat(chat);
}

function chatOf(room: RoomFacts, contact: Contact, existing?: Chat): Chat {
    return {
        roomId: room.id,
        contactId: contact.id,
        contactName: contact.name,
        agentId: room.agentId,
        agentName: room.agentName,
        ...(room.agentDisplayName ? { agentDisplayName: room.agentDisplayName } : {}),
        departmentId: room.departmentId,
        source: room.source,
        topic: room.topic,
        coreTags: room.coreTags ?? [],
        tags: existing?.tags ?? [],
        tagHistory: existing?.tagHistory ?? [],
        startedAt: room.startedAt,
        closedAt: room.closedAt as string,
        closedBy: room.closedBy,
        messageCount: room.messageCount ?? 0,
        lastMessage: room.lastMessage,
        revision: (existing?.revision ?? 0) + 1,
        labels: CHAT_LABELS,
    };
}

/** A room event: a conversation started (its person listed at once, visible to the agent serving it) or closed (archived). */
export async function recordRoomEvent(ctx: EventContext, room: ILivechatRoom, event: 'started' | 'closed'): Promise<void> {
    const facts = factsOfRoom(room);
    if (facts) {
        await recordRoom(
            ctx,
            event === 'started'
                ? { ...facts, open: true }
                : { ...facts, open: false, closedAt: facts.closedAt ?? new Date().toISOString() },
        );
    }
}

/**
 * The entry of the room an agent opened the Contact Center from. A room new to the app is indexed on the spot when
 * the caller is the agent serving it; the caller's right to see the entry is checked by the screen that shows it.
 */
export async function entryOfRoom(ctx: EventContext, room: ILivechatRoom, callerId: string): Promise<string | undefined> {
    const facts = factsOfRoom(room);
    if (!facts) {
        return undefined;
    }
    if (facts.agentId === callerId) {
        const saved = await recordRoom(ctx, facts);
        if (saved) {
            return saved.id;
        }
    }
    const repository = new ContactRepository(ctx.read.getPersistenceReader());
    const key = entryKeyOf(facts);
    return (await repository.get(key))?.id ?? (await repository.byVisitor(facts.visitorId))[0]?.id ?? key;
}
