import type { Doc, Field, Store } from '../store/Store';
import { findAllByVisitorId, updateById, type Clock } from './contactModel';
import { mergeFieldsIntoContact, type MergeField } from './contactMerger';

// What a visitor's registration and custom fields do to the visitor's contacts (app/livechat/server/lib/guests.ts
// registerGuest -> contacts/registerGuestData.ts; lib/custom-fields.ts setCustomFields -> updateContactsCustomFields).
// A visitor never makes a contact here: only contacts already linked to the visitor change.

export interface GuestData {
    name?: string;
    /** The one phone number registerGuest takes. */
    phone?: string;
    /** The one email registerGuest takes, already trimmed and lower-cased. */
    email?: string;
    username?: string;
}

/**
 * registerGuestData: the name, phone, email and username given are merged into every contact of the visitor: a new
 * email or phone is added; a different name replaces an `unknown` contact's name and is recorded in
 * `conflictingFields` otherwise; the username counts only for a contact without a name.
 */
export async function registerGuestData(store: Store, data: GuestData, visitor: Doc, clock: Clock = {}): Promise<void> {
    const fields = [
        { type: 'name', value: data.name },
        { type: 'phone', value: data.phone },
        { type: 'email', value: data.email },
        { type: 'username', value: data.username || visitor.username },
    ].filter((field) => !!field.value) as MergeField[];
    if (!fields.length) return;
    for (const contact of await findAllByVisitorId(store, visitor._id)) {
        await mergeFieldsIntoContact(store, { fields, contact, mode: contact.unknown ? 'overwrite' : 'conflict' }, clock);
    }
}

/**
 * updateContactsCustomFields, for a visitor-scoped custom field set on the visitor: each of the visitor's contacts
 * takes the value when overwriting or when it has none; otherwise the value joins `conflictingFields`.
 */
export async function setContactsCustomField(
    store: Store,
    visitorId: string,
    field: { key: string; value: string; overwrite: boolean },
    clock: Clock = {},
): Promise<void> {
    for (const contact of await findAllByVisitorId(store, visitorId)) {
        const $set: Record<string, unknown> =
            field.overwrite || !contact.customFields?.[field.key]
                ? { [`customFields.${field.key}`]: field.value }
                : {
                      conflictingFields: [
                          ...((contact.conflictingFields ?? []) as Field[]),
                          { field: `customFields.${field.key}`, value: field.value },
                      ],
                  };
        await updateById(store, contact._id, { $set }, clock);
    }
}
