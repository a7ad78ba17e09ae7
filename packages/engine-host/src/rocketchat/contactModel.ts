import { randomBytes } from 'crypto';

import { Collections, type Doc, type Field, type Query, type Store, type Update } from '../store/Store';

// Rocket.Chat's LivechatContacts model and the contact methods of its LivechatRooms model, over the host's Store
// (packages/models/src/models/LivechatContacts.ts and LivechatRooms.ts). Like BaseRaw, every write stamps
// `_updatedAt`, and inserted contacts get an ObjectId-style id (24 hex digits), not a Meteor id.

/** Where a room came from (IOmnichannelSource): widget, email, sms, app, api, other. */
export interface Source {
    type: string;
    id?: string;
    alias?: string;
    label?: string;
    [key: string]: unknown;
}

/** A contact channel's key: one visitor through one source (ILivechatContactVisitorAssociation). */
export interface VisitorAssociation {
    visitorId: string;
    source: { type: string; id?: string };
}

/** The clock and id generator of a write; the host passes its own, seeding passes deterministic ones. */
export interface Clock {
    now?: () => Date;
    newId?: () => string;
}

export const nowOf = (clock: Clock = {}): Date => (clock.now ?? (() => new Date()))();

/** An ObjectId's hex string, as BaseRaw.insertOne gives documents inserted without a string id. */
export function objectIdHex(at: Date = new Date()): string {
    return (
        Math.floor(at.getTime() / 1000)
            .toString(16)
            .padStart(8, '0') + randomBytes(8).toString('hex')
    );
}

export const contactsOf = (store: Store) => store.collection(Collections.contacts);
const roomsOf = (store: Store) => store.collection(Collections.rooms);

/** BaseRaw.setUpdatedAt: an update also sets `_updatedAt`. */
export function stamped(update: Update, at: Date): Update {
    return { ...update, $set: { ...(update.$set ?? {}), _updatedAt: at } };
}

export const associationOf = (visitorId: string, source: Source): VisitorAssociation => ({
    visitorId,
    source: { type: source.type, ...(source.id ? { id: source.id } : {}) },
});

/** isSameChannel (app/livechat/lib/isSameChannel.ts): same visitor, same source type, same source id if either has one. */
export function isSameChannel(a: VisitorAssociation, b: VisitorAssociation): boolean {
    if (a.visitorId !== b.visitorId || a.source.type !== b.source.type) return false;
    return !((a.source.id || b.source.id) && a.source.id !== b.source.id);
}

/** makeQueryForVisitor: the contact holding a channel of that visitor and source. */
export function queryForVisitor(association: VisitorAssociation, extra: Record<string, unknown> = {}): Query {
    return {
        channels: {
            $elemMatch: {
                'visitor.visitorId': association.visitorId,
                'visitor.source.type': association.source.type,
                ...(association.source.id ? { 'visitor.source.id': association.source.id } : {}),
                ...extra,
            },
        },
    };
}

export const findOneByVisitor = (store: Store, association: VisitorAssociation) => contactsOf(store).findOne(queryForVisitor(association));

export const findAllByVisitorId = (store: Store, visitorId: string) => contactsOf(store).find({ 'channels.visitor.visitorId': visitorId });

/** Disabled contacts (deleted, GDPR) carry `enabled: false`; enabled ones have no such field. */
export const findOneEnabledById = (store: Store, contactId: string) =>
    contactsOf(store).findOne({ _id: contactId, enabled: { $ne: false } });

/** A contact created without channels (pre-registered) that shares an email or a phone with the visitor. */
export async function findContactMatchingVisitor(store: Store, visitor: Doc): Promise<Doc | undefined> {
    const emails = ((visitor.visitorEmails ?? []) as Field[]).map((e) => e?.address).filter(Boolean);
    const phones = ((visitor.phone ?? []) as Field[]).map((p) => p?.phoneNumber).filter(Boolean);
    if (!emails.length && !phones.length) return undefined;
    return contactsOf(store).findOne({
        $and: [
            {
                $or: [
                    ...emails.map((address) => ({ 'emails.address': address })),
                    ...phones.map((phone) => ({ 'phones.phoneNumber': phone })),
                ],
            },
            { preRegistration: true },
        ],
    });
}

/** insertContact: `preRegistration` is true when the contact has no channel. */
export async function insertContact(store: Store, data: Doc | Omit<Doc, '_id'>, clock: Clock = {}): Promise<string> {
    const at = nowOf(clock);
    const _id = (data._id as string | undefined) ?? clock.newId?.() ?? objectIdHex(at);
    const channels = (data.channels ?? []) as unknown[];
    return contactsOf(store).insertOne({ createdAt: at, ...data, _id, preRegistration: !channels.length, _updatedAt: at });
}

