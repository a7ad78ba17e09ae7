import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Scope } from '../domain/access';
import { byRecency, contactScopes, summarize, type Contact, type ContactSummary } from '../domain/contact';
import { RecentList } from './RecentList';

export { RECENT_CAPACITY, isCapped } from './RecentList';

/** The newest contacts of each scope: the unfiltered Contacts list. */
export class RecentContacts extends RecentList<ContactSummary> {
    constructor(reader: IPersistenceRead) {
        super(reader, 'contacts', (c) => c.id, byRecency);
    }

    /** Puts the contact in the lists of every scope that may see it. */
    async recordContact(persistence: IPersistence, contact: Contact): Promise<void> {
        await this.record(persistence, contactScopes(contact), summarize(contact), contact.revision);
    }

    /** Takes the contact out of those lists (an entry folded into another, an erased one). */
    async removeContact(persistence: IPersistence, contact: Contact): Promise<void> {
        await this.record(persistence, contactScopes(contact), summarize(contact), contact.revision, true);
    }

    /** Takes the contact out of every list and compacts them (the erasure of a person). */
    async forget(persistence: IPersistence, scopes: Scope[], id: string): Promise<void> {
        await this.forgetId(persistence, scopes, id);
    }
}

/**
 * Whether the directory holds no one: the managers' list holds every entry up to its capacity (one read). For the key
 * walk (services/rekey.ts), which an empty directory does not need.
 */
export async function directoryIsEmpty(reader: IPersistenceRead): Promise<boolean> {
    return (await new RecentContacts(reader).list({ kind: 'all' })).entries.length === 0;
}
