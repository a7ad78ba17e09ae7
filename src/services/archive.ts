import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Contact } from '../domain/contact';
import { chatScopes, summarizeChat, type Chat } from '../domain/chat';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import type { RecentBatch } from '../store/RecentBatch';
import { contactScopes, summarize } from '../domain/contact';
import { readVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { isConflict, retryOnConflict } from '../store/revisions';
import { contactFromVisitor, indexRoom, withRoom, type RoomFacts } from './indexer';
import type { AppConfig } from './settings';

/**
 * Everything the app records about a livechat room: its contact, and the archived chat once closed.
 * Idempotent, so the closing event and the backfill can both see the same room.
 */
export async function recordRoom(read: IRead, persistence: IPersistence, config: AppConfig, room: RoomFacts, batch?: RecentBatch): Promise<Contact | undefined> {
    const contact = await indexRoom(read, persistence, config, room, batch);
    if (contact && !room.open && room.closedAt) {
        await retryOnConflict(() => archiveChat(read, persistence, room, contact, batch));
    }
    return contact;
}

async function archiveChat(read: IRead, persistence: IPersistence, room: RoomFacts, contact: Contact, batch?: RecentBatch): Promise<void> {
    const reader = read.getPersistenceReader();
    const repository = new ChatRepository(reader);
    const existing = await repository.get(room.id);
    if (existing && existing.closedAt === room.closedAt) {
        batch?.chat(chatScopes(existing), summarizeChat(existing));
        return;
    }
    const chat = chatOf(room, contact, existing);
    await repository.save(persistence, chat);
    if (batch) {
        batch.chat(chatScopes(chat), summarizeChat(chat));
    } else {
        await new RecentChats(reader).record(persistence, chatScopes(chat), summarizeChat(chat));
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
 * The rooms of one contact from a backfill page, in as few calls as the rules allow: one read of the contact
 * (and of the visitor the first time), one claimed save per closed room the contact has not counted yet, then
 * one claimed save of the contact. A room the contact has not counted has no archived chat, except after a
 * crash between the chat's save and the contact's: the replay then finds the chat's revision taken and goes
 * the careful way for that room (read, compare), as a room the contact counted already does. A conflict on
 * the contact retries the whole contact.
 */
export function recordContactRooms(read: IRead, persistence: IPersistence, config: AppConfig, visitorId: string, rooms: RoomFacts[], batch: RecentBatch): Promise<number> {
    return retryOnConflict(() => recordContactRoomsOnce(read, persistence, config, visitorId, rooms, batch));
}

async function recordContactRoomsOnce(read: IRead, persistence: IPersistence, config: AppConfig, visitorId: string, rooms: RoomFacts[], batch: RecentBatch): Promise<number> {
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
    const chatRepository = new ChatRepository(reader);
    await Promise.all(chats.map(async (chat, i) => {
        try {
            await chatRepository.save(persistence, chat);
        } catch (error) {
            // Saved by a run that crashed before the contact's save, or by the closing event meanwhile.
            if (!isConflict(error)) {
                throw error;
            }
            await retryOnConflict(() => archiveChat(read, persistence, fresh[i], saved, batch));
        }
    }));
    if (!existing || contact !== start) {
        await new ContactRepository(reader).save(persistence, saved);
    }
    // Listed again all the same: a recent-list entry lost to a failed or racing write comes back.
    batch.contact(contactScopes(saved), summarize(saved));
    for (const chat of chats) {
        batch.chat(chatScopes(chat), summarizeChat(chat));
    }
    await Promise.all(counted.map((room) => retryOnConflict(() => archiveChat(read, persistence, room, saved, batch))));
    return rooms.length;
}
