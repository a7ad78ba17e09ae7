import { update as applyModifier } from 'mingo';

import { BASE_TIME, factoryRng, nextNo, seeded, type Partial2 } from './factoryCore';
import { channelFor, fieldsOfContact, mergeUpdate } from './rocketchat/contactMerger';
import { isSameChannel, type Source } from './rocketchat/contactModel';
import { copyDocument } from './store/MemoryStore';
import type { Doc, Field } from './store/Store';

// Contacts as Rocket.Chat 7.1+ stores them (rocketchat_livechat_contact), and rooms that point at them, for
// seeding without the engine. The rules are those of the host's store operations (rocketchat/*.ts), applied to
// documents in memory so that data sets stay synchronous and deterministic.

export const WIDGET: Source = { type: 'widget' };
/** The source of rooms an e-mail inbox opens (OmnichannelSourceType.EMAIL, the inbox's id). */
export const EMAIL_INBOX: Source = { type: 'email', id: 'inbox-support', alias: 'email-inbox' };
/** The source of rooms a WhatsApp integration app opens (type app, the app's id; its label names the channel). */
export const WHATSAPP_APP: Source = { type: 'app', id: 'b7a6c0de-5a1e-4b2f-9c7d-0a1b2c3d4e5f', alias: 'whatsapp', label: 'WhatsApp' };

/**
 * Marks a room made before Rocket.Chat 7.1 (makeLivechatRoom({ before71: true })): no contactId, and neither
 * withContacts nor fireEvent('IPostLivechatRoomStarted') gives it one. An enumerable symbol: it survives `{ ...room }`
 * but is never stored (stores copy string keys only).
 */
export const BEFORE_7_1 = Symbol.for('@contact-center/engine-host/before-7.1');
export const isBefore71 = (room: unknown): boolean =>
    !!room && typeof room === 'object' && (room as Record<symbol, unknown>)[BEFORE_7_1] === true;
export function markBefore71<T extends object>(room: T): T {
    (room as Record<symbol, unknown>)[BEFORE_7_1] = true;
    return room;
}

const addresses = (list: unknown, key: 'address' | 'phoneNumber') =>
    Array.isArray(list) ? list.map((v) => (typeof v === 'string' ? { [key]: v } : v)) : list;

/**
 * A contact document. With `visitor`: the contact Rocket.Chat makes when that visitor starts a room through
 * `source` (default the widget): the visitor's name, emails and phones, one channel, `unknown` unless the visitor
 * has activity. Without: a contact created in Rocket.Chat (contacts.create), without channels (pre-registered).
 * Other fields override; `emails`/`phones` may be given as strings.
 */
export function makeContact(o: Partial2<Doc> & { visitor?: Doc; source?: Source } = {}): Doc {
    const { visitor, source = WIDGET, ...rest } = o;
    const n = visitor ? 0 : nextNo();
    const at = (rest.createdAt as Date | undefined) ?? BASE_TIME;
    const _id = (rest._id as string | undefined) ?? factoryRng().hex();
    const base: Doc = visitor
        ? {
              _id,
              name: visitor.name || visitor.username,
              ...(visitor.visitorEmails && { emails: (visitor.visitorEmails as Field[]).map((e) => ({ address: e.address })) }),
              ...(visitor.phone && { phones: (visitor.phone as Field[]).map((p) => ({ phoneNumber: p.phoneNumber })) }),
              channels: [channelFor(visitor._id, source)],
              customFields: { ...(visitor.livechatData ?? {}) },
              unknown: !(visitor.activity as unknown[] | undefined)?.length,
          }
        : { _id, name: `Contact ${n}`, emails: [{ address: `contact${n}@example.net` }], channels: [], customFields: {}, unknown: false };
    const contact: Doc = { ...base, createdAt: at, _updatedAt: at, ...rest };
    if (contact.emails) contact.emails = addresses(contact.emails, 'address');
    if (contact.phones) contact.phones = addresses(contact.phones, 'phoneNumber');
    if (!('preRegistration' in rest)) contact.preRegistration = !(contact.channels as unknown[]).length;
    return contact;
}

const keyOf = (visitorId: string, source: Source) => `${visitorId}\u0000${source.type}\u0000${source.id ?? ''}`;

/**
 * Gives rooms the contacts Rocket.Chat would have made for them, as if every room had started in a 7.1+ server
 * in `ts` order: the first room of a visitor and source makes a contact from the visitor and stamps it on that
 * visitor's earlier rooms of that source; every room carries its contact's id and name (`fname`); the contact
 * and its channel keep the newest room as `lastChat`. Rooms older than `since` (the upgrade to 7.1) start without
 * a contact, and keep none unless the visitor came back through that source later; rooms marked before71 never
 * get one. The rooms are updated in place; returns the contacts made. (No pre-registered contact is matched here:
 * use startRoom on a store for that.)
 */