/** updateById: only enabled contacts are written. */
export const updateById = (store: Store, contactId: string, update: Update, clock: Clock = {}) =>
    contactsOf(store).updateOne({ _id: contactId, enabled: { $ne: false } }, stamped(update, nowOf(clock)));

/** updateContact / patchContact: `$set` the data, `unknown` becomes false; returns the contact after the update. */
export async function updateContact(store: Store, contactId: string, data: Record<string, unknown>, clock: Clock = {}) {
    const set = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    const channels = set.channels as unknown[] | undefined;
    const $set = { ...set, unknown: false, ...(channels && { preRegistration: !channels.length }) };
    const { matchedCount } = await updateById(store, contactId, { $set }, clock);
    return matchedCount ? findOneEnabledById(store, contactId) : undefined;
}

const ERASED = { emails: 1, customFields: 1, lastChat: 1, channels: 1, name: 1, phones: 1 };

/** disableByContactId: the contact is kept, disabled and emptied. */
export const disableByContactId = (store: Store, contactId: string, clock: Clock = {}) =>
    contactsOf(store).updateOne(
        { _id: contactId },
        stamped({ $set: { enabled: false }, $unset: { ...ERASED, conflictingFields: 1 } }, nowOf(clock)),
    );

/** disableByVisitorId: the first contact with a channel of that visitor; unlike the above it keeps conflictingFields. */
export const disableByVisitorId = (store: Store, visitorId: string, clock: Clock = {}) =>
    contactsOf(store).updateOne(
        { 'channels.visitor.visitorId': visitorId },
        stamped({ $set: { enabled: false }, $unset: ERASED }, nowOf(clock)),
    );

/**
 * addEmail: findOneAndUpdate with `$addToSet` and the driver's default returnDocument ('before'), so the caller
 * gets the contact as it was BEFORE the email was added. Disabled contacts are not excluded.
 */
export async function addEmail(store: Store, contactId: string, email: string, clock: Clock = {}): Promise<Doc | undefined> {
    const before = await contactsOf(store).findOne({ _id: contactId });
    if (!before) return undefined;
    await contactsOf(store).updateOne({ _id: contactId }, stamped({ $addToSet: { emails: { address: email } } }, nowOf(clock)));
    return before;
}

/**
 * Sets fields of the channel matching the association (Rocket.Chat writes `channels.$.<field>` with the
 * association's `$elemMatch`; the host reads, edits and writes the array, which gives the same document).
 */
export async function updateChannel(
    store: Store,
    association: VisitorAssociation,
    fields: Record<string, unknown>,
    extra: { contactId?: string; set?: Record<string, unknown> } = {},
    clock: Clock = {},
): Promise<number> {
    const query = { ...queryForVisitor(association), ...(extra.contactId && { _id: extra.contactId }) };
    const contact = await contactsOf(store).findOne(query);
    if (!contact) return 0;
    const index = (contact.channels as Field[]).findIndex((c) => isSameChannel(c.visitor, association));
    const channels = (contact.channels as Field[]).map((c, i) => (i === index ? { ...c, ...fields } : c));
    await contactsOf(store).updateOne({ _id: contact._id }, stamped({ $set: { ...extra.set, channels } }, nowOf(clock)));
    return 1;
}

// ---- rooms (LivechatRooms) ----

/** setContactByVisitorAssociation: every livechat room of that visitor and source gets the contact's id and name. */
export const setContactByVisitorAssociation = (
    store: Store,
    association: VisitorAssociation,
    contact: { _id: string; name?: string },
    clock: Clock = {},
) =>
    roomsOf(store).updateMany(
        {
            t: 'l',
            'v._id': association.visitorId,
            'source.type': association.source.type,
            ...(association.source.id ? { 'source.id': association.source.id } : {}),
        },
        stamped({ $set: { contactId: contact._id, ...(contact.name ? { fname: contact.name } : {}) } }, nowOf(clock)),
    );

/** updateContactDataByContactId: the contact's rooms take its new name (`fname`). */
export const renameContactRooms = (store: Store, contactId: string, name: string, clock: Clock = {}) =>
    roomsOf(store).updateMany({ t: 'l', contactId }, stamped({ $set: { fname: name } }, nowOf(clock)));

/** updateMergedContactIds (Enterprise model): rooms of merged contacts point at the survivor; `fname` is left as it was. */
export const repointMergedRooms = (store: Store, mergedIds: string[], contactId: string, clock: Clock = {}) =>
    roomsOf(store).updateMany({ contactId: { $in: mergedIds } }, stamped({ $set: { contactId } }, nowOf(clock)));
