import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { chatScopes, summarizeChat, type Chat, type ChatSummary } from '../domain/chat';
import { contactScopes, summarize, type Contact, type ContactSummary } from '../domain/contact';
import { RecentChats } from './ChatRepository';
import { RecentContacts } from './RecentContacts';
import type { RecentChange } from './RecentList';
import { Vocabulary, termsOf } from './Vocabulary';

/**
 * Changes to the recent lists collected over many rooms (a backfill page) and written once per scope: one
 * change record per list for the whole page.
 */
export class RecentBatch {
    private readonly contacts: RecentChange<ContactSummary>[] = [];
    private readonly chats: RecentChange<ChatSummary>[] = [];
    private readonly chatRecords: Chat[] = [];

    contact(contact: Contact): void {
        this.contacts.push({ scopes: contactScopes(contact), entry: summarize(contact), revision: contact.revision });
    }

    chat(chat: Chat): void {
        this.chats.push({ scopes: chatScopes(chat), entry: summarizeChat(chat), revision: chat.revision });
        this.chatRecords.push(chat);
    }

    async flush(reader: IPersistenceRead, persistence: IPersistence): Promise<void> {
        await Promise.all([
            new RecentContacts(reader).recordMany(persistence, this.contacts),
            new RecentChats(reader).recordMany(persistence, this.chats),
            new Vocabulary(reader).learn(persistence, termsOf(this.chatRecords)),
        ]);
        this.contacts.length = 0;
        this.chats.length = 0;
        this.chatRecords.length = 0;
    }
}
