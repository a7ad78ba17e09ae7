import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { allTags, byClosedAt, chatScopes, summarizeChat, tagKey, type Chat, type ChatSummary } from '../domain/chat';
import { trigrams } from '../domain/text';
import { windowLabels } from '../domain/recency';
import { Assoc } from './associations';
import { handleOf, newestRevision, newestRevisions, saveRevision, type RevisionSlot } from './revisions';
import { RecentList } from './RecentList';
import { readAll } from './read';
import { Vocabulary, termsOf } from './Vocabulary';

/**
 * The associations a chat is saved with (see associationsOf). 2: its tags within time windows, and with its agent. 3: the
 * trigrams of its contact's name with its agent. A chat saved with fewer is saved again by the backfill of the directory
 * shape that needs them (services/backfill.ts).
 */
export const CHAT_LABELS = 3;

/**
 * One record per archived conversation (saved as revisions, see revisions.ts). Its associations make every filter of the Chats
 * tab a single look-up: agent, contact, department, tag, contact name trigrams, time window closed.
 */
export class ChatRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(roomId: string): Promise<Chat | undefined> {
        return newestRevision(await readAll<Chat>(this.reader, Assoc.chat(roomId)));
    }

    async find(associations: RocketChatAssociationRecord[]): Promise<Chat[]> {
        return newestRevisions(await readAll<Chat>(this.reader, ...associations), (c) => c.roomId);
    }

    async all(roomId: string): Promise<Chat[]> {
        return await readAll<Chat>(this.reader, Assoc.chat(roomId));
    }

    /** Saves a revision; throws a conflict when another writer saved the same revision first. */
    async save(persistence: IPersistence, chat: Chat): Promise<void> {
        const labelled: Chat = { ...chat, labels: CHAT_LABELS };
        await saveRevision(persistence, this.reader, labelled, ChatRepository.slot(persistence, labelled));
    }

    /** Where a revision of the chat goes. Its contact's records carry Assoc.chatContact too: one read holds both (see claimRevisions). */
    static slot(persistence: IPersistence, chat: Chat): RevisionSlot {
        return {
            associations: associationsOf(chat),
            family: Assoc.chat(chat.roomId),
            remove: (record) => ChatRepository.removeRecord(persistence, record as Chat),
            owns: (record) => (record as Partial<Chat>).roomId === chat.roomId,
        };
    }

    static async removeRecord(persistence: IPersistence, record: Chat): Promise<void> {
        await persistence.removeByAssociation(handleOf(record, (revision) => Assoc.chatRevision(record.roomId, revision)));
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
        ...nameAssociations(chat),
        ...windowLabels(chat.closedAt).map(Assoc.recency),
        ...allTags(chat).flatMap((tag) => tagAssociations(chat, tagKey(tag))),
    ];
}

/** The trigrams of the contact's name, alone and with the chat's agent. */
function nameAssociations(chat: Chat): RocketChatAssociationRecord[] {
    const grams = trigrams(chat.contactName);
    const { agentId } = chat;
    return [...grams.map((gram) => Assoc.chatName(gram)), ...(agentId ? grams.map((gram) => Assoc.chatAgentName(agentId, gram)) : [])];
}

/**
 * The first window levels of a tag's reads (domain/recency.ts), and so of its labels: a level no read starts below
 * needs no labels, and below these the labels would give nearly every chat with a tag keys of its own (millions at a
 * million chats), for no read. A tag is a small share of the chats: a tenth of them at most fills level 2's windows (2
 * to 4 hours) with a page at a million chats. An agent's chats with one tag are a smaller share still (1.4 a day for
 * each agent and tag at a million): level 6 (32 to 64 hours) is about the first window to hold any.
 */
export const TAG_FIRST_LEVEL = 2;
export const AGENT_TAG_FIRST_LEVEL = 6;

/** A tag's associations: alone and within each window, and the same for the chat's agent. */
function tagAssociations(chat: Chat, key: string): RocketChatAssociationRecord[] {
    const { agentId, closedAt } = chat;
    return [
        Assoc.chatTag(key),
        ...windowLabels(closedAt, TAG_FIRST_LEVEL).map((label) => Assoc.chatTagWindow(key, label)),
        ...(agentId
            ? [
                  Assoc.chatAgentTag(agentId, key),
                  ...windowLabels(closedAt, AGENT_TAG_FIRST_LEVEL).map((label) => Assoc.chatAgentTagWindow(agentId, key, label)),
              ]
            : []),
    ];
}

/** The newest closed chats of each scope: the unfiltered Chats list. */
export class RecentChats extends RecentList<ChatSummary> {
    constructor(reader: IPersistenceRead) {
        super(reader, 'chats', (c) => c.roomId, byClosedAt);
    }

    /** Puts the chat in the lists of the scopes that see it, and its agent and tags in the vocabulary. */
    async recordChat(persistence: IPersistence, chat: Chat): Promise<void> {
        await Promise.all([
            this.record(persistence, chatScopes(chat), summarizeChat(chat), chat.revision),
            new Vocabulary(this.reader).learn(persistence, termsOf([chat])),
        ]);
    }

    /** Takes the chat out of its lists and compacts them (the erasure of a person). */
    async forget(persistence: IPersistence, chat: Chat): Promise<void> {
        await this.forgetId(persistence, chatScopes(chat), chat.roomId);
    }

    /** Takes the chat out of those lists. */
    async removeChat(persistence: IPersistence, chat: Chat): Promise<void> {
        await this.record(persistence, chatScopes(chat), summarizeChat(chat), chat.revision, true);
    }
}
