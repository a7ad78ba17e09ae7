import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Contact } from '../domain/contact';
import { chatScopes, summarizeChat, type Chat } from '../domain/chat';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import type { RecentBatch } from '../store/RecentBatch';
import { indexRoom, type RoomFacts } from './indexer';
import { retryOnConflict } from '../store/revisions';
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
    const chat: Chat = {
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
    await repository.save(persistence, chat);
    if (batch) {
        batch.chat(chatScopes(chat), summarizeChat(chat));
    } else {
        await new RecentChats(reader).record(persistence, chatScopes(chat), summarizeChat(chat));
    }
}