export function withContacts(data: { visitors: Doc[]; rooms: Doc[] }, o: { since?: Date; newId?: () => string } = {}): Doc[] {
    const visitors = new Map(data.visitors.map((v) => [v._id as string, v]));
    const newId = o.newId ?? (() => factoryRng().hex());
    const order = data.rooms.map((room, i) => ({ room, i })).filter(({ room }) => room.t === 'l' && room.v?._id);
    order.sort((a, b) => a.room.ts.getTime() - b.room.ts.getTime() || a.i - b.i);
    const contacts: Doc[] = [];
    const byKey = new Map<string, Doc>();
    const seen = new Map<string, Doc[]>();
    for (const { room } of order) {
        const source = (room.source as Source | undefined) ?? { type: 'other', alias: 'unknown' };
        const key = keyOf(room.v._id, source);
        const earlier = seen.get(key) ?? [];
        seen.set(key, [...earlier, room]);
        if (isBefore71(room) || (o.since && room.ts < o.since)) continue;
        let contact = byKey.get(key);
        if (!contact) {
            const visitor = visitors.get(room.v._id);
            if (!visitor) throw new Error(`withContacts: room ${room._id} has an unknown visitor ${room.v._id}`);
            contact = makeContact({ visitor, source, _id: newId(), createdAt: room.ts });
            byKey.set(key, contact);
            contacts.push(contact);
            for (const old of earlier) {
                if (!isBefore71(old)) Object.assign(old, { contactId: contact._id, fname: contact.name, _updatedAt: room.ts });
            }
        }
        Object.assign(room, { contactId: contact._id, fname: contact.name });
        const lastChat = { _id: room._id, ts: room.ts };
        contact.lastChat = lastChat;
        contact._updatedAt = room.ts;
        contact.channels = (contact.channels as Field[]).map((c) =>
            isSameChannel(c.visitor, { visitorId: room.v._id, source }) ? { ...c, lastChat } : c,
        );
    }
    return contacts;
}

/** contacts.update renaming a contact in Rocket.Chat: its rooms take the name; `unknown` becomes false. */
export function renameContactIn(data: { contacts: Doc[]; rooms: Doc[] }, contactId: string, name: string, at: Date = BASE_TIME): void {
    const contact = data.contacts.find((c) => c._id === contactId);
    if (!contact) throw new Error(`renameContactIn: no contact ${contactId}`);
    Object.assign(contact, { name, unknown: false, _updatedAt: at });
    for (const room of data.rooms) if (room.t === 'l' && room.contactId === contactId) Object.assign(room, { fname: name, _updatedAt: at });
}

/**
 * Enterprise verification merging contacts: each contact's channels are verified by `field`/`value` (as an app's
 * verifyContact does), then the others merge into the survivor (conflict mode), are removed from `contacts`, and
 * their rooms point at the survivor.
 */
export function mergeContactsIn(
    data: { contacts: Doc[]; rooms: Doc[] },
    survivorId: string,
    mergedIds: string[],
    verification: { field: string; value: string; at?: Date },
): Doc {
    const at = verification.at ?? BASE_TIME;
    const byId = (id: string) =>
        data.contacts.find((c) => c._id === id) ??
        (() => {
            throw new Error(`mergeContactsIn: no contact ${id}`);
        })();
    for (const id of [survivorId, ...mergedIds]) {
        const contact = byId(id);
        contact.channels = (contact.channels as Field[]).map((c) => ({
            ...c,
            verified: true,
            verifiedAt: at,
            field: verification.field,
            value: verification.value.toLowerCase(),
        }));
    }
    const survivor = byId(survivorId);
    const snapshot = copyDocument(survivor);
    for (const id of mergedIds) {
        const update = mergeUpdate(fieldsOfContact(byId(id)), snapshot);
        if (update) applyModifier(survivor, update, undefined, undefined, { cloneMode: 'deep' });
    }
    survivor._updatedAt = at;
    data.contacts.splice(0, data.contacts.length, ...data.contacts.filter((c) => !mergedIds.includes(c._id)));
    for (const room of data.rooms) if (mergedIds.includes(room.contactId)) Object.assign(room, { contactId: survivorId, _updatedAt: at });
    return survivor;
}

