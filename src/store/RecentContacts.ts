import type { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { byRecency, type ContactSummary } from '../domain/contact';
import { RecentList } from './RecentList';

export { RECENT_CAPACITY } from './RecentList';

/** The newest contacts of each scope: the unfiltered Contacts list. */
export class RecentContacts extends RecentList<ContactSummary> {
    constructor(reader: IPersistenceRead) {
        super(reader, 'contacts', (c) => c.id, byRecency);
    }
}
