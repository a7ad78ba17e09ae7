import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { type Contact, viewers } from '../domain/contact';
import { keysForContact } from '../domain/searchKeys';
import { windowLabels } from '../domain/recency';
import { Assoc } from './associations';
import {
    claimRevision,
    handleOf,
    newestRevision,
    newestRevisions,
    saveRevision,
    type PendingRevision,
    type RevisionSlot,
} from './revisions';
import { readAll } from './read';

/**
 * One record per contact (saved as revisions, see revisions.ts). Its associations carry the search
 * keys, the recency windows and who may see it, so a search is a single association look-up.
 */
export class ContactRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(contactId: string): Promise<Contact | undefined> {
        const records = (await this.reader.readByAssociation(Assoc.contact(contactId))) as Contact[] | undefined;
        return newestRevision(records ?? []);
    }

    /** Contacts in the caller's scope carrying every key, within a recency window if given; one host call. */
    async findByKeys(scope: Scope, keys: string[], window?: string): Promise<Contact[]> {
        const associations: RocketChatAssociationRecord[] = [
            scopeAssociation(scope),
            ...keys.map(Assoc.key),
            ...(window ? [Assoc.recency(window)] : []),
        ];
        const records = await readAll<Contact>(this.reader, ...associations);
        return newestRevisions(records, (c) => c.id);
    }

    /** Every stored record of the contact, revisions left by crashes included (for the repair). */
    async all(contactId: string): Promise<Contact[]> {
        return await readAll<Contact>(this.reader, Assoc.contact(contactId));
    }

    /** Saves a revision; throws a conflict when another writer saved the same revision first. */
    async save(persistence: IPersistence, contact: Contact): Promise<void> {
        await saveRevision(persistence, this.reader, contact, ContactRepository.slot(persistence, contact));
    }

    /** Claims the revision now, removes the previous one on commit: host writes can happen in between and roll back. */
    async claim(persistence: IPersistence, contact: Contact): Promise<PendingRevision> {
        return claimRevision(persistence, this.reader, contact, ContactRepository.slot(persistence, contact));
    }

    /** Where a revision of the contact goes. */
    static slot(persistence: IPersistence, contact: Contact): RevisionSlot {
        return {
            associations: associationsOf(contact),
            family: Assoc.contact(contact.id),
            remove: (record) => ContactRepository.removeRecord(persistence, record as Contact),
            // Chats share the contact's Assoc.chatContact (see associationsOf): a chat has a room id, a contact none.
            owns: (record) => (record as Partial<Contact>).id === contact.id && !('roomId' in record),
        };
    }

    static async removeRecord(persistence: IPersistence, record: Contact): Promise<void> {
        await persistence.removeByAssociation(handleOf(record, (revision) => Assoc.contactRevision(record.id, revision)));
    }
}

export function scopeAssociation(scope: Scope): RocketChatAssociationRecord {
    return scope.kind === 'all' ? Assoc.contacts() : Assoc.seenBy(scope.agentId);
}

function associationsOf(contact: Contact): RocketChatAssociationRecord[] {
    return [
        Assoc.contacts(),
        Assoc.contact(contact.id),
        Assoc.contactRevision(contact.id, contact.revision),
        // Shared with the contact's chats, so that one read holds the contact's revisions and all its chats: the
        // backfill settles the claims of a contact and of its new chats with it (see services/archive.ts).
        Assoc.chatContact(contact.id),
        ...viewers(contact).map(Assoc.seenBy),
        ...keysForContact(contact).map(Assoc.key),
        ...windowLabels(contact.lastChatAt).map(Assoc.recency),
    ];
}
