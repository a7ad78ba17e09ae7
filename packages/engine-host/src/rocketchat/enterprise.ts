import { Collections, type Doc, type Field, type Store } from '../store/Store';
import {
    contactsOf,
    isSameChannel,
    repointMergedRooms,
    stamped,
    nowOf,
    updateChannel,
    type Clock,
    type Source,
    type VisitorAssociation,
} from './contactModel';
import { fieldsOfContact, mergeFieldsIntoContact } from './contactMerger';

// Rocket.Chat Enterprise's contact verification and merge (ee/server/patches/verifyContactChannel.ts and
// mergeContacts.ts, module 'contact-id-verification'). Without that module both are no-ops (the community
// functions return null), and so is an app's IContactCreator.verifyContact.

/**
 * The merge Enterprise runs: each other contact's fields are merged into the survivor as it was before the merge
 * (emails, phones, channels added; a different name or manager recorded as a conflict), the others are deleted,
 * and their rooms point at the survivor (their `fname` stays).
 */
export async function mergeContacts(store: Store, survivorId: string, mergedIds: string[], clock: Clock = {}): Promise<Doc> {
    const survivor = await contactsOf(store).findOne({ _id: survivorId });
    if (!survivor) throw new Error('error-invalid-contact');
    const merged = await contactsOf(store).find({ _id: { $in: mergedIds.filter((id) => id !== survivorId) } });
    for (const other of merged) await mergeFieldsIntoContact(store, { fields: fieldsOfContact(other), contact: survivor }, clock);
    const ids = merged.map((c) => c._id);
    if (ids.length) {
        await contactsOf(store).deleteMany({ _id: { $in: ids } });
        await repointMergedRooms(store, ids, survivorId, clock);
    }
    return (await contactsOf(store).findOne({ _id: survivorId }))!;
}

/** runMergeContacts: the survivor's channel of that visitor and source decides; other contacts verified with the same value merge into it. */
export async function mergeVerifiedContacts(
    store: Store,
    contactId: string,
    association: VisitorAssociation,
    clock: Clock = {},
): Promise<Doc> {
    const contact = await contactsOf(store).findOne({ _id: contactId });
    if (!contact) throw new Error('error-invalid-contact');
    const channel = (contact.channels as Field[]).find((c) => isSameChannel(c.visitor, association));
    if (!channel) throw new Error('error-invalid-channel');
    const similar = await contactsOf(store).find({
        channels: { $elemMatch: { field: channel.field, value: channel.value, verified: true } },
        _id: { $ne: contactId },
    });
    return mergeContacts(
        store,
        contactId,
        similar.map((c) => c._id),
        clock,
    );
}

export interface VerifyParams {
    contactId: string;
    field: string;
    value: string;
    visitorId: string;
    roomId: string;
}

/**
 * verifyContactChannel with the Enterprise module: the channel of that visitor and the room's source is marked
 * verified (field, lower-cased value, verifiedAt), the room `verified`, and contacts verified with the same value
 * are merged into the contact. A failure inside the transaction leaves nothing written. Rocket.Chat then looks
 * for the room's inquiry and throws when there is none, which is the case once a room is closed (the merge stays).
 */
export async function verifyContactChannel(store: Store, params: VerifyParams, clock: Clock = {}): Promise<Doc> {
    const { contactId, field, value, visitorId, roomId } = params;
    const room = await store.collection(Collections.rooms).findOne({ _id: roomId });
    if (!room) throw new Error('error-invalid-room');
    const association: VisitorAssociation = { visitorId, source: room.source as Source };
    const contact = await contactsOf(store).findOne({ _id: contactId });
    if (!contact || !(contact.channels as Field[] | undefined)?.some((c) => isSameChannel(c.visitor, association))) {
        throw new Error('error-verifying-contact-channel');
    }
    const at = nowOf(clock);
    await updateChannel(store, association, { verified: true, verifiedAt: at, field, value: value.toLowerCase() }, { contactId }, clock);
    await store.collection(Collections.rooms).updateOne({ _id: roomId }, stamped({ $set: { verified: true } }, at));
    const result = await mergeVerifiedContacts(store, contactId, association, clock);
    if (!room.open) throw new Error('error-invalid-inquiry');
    return result;
}
