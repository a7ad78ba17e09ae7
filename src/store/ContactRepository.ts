import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { fromStored, isErased, viewers, type Contact, type ErasedContact } from '../domain/contact';
import { windowLabels } from '../domain/recency';
import { agentKeysForContact, keysForContact } from '../domain/searchKeys';
import { Assoc } from './associations';
import { readAll } from './read';
import {
    claimRevision,
    handleOf,
    newestRevision,
    newestRevisions,
    saveRevision,
    type PendingRevision,
    type RevisionSlot,
} from './revisions';

/** The directory is walked in this many shards (see shardOf): about 200 entries a shard at 200,000 contacts. */
export const SHARDS = 1024;

/** A stable shard of an entry id (FNV-1a): the reconciliation reads the directory one shard at a time. */
export function shardOf(id: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) {
        hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
    }
    return hash % SHARDS;
}

type StoredRecord = Contact | ErasedContact;

/**
 * One record per contact (saved as revisions, see revisions.ts). Its associations carry the search keys, the
 * recency windows, who may see it, its visitors and its shard, so a search is a single association look-up. An
 * erased contact leaves a record without personal data (ErasedContact) under its id only.
 */
export class ContactRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    /** The contact's newest revision; undefined when there is none or it was erased. */
    async get(contactId: string): Promise<Contact | undefined> {
        const record = await this.getRecord(contactId);
        return record && !isErased(record) ? record : undefined;
    }

    /** The newest record under the id, an erased contact's included. */
    async getRecord(contactId: string): Promise<StoredRecord | undefined> {
        return stored(newestRevision(await readAll<StoredRecord>(this.reader, Assoc.contact(contactId))));
    }

    /** Contacts in the caller's scope carrying every key, within a recency window if given; one host call. */
    async findByKeys(scope: Scope, keys: string[], window?: string): Promise<Contact[]> {
        const associations: RocketChatAssociationRecord[] = [
            scopeAssociation(scope),
            ...keys.map(Assoc.key),
            ...(window ? [Assoc.recency(window)] : []),
        ];
        return this.newest(await readAll<Contact>(this.reader, ...associations));
    }

    /** The entries one of whose channels is this visitor (a person's visitor-keyed entry and its contact's). */
    async byVisitor(visitorId: string): Promise<Contact[]> {
        return this.newest(await readAll<Contact>(this.reader, Assoc.contactVisitor(visitorId)));
    }

    /** Every entry of one shard (see shardOf). */
    async shard(n: number): Promise<Contact[]> {
        return this.newest(await readAll<Contact>(this.reader, Assoc.contactShard(n)));
    }

    /** Every stored record of the contact, revisions left by crashes included (for the repair). */
    async all(contactId: string): Promise<StoredRecord[]> {
        return readAll<StoredRecord>(this.reader, Assoc.contact(contactId));
    }

    /** Saves a revision; throws a conflict when another writer saved the same revision first. */
    async save(persistence: IPersistence, contact: Contact | ErasedContact): Promise<void> {
        await saveRevision(persistence, this.reader, contact, ContactRepository.slot(persistence, contact));
    }

    /** Claims the revision now, removes the previous one on commit: host writes can happen in between and roll back. */
    async claim(persistence: IPersistence, contact: Contact | ErasedContact): Promise<PendingRevision> {
        return claimRevision(persistence, this.reader, contact, ContactRepository.slot(persistence, contact));
    }

    /** Where a revision of the contact goes. */
    static slot(persistence: IPersistence, contact: Contact | ErasedContact): RevisionSlot {
        return {
            associations: isErased(contact) ? erasedAssociations(contact) : associationsOf(contact),
            family: Assoc.contact(contact.id),
            remove: (record) => ContactRepository.removeRecord(persistence, record as Contact),
            // Chats share the contact's Assoc.chatContact (see associationsOf): a chat has a room id, a contact none.
            owns: (record) => (record as Partial<Contact>).id === contact.id && !('roomId' in record),
        };
    }

    static async removeRecord(persistence: IPersistence, record: StoredRecord): Promise<void> {
        await persistence.removeByAssociation(handleOf(record, (revision) => Assoc.contactRevision(record.id, revision)));
    }

    /** Removes every record under the id (an entry folded into another, or an erased one's tombstone). */
    static async removeAll(persistence: IPersistence, contactId: string): Promise<void> {
        await persistence.removeByAssociation(Assoc.contact(contactId));
    }

    private newest(records: Contact[]): Contact[] {
        return newestRevisions(records, (c) => c.id)
            .map(stored)
            .filter((c): c is Contact => !!c && !isErased(c));
    }
}

/** A record as read: entries stored by an earlier version of the app are read in the current shape. */
function stored<T extends StoredRecord>(record: T | undefined): T | undefined {
    return record && !isErased(record) ? (fromStored(record as Contact) as T) : record;
}

export function scopeAssociation(scope: Scope): RocketChatAssociationRecord {
    return scope.kind === 'all' ? Assoc.contacts() : Assoc.seenBy(scope.agentId);
}

function associationsOf(contact: Contact): RocketChatAssociationRecord[] {
    const keys = keysForContact(contact);
    const agents = viewers(contact);
    return [
        Assoc.contacts(),
        Assoc.contact(contact.id),
        Assoc.contactRevision(contact.id, contact.revision),
        // Shared with the contact's chats, so that one read holds the contact's revisions and all its chats: the
        // backfill settles the claims of a contact and of its new chats with it (see services/archive.ts).
        Assoc.chatContact(contact.id),
        Assoc.contactShard(shardOf(contact.id)),
        ...[...new Set(contact.channels.map((c) => c.visitorId))].map(Assoc.contactVisitor),
        ...agents.map(Assoc.seenBy),
        ...keys.map(Assoc.key),
        ...agentKeysForContact(keys, agents).map(Assoc.key),
        ...windowLabels(contact.lastChatAt).map(Assoc.recency),
    ];
}

/** An erased contact is found by its id only: no scope, no keys, no visitors. */
function erasedAssociations(record: ErasedContact): RocketChatAssociationRecord[] {
    return [Assoc.contact(record.id), Assoc.contactRevision(record.id, record.revision)];
}
