import type { Chat } from '../domain/chat';
import { Assoc } from '../store/associations';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import type { ServiceContext } from './context';

/**
 * A renamed contact is renamed in its archived chats too, so lists and name filters show the current
 * name. Costs one read of the contact's chats and a save for each; renames are rare. Returns how many
 * chats were renamed.
 */
export async function renameInChats(ctx: Pick<ServiceContext, 'read' | 'persistence'>, contactId: string, name: string): Promise<number> {
    const { read, persistence } = ctx;
    const reader = read.getPersistenceReader();
    const chats = await new ChatRepository(reader).find([Assoc.chats(), Assoc.chatContact(contactId)]);
    const recent = new RecentChats(reader);
    const repository = new ChatRepository(reader);
    const stale = chats.filter((c) => c.contactName !== name);
    for (const chat of stale) {
        const renamed: Chat = { ...chat, contactName: name, revision: chat.revision + 1 };
        await repository.save(persistence, renamed);
        await recent.recordChat(persistence, renamed);
    }
    return stale.length;
}
