import { Collections, Doc, Store } from './store/Store';

// Rocket.Chat-shaped documents (users, rocketchat_livechat_visitor, rocketchat_room, rocketchat_message, ...).
// Everything is deterministic: ids and times come from a seeded generator, so a failing test reproduces.

import { contactsForDataset, markBefore71, type ContactCases } from './contactFactories';
import { BASE_TIME, factoryRng, minutesAfter, nextNo, resetFactories, type Partial2 } from './factoryCore';
import type { Source } from './rocketchat/contactModel';

export { BASE_TIME, resetFactories, seeded } from './factoryCore';
export type { ContactCases } from './contactFactories';
export type { Source } from './rocketchat/contactModel';
export {
    BEFORE_7_1,
    contactsForDataset,
    EMAIL_INBOX,
    WHATSAPP_APP,
    WIDGET,
    isBefore71,
    makeContact,
    markBefore71,
    mergeContactsIn,
    renameContactIn,
    withContacts,
} from './contactFactories';

// ---------- users ----------
export function makeUser(o: Partial2<Doc> = {}): Doc {
    const n = nextNo();
    const username = (o.username as string) ?? `user${n}`;
    return {
        _id: factoryRng().id(),
        createdAt: BASE_TIME,
        _updatedAt: BASE_TIME,
        username,
        name: `User ${n}`,
        type: 'user',
        active: true,
        status: 'online',
        statusConnection: 'online',
        utcOffset: 0,
        roles: ['user'],
        emails: [{ address: `${username}@example.com`, verified: true }],
        settings: { preferences: { language: 'en' } },
        ...o,
    };
}
export const makeAgent = (o: Partial2<Doc> = {}) => makeUser({ roles: ['user', 'livechat-agent'], statusLivechat: 'available', ...o });
export const makeManager = (o: Partial2<Doc> = {}) =>
    makeUser({ roles: ['user', 'livechat-agent', 'livechat-manager'], statusLivechat: 'available', ...o });
export const makeAdmin = (o: Partial2<Doc> = {}) => makeUser({ username: 'admin', name: 'Administrator', roles: ['user', 'admin'], ...o });

// ---------- departments, tags, custom fields ----------
export function makeDepartment(o: Partial2<Doc> = {}): Doc {
    const n = nextNo();
    return {
        _id: factoryRng().id(),
        name: `Department ${n}`,
        enabled: true,
        showOnRegistration: true,
        showOnOfflineForm: true,
        numAgents: 1,
        email: `dept${n}@example.com`,
        description: '',
        type: 'd',
        _updatedAt: BASE_TIME,
        agentIds: [],
        ...o,
    };
}
export const makeTag = (name: string, departments: string[] = []): Doc => ({ _id: factoryRng().id(), name, description: '', departments });
export const makeCustomField = (key: string, scope: 'visitor' | 'room' = 'visitor', o: Partial2<Doc> = {}): Doc => ({
    _id: key,
    label: key,
    scope,
    visibility: 'visible',
    type: 'input',
    required: false,
    ...o,
});

// ---------- visitors ----------
export function makeVisitor(o: Partial2<Doc> = {}): Doc {
    const n = nextNo();
    return {
        _id: factoryRng().id(),
        username: `guest-${n}`,
        token: factoryRng().id(24),
        name: `Visitor ${n}`,
        ts: BASE_TIME,
        _updatedAt: BASE_TIME,
        status: 'offline',
        visitorEmails: [{ address: `visitor${n}@example.org` }],
        phone: [{ phoneNumber: `+1555010${String(n).padStart(4, '0')}` }],
        ...o,
    };
}

/** The visitors real workspaces have and naive code trips over. */
export function tricksyVisitors(): Record<string, Doc> {
    return {
        jose: makeVisitor({
            name: 'José Álvarez-Núñez',
            visitorEmails: [{ address: 'jose@example.com' }, { address: 'jose.alvarez@work.example' }, { address: 'JOSE@Example.com' }],
            phone: [{ phoneNumber: '+55 11 98765-4321' }, { phoneNumber: '+5511987654321' }],
        }),
        markdown: makeVisitor({ name: '*Bold* _Italic_ `code` [link](http://x.invalid)', visitorEmails: [{ address: 'md@example.com' }] }),
        mention: makeVisitor({ name: '@all @here Maria', visitorEmails: [{ address: 'maria@example.com' }] }),
        usPhone: makeVisitor({ name: 'Bob Smith', visitorEmails: [], phone: [{ phoneNumber: '(415) 555-0100' }] }),
        intlPhone: makeVisitor({
            name: 'Jürgen Groß',
            visitorEmails: [{ address: 'juergen@example.de' }],
            phone: [{ phoneNumber: '004915112345678' }],
        }),
        nothing: makeVisitor({ name: 'Anonymous', visitorEmails: undefined, phone: undefined }),
        disabled: makeVisitor({ name: 'Disabled Dora', disabled: true }),
    };
}

