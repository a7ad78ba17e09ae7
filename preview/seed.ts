/**
 * Demo data for `npm start` and the browser tests: a small omnichannel team, its contacts and its archive,
 * as Rocket.Chat documents (the engine host's factories), with Rocket.Chat 7.1+ contacts: some people wrote
 * through the widget and later by e-mail or WhatsApp (a contact per source, some merged by verification), some
 * contacts were renamed in Rocket.Chat, a few were created there and never chatted, and the oldest rooms, from
 * before the upgrade to 7.1, have none. Deterministic: the same size gives the same data, dated up to the current
 * hour.
 */
import {
    Collections,
    contactsForDataset,
    makeAdmin,
    makeAgent,
    makeDepartment,
    makeLivechatRoom,
    makeManager,
    makeMessage,
    makeTag,
    makeUser,
    makeVisitor,
    resetFactories,
    seeded,
    withContacts,
    type ContactCases,
    type Doc,
    type Store,
} from '@contact-center/engine-host';

export type DemoSize = 'full' | 'small';

const SIZES: Record<DemoSize, { visitors: number; closed: number; open: number }> = {
    full: { visitors: 2000, closed: 10000, open: 20 },
    small: { visitors: 60, closed: 150, open: 6 },
};

/**
 * Rooms end at the start of the current hour, as in a live workspace (the app measures recency against the real
 * clock); within an hour, runs get the same data. The closed archive goes back 330 days.
 */
export const DEMO_NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const DAY_MINUTES = 24 * 60;
const ARCHIVE_DAYS = 330;
const minutesBefore = (minutes: number) => new Date(DEMO_NOW.getTime() - minutes * 60_000);
const minutesAfter = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

export const TAGS = ['sales', 'support', 'billing', 'vip', 'complaint', 'onboarding'];
const DEPARTMENTS = ['Sales', 'Support', 'Billing'];

const FIRST = [
    'Ana',
    'José',
    'Zoë',
    'Łukasz',
    'Mei',
    'Søren',
    'Chloé',
    'Ömer',
    'Priya',
    'Seán',
    'María',
    'Nguyễn',
    'Amara',
    'Liam',
    'Fatima',
    'Hiroshi',
    'Ingrid',
    'Omar',
    'Sofia',
    'Tomás',
    'Yara',
    'Emeka',
    'Aiko',
    'Rafael',
    'Elif',
    'Noah',
    'Leila',
    'Mateo',
    'Anya',
    'Kwame',
    'Beatriz',
    'Dmitri',
    'Helena',
    'Ravi',
    'Camila',
    'Jonas',
    'Nadia',
    'Pablo',
    'Saanvi',
    'Viktor',
    'Greta',
    'Thiago',
    'Maya',
    'Arjun',
    'Lena',
];
const LAST = [
    'Silva',
    'Müller',
    'García',
    'Kowalski',
    'Sato',
    "O'Brien",
    'Nakamura',
    'Dubois',
    'Rossi',
    'Øster',
    'Okoye',
    'Haddad',
    'Novak',
    'Santos',
    'Ivanova',
    'Lindqvist',
    'Mendes',
    'Tanaka',
    'Moreau',
    'Bianchi',
    'Yilmaz',
    'Schmidt',
    'Kumar',
    'Andersen',
    'Costa',
    'Jansen',
    'Popescu',
    'Herrera',
    'Kim',
    'Nilsson',
    'Oliveira',
    'Weber',
    'Russo',
    'Ahmed',
    'Fischer',
    'Morales',
    'Hansen',
    'Ito',
    'Castro',
    'Lopez',
    'Barros',
    'Kaya',
    'Duarte',
    'Reyes',
    'Ferreira',
];

/** The visitor says something, the agent answers: a few lines per topic. */
const TALK: Record<string, string[]> = {
    sales: [
        'Hi, do you have a plan for a team of 12?',
        'We do: the Team plan covers up to 25 seats.',
        'Is there a discount for yearly billing?',
        'Yes, two months free when you pay yearly.',
        'Can I try it first?',
        'Of course, I have started a 30-day trial for you.',
    ],
    support: [
        'The app logs me out every few minutes.',
        'Sorry about that! Which version are you on?',
        'Version 6.4 on Android.',
        'Please update to 6.5, it fixes exactly that.',
        'Updated, it works now. Thanks!',
        'Great, glad it is sorted.',
    ],
    billing: [
        'I was charged twice this month.',
        'Let me check your invoices.',
        'The second charge is from the 14th.',
        'I see it: I have refunded it, 3–5 business days.',
        'Perfect, thank you.',
        'You are welcome!',
    ],
    vip: [
        'Hello, I need help with our enterprise contract.',
        'Hello! I am your account manager today.',
        'We want to add 40 seats.',
        'Done: the new seats are active, invoice follows.',
        'Fast as always, thanks.',
        'Anytime!',
    ],
    complaint: [
        'My order arrived damaged.',
        'I am very sorry. Could you send a photo?',
        'Sent it by email just now.',
        'Got it: a replacement ships today, no need to return the old one.',
        'OK, thanks for the quick answer.',
        'Thank you for your patience.',
    ],
    onboarding: [
        'How do I invite my colleagues?',
        'Go to Administration > Users > Invite.',
        'Found it. Can they use SSO?',
        'Yes, SSO is set up under Settings > OAuth.',
        'Great, all set.',
        'Welcome aboard!',
    ],
    other: [
        'Hi, quick question about my account.',
        'Sure, how can I help?',
        'How do I change my email address?',
        'Under My Account > Profile; you will get a confirmation mail.',
        'Thanks!',
        'Anything else I can do for you?',
    ],
};

