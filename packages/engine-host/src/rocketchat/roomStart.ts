import { Collections, type Doc, type Field, type Store } from '../store/Store';
import {
    associationOf,
    findContactMatchingVisitor,
    findOneByVisitor,
    insertContact,
    isSameChannel,
    nowOf,
    setContactByVisitorAssociation,
    stamped,
    updateChannel,
    type Clock,
    type Source,
} from './contactModel';
import { channelFor, mergeVisitorIntoContact } from './contactMerger';
import { allowedCustomFields, validateCustomFields } from './customFields';

// The contact Rocket.Chat chooses when a room starts (app/livechat/server/lib/contacts/migrateVisitorIfMissingContact.ts,
// migrateVisitorToContactId.ts, createContactFromVisitor.ts, mapVisitorToContact.ts; lib/Helper.ts prepareLivechatRoom;
// lib/hooks onNewRoom): the contact of that visitor and source; else a pre-registered contact with one of the
// visitor's emails or phones, which takes the visitor's data and the channel; else a new contact from the visitor.
// A new or pre-registered contact is stamped on every room of that visitor and source, with its name as `fname`.

/** prepareLivechatRoom's source when a room has none. */
const DEFAULT_SOURCE: Source = { type: 'other', alias: 'unknown' };

/** mapVisitorToContact + createContact: the contact a visitor becomes, with one channel (`source`). */
export async function contactFromVisitor(store: Store, visitor: Doc, source: Source): Promise<Record<string, Field>> {
    const emails = (visitor.visitorEmails as Field[] | undefined)?.map((e) => e.address);
    const phones = (visitor.phone as Field[] | undefined)?.map((p) => p.phoneNumber);
    // createContact's customFields default to {} (mapVisitorToContact validates the visitor's, leniently).
    const customFields = visitor.livechatData
        ? validateCustomFields(await allowedCustomFields(store), visitor.livechatData, {
              ignoreAdditionalFields: true,
              ignoreValidationErrors: true,
          })
        : {};
    const manager = visitor.contactManager?.username
        ? await store.collection(Collections.users).findOne({ username: visitor.contactManager.username })
        : undefined;
    return {
        name: visitor.name || visitor.username,
        ...(emails && { emails: emails.map((address) => ({ address })) }),
        ...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
        ...(manager && { contactManager: manager._id }),
        channels: [channelFor(visitor._id, source, visitor.lastChat)],
        customFields,
        ...(visitor.lastChat && { lastChat: visitor.lastChat }),
        unknown: !(visitor.activity as unknown[] | undefined)?.length,
    };
}

/** migrateVisitorIfMissingContact: the id of the contact for this visitor and source, made if there is none. */
export async function contactForVisitor(store: Store, visitorId: string, source: Source, clock: Clock = {}): Promise<string> {
    const association = associationOf(visitorId, source);
    const linked = await findOneByVisitor(store, association);
    if (linked) return linked._id;
    const visitor = await store.collection(Collections.visitors).findOne({ _id: visitorId });
    if (!visitor) throw new Error('Failed to migrate visitor data into Contact information: visitor not found.');
    const preRegistered = await findContactMatchingVisitor(store, visitor);
    if (preRegistered) {
        await mergeVisitorIntoContact(store, visitor, preRegistered, source, clock);
        // The contact as it was loaded, before the merge: an unknown contact renamed by the merge still names the rooms with its old name.
        await setContactByVisitorAssociation(store, association, preRegistered, clock);
        return preRegistered._id;
    }
    const data = await contactFromVisitor(store, visitor, source);
    const contactId = await insertContact(store, data, clock);
    await setContactByVisitorAssociation(store, association, { _id: contactId, name: data.name }, clock);
    return contactId;
}

export interface StartedRoom {
    room: Doc;
    contactId: string;
    contact: Doc;
}

/**
 * A livechat room starts, as Rocket.Chat starts it: the contact is chosen (or made) first, the room carries its id,
 * its name as `fname` and whether the channel is verified; then (onNewRoom) the visitor's and the contact channel's
 * `lastChat` point at the room. A room not yet in the store is inserted; one already there is updated. Times
 * default to the room's `ts` (a room being seeded started then), else the clock.
 */
export async function startRoom(store: Store, room: Doc, clock: Clock = {}): Promise<StartedRoom> {
    if (!room.v?._id) throw new Error('startRoom: a livechat room needs its visitor (v._id)');
    const at = clock.now ? nowOf(clock) : room.ts instanceof Date ? room.ts : new Date();
    const timed: Clock = { ...clock, now: () => at };
    const source = (room.source as Source | undefined) ?? DEFAULT_SOURCE;
    const visitorId = room.v._id as string;
    const contactId = await contactForVisitor(store, visitorId, source, timed);
    const contact = await store.collection(Collections.contacts).findOne({ _id: contactId });
    if (!contact) throw new Error('error-invalid-contact');
    const association = associationOf(visitorId, source);
    const verified = ((contact.channels ?? []) as Field[]).some((c) => c.verified && isSameChannel(c.visitor, association));

    const rooms = store.collection(Collections.rooms);
    const fields = { contactId, fname: contact.name, verified };
    if (await rooms.findOne({ _id: room._id })) await rooms.updateOne({ _id: room._id }, stamped({ $set: fields }, at));
    else await rooms.insertOne({ ...room, source, ...fields });

    const lastChat = { _id: room._id, ts: at };
    await store.collection(Collections.visitors).updateOne({ _id: visitorId }, stamped({ $set: { lastChat } }, at));
    await updateChannel(store, association, { lastChat }, { contactId, set: { lastChat } }, timed);
    return {
        room: (await rooms.findOne({ _id: room._id }))!,
        contactId,
        contact: (await store.collection(Collections.contacts).findOne({ _id: contactId }))!,
    };
}

/**
 * maybeMigrateLivechatRoom (app/lib/server/lib/maybeMigrateLivechatRoom.ts): what happens when someone opens a room
 * in Rocket.Chat's own UI. A livechat room without `contactId` (older than 7.1) gets its visitor's contact for
 * that source, made if needed, and so do the visitor's other rooms of that source. Returns the contact id, if any.
 */
export async function openRoom(store: Store, roomId: string, clock: Clock = {}): Promise<string | undefined> {
    const room = await store.collection(Collections.rooms).findOne({ _id: roomId });
    if (!room || room.t !== 'l') return undefined;
    if (room.contactId) return room.contactId;
    return contactForVisitor(store, room.v._id, room.source as Source, clock);
}
