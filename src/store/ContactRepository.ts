import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Scope } from '../domain/access';
import { type Contact, viewers } from '../domain/contact';
import { keysForContact } from '../domain/searchKeys';
import { recencyLabels } from '../domain/recency';
import { Assoc } from './associations';

/**
 * One record per contact revision. Its associations carry the search keys and who may see it, so
 * a search is a single association look-up. Persistence has no update in place for changing
 * associations, so a save writes the next revision first and then removes the previous one: a crash
 * in between leaves two revisions, and readers take the newest (the repair job removes the other).
 */
export class ContactRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    async get(contactId: string): Promise<Contact | undefined> {
        const records = (await this.reader.readByAssociation(Assoc.contact(contactId))) as Contact[] | undefined;
        return newest(records ?? []);
    }

    /** Contacts in the caller's scope carrying every key, within a recency window if given; one host call. */
    async findByKeys(scope: Scope, keys: string[], window?: string): Promise<Contact[]> {
        const associations: RocketChatAssociationRecord[] = [scopeAssociation(scope), ...keys.map(Assoc.key), ...(window ? [Assoc.recency(window)] : [])];
        const records = ((await this.reader.readByAssociations(associations)) as Contact[] | undefined) ?? [];
        return latestRevisions(records);
    }

    static async save(persistence: IPersistence, contact: Contact, previousRevision?: number): Promise<void> {
        await persistence.createWithAssociations(contact, associationsOf(contact));
        if (previousRevision !== undefined && previousRevision !== contact.revision) {
            await persistence.removeByAssociation(Assoc.contactRevision(contact.id, previousRevision));
        }
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
        ...recencyLabels(contact.lastChatAt).map(Assoc.recency),
    ];
}

function newest(records: Contact[]): Contact | undefined {
    return records.reduce<Contact | undefined>((best, r) => (!best || r.revision > best.revision ? r : best), undefined);
}

/** Drops older revisions left behind by an interrupted save. */
function latestRevisions(records: Contact[]): Contact[] {
    const byId = new Map<string, Contact>();
    for (const record of records) {
        const seen = byId.get(record.id);
        if (!seen || record.revision > seen.revision) {
            byId.set(record.id, record);
        }
    }
    return [...byId.values()];
}