// ---------- rooms and messages ----------
export interface RoomInput {
    visitor: Doc;
    agent?: Doc;
    department?: Doc;
    open?: boolean;
    ts?: Date;
    durationMinutes?: number;
    tags?: string[];
    closedBy?: Doc;
    lastMessage?: Doc;
    /** The room's contact (7.1+): its id becomes `contactId`, a contact document also names the room (`fname`). */
    contact?: Doc | string;
    /** Where the chat came from (default the widget), e.g. EMAIL_INBOX or { type: 'app', id, alias, label }. */
    source?: Source;
    /** A room from before Rocket.Chat 7.1: no contactId, and nothing in the host gives it one (see BEFORE_7_1). */
    before71?: boolean;
    [key: string]: unknown;
}

/**
 * A livechat room. Closed rooms carry closedAt/closedBy/closer and NO `open` field: the server unsets it. Without
 * `contact` the room has no contactId, like a room Rocket.Chat has not given one yet: host.rocketChat.startRoom
 * (or rocketChatStore.startRoom on a store) starts it as Rocket.Chat 7.1+ does, withContacts gives a whole data set
 * theirs. `before71: true` makes a room that neither of them gives a contact.
 */
export function makeLivechatRoom(input: RoomInput): Doc {
    const {
        visitor,
        agent,
        department,
        open = true,
        ts = BASE_TIME,
        durationMinutes = 15,
        tags,
        closedBy,
        lastMessage,
        contact,
        source = { type: 'widget' },
        before71 = false,
        ...rest
    } = input;
    if (before71 && contact) throw new Error('makeLivechatRoom: a room from before 7.1 has no contact');
    const closedAt = minutesAfter(ts, durationMinutes);
    const contactDoc = typeof contact === 'object' ? contact : undefined;
    const room: Doc = {
        _id: factoryRng().id(),
        t: 'l',
        fname: contactDoc?.name ?? visitor.name,
        msgs: 0,
        usersCount: agent ? 2 : 1,
        ts,
        lm: open ? ts : closedAt,
        _updatedAt: open ? ts : closedAt,
        v: { _id: visitor._id, username: visitor.username, token: visitor.token, status: open ? 'online' : 'offline', name: visitor.name },
        cl: false,
        source,
        ...(contact && { contactId: typeof contact === 'string' ? contact : contact._id }),
        waitingResponse: open && !agent ? true : undefined,
        ...(agent && {
            servedBy: { _id: agent._id, username: agent.username, ts },
            responseBy: { _id: agent._id, username: agent.username, firstResponseTs: ts },
        }),
        ...(department && { departmentId: department._id }),
        ...(tags && { tags }),
        ...(lastMessage && { lastMessage }),
        ...rest,
    };
    if (open) room.open = true;
    else {
        const closer = closedBy ?? agent;
        Object.assign(room, {
            closedAt,
            closer: closer ? 'user' : 'visitor',
            closedBy: closer ? { _id: closer._id, username: closer.username } : { _id: visitor._id, username: visitor.username },
            chatDuration: durationMinutes * 60,
        });
    }
    for (const key of Object.keys(room)) if (room[key] === undefined) delete room[key];
    return before71 ? markBefore71(room) : room;
}

export function makeMessage(o: { room: Doc; from: Doc; text?: string; ts?: Date; system?: string; [k: string]: unknown }): Doc {
    const { room, from, text = `message ${nextNo()}`, ts = room.ts ?? BASE_TIME, system, ...rest } = o;
    const isVisitor = typeof from.token === 'string';
    return {
        _id: factoryRng().id(),
        rid: room._id,
        msg: text,
        ts,
        _updatedAt: ts,
        u: { _id: from._id, username: from.username, name: from.name },
        ...(isVisitor && { token: from.token }),
        ...(system && { t: system }),
        groupable: false,
        ...rest,
    };
}

// ---------- larger seeded data sets ----------
const FIRST = ['Ana', 'José', 'Zoë', 'Łukasz', 'Mei', 'Søren', 'Chloé', 'Ömer', 'Priya', 'Seán', 'María', 'Nguyễn'];
const LAST = ['Silva', 'Müller', 'García', 'Kowalski', 'Sato', "O'Brien", 'Nakamura', 'Dubois', 'Rossi', 'Øster'];

