import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { byClosedAt, summarizeChat, type Chat } from '../../src/domain/chat';
import type { ILivechatContact } from '@rocket.chat/apps-engine/definition/livechat';
import { byRecency, summarize, type Contact } from '../../src/domain/contact';
import { entryFromContact, entryFromVisitor, withRoom, type RoomOfContact, type VisitorData } from '../../src/domain/directory';
import { contactOf } from '../../src/host/contacts';
import { DIRECTORY_SHAPE } from '../../src/services/backfill';
import { KEYS_SHAPE } from '../../src/domain/searchKeys';
import { REKEY_JOB } from '../../src/services/keysReady';
import { Assoc } from '../../src/store/associations';
import { ChatRepository, RecentChats } from '../../src/store/ChatRepository';
import { ContactRepository, SHARDS } from '../../src/store/ContactRepository';
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
    /** The first visitors (the actions' examples). The others are in the store only: held here, the seed's millions of
     * objects would stay on the host's heap and lengthen every collection during the timed actions. */
    visitors: Doc[];
    /** A closed room with 10,000 messages. */
    longRoom: Doc;
    /** The directory entry of a visitor's first room (its Rocket.Chat contact's, or the visitor's own). */
    entryOf: (visitor: Doc) => Contact;
}

/** Visitors the workspace keeps as examples for the actions. */
const EXAMPLE_VISITORS = 10;

/** Outside seedWorkspace, so that the function it returns keeps only the examples' entries alive. */
const entryLookup =
    (entries: Map<string, Contact>) =>
    (visitor: Doc): Contact =>
        entries.get(visitor._id as string)!;

/** A visitor document as the app reads it (host/visitors.ts). */
function visitorData(visitor: Doc): VisitorData {
    return {
        id: visitor._id,
        token: visitor.token,
        username: visitor.username,
        name: visitor.name,
        emails: ((visitor.visitorEmails ?? []) as { address: string }[]).map((e) => e.address),
        phones: ((visitor.phone ?? []) as { phoneNumber: string }[]).map((p) => p.phoneNumber),
        customFields: {},
    };
}

/** A closed room document as the app reads it (host/rooms.ts). */
function roomOf(room: Doc): RoomOfContact {
    return {
        id: room._id,
        visitorId: room.v._id,
        visitorToken: room.v.token,
        visitorUsername: room.v.username,
        open: false,
        agentId: room.servedBy?._id,
        departmentId: room.departmentId,
        source: room.source?.type,
        ...(room.source?.label ? { sourceLabel: room.source.label } : {}),
        startedAt: (room.ts as Date).toISOString(),
        closedAt: (room.closedAt as Date).toISOString(),
    };
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
    for (let i = 0; i < size.contacts; i++) {
        const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
        const email = `${name
            .normalize('NFD')
            .replace(/[^A-Za-z]/g, '')
            .toLowerCase()}${i}@example.com`;
        const phone = `+55119${String(10000000 + i).slice(-8)}`;
        visitors.push(makeVisitor({ name, username: `guest-${i}`, visitorEmails: [{ address: email }], phone: [{ phoneNumber: phone }] }));
    }
    await store.collection(Collections.visitors).insertMany(visitors);
    log(`  visitors: ${visitors.length}`);

    const persistence = directPersistence(store, appId);
    const rooms: Doc[] = [];
    const tagsOf: string[][] = [];
    for (let i = 0; i < size.chats; i++) {
        const c = i < visitors.length ? i : rng.int(visitors.length);
        const agent = agents[(c * 7 + rng.int(3)) % agents.length];
        rooms.push(
            makeLivechatRoom({
                visitor: visitors[c],
                agent,
                department: departments[c % departments.length],
                open: false,
                ts: new Date(now - rng.int(2 * YEAR_MS)),
                durationMinutes: 1 + rng.int(60),
                msgs: 6,
            }),
        );
        tagsOf.push(rng.next() < 0.3 ? [rng.pick(TAGS)] : []);
    }
    // Rocket.Chat 7.1+ contacts of those rooms: some people's later rooms came by e-mail or WhatsApp (a contact per
    // source, some merged), some contacts were renamed in Rocket.Chat, the oldest rooms have none.
    const { contacts: rocketChatContacts } = contactsForDataset({ visitors, rooms }, { seed: 2026, at: new Date(now) });
    await store.collection(Collections.contacts).insertMany(rocketChatContacts);
    log(`  Rocket.Chat contacts: ${rocketChatContacts.length}`);

    // The directory as the app builds it (the same domain functions): one entry per Rocket.Chat contact, and one per
    // visitor for the rooms Rocket.Chat has not given a contact; each chat tied to its entry.
    const rocketChatContact = new Map(rocketChatContacts.map((doc) => [doc._id as string, contactOf(doc as unknown as ILivechatContact)]));
    const visitorById = new Map(visitors.map((v) => [v._id as string, v]));
    const entries = new Map<string, Contact>();
    const iso = new Date(now).toISOString();
    const keys = rooms.map((room) => {
        const key = (room.contactId as string | undefined) ?? (room.v._id as string);
        let entry = entries.get(key);
        if (!entry) {
            const contact = room.contactId ? rocketChatContact.get(room.contactId) : undefined;
            entry = contact ? entryFromContact(contact, 'BR', iso) : entryFromVisitor(visitorData(visitorById.get(room.v._id)!), 'BR', iso);
            entry.revision = 1;
        }
        entries.set(key, withRoom(entry, roomOf(room)));
        return key;
    });
    const contacts = [...entries.values()];
    const chats: Chat[] = rooms.map((room, i) => {
        const entry = entries.get(keys[i])!;
        const agent = room.servedBy as { _id: string; username: string };
        return {
            roomId: room._id,
            contactId: entry.id,
            contactName: entry.name,
            agentId: agent._id,
            agentName: agent.username,
            departmentId: room.departmentId,
            source: room.source.type,
            coreTags: tagsOf[i],
            tags: [],
            tagHistory: [],
            startedAt: (room.ts as Date).toISOString(),
            closedAt: (room.closedAt as Date).toISOString(),
            closedBy: agent.username,
            messageCount: 6,
            revision: 1,
        };
    });
    const examples = visitors.slice(0, EXAMPLE_VISITORS);
    const exampleEntries = new Map(
        examples.map((v) => [v._id as string, entries.get(keys[rooms.findIndex((room) => room.v._id === v._id)])!]),
    );

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
            shape: DIRECTORY_SHAPE,
            skip: rooms.length,
            indexed: rooms.length,
            done: true,
            startedAt: new Date(now).toISOString(),
            updatedAt: new Date(now).toISOString(),
        },
        true,
    );
    // Every entry was saved with the current keys: nothing for the walk that adds them to an earlier version's.
    const at = new Date(now).toISOString();
    await persistence.updateByAssociation(
        Assoc.job(REKEY_JOB),
        { shape: KEYS_SHAPE, shard: SHARDS, saved: 0, done: true, startedAt: at, finishedAt: at, updatedAt: at },
        true,
    );
    return { agents, manager, departments, visitors: examples, longRoom, entryOf: entryLookup(exampleEntries) };
}
