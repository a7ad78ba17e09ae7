import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Scope } from '../domain/access';
import type { HistoryPage } from '../domain/audit';
import { readHistory } from './audit';
import { getVisibleContact } from './contactService';

/**
 * A contact's change history. Whoever may see the contact may see its history: managers every contact,
 * agents the contacts they served or created. Anything else reads as "not found", like the contact itself.
 */
export async function contactHistory(read: IRead, scope: Scope, retentionDays: number, contactId: unknown, page: number): Promise<{ contactId: string; contactName: string; history: HistoryPage }> {
    const contact = await getVisibleContact(read, scope, contactId);
    return { contactId: contact.id, contactName: contact.name, history: await readHistory(read, { kind: 'contact', id: contact.id }, retentionDays, page) };
}
