import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { chatScopes, summarizeChat, type Chat } from '../domain/chat';
import { Assoc } from '../store/associations';
import { ChatRepository, RecentChats } from '../store/ChatRepository';

/**
 * A renamed contact is renamed in its archived chats too, so lists and name filters show the current
 * name. Costs one read of the contact's chats and a save for each; renames are rare.
 */
export async function renameInChats(read: IRead, persistence: IPersistence, contactId: string, name: string): Promise<void> {
    const reader = read.getPersistenceReader();
    const chats = await new ChatRepository(reader).find([Assoc.chats(), Assoc.chatContact(contactId)]);
    const recent = new RecentChats(reader);
    for (const chat of chats.filter((c) => c.contactName !== name)) {
        const renamed: Chat = { ...chat, contactName: name, revision: chat.revision + 1 };
        await ChatRepository.save(persistence, renamed, chat.revision);
        await recent.record(persistence, chatScopes(renamed), summarizeChat(renamed));
    }
}
