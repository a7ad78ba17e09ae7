import { Collections, type Doc, type Field, type Store } from '../store/Store';
import {
    contactsOf,
    disableByContactId,
    disableByVisitorId,
    findAllByVisitorId,
    findOneEnabledById,
    insertContact,
    nowOf,
    renameContactRooms,
    stamped,
    updateContact,
    type Clock,
} from './contactModel';
import { allowedCustomFields, validateCustomFields } from './customFields';

// What people do to contacts in Rocket.Chat itself, none of which fires an app event: contacts.create,
// contacts.update, contacts.delete and the GDPR visitor removal (app/livechat/server/api/v1/contact.ts and
// visitor.ts; lib/contacts/createContact.ts, updateContact.ts, disableContact.ts; lib/guests.ts removeGuest,
// removeContactsByVisitorId).

/** The setting Rocket.Chat reads before removing data of someone with open rooms (false unless an admin set it). */
export const GDPR_SETTING = 'Livechat_Allow_collect_and_store_HTTP_header_informations';

async function gdprAllowsOpenRooms(store: Store): Promise<boolean> {
    return (await store.collection(Collections.settings).findOne({ _id: GDPR_SETTING }))?.value === true;
}

/** validateContactManager: the manager must be an agent. */
async function validateContactManager(store: Store, userId: string): Promise<void> {
    if (!(await store.collection(Collections.users).findOne({ _id: userId, roles: 'livechat-agent' }))) {
        throw new Error('error-contact-manager-not-found');
    }
}

export interface NewContact {
    name: string;
    emails?: string[];
    phones?: string[];
    customFields?: Record<string, unknown>;
    contactManager?: string;
}

/** contacts.create: a pre-registered contact, without channels or visitor; `unknown` is false. */
export async function createContact(store: Store, contact: NewContact, clock: Clock = {}): Promise<string> {
    const { name, emails, phones, customFields = {}, contactManager } = contact;
    if (contactManager) await validateContactManager(store, contactManager);
    const valid = validateCustomFields(await allowedCustomFields(store), customFields);
    return insertContact(
        store,
        {
            name,
            ...(emails && { emails: emails.map((address) => ({ address })) }),
            ...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
            ...(contactManager && { contactManager }),
            channels: [],
            customFields: valid,
            unknown: false,
        },
        clock,
    );
}

export interface ContactEdit {
    contactId: string;
    name?: string;
    emails?: string[];
    phones?: string[];
    customFields?: Record<string, unknown>;
    contactManager?: string;
    channels?: Field[];
    wipeConflicts?: boolean;
}

/**
 * contacts.update (Rocket.Chat's contact panel): lists given replace the contact's lists, custom fields are
 * validated (fields no longer defined keep their values), `unknown` becomes false. A new name renames the
 * contact's rooms (`fname`); the visitors are not touched.
 */
export async function editContact(store: Store, edit: ContactEdit, clock: Clock = {}): Promise<Doc | undefined> {
    const { contactId, name, emails, phones, customFields: received, contactManager, channels, wipeConflicts } = edit;
    const contact = await contactsOf(store).findOne({ _id: contactId });
    if (!contact) throw new Error('error-contact-not-found');
    if (contactManager) await validateContactManager(store, contactManager);

    const allowed = await allowedCustomFields(store);
    const allowedIds = new Set(allowed.map((f) => f._id));
    const unregistered = Object.keys(contact.customFields ?? {})
        .filter((id) => !allowedIds.has(id))
        .map((id) => ({ _id: id }));
    const customFields = received && validateCustomFields(allowed, received, { ignoreAdditionalFields: unregistered.length > 0 });
    if (received && customFields && unregistered.length) {
        validateCustomFields([...allowed, ...unregistered], received);
        for (const { _id } of unregistered) customFields[_id] = contact.customFields[_id];
    }
    const updated = await updateContact(
        store,
        contactId,
        {
            name,
            ...(emails && { emails: emails.map((address) => ({ address })) }),
            ...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
            ...(contactManager && { contactManager }),
            ...(channels && { channels }),
            ...(customFields && { customFields }),
            ...(wipeConflicts && { conflictingFields: [] }),
        },
        clock,
    );
    if (name !== undefined && name !== contact.name) await renameContactRooms(store, contactId, name, clock);
    return updated;
}