export interface DemoData {
    users: Doc[];
    agents: Doc[];
    manager: Doc;
    plainUser: Doc;
    departments: Doc[];
    tags: Doc[];
    visitors: Doc[];
    rooms: Doc[];
    messages: Doc[];
    /** Rocket.Chat 7.1+ contacts (rocketchat_livechat_contact) of those rooms. */
    contacts: Doc[];
    /** Where each kind of contact is (two sources, merged, renamed, pre-registered, rooms without one). */
    contactCases: ContactCases;
    /** Named visitors the browser tests rely on. */
    story: { joana: Doc; kenji: Doc; lucia: Doc; pedro: Doc };
    /** Joana's 120-message conversation (transcript paging). */
    longRoomId: string;
}

const ASCII: Record<string, string> = { Ø: 'O', ø: 'o', Ł: 'L', ł: 'l' };

/** Valid numbers as people type them: international, national (the default country is BR) and other countries. */
const PHONE_FORMATS = ['+55 11 9####-####', '(21) 9####-####', '+1 212 ### ####', '+49 151 ########', '+33 6 ## ## ## ##'];
function phoneNumber(i: number, format: string): string {
    let digits = String(20000000 + ((i * 7919) % 70000000));
    return format.replace(/#/g, () => {
        const d = digits[0];
        digits = digits.slice(1) + d;
        return d;
    });
}

