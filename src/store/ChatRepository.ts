import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { allTags, byClosedAt, tagKey, type Chat, type ChatSummary } from '../domain/chat';
import { trigrams } from '../domain/text';
import { windowLabels } from '../domain/recency';
import { Assoc } from './associations';
import { newestRevision, newestRevisions, saveRevision } from './revisions';
import { RecentList } from './RecentList';

/**
 * One record per archived conversation (saved as revisions, see revisions.ts). Its associations make every filter of the Chats
 * tab a single look-up: agent, contact, department, tag, contact name trigrams, time window closed.
 */
export class ChatRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(roomId: string): Promise<Chat | undefined> {
        return newestRevision(((await this.reader.readByAssociation(Assoc.chat(roomId))) as Chat[] | undefined) ?? []);
    }

    async find(associations: RocketChatAssociationRecord[]): Promise<Chat[]> {
        return newestRevisions(((await this.reader.readByAssociations(associations)) as Chat[] | undefined) ?? [], (c) => c.roomId);
    }

    static async save(persistence: IPersistence, chat: Chat, previousRevision?: number): Promise<void> {
        const previous = previousRevision !== undefined && previousRevision !== chat.revision ? Assoc.chatRevision(chat.roomId, previousRevision) : undefined;
        await saveRevision(persistence, chat, associationsOf(chat), previous);
    }

    static async remove(persistence: IPersistence, roomId: string): Promise<void> {
        await persistence.removeByAssociation(Assoc.chat(roomId));
    }
}

export function chatScopeAssociation(scope: Scope): RocketChatAssociationRecord {
    return scope.kind === 'all' ? Assoc.chats() : Assoc.chatAgent(scope.agentId);
}

function associationsOf(chat: Chat): RocketChatAssociationRecord[] {
    return [
        Assoc.chats(),
        Assoc.chat(chat.roomId),
        Assoc.chatRevision(chat.roomId, chat.revision),
        Assoc.chatContact(chat.contactId),
        ...(chat.agentId ? [Assoc.chatAgent(chat.agentId)] : []),
        ...(chat.departmentId ? [Assoc.chatDepartment(chat.departmentId)] : []),
        ...allTags(chat).map((tag) => Assoc.chatTag(tagKey(tag))),
        ...trigrams(chat.contactName).map((gram) => Assoc.chatName(gram)),
        ...windowLabels(chat.closedAt).map(Assoc.recency),
    ];
}

/** The newest closed chats of each scope: the unfiltered Chats list. */
export class RecentChats extends RecentList<ChatSummary> {
    constructor(reader: IPersistenceRead) {
        super(reader, 'chats', (c) => c.roomId, byClosedAt);
    }
}