/** cleanGuestHistory + disableById: the visitor's rooms, messages, files, subscriptions, inquiries go; the visitor is disabled. */
export async function removeGuest(store: Store, visitorId: string, clock: Clock = {}): Promise<void> {
    const rooms = await store.collection(Collections.rooms).find({ 'v._id': visitorId }, { projection: { _id: 1 } });
    for (const { _id: rid } of rooms) {
        await store.collection(Collections.subscriptions).deleteMany({ rid });
        await store.collection(Collections.uploads).deleteMany({ rid });
        await store.collection(Collections.messages).deleteMany({ rid });
        await store.collection(Collections.readReceipts).deleteMany({ roomId: rid });
    }
    await store.collection(Collections.rooms).deleteMany({ 'v._id': visitorId });
    await store.collection(Collections.inquiries).deleteMany({ 'v._id': visitorId });
    await store.collection(Collections.visitors).updateOne(
        { _id: visitorId },
        stamped(
            {
                $set: { disabled: true },
                $unset: {
                    department: 1,
                    contactManager: 1,
                    token: 1,
                    visitorEmails: 1,
                    phone: 1,
                    name: 1,
                    livechatData: 1,
                    lastChat: 1,
                    ip: 1,
                    host: 1,
                    userAgent: 1,
                    username: 1,
                    ts: 1,
                    status: 1,
                },
            },
            nowOf(clock),
        ),
    );
}

/**
 * contacts.delete (disableContactById): refused while the contact has an open room unless the GDPR setting
 * allows it; every visitor of its channels is removed (removeGuest); the contact is disabled and emptied.
 */
export async function deleteContact(store: Store, contactId: string, clock: Clock = {}): Promise<void> {
    const contact = await findOneEnabledById(store, contactId);
    if (!contact) throw new Error('error-contact-not-found');
    const open = await store.collection(Collections.rooms).count({ t: 'l', open: true, contactId });
    if (open > 0 && !(await gdprAllowsOpenRooms(store))) throw new Error('error-contact-has-open-rooms');
    for (const channel of (contact.channels ?? []) as Field[]) await removeGuest(store, channel.visitor.visitorId, clock);
    await disableByContactId(store, contactId, clock);
}

/**
 * DELETE livechat/visitor/:token (GDPR removal of a visitor, removeContactsByVisitorId), given the visitor's id:
 * refused while the visitor has an open room unless the GDPR setting allows it; each contact of the visitor loses
 * every visitor of its channels (rooms, messages, files deleted; visitors disabled) and is disabled and emptied; a
 * visitor without contact is removed alone.
 */
export async function removeVisitorData(store: Store, visitorId: string, clock: Clock = {}): Promise<void> {
    const visitor = await store.collection(Collections.visitors).findOne({ _id: visitorId });
    if (!visitor?.token) throw new Error('invalid-token');
    const open = await store.collection(Collections.rooms).count({ t: 'l', open: true, 'v.token': visitor.token });
    if (open > 0 && !(await gdprAllowsOpenRooms(store))) throw new Error('visitor-has-open-rooms');
    const contacts = await findAllByVisitorId(store, visitor._id);
    if (!contacts.length) await removeGuest(store, visitor._id, clock);
    for (const contact of contacts) {
        for (const { visitor: linked } of contact.channels as Field[]) await removeGuest(store, linked.visitorId, clock);
        await disableByVisitorId(store, visitor._id, clock);
    }
}

export interface GuestEdit {
    _id: string;
    name?: string;
    email?: string;
    phone?: string;
    livechatData?: Record<string, string>;
}

/**
 * saveGuest (an agent edits the visitor in Rocket.Chat's room info): the visitor changes (saveGuestById), its
 * contacts do not. Only visitor-scoped custom fields are kept. The host fires IPostLivechatGuestSaved after it.
 */
export async function saveGuest(store: Store, guest: GuestEdit, clock: Clock = {}): Promise<void> {
    const visitors = store.collection(Collections.visitors);
    if (!(await visitors.findOne({ _id: guest._id }))) throw new Error('error-invalid-visitor');
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    // saveGuestById: a field given blank is removed, one given is trimmed and set.
    const fields: Array<[keyof GuestEdit, string, (value: string) => unknown]> = [
        ['name', 'name', (value) => value],
        ['email', 'visitorEmails', (address) => [{ address }]],
        ['phone', 'phone', (phoneNumber) => [{ phoneNumber }]],
    ];
    for (const [key, field, shape] of fields) {
        const given = guest[key];
        if (typeof given !== 'string' || !given) continue;
        if (given.trim()) set[field] = shape(given.trim());
        else unset[field] = 1;
    }
    const data = guest.livechatData ?? {};
    for (const field of await store.collection(Collections.customFields).find({ scope: 'visitor' })) {
        if (!Object.prototype.hasOwnProperty.call(data, field._id)) continue;
        const value = String(data[field._id] ?? '').trim();
        if (value !== '' && field.regexp && !new RegExp(field.regexp).test(value)) throw new Error('error-invalid-custom-field-value');
        if (value) set[`livechatData.${field._id}`] = value;
        else unset[`livechatData.${field._id}`] = 1;
    }
    const update = { ...(Object.keys(set).length > 0 && { $set: set }), ...(Object.keys(unset).length > 0 && { $unset: unset }) };
    if (Object.keys(update).length) await visitors.updateOne({ _id: guest._id }, stamped(update, nowOf(clock)));
}
