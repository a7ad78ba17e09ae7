import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Contact } from '../domain/contact';
import { chatScopes, summarizeChat, type Chat } from '../domain/chat';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import type { RecentBatch } from '../store/RecentBatch';
import { contactScopes, summarize } from '../domain/contact';
import { readVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { contactFromVisitor, indexRoom, withRoom, type RoomFacts } from './indexer';
import type { AppConfig } from './settings';

/**
 * Everything the app records about a livechat room: its contact, and the archived chat once closed.
 * Idempotent, so the closing event and the backfill can both see the same room.
 */
export async function recordRoom(read: IRead, persistence: IPersistence, config: AppConfig, room: RoomFacts, batch?: RecentBatch): Promise<Contact | undefined> {
    const contact = await indexRoom(read, persistence, config, room, batch);
    if (contact && !room.open && room.closedAt) {
        await archiveChat(read, persistence, room, contact, batch);
    }
    return contact;
}

async function archiveChat(read: IRead, persistence: IPersistence, room: RoomFacts, contact: Contact, batch?: RecentBatch): Promise<void> {
    const reader = read.getPersistenceReader();
    const existing = await new ChatRepository(reader).get(room.id);
    if (existing && existing.closedAt === room.closedAt) {
        return;
    }
    const chat = chatOf(room, contact, existing);
    await ChatRepository.save(persistence, chat, existing?.revision);
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
 * (and of the visitor the first time), one write per closed room the contact has not counted yet, then one
 * save of the contact. A room the contact has not counted has no archived chat, except after a crash between
 * the chat's write and the contact's: the replay then writes the same chat again and readers take either copy.
 * A room the contact counted already goes the careful way (read, compare), as in the closing event.
 */
export async function recordContactRooms(read: IRead, persistence: IPersistence, config: AppConfig, visitorId: string, rooms: RoomFacts[], batch: RecentBatch): Promise<number> {
    const existing = await new ContactRepository(read.getPersistenceReader()).get(visitorId);
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
    await Promise.all(chats.map((chat) => ChatRepository.save(persistence, chat)));
    if (!existing || contact !== start) {
        await ContactRepository.save(persistence, saved, existing?.revision);
        batch.contact(contactScopes(saved), summarize(saved));
    }
    for (const chat of chats) {
        batch.chat(chatScopes(chat), summarizeChat(chat));
    }
    await Promise.all(counted.map((room) => archiveChat(read, persistence, room, saved, batch)));
    return rooms.length;
}
