import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { type Contact, viewers } from '../domain/contact';
import { keysForContact } from '../domain/searchKeys';
import { windowLabels } from '../domain/recency';
import { Assoc } from './associations';
import { newestRevision, newestRevisions, saveRevision } from './revisions';

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
        const associations: RocketChatAssociationRecord[] = [scopeAssociation(scope), ...keys.map(Assoc.key), ...(window ? [Assoc.recency(window)] : [])];
        const records = ((await this.reader.readByAssociations(associations)) as Contact[] | undefined) ?? [];
        return newestRevisions(records, (c) => c.id);
    }

    static async save(persistence: IPersistence, contact: Contact, previousRevision?: number): Promise<void> {
        const previous = previousRevision !== undefined && previousRevision !== contact.revision ? Assoc.contactRevision(contact.id, previousRevision) : undefined;
        await saveRevision(persistence, contact, associationsOf(contact), previous);
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
        ...viewers(contact).map(Assoc.seenBy),
        ...keysForContact(contact).map(Assoc.key),
        ...windowLabels(contact.lastChatAt).map(Assoc.recency),
    ];
}
