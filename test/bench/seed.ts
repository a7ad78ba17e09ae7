import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { byClosedAt, summarizeChat, type Chat } from '../../src/domain/chat';
import { EMPTY_EXTRA, byRecency, summarize, type Contact } from '../../src/domain/contact';
import { Assoc } from '../../src/store/associations';
import { ChatRepository, RecentChats } from '../../src/store/ChatRepository';
import { ContactRepository } from '../../src/store/ContactRepository';
import { RECENT_CAPACITY, type RecentList } from '../../src/store/RecentList';
import { RecentContacts } from '../../src/store/RecentContacts';
import type { Scope } from '../../src/domain/access';
import {
    Collections,
    contactsForDataset,
    makeAgent,
    makeDepartment,
    makeLivechatRoom,
    makeManager,
    makeMessage,
    makeVisitor,
    seeded,
    type Doc,
    type Store,
} from '@contact-center/engine-host';

/**
 * A workspace after the app has indexed it: Rocket.Chat's documents (visitors, contacts, closed rooms) and the app's
 * records, written with the app's own repositories so their shape and associations are exactly the app's.
 * Deterministic for a given size, except that its times end at the current hour.
 */
export interface Workspace {
    agents: Doc[];
    manager: Doc;
    departments: Doc[];
    visitors: Doc[];
    /** A closed room with 10,000 messages. */
    longRoom: Doc;
}

const FIRST = [
    'Ana',
    'José',
    'Maria',
    'João',
    'Lucas',
    'Sofia',
    'Chloé',
    'Ömer',
    'Priya',
    'Seán',
    'Mei',
    'Zoë',
    'Liam',
    'Noah',
    'Emma',
    'Olivia',
    'Mateo',
    'Aisha',
    'Yuki',
    'Ivan',
    'Fatima',
    'Hugo',
    'Léa',
    'Pedro',
    'Sara',
    'Tomás',
    'Nina',
    'Omar',
    'Elena',
    'Kai',
];
const LAST = [
    'Silva',
    'Santos',
    'Oliveira',
    'Souza',
    'Müller',
    'García',
    'Kowalski',
    'Sato',
    "O'Brien",
    'Nakamura',
    'Dubois',
    'Rossi',
    'Øster',
    'Nguyen',
    'Kim',
    'Smith',
    'Jones',
    'Brown',
    'Costa',
    'Pereira',
    'Almeida',
    'Lima',
    'Gomes',
    'Ribeiro',
    'Martins',
    'Carvalho',
    'Rocha',
    'Dias',
    'Moreira',
    'Nunes',
];
const TAGS = ['sales', 'support', 'billing', 'vip', 'refund', 'bug'];
const YEAR_MS = 365 * 24 * 3600_000;

/** Writes straight into the host store as the host's persistence bridge would. */
function directPersistence(store: Store, appId: string): IPersistence {
    const col = store.collection(Collections.persistence);
    const plain = (a: RocketChatAssociationRecord[]) =>
        a.map((r) => ({ model: (r as unknown as { model: string }).model, id: (r as unknown as { id: string }).id }));
    return {
        createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[]) =>
            col.insertOne({ appId, associations: plain(associations), data }),
        updateByAssociation: async (association: RocketChatAssociationRecord, data: object) =>
            col.insertOne({ appId, associations: plain([association]), data }),
        removeByAssociation: async () => [],
    } as unknown as IPersistence;
}