export interface Dataset {
    agents: Doc[];
    managers: Doc[];
    departments: Doc[];
    visitors: Doc[];
    rooms: Doc[];
    messages: Doc[];
    /** Rocket.Chat 7.1+ contacts of those rooms (empty unless generated with `contacts: true`). */
    contacts: Doc[];
    /** Where each kind of contact is (two sources, merged, renamed, pre-registered, rooms without contact). */
    contactCases?: ContactCases;
}

/**
 * Thousands of visitors / rooms / messages, same output for the same seed. Roughly 1 room in 5 stays open. With
 * `contacts: true`, the rooms carry the contacts Rocket.Chat 7.1+ made for them (see contactsForDataset): the
 * visitors, messages and room ids are the same as without, some later rooms come through the e-mail inbox, some
 * contacts are renamed (their rooms' `fname` follows) and the oldest rooms keep no contact.
 */
export function generateDataset(
    o: {
        seed?: number;
        visitors?: number;
        rooms?: number;
        agents?: number;
        departments?: number;
        messagesPerRoom?: number;
        /** Rocket.Chat 7.1+ contacts (default false: the rooms of earlier data sets, without contactId). */
        contacts?: boolean;
        /** When the workspace reached 7.1 (default: chosen so that a few visitors never came back since). */
        contactsSince?: Date;
    } = {},
): Dataset {
    const { seed = 7, visitors: nv = 1000, rooms: nr = 2000, agents: na = 10, departments: nd = 3, messagesPerRoom = 3 } = o;
    resetFactories(seed);
    const r = factoryRng();
    const departments = Array.from({ length: nd }, (_, i) => makeDepartment({ name: `Dept ${i + 1}` }));
    const agents = Array.from({ length: na }, (_, i) => makeAgent({ username: `agent${i + 1}`, name: `Agent ${i + 1}` }));
    const managers = [makeManager({ username: 'manager1', name: 'Manager One' })];
    const visitors = Array.from({ length: nv }, (_, i) => {
        const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
        const slug = name
            .normalize('NFD')
            .replace(/[^a-zA-Z]/g, '')
            .toLowerCase();
        const hasEmail = r.next() < 0.85;
        const hasPhone = r.next() < 0.6;
        return makeVisitor({
            name,
            username: `guest-${i + 1}`,
            visitorEmails: hasEmail ? [{ address: `${slug}${i}@example.com` }] : undefined,
            phone: hasPhone
                ? [{ phoneNumber: r.pick(['+1 415 555 ', '+55 11 9', '(212) 555-', '0049 151 ']) + String(1000 + i) }]
                : undefined,
        });
    });
    const rooms: Doc[] = [];
    const messages: Doc[] = [];
    for (let i = 0; i < nr; i++) {
        const visitor = r.pick(visitors);
        const agent = r.pick(agents);
        const ts = minutesAfter(BASE_TIME, -r.int(60 * 24 * 365));
        const room = makeLivechatRoom({
            visitor,
            agent,
            department: r.pick(departments),
            open: r.next() < 0.2,
            ts,
            durationMinutes: 1 + r.int(90),
            tags: r.next() < 0.5 ? [r.pick(['sales', 'support', 'billing', 'vip'])] : undefined,
        });
        for (let m = 0; m < messagesPerRoom; m++) {
            messages.push(makeMessage({ room, from: m % 2 ? agent : visitor, ts: minutesAfter(ts, m) }));
        }
        if (messagesPerRoom) room.lastMessage = messages[messages.length - 1];
        room.msgs = messagesPerRoom;
        rooms.push(room);
    }
    if (!o.contacts) return { agents, managers, departments, visitors, rooms, messages, contacts: [] };
    const { contacts, cases } = contactsForDataset({ visitors, rooms }, { seed, since: o.contactsSince });
    return { agents, managers, departments, visitors, rooms, messages, contacts, contactCases: cases };
}

/** Inserts a dataset (or any lists of documents) into the right collections. */
export async function seedStore(store: Store, data: Partial<Dataset> & { users?: Doc[] }): Promise<void> {
    const users = [...(data.users ?? []), ...(data.agents ?? []), ...(data.managers ?? [])];
    if (users.length) await store.collection(Collections.users).insertMany(users);
    if (data.departments?.length) await store.collection(Collections.departments).insertMany(data.departments);
    if (data.visitors?.length) await store.collection(Collections.visitors).insertMany(data.visitors);
    if (data.contacts?.length) await store.collection(Collections.contacts).insertMany(data.contacts);
    if (data.rooms?.length) await store.collection(Collections.rooms).insertMany(data.rooms);
    if (data.messages?.length) await store.collection(Collections.messages).insertMany(data.messages);
}
