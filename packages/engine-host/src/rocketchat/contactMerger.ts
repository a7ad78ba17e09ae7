import { Collections, type Doc, type Field, type Store, type Update } from '../store/Store';
import { isSameChannel, updateById, type Clock, type Source } from './contactModel';

// What Rocket.Chat's ContactMerger (app/livechat/server/lib/contacts/ContactMerger.ts) does when it merges a
// visitor's data, or another contact, into a contact: emails, phones and channels are added to the lists; a name,
// manager or custom field the contact already has is not replaced (a different name or manager becomes a
// `conflictingFields` entry, a different custom field value is dropped), unless the mode is 'overwrite' (used for
// `unknown` contacts).

type Manager = { id: string } | { username: string };
export type MergeField =
    | { type: 'email' | 'phone' | 'name' | 'username'; value: string }
    | { type: 'manager'; value: Manager }
    | { type: 'channel'; value: Field }
    | { type: 'activity'; value: string[] }
    | { type: `customFields.${string}`; value: unknown };

export type ConflictMode = 'conflict' | 'overwrite' | 'ignore';

/** getAllFieldsFromContact: its emails, phones, channels, name, manager, activity, custom fields and conflicts. */
export function fieldsOfContact(contact: Doc): MergeField[] {
    const fields: MergeField[] = [];
    for (const e of (contact.emails ?? []) as Field[]) fields.push({ type: 'email', value: e.address });
    for (const p of (contact.phones ?? []) as Field[]) fields.push({ type: 'phone', value: p.phoneNumber });
    for (const c of (contact.channels ?? []) as Field[]) fields.push({ type: 'channel', value: c });
    if (contact.name) fields.push({ type: 'name', value: contact.name });
    if (contact.contactManager) fields.push({ type: 'manager', value: { id: contact.contactManager } });
    if (contact.activity) fields.push({ type: 'activity', value: contact.activity });
    for (const [key, value] of Object.entries((contact.customFields ?? {}) as Record<string, unknown>)) {
        fields.push({ type: `customFields.${key}`, value });
    }
    for (const conflict of (contact.conflictingFields ?? []) as Field[]) {
        fields.push(
            conflict.field === 'manager'
                ? { type: 'manager', value: { id: conflict.value } }
                : { type: conflict.field, value: conflict.value },
        );
    }
    return fields;
}

/** The channel a visitor gets for a source (mapVisitorToContact / getAllFieldsFromVisitor). */
export function channelFor(visitorId: string, source: Source, lastChat?: unknown): Field {
    return {
        name: source.label || String(source.type),
        visitor: { visitorId, source: { type: source.type, ...(source.id ? { id: source.id } : {}) } },
        blocked: false,
        verified: false,
        details: source,
        ...(lastChat ? { lastChat } : {}),
    };
}

/** getAllFieldsFromVisitor: emails, phones, name, username, manager, custom fields, and the channel of `source`. */
export function fieldsOfVisitor(visitor: Doc, source?: Source): MergeField[] {
    const fields: MergeField[] = [];
    for (const e of (visitor.visitorEmails ?? []) as Field[]) fields.push({ type: 'email', value: e.address });
    for (const p of (visitor.phone ?? []) as Field[]) fields.push({ type: 'phone', value: p.phoneNumber });
    if (visitor.name) fields.push({ type: 'name', value: visitor.name });
    if (visitor.username) fields.push({ type: 'username', value: visitor.username });
    if (visitor.contactManager?.username) fields.push({ type: 'manager', value: { username: visitor.contactManager.username } });
    for (const [key, value] of Object.entries((visitor.livechatData ?? {}) as Record<string, unknown>)) {
        fields.push({ type: `customFields.${key}`, value });
    }
    if (source) fields.push({ type: 'channel', value: channelFor(visitor._id, source) });
    return fields;
}

/** Manager usernames (from visitors) mapped to user ids, as ContactMerger loads them before comparing. */
async function managerIds(store: Store, fields: MergeField[]): Promise<Map<string, string | undefined>> {
    const ids = new Map<string, string | undefined>();
    for (const field of fields) {
        if (field.type !== 'manager' || !('username' in field.value) || ids.has(field.value.username)) continue;
        const user = await store.collection(Collections.users).findOne({ username: field.value.username });
        ids.set(field.value.username, user?._id);
    }
    return ids;
}

