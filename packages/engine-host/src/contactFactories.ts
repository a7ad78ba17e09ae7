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
    const order = data.rooms
        .map((room, i) => ({ room, i, ts: (room.ts as Date).getTime() }))
        .filter(({ room }) => room.t === 'l' && room.v?._id);
    order.sort((a, b) => a.ts - b.ts || a.i - b.i);
    const since = o.since?.getTime() ?? -Infinity;
    const contacts: Doc[] = [];
    const byKey = new Map<string, Doc>();
    /** The rooms of each visitor and source met so far, without a contact yet. */
    const waiting = new Map<string, Doc[]>();
    for (const { room, ts } of order) {
        const source = (room.source as Source | undefined) ?? { type: 'other', alias: 'unknown' };
        const key = keyOf(room.v._id, source);
        let contact = byKey.get(key);
        if (isBefore71(room) || ts < since) {
            if (!contact && !isBefore71(room)) {
                const list = waiting.get(key);
                if (list) list.push(room);
                else waiting.set(key, [room]);
            }
            continue;
        }
        if (!contact) {
            const visitor = visitors.get(room.v._id);
            if (!visitor) throw new Error(`withContacts: room ${room._id} has an unknown visitor ${room.v._id}`);
            contact = makeContact({ visitor, source, _id: newId(), createdAt: room.ts });
            byKey.set(key, contact);
            contacts.push(contact);
            for (const old of waiting.get(key) ?? [])
                Object.assign(old, { contactId: contact._id, fname: contact.name, _updatedAt: room.ts });
            waiting.delete(key);
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

/** The rooms of renamed contacts take their new names (one pass, whatever the number of contacts). */
function renameRooms(rooms: Doc[], names: ReadonlyMap<string, string>, at: Date): void {
    for (const room of rooms) {
        const name = room.t === 'l' ? names.get(room.contactId) : undefined;
        if (name !== undefined) Object.assign(room, { fname: name, _updatedAt: at });
    }
}

/** contacts.update renaming a contact in Rocket.Chat: its rooms take the name; `unknown` becomes false. */
export function renameContactIn(data: { contacts: Doc[]; rooms: Doc[] }, contactId: string, name: string, at: Date = BASE_TIME): void {
    const contact = data.contacts.find((c) => c._id === contactId);
    if (!contact) throw new Error(`renameContactIn: no contact ${contactId}`);
    Object.assign(contact, { name, unknown: false, _updatedAt: at });
    renameRooms(data.rooms, new Map([[contactId, name]]), at);
}

interface Verification {
    field: string;
    value: string;
    at?: Date;
}

/**
 * The contacts' side of an Enterprise merge: every channel of the survivor and of the merged contacts is verified by
 * `field`/`value`, then the merged contacts' fields go into the survivor as it was before (conflict mode).
 */
function verifyAndMerge(byId: ReadonlyMap<string, Doc>, survivorId: string, mergedIds: string[], verification: Verification): Doc {
    const at = verification.at ?? BASE_TIME;
    const get = (id: string) => {
        const contact = byId.get(id);
        if (!contact) throw new Error(`mergeContactsIn: no contact ${id}`);
        return contact;
    };
    for (const id of [survivorId, ...mergedIds]) {
        const contact = get(id);
        contact.channels = (contact.channels as Field[]).map((c) => ({
            ...c,
            verified: true,
            verifiedAt: at,
            field: verification.field,
            value: verification.value.toLowerCase(),
        }));
    }
    const survivor = get(survivorId);
    const snapshot = copyDocument(survivor);
    for (const id of mergedIds) {
        const update = mergeUpdate(fieldsOfContact(get(id)), snapshot);
        if (update) applyModifier(survivor, update, undefined, undefined, { cloneMode: 'deep' });
    }
    survivor._updatedAt = at;
    return survivor;
}

/** Rooms of merged contacts point at their survivors (one pass); their `fname` stays. */
function repointRooms(rooms: Doc[], survivors: ReadonlyMap<string, string>, at: Date): void {
    for (const room of rooms) {
        const survivorId = room.contactId ? survivors.get(room.contactId) : undefined;
        if (survivorId) Object.assign(room, { contactId: survivorId, _updatedAt: at });
    }
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
    verification: Verification,
): Doc {
    const survivor = verifyAndMerge(new Map(data.contacts.map((c) => [c._id, c])), survivorId, mergedIds, verification);
    const gone = new Set(mergedIds);
    data.contacts.splice(0, data.contacts.length, ...data.contacts.filter((c) => !gone.has(c._id)));
    repointRooms(data.rooms, new Map(mergedIds.map((id) => [id, survivorId])), verification.at ?? BASE_TIME);
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
    for (const room of data.rooms) {
        const list = roomsOf.get(room.v._id);
        if (list) list.push(room);
        else roomsOf.set(room.v._id, [room]);
    }
    const newestOf = new Map([...roomsOf].map(([id, rooms]) => [id, Math.max(...rooms.map((room) => room.ts.getTime()))]));
    const newest = (id: string) => newestOf.get(id)!;
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

    let contacts = withContacts(data, { since, newId: () => r.hex() });
    const byChannel = new Map<string, Doc>();
    for (const c of contacts)
        for (const ch of c.channels as Field[]) byChannel.set(`${ch.visitor.visitorId}\u0000${ch.visitor.source.type}`, c);
    const byId = new Map(contacts.map((c) => [c._id as string, c]));
    const merged: string[] = [];
    const survivors = new Map<string, string>();
    twoSources.forEach((visitorId, i) => {
        const widget = byChannel.get(`${visitorId}\u0000widget`);
        const second = byChannel.get(`${visitorId}\u0000${secondSource(i).type}`);
        if (i % 3 !== 0 || !widget || !second) return;
        const address = visitorById.get(visitorId)!.visitorEmails[0].address as string;
        verifyAndMerge(byId, widget._id, [second._id], { field: 'email', value: address, at });
        survivors.set(second._id, widget._id);
        merged.push(widget._id);
    });
    contacts = contacts.filter((c) => !survivors.has(c._id));
    repointRooms(data.rooms, survivors, at);

    const mergedSet = new Set(merged);
    const renamed = contacts.filter((c) => !mergedSet.has(c._id) && r.next() < 0.04).map((c) => c._id as string);
    if (!renamed.length && contacts.length) renamed.push(contacts[contacts.length - 1]._id);
    const names = new Map<string, string>();
    for (const id of renamed) {
        const contact = byId.get(id)!;
        const words = String(contact.name).split(' ');
        const name = [words[0], r.pick(MIDDLE), ...words.slice(1)].join(' ');
        Object.assign(contact, { name, unknown: false, _updatedAt: at });
        names.set(id, name);
    }
    renameRooms(data.rooms, names, at);
    const preRegistered = Array.from({ length: 3 }, (_, i) => {
        const contact = makeContact({ _id: r.hex(), name: `Lead ${i + 1}`, emails: [`lead${i + 1}@example.net`], createdAt: at });
        contacts.push(contact);
        return contact._id as string;
    });
    const withoutContact = data.rooms.filter((room) => room.t === 'l' && !room.contactId).map((room) => room._id as string);
    return { contacts, cases: { since, twoSources, merged, renamed, preRegistered, withoutContact } };
}