/** Every pair of names once, shuffled, then numbered if more are needed. */
function visitorNames(count: number, pick: ReturnType<typeof seeded>): string[] {
    const pairs = FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`));
    for (let i = pairs.length - 1; i > 0; i--) {
        const j = pick.int(i + 1);
        [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    return Array.from({ length: count }, (_, i) =>
        i < pairs.length ? pairs[i] : `${pairs[i % pairs.length]} ${Math.floor(i / pairs.length) + 1}`,
    );
}

function conversation(room: Doc, visitor: Doc, agent: Doc, topic: string, count: number, start: Date): Doc[] {
    const lines = TALK[topic] ?? TALK.other;
    const first = String(visitor.name).split(' ')[0];
    return Array.from({ length: count }, (_, m) => {
        const fromAgent = m % 2 === 1;
        const text = m === 1 ? `Hi ${first}, this is ${String(agent.name).split(' ')[0]}. ${lines[1]}` : lines[m % lines.length];
        return makeMessage({ room, from: fromAgent ? agent : visitor, text, ts: minutesAfter(start, m) });
    });
}

export function demoData(size: DemoSize = 'full'): DemoData {
    const { visitors: nv, closed: nc, open: no } = SIZES[size];
    resetFactories(2025);
    const rng = seeded(11);
    const agents = [
        makeAgent({ username: 'agent1', name: 'Alice Ferreira' }),
        makeAgent({ username: 'agent2', name: 'Bruno Costa' }),
        makeAgent({ username: 'agent3', name: 'Chen Wei' }),
        makeAgent({ username: 'agent4', name: 'Dana Okafor' }),
    ];
    const manager = makeManager({ username: 'manager', name: 'Marta Lindqvist' });
    const plainUser = makeUser({ username: 'uma', name: 'Uma Lopes' });
    const admin = makeAdmin({ name: 'Administrator' });
    const departments = DEPARTMENTS.map((name) => makeDepartment({ name, agentIds: agents.map((a) => a._id) }));
    const tags = TAGS.map((name) => makeTag(name));

    const story = {
        joana: makeVisitor({
            name: 'Joana Prado',
            visitorEmails: [{ address: 'joana.prado@example.com' }],
            phone: [{ phoneNumber: '+55 11 98888-1234' }],
        }),
        kenji: makeVisitor({ name: 'Kenji Watanabe', visitorEmails: [{ address: 'kenji@watanabe.example.jp' }], phone: [] }),
        lucia: makeVisitor({ name: 'Lucía Fernández', visitorEmails: [{ address: 'lucia.fernandez@example.es' }] }),
        pedro: makeVisitor({
            name: 'Pedro Alves',
            visitorEmails: [{ address: 'pedro.alves@example.com' }],
            phone: [{ phoneNumber: '(21) 99876-5432' }],
        }),
    };
    const others = visitorNames(nv - 4, rng).map((name, i) => {
        const slug = name
            .replace(/[ØøŁł]/g, (c) => ASCII[c])
            .normalize('NFD')
            .replace(/[^a-zA-Z ]/g, '')
            .toLowerCase()
            .replace(/ +/g, '.');
        return makeVisitor({
            name,
            username: `guest-${i + 1}`,
            visitorEmails: rng.next() < 0.85 ? [{ address: `${slug}${i}@example.com` }] : undefined,
            phone: rng.next() < 0.6 ? [{ phoneNumber: phoneNumber(i, rng.pick(PHONE_FORMATS)) }] : undefined,
        });
    });
    const visitors = [...Object.values(story), ...others];
    // Each visitor mostly talks to "their" agent, sometimes to another one.
    const homeAgent = new Map(others.map((v) => [v._id, rng.pick(agents)]));

    const rooms: Doc[] = [];
    const messages: Doc[] = [];
    const addRoom = (visitor: Doc, agent: Doc, open: boolean, ts: Date, o: { tags?: string[]; count?: number; duration?: number } = {}) => {
        const topic = o.tags?.[0] ?? 'other';
        const count = o.count ?? 3 + rng.int(8);
        const room = makeLivechatRoom({
            visitor,
            agent,
            open,
            ts,
            department: rng.pick(departments),
            tags: o.tags,
            durationMinutes: o.duration ?? count + rng.int(40),
        });
        const talk = conversation(room, visitor, agent, topic, count, ts);
        Object.assign(room, { msgs: talk.length, lastMessage: talk[talk.length - 1], lm: talk[talk.length - 1].ts });
        rooms.push(room);
        messages.push(...talk);
        return room;
    };

    const [alice, bruno] = agents;
    const long = addRoom(story.joana, alice, false, minutesBefore(2 * DAY_MINUTES), { tags: ['support'], count: 120, duration: 150 });
    addRoom(story.joana, alice, false, minutesBefore(40 * DAY_MINUTES), { tags: ['billing'] });
    addRoom(story.kenji, bruno, false, minutesBefore(3 * DAY_MINUTES), { tags: ['vip'] });
    addRoom(story.lucia, alice, true, minutesBefore(25));
    addRoom(story.pedro, alice, true, minutesBefore(12));

    for (let i = 3; i < nc; i++) {
        const visitor = rng.pick(others);
        const agent = rng.next() < 0.85 ? homeAgent.get(visitor._id)! : rng.pick(agents);
        const tag = rng.next() < 0.6 ? [rng.pick(TAGS)] : undefined;
        addRoom(visitor, agent, false, minutesBefore(3 * 60 + rng.int(ARCHIVE_DAYS * DAY_MINUTES)), { tags: tag });
    }
    for (let i = 2; i < no; i++) {
        addRoom(rng.pick(others), agents[i % agents.length], true, minutesBefore(5 + rng.int(120)));
    }
    // The named visitors' rooms all have the contact Rocket.Chat 7.1+ made (the browser tests rely on them as they
    // are); everyone else's follow the cases of contactsForDataset.
    const storyIds = new Set(Object.values(story).map((v) => v._id));
    const otherRooms = { visitors: others, rooms: rooms.filter((r) => !storyIds.has(r.v._id)) };
    const { contacts, cases } = contactsForDataset(otherRooms, { seed: 11, at: DEMO_NOW });
    contacts.push(...withContacts({ visitors: Object.values(story), rooms: rooms.filter((r) => storyIds.has(r.v._id)) }));
    return {
        users: [...agents, manager, plainUser, admin],
        agents,
        manager,
        plainUser,
        departments,
        tags,
        visitors,
        rooms,
        messages,
        contacts,
        contactCases: cases,
        story,
        longRoomId: long._id,
    };
}

/** Inserts the demo data into Rocket.Chat's collections. */
export async function seedDemo(store: Store, data: DemoData): Promise<void> {
    await store.collection(Collections.users).insertMany(data.users);
    await store.collection(Collections.departments).insertMany(data.departments);
    await store.collection(Collections.tags).insertMany(data.tags);
    await store.collection(Collections.visitors).insertMany(data.visitors);
    await store.collection(Collections.contacts).insertMany(data.contacts);
    await store.collection(Collections.rooms).insertMany(data.rooms);
    await store.collection(Collections.messages).insertMany(data.messages);
}