/**
 * mergeFieldsIntoContact's update for `contact`, or undefined when nothing is new. Pure: the store version below
 * and the seeded data sets (contactFactories.ts) apply the same update.
 */
export function mergeUpdate(
    fields: MergeField[],
    contact: Doc,
    mode: ConflictMode = 'conflict',
    usernames: ReadonlyMap<string, string | undefined> = new Map(),
): Update | undefined {
    const existing = fieldsOfContact(contact);
    const overwrite = mode === 'overwrite';
    const managerId = (m: Manager) => ('id' in m ? m.id : usernames.get(m.username));
    const same = (a: MergeField, b: MergeField): boolean => {
        if (a.type === 'manager' && b.type === 'manager') {
            if ('id' in a.value && 'id' in b.value) return a.value.id === b.value.id;
            if ('username' in a.value && 'username' in b.value) return a.value.username === b.value.username;
            const [x, y] = [managerId(a.value), managerId(b.value)];
            return !!x && !!y && x === y;
        }
        if (a.type === 'channel' && b.type === 'channel') return isSameChannel(a.value.visitor, b.value.visitor);
        return a.type === b.type && a.value === b.value;
    };

    const added = fields.filter(
        (f) => !existing.some((e) => same(e, f)) && !(f.type === 'username' && existing.some((e) => e.type === 'name')),
    );
    const values = <T extends MergeField['type']>(type: T) =>
        added.filter((f) => f.type === type).map((f) => f.value as Extract<MergeField, { type: T }>['value']);
    const namesOnly = values('name');
    const names = [...namesOnly, ...(!contact.name && !namesOnly.length ? values('username') : [])];
    const managers = values('manager')
        .map(managerId)
        .filter((id): id is string => !!id);

    const set: Record<string, unknown> = {};
    if (names.length && (!contact.name || overwrite)) set.name = names.shift();
    if (managers.length && (!contact.contactManager || overwrite)) set.contactManager = managers.shift();
    const [activity] = values('activity');
    if (activity) set.activity = [...new Set([...activity, ...((contact.activity as string[]) ?? [])])].sort().slice(-12);
    const firstOfEachCustomField = new Map<string, unknown>();
    for (const f of added)
        if (f.type.startsWith('customFields.') && !firstOfEachCustomField.has(f.type)) firstOfEachCustomField.set(f.type, f.value);
    for (const [key, value] of firstOfEachCustomField) {
        if (!contact.customFields?.[key.slice('customFields.'.length)] || overwrite) set[key] = value;
    }

    const conflicts =
        mode === 'conflict'
            ? [...names.map((value) => ({ field: 'name', value })), ...managers.map((value) => ({ field: 'manager', value }))]
            : [];
    const [phones, emails, channels] = [values('phone'), values('email'), values('channel')];
    const addToSet: Record<string, unknown> = {
        ...(phones.length > 0 && { phones: { $each: phones.map((phoneNumber) => ({ phoneNumber })) } }),
        ...(emails.length > 0 && { emails: { $each: emails.map((address) => ({ address })) } }),
        ...(channels.length > 0 && { channels: { $each: channels } }),
        ...(conflicts.length > 0 && { conflictingFields: { $each: conflicts } }),
    };
    if (channels.length) set.preRegistration = false;
    const update = { ...(Object.keys(set).length > 0 && { $set: set }), ...(Object.keys(addToSet).length > 0 && { $addToSet: addToSet }) };
    return Object.keys(update).length ? update : undefined;
}

export async function mergeFieldsIntoContact(
    store: Store,
    { fields, contact, mode = 'conflict' }: { fields: MergeField[]; contact: Doc; mode?: ConflictMode },
    clock: Clock = {},
): Promise<void> {
    const update = mergeUpdate(fields, contact, mode, await managerIds(store, [...fields, ...fieldsOfContact(contact)]));
    if (update) await updateById(store, contact._id, update, clock);
}

/** mergeVisitorIntoContact: an `unknown` contact takes the visitor's values, a known one records conflicts. */
export async function mergeVisitorIntoContact(store: Store, visitor: Doc, contact: Doc, source: Source | undefined, clock: Clock = {}) {
    await mergeFieldsIntoContact(
        store,
        { fields: fieldsOfVisitor(visitor, source), contact, mode: contact.unknown ? 'overwrite' : 'conflict' },
        clock,
    );
}
