import type { HistoryPage } from '../domain/audit';
import { readHistory } from './audit';
import { getVisibleContact } from './contactSearch';
import type { ScopedContext } from './context';

/**
 * A contact's change history. Whoever may see the contact may see its history: managers every contact,
 * agents the contacts they served or created. Anything else reads as "not found", like the contact itself.
 */
export async function contactHistory(
    ctx: ScopedContext,
    contactId: unknown,
    page: number,
): Promise<{ contactId: string; contactName: string; history: HistoryPage }> {
    const contact = await getVisibleContact(ctx, contactId);
    return {
        contactId: contact.id,
        contactName: contact.name,
        history: await readHistory(
            ctx.read,
            [contact.id, ...(contact.formerIds ?? [])].map((id) => ({ kind: 'contact' as const, id })),
            ctx.config.auditRetentionDays,
            page,
        ),
    };
}
