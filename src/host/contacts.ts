import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatContact } from '@rocket.chat/apps-engine/definition/livechat';
import type { ContactData } from '../domain/directory';
import { unavailable } from '../domain/errors';

/** Rocket.Chat's contact as plain values, whatever the engine's object looks like. */
export function contactOf(contact: ILivechatContact): ContactData {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const customFields: Record<string, string> = {};
    for (const [key, value] of Object.entries(contact.customFields ?? {})) {
        if (value !== undefined && value !== null && typeof value !== 'object') {
            customFields[key] = String(value);
        }
    }
    const conflict = (contact.conflictingFields ?? []).filter((f) => f.field === 'name').pop();
    return {
        id: contact._id,
        name: text(contact.name),
        emails: (contact.emails ?? []).map((e) => text(e.address)).filter((e) => e.length > 0),
        phones: (contact.phones ?? []).map((p) => text(p.phoneNumber)).filter((p) => p.length > 0),
        customFields,
        channels: (contact.channels ?? [])
            .filter((c) => c.visitor && typeof c.visitor.visitorId === 'string')
            .map((c) => ({
                visitorId: c.visitor.visitorId,
                type: text(c.visitor.source?.type) || text(c.details?.type) || 'widget',
                ...(c.details?.label ? { label: c.details.label } : {}),
            })),
        updatedAt: new Date(contact._updatedAt ?? 0).toISOString(),
        ...(conflict ? { conflictingName: conflict.value } : {}),
    };
}

/**
 * The contact as Rocket.Chat has it now: undefined when it is gone or disabled (deleted, or merged into another). A
 * reader without the contact.read permission answers nothing too: callers never erase on this answer alone.
 */
export async function readContact(read: IRead, contactId: string): Promise<ContactData | undefined> {
    const contact = await read.getContactReader().getById(contactId);
    return contact ? contactOf(contact) : undefined;
}

/** Adds an email to the contact in Rocket.Chat (permission contact.write); throws when Rocket.Chat did not take it. */
export async function addContactEmail(modify: IModify, contactId: string, email: string): Promise<ContactData> {
    const updated = await modify.getCreator().getContactCreator().addContactEmail(contactId, email);
    if (!updated) {
        throw unavailable('error_permission_missing', { permission: 'contact.write' });
    }
    return contactOf(updated);
}
