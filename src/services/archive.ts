import type { Contact } from '../domain/contact';
import type { Chat } from '../domain/chat';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import type { RecentBatch } from '../store/RecentBatch';
import { readVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { Assoc } from '../store/associations';
import { conflict } from '../domain/errors';
import { claimRevisions, retryOnConflict } from '../store/revisions';
import { contactFromVisitor, indexRoom, withRoom, type RoomFacts } from './indexer';
import type { EventContext } from './context';

/**
 * Everything the app records about a livechat room: its contact, and the archived chat once closed.
 * Idempotent, so the closing event and the backfill can both see the same room.
 */
export async function recordRoom(ctx: EventContext, room: RoomFacts, batch?: RecentBatch): Promise<Contact | undefined> {
    const contact = await indexRoom(ctx, room, batch);
    if (contact && !room.open && room.closedAt) {
        await retryOnConflict(() => archiveChat(ctx, room, contact, batch));
    }
    return contact;
}

async function archiveChat(
    ctx: Pick<EventContext, 'read' | 'persistence'>,
    room: RoomFacts,
    contact: Contact,
    batch?: RecentBatch,
): Promise<void> {
    const { read, persistence } = ctx;
    const reader = read.getPersistenceReader();
    const repository = new ChatRepository(reader);
    const existing = await repository.get(room.id);
    if (existing && existing.closedAt === room.closedAt) {
        batch?.chat(existing);
        return;
    }
    const chat = chatOf(room, contact, existing);
    await repository.save(persistence, chat);
    if (batch) {
        batch.chat(chat);
    } else {
        await new RecentChats(reader).recordChat(persistence, chat);
    }
}

function chatOf(room: RoomFacts, contact: Contact, existing?: Chat): Chat {
    return {
        roomId: room.id,
        contactId: contact.id,
        contactName: contact.name,
        agentId: room.agentId,
        agentName: room.agentName,
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
    };
}

/**
 * A host call costs about as much as ten records moved (0.08 to 0.35 ms against 9 µs): the claims of a contact
 * and its new chats are settled by one read of all the contact's records (its revisions and all its chats) while
 * that read holds at most this many records per claim; beyond, each family is read on its own, so that a
 * contact with thousands of chats is not read whole for each new one.
 */
const RECORDS_PER_CLAIM = 10;

/** Whether one read of a contact's records settles its claims (see RECORDS_PER_CLAIM). */
export function readTogether(chatsStored: number, claims: number): boolean {
    return chatsStored + claims <= RECORDS_PER_CLAIM * claims;
}

/**
 * The rooms of one contact from a backfill page, in as few calls as the rules allow: one read of the contact
 * (and of the visitor the first time); then the claimed saves of the contact and of each closed room it has not
 * counted yet, written together and settled by one read of the contact's records. A room the contact has not
 * counted has no archived chat, except after a crash half-way or when the closing event archived it meanwhile:
 * that chat's claim is lost and the room goes the careful way (read, compare), as a room the contact counted
 * already does (which also writes the chat of a counted room when a crash kept the contact's write but not the
 * chat's). A conflict on the contact retries the whole contact.
 */
export function recordContactRooms(ctx: EventContext, visitorId: string, rooms: RoomFacts[], batch: RecentBatch): Promise<number> {
    return retryOnConflict(() => recordContactRoomsOnce(ctx, visitorId, rooms, batch));
}

async function recordContactRoomsOnce(ctx: EventContext, visitorId: string, rooms: RoomFacts[], batch: RecentBatch): Promise<number> {
    const { read, persistence, config } = ctx;
    const reader = read.getPersistenceReader();
    const existing = await new ContactRepository(reader).get(visitorId);
    const visitor = existing ? undefined : await readVisitor(read, visitorId);
    const start = existing ?? (visitor ? contactFromVisitor(visitor, config) : undefined);
    if (!start) {
        return 0;
    }
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
    const saved = existing ? { ...contact, revision: existing.revision + 1 } : { ...contact, revision: 1 };
    const chats = fresh.map((room) => chatOf(room, saved));
    const contactChanged = !existing || contact !== start;
    const items = [
        ...chats.map((chat) => ({ record: chat, slot: ChatRepository.slot(persistence, chat) })),
        ...(contactChanged ? [{ record: saved, slot: ContactRepository.slot(persistence, saved) }] : []),
    ];
    const shared = readTogether(existing?.closedRoomIds.length ?? 0, items.length) ? Assoc.chatContact(visitorId) : undefined;
    const pending = await claimRevisions(persistence, reader, items, shared);
    const chatClaims = pending.slice(0, chats.length);
    // The chats kept are saved whatever happens to the contact's claim: a retry finds them and leaves them as they are.
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
    return rooms.length;
}