/** The kinds of contacts a seeded data set holds, for tests and the preview to find. */
export interface ContactCases {
    /** Rocket.Chat 7.1 reached the workspace then: older rooms were made without a contact. */
    since: Date;
    /** Visitors who wrote through the widget and later to the e-mail inbox or through WhatsApp: one contact per source. */
    twoSources: string[];
    /** Contacts Enterprise verification merged: one contact with both channels, widget and e-mail (the other is gone). */
    merged: string[];
    /** Contacts an agent renamed in Rocket.Chat: their rooms' `fname` follows, the visitor keeps the old name. */
    renamed: string[];
    /** Contacts created in Rocket.Chat that never chatted (pre-registered, no channel). */
    preRegistered: string[];
    /** Rooms from before 7.1 whose visitor never came back through that source: no contactId. */
    withoutContact: string[];
}

const MIDDLE = ['A.', 'B.', 'C.', 'M.', 'R.', 'S.'];

/**
 * Contacts for a seeded data set, with each case of ContactCases: the upgrade date is chosen so that a few
 * visitors never came back after it (their rooms keep no contact); some visitors' later rooms come through the
 * e-mail inbox (a second contact), a third of those were merged; some contacts were renamed; a few were created
 * in Rocket.Chat and never chatted. Uses its own generator, so the rest of the data set is unchanged by it.
 */
export function contactsForDataset(
    data: { visitors: Doc[]; rooms: Doc[] },
    o: { seed: number; since?: Date; at?: Date },
): { contacts: Doc[]; cases: ContactCases } {
    const r = seeded(o.seed * 7919 + 17);
    const at = o.at ?? BASE_TIME;
    const roomsOf = new Map<string, Doc[]>();
    for (const room of data.rooms) roomsOf.set(room.v._id, [...(roomsOf.get(room.v._id) ?? []), room]);
    const newest = (id: string) => Math.max(...roomsOf.get(id)!.map((room) => room.ts.getTime()));
    const withRooms = [...roomsOf.keys()].sort((a, b) => newest(a) - newest(b));
    const legacy = withRooms.slice(0, Math.max(1, Math.round(withRooms.length * 0.02)));
    const defaultSince = new Date(at.getTime() - 300 * 86_400_000);
    const since = o.since ?? new Date(Math.max(defaultSince.getTime(), legacy.length ? newest(legacy[legacy.length - 1]) + 60_000 : 0));

    const visitorById = new Map(data.visitors.map((v) => [v._id as string, v]));
    const candidates = withRooms.filter(
        (id) => newest(id) >= since.getTime() && roomsOf.get(id)!.length >= 2 && visitorById.get(id)?.visitorEmails?.length,
    );
    const twoSources = candidates.filter(() => r.next() < 0.06);
    if (!twoSources.length && candidates.length) twoSources.push(candidates[0]);
    // Their later rooms come through the e-mail inbox, or (one visitor in three) through a WhatsApp app.
    const secondSource = (i: number) => (i % 3 === 2 ? WHATSAPP_APP : EMAIL_INBOX);
    twoSources.forEach((id, i) => {
        const rooms = [...roomsOf.get(id)!].sort((a, b) => a.ts.getTime() - b.ts.getTime());
        for (const room of rooms.slice(Math.ceil(rooms.length / 2))) room.source = { ...secondSource(i) };
    });

    const contacts = withContacts(data, { since, newId: () => r.hex() });
    const contactOf = (visitorId: string, type: string) =>
        contacts.find((c) => (c.channels as Field[]).some((ch) => ch.visitor.visitorId === visitorId && ch.visitor.source.type === type));
    const merged: string[] = [];
    twoSources.forEach((visitorId, i) => {
        const [widget, email] = [contactOf(visitorId, 'widget'), contactOf(visitorId, secondSource(i).type)];
        if (i % 3 !== 0 || !widget || !email) return;
        const address = visitorById.get(visitorId)!.visitorEmails[0].address as string;
        mergeContactsIn({ contacts, rooms: data.rooms }, widget._id, [email._id], { field: 'email', value: address, at });
        merged.push(widget._id);
    });
    const renamed = contacts.filter((c) => !merged.includes(c._id) && r.next() < 0.04).map((c) => c._id as string);
    if (!renamed.length && contacts.length) renamed.push(contacts[contacts.length - 1]._id);
    for (const id of renamed) {
        const name = String(contacts.find((c) => c._id === id)!.name).split(' ');
        renameContactIn({ contacts, rooms: data.rooms }, id, [name[0], r.pick(MIDDLE), ...name.slice(1)].join(' '), at);
    }
    const preRegistered = Array.from({ length: 3 }, (_, i) => {
        const contact = makeContact({ _id: r.hex(), name: `Lead ${i + 1}`, emails: [`lead${i + 1}@example.net`], createdAt: at });
        contacts.push(contact);
        return contact._id as string;
    });
    const withoutContact = data.rooms.filter((room) => room.t === 'l' && !room.contactId).map((room) => room._id as string);
    return { contacts, cases: { since, twoSources, merged, renamed, preRegistered, withoutContact } };
}