export async function seedWorkspace(
    store: Store,
    appId: string,
    size: { contacts: number; chats: number },
    log: (line: string) => void,
): Promise<Workspace> {
    const rng = seeded(2026);
    // Chats end at the start of the current hour: the app measures recency against the real clock.
    const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const agents = Array.from({ length: 50 }, (_, i) => makeAgent({ username: `agent${i + 1}`, name: `Agent ${i + 1}` }));
    const manager = makeManager({ username: 'manager' });
    const departments = Array.from({ length: 5 }, (_, i) => makeDepartment({ name: `Department ${i + 1}` }));
    await store.collection(Collections.users).insertMany([...agents, manager]);
    await store.collection(Collections.departments).insertMany(departments);

    const visitors: Doc[] = [];
    const contacts: Contact[] = [];
    for (let i = 0; i < size.contacts; i++) {
        const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
        const email = `${name
            .normalize('NFD')
            .replace(/[^A-Za-z]/g, '')
            .toLowerCase()}${i}@example.com`;
        const phone = `+55119${String(10000000 + i).slice(-8)}`;
        const visitor = makeVisitor({ name, username: `guest-${i}`, visitorEmails: [{ address: email }], phone: [{ phoneNumber: phone }] });
        visitors.push(visitor);
        contacts.push({
            id: visitor._id,
            keyedBy: 'visitor',
            name,
            emails: [email],
            phones: [phone],
            customFields: {},
            channels: [{ visitorId: visitor._id, type: 'widget', token: visitor.token, username: visitor.username }],
            closedRoomIds: [],
            servedBy: [],
            extra: EMPTY_EXTRA,
            revision: 1,
            updatedAt: new Date(now).toISOString(),
        });
    }
    await store.collection(Collections.visitors).insertMany(visitors);
    log(`  visitors: ${visitors.length}`);

    const persistence = directPersistence(store, appId);
    const rooms: Doc[] = [];
    const chats: Chat[] = [];
    for (let i = 0; i < size.chats; i++) {
        const c = i < contacts.length ? i : rng.int(contacts.length);
        const contact = contacts[c];
        const agent = agents[(c * 7 + rng.int(3)) % agents.length];
        const department = departments[c % departments.length];
        const ts = new Date(now - rng.int(2 * YEAR_MS));
        const room = makeLivechatRoom({
            visitor: visitors[c],
            agent,
            department,
            open: false,
            ts,
            durationMinutes: 1 + rng.int(60),
            msgs: 6,
        });
        rooms.push(room);
        const closedAt = (room.closedAt as Date).toISOString();
        const tags = rng.next() < 0.3 ? [rng.pick(TAGS)] : [];
        chats.push({
            roomId: room._id,
            contactId: contact.id,
            contactName: contact.name,
            agentId: agent._id,
            agentName: agent.username,
            departmentId: department._id,
            source: 'widget',
            coreTags: tags,
            tags: [],
            tagHistory: [],
            startedAt: ts.toISOString(),
            closedAt,
            closedBy: agent.username,
            messageCount: 6,
            revision: 1,
        });
        contact.closedRoomIds.push(room._id);
        if (!contact.servedBy.includes(agent._id)) contact.servedBy.push(agent._id);
        contact.lastChatAt = !contact.lastChatAt || contact.lastChatAt < closedAt ? closedAt : contact.lastChatAt;
        contact.firstChatAt = !contact.firstChatAt || contact.firstChatAt > ts.toISOString() ? ts.toISOString() : contact.firstChatAt;
    }
    // Rocket.Chat 7.1+ contacts of those rooms: some people's later rooms came by e-mail or WhatsApp (a contact per
    // source, some merged), some contacts were renamed in Rocket.Chat, the oldest rooms have none. The app's records
    // follow the rooms' sources.
    const { contacts: rocketChatContacts } = contactsForDataset({ visitors, rooms }, { seed: 2026, at: new Date(now) });
    rooms.forEach((room, i) => (chats[i].source = room.source.type));
    const sources = new Map<string, Set<string>>();
    for (const chat of chats) sources.set(chat.contactId, (sources.get(chat.contactId) ?? new Set()).add(chat.source!));
    for (const contact of contacts) {
        const { visitorId, token, username } = contact.channels[0];
        contact.channels = [...(sources.get(contact.id) ?? ['widget'])].map((type) => ({ visitorId, type, token, username }));
    }
    await store.collection(Collections.contacts).insertMany(rocketChatContacts);
    log(`  Rocket.Chat contacts: ${rocketChatContacts.length}`);

    const longRoom = rooms[0];
    await store.collection(Collections.rooms).insertMany(rooms);
    await store.collection(Collections.rooms).updateOne({ _id: longRoom._id }, { $set: { msgs: 10_000 } });
    await store.collection(Collections.messages).insertMany(
        Array.from({ length: 10_000 }, (_, m) =>
            makeMessage({
                room: longRoom,
                from: m % 2 ? agents[0] : visitors[0],
                text: `message ${m + 1}`,
                ts: new Date((longRoom.ts as Date).getTime() + m * 1000),
            }),
        ),
    );
    log(`  rooms: ${rooms.length} (one with 10,000 messages)`);

    // Seeding writes blind: the claims of a save see no other writer (see src/store/claims.ts).
    const blind = { readByAssociation: async () => [] } as unknown as IPersistenceRead;
    for (const contact of contacts) await new ContactRepository(blind).save(persistence, contact);
    log(`  contact records: ${contacts.length}`);
    for (const chat of chats) await new ChatRepository(blind).save(persistence, chat);
    log(`  chat records: ${chats.length}`);

    // The recent lists, as the app keeps them: the newest entries of each scope.
    const recent = async <T>(list: RecentList<T>, scope: Scope, entries: T[], order: (a: T, b: T) => number) =>
        list.recordMany(
            persistence,
            entries
                .sort(order)
                .slice(0, RECENT_CAPACITY)
                .map((entry) => ({ scopes: [scope], entry, revision: 1 })),
        );
    const [recentContacts, recentChats] = [new RecentContacts(blind), new RecentChats(blind)];
    await recent(recentContacts, { kind: 'all' }, contacts.map(summarize), byRecency);
    await recent(recentChats, { kind: 'all' }, chats.map(summarizeChat), byClosedAt);
    for (const agent of agents) {
        const scope: Scope = { kind: 'agent', agentId: agent._id };
        await recent(recentContacts, scope, contacts.filter((c) => c.servedBy.includes(agent._id)).map(summarize), byRecency);
        await recent(recentChats, scope, chats.filter((c) => c.agentId === agent._id).map(summarizeChat), byClosedAt);
    }
    await persistence.updateByAssociation(
        Assoc.job('cc-backfill'),
        {
            skip: rooms.length,
            indexed: rooms.length,
            done: true,
            startedAt: new Date(now).toISOString(),
            updatedAt: new Date(now).toISOString(),
        },
        true,
    );
    return { agents, manager, departments, visitors, longRoom };
}
