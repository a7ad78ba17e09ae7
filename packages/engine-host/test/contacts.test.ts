/**
 * Rocket.Chat 7.1+ contacts in the host: the contact model as functions on a store (run on MemoryStore and on
 * MongoStore through the driver and MongoStandIn, like mongoStore.test.ts), then through the engine with the fixture
 * app (room events and the room reader carry the contact, the contact bridge, visitor registration, custom fields,
 * and host.rocketChat's operations, which fire no app event).
 */
import {
    BEFORE_7_1,
    buildFixtureApp,
    Collections,
    EMAIL_INBOX,
    EngineHost,
    generateDataset,
    makeAgent,
    makeContact,
    makeCustomField,
    makeLivechatRoom,
    makeMessage,
    makeVisitor,
    MemoryStore,
    resetFactories,
    rocketChatStore as rc,
    seedStore,
    withContacts,
    WHATSAPP_APP,
    type Doc,
    type Field,
    type Source,
    type Store,
} from '../src';
import { HOST_INDEXES, MongoStandIn, MongoStore } from '../src/mongo';
import fixtureInfo from '../fixture-app/app.json';

const T0 = new Date('2025-03-03T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const clock = (minutes: number) => ({ now: () => at(minutes) });
const HEX_ID = /^[0-9a-f]{24}$/;

interface World {
    store: Store;
    agent: Doc;
    ana: Doc;
    bob: Doc;
}

/** Ana (email and phone) and Bob (email), an agent, and two visitor custom fields (cpf, plan). */
async function world(store: Store): Promise<World> {
    resetFactories(3);
    const agent = makeAgent({ username: 'ana.agent' });
    const ana = makeVisitor({
        name: 'Ana Souza',
        visitorEmails: [{ address: 'ana@example.com' }],
        phone: [{ phoneNumber: '+5511999990000' }],
    });
    const bob = makeVisitor({ name: 'Bob Lee', visitorEmails: [{ address: 'bob@example.com' }] });
    await store.collection(Collections.users).insertOne(agent);
    await store.collection(Collections.visitors).insertMany([ana, bob]);
    await store
        .collection(Collections.customFields)
        .insertMany([makeCustomField('cpf'), makeCustomField('plan', 'visitor', { regexp: '^(free|pro)$' })]);
    return { store, agent, ana, bob };
}

const contacts = (store: Store) => store.collection(Collections.contacts);
const rooms = (store: Store) => store.collection(Collections.rooms);
const room = (store: Store, _id: string) => rooms(store).findOne({ _id });
const contact = (store: Store, _id: string) => contacts(store).findOne({ _id });

let standIn: MongoStandIn;
const mongo: MongoStore[] = [];
let databases = 0;

beforeAll(async () => {
    standIn = await MongoStandIn.start();
});

afterAll(async () => {
    for (const store of mongo) await store.close();
    await standIn?.stop();
});

const STORES: Array<[string, () => Promise<Store>]> = [
    ['MemoryStore', async () => new MemoryStore()],
    [
        'MongoStore',
        async () => {
            const store = await MongoStore.connect(standIn.url(`contacts${++databases}`));
            mongo.push(store);
            return store;
        },
    ],
];

describe.each(STORES)('the contact model on %s', (_name, newStore) => {
    let w: World;
    beforeEach(async () => {
        w = await world(await newStore());
    });

    /** Starts a closed room of `visitor` at minute `minute` (by default through the widget). */
    async function started(visitor: Doc, minute: number, o: { source?: Source; open?: boolean } = {}) {
        const made = makeLivechatRoom({ visitor, agent: w.agent, ts: at(minute), open: o.open ?? false, source: o.source });
        return rc.startRoom(w.store, made, clock(minute));
    }

    it('a room start makes the contact of its visitor and source; later rooms of both reuse it, another source gets its own', async () => {
        const first = await started(w.ana, 0);
        expect(first.contactId).toMatch(HEX_ID);
        expect(first.room).toMatchObject({ contactId: first.contactId, fname: 'Ana Souza', verified: false });
        expect(await contact(w.store, first.contactId)).toEqual({
            _id: first.contactId,
            name: 'Ana Souza',
            emails: [{ address: 'ana@example.com' }],
            phones: [{ phoneNumber: '+5511999990000' }],
            channels: [
                {
                    name: 'widget',
                    visitor: { visitorId: w.ana._id, source: { type: 'widget' } },
                    blocked: false,
                    verified: false,
                    details: { type: 'widget' },
                    lastChat: { _id: first.room._id, ts: at(0) },
                },
            ],
            customFields: {},
            unknown: true,
            preRegistration: false,
            lastChat: { _id: first.room._id, ts: at(0) },
            createdAt: at(0),
            _updatedAt: at(0),
        });

        const second = await started(w.ana, 60);
        expect(second.contactId).toBe(first.contactId);
        expect((await contact(w.store, first.contactId))?.lastChat).toEqual({ _id: second.room._id, ts: at(60) });

        const byEmail = await started(w.ana, 120, { source: EMAIL_INBOX });
        expect(byEmail.contactId).not.toBe(first.contactId);
        expect((await contact(w.store, byEmail.contactId))?.channels).toEqual([
            expect.objectContaining({ name: 'email', visitor: { visitorId: w.ana._id, source: { type: 'email', id: 'inbox-support' } } }),
        ]);
        expect(await contacts(w.store).count({ 'channels.visitor.visitorId': w.ana._id })).toBe(2);
        const whatsapp = await started(w.ana, 150, { source: WHATSAPP_APP });
        expect((await contact(w.store, whatsapp.contactId))?.channels).toEqual([
            expect.objectContaining({ name: 'WhatsApp', visitor: { visitorId: w.ana._id, source: { type: 'app', id: WHATSAPP_APP.id } } }),
        ]);
        expect(await contacts(w.store).count({ 'channels.visitor.visitorId': w.ana._id })).toBe(3);
        expect((await w.store.collection(Collections.visitors).findOne({ _id: w.ana._id }))?.lastChat).toEqual({
            _id: whatsapp.room._id,
            ts: at(150),
        });
    });

    it('a pre-registered contact with the visitor`s email takes the channel; a different name becomes a conflict', async () => {
        const leadId = await rc.createContact(w.store, { name: 'Ana S. (lead)', emails: ['ana@example.com'] }, clock(-10));
        expect(await contact(w.store, leadId)).toMatchObject({ channels: [], preRegistration: true, unknown: false });
        const { contactId, room: stored } = await started(w.ana, 0);
        expect(contactId).toBe(leadId);
        expect(stored.fname).toBe('Ana S. (lead)');
        expect(await contact(w.store, leadId)).toMatchObject({
            name: 'Ana S. (lead)',
            emails: [{ address: 'ana@example.com' }],
            phones: [{ phoneNumber: '+5511999990000' }],
            conflictingFields: [{ field: 'name', value: 'Ana Souza' }],
            preRegistration: false,
            channels: [expect.objectContaining({ visitor: { visitorId: w.ana._id, source: { type: 'widget' } } })],
        });
        expect(await contacts(w.store).count({})).toBe(1);
    });

    it('rooms from before 7.1 keep no contact until someone opens one in Rocket.Chat', async () => {
        const old = makeLivechatRoom({ visitor: w.bob, agent: w.agent, open: false, ts: at(-500), before71: true });
        const later = makeLivechatRoom({ visitor: w.bob, agent: w.agent, open: false, ts: at(-400), before71: true });
        expect(withContacts({ visitors: [w.bob], rooms: [old, later] })).toEqual([]);
        expect(old.contactId).toBeUndefined();
        await rooms(w.store).insertMany([old, later]);
        expect(Object.getOwnPropertySymbols(await room(w.store, old._id))).not.toContain(BEFORE_7_1);
        const contactId = await rc.openRoom(w.store, old._id, clock(0));
        expect(contactId).toMatch(HEX_ID);
        // The visitor's other rooms of that source get it too.
        expect((await rooms(w.store).find({ 'v._id': w.bob._id })).map((r) => r.contactId)).toEqual([contactId, contactId]);
    });

    it('editContact changes the contact and its rooms` names, never the visitor; unknown custom fields are refused', async () => {
        const { contactId, room: first } = await started(w.ana, 0);
        const edited = await rc.editContact(
            w.store,
            { contactId, name: 'Ana Prado', emails: ['ana@work.example'], phones: ['+5521988887777'], customFields: { cpf: '123' } },
            clock(5),
        );
        expect(edited).toMatchObject({
            name: 'Ana Prado',
            emails: [{ address: 'ana@work.example' }],
            phones: [{ phoneNumber: '+5521988887777' }],
            customFields: { cpf: '123' },
            unknown: false,
            _updatedAt: at(5),
        });
        expect(await room(w.store, first._id)).toMatchObject({ fname: 'Ana Prado', contactId });
        expect(await w.store.collection(Collections.visitors).findOne({ _id: w.ana._id })).toMatchObject({
            name: 'Ana Souza',
            visitorEmails: [{ address: 'ana@example.com' }],
        });
        await expect(rc.editContact(w.store, { contactId, customFields: { nope: 'x' } })).rejects.toThrow('error-custom-field-not-allowed');
        await expect(rc.createContact(w.store, { name: 'X', customFields: { plan: 'gold' } })).rejects.toThrow(
            'error-invalid-custom-field-value',
        );
    });

    it('deleteContact (refused while a room is open) disables and empties the contact and removes its visitors` rooms and messages', async () => {
        const { contactId, room: closed } = await started(w.ana, 0);
        const open = await started(w.ana, 30, { open: true });
        const bobs = await started(w.bob, 10);
        await w.store
            .collection(Collections.messages)
            .insertMany([
                makeMessage({ room: closed, from: w.ana, text: 'hi' }),
                makeMessage({ room: bobs.room, from: w.bob, text: 'hello' }),
            ]);
        await expect(rc.deleteContact(w.store, contactId)).rejects.toThrow('error-contact-has-open-rooms');
        await rooms(w.store).updateOne({ _id: open.room._id }, { $unset: { open: 1 } });

        await rc.deleteContact(w.store, contactId, clock(60));
        const deleted = await contact(w.store, contactId);
        expect(deleted).toEqual({
            _id: contactId,
            enabled: false,
            unknown: true,
            preRegistration: false,
            createdAt: at(0),
            _updatedAt: at(60),
        });
        expect(await rc.findOneEnabledById(w.store, contactId)).toBeUndefined();
        expect(await rooms(w.store).count({ 'v._id': w.ana._id })).toBe(0);
        expect(await w.store.collection(Collections.messages).count({ rid: closed._id })).toBe(0);
        const visitor = await w.store.collection(Collections.visitors).findOne({ _id: w.ana._id });
        expect(visitor).toMatchObject({ disabled: true });
        expect(visitor).not.toHaveProperty('name');
        expect(visitor).not.toHaveProperty('token');
        // Bob is untouched.
        expect(await room(w.store, bobs.room._id)).toBeDefined();
        expect(await w.store.collection(Collections.messages).count({ rid: bobs.room._id })).toBe(1);
        await expect(rc.deleteContact(w.store, contactId)).rejects.toThrow('error-contact-not-found');
    });

    it('removeVisitorData (GDPR) disables every contact of the visitor and removes the visitor`s rooms; refused while one is open', async () => {
        const widget = await started(w.ana, 0);
        const email = await started(w.ana, 10, { source: EMAIL_INBOX });
        const open = await started(w.ana, 20, { open: true });
        await expect(rc.removeVisitorData(w.store, w.ana._id)).rejects.toThrow('visitor-has-open-rooms');
        await w.store.collection(Collections.settings).insertOne({ _id: rc.GDPR_SETTING, value: true });
        await rc.removeVisitorData(w.store, w.ana._id, clock(30));
        for (const id of [widget.contactId, email.contactId]) {
            const gone = await contact(w.store, id);
            expect(gone).toMatchObject({ enabled: false });
            for (const field of ['name', 'emails', 'phones', 'channels', 'customFields', 'lastChat'])
                expect(gone).not.toHaveProperty(field);
        }
        expect(await room(w.store, open.room._id)).toBeUndefined();
        expect(await rooms(w.store).count({ 'v._id': w.ana._id })).toBe(0);
        expect(await w.store.collection(Collections.visitors).findOne({ _id: w.ana._id })).toMatchObject({ disabled: true });

        // A visitor without contact is removed alone.
        await rc.removeVisitorData(w.store, w.bob._id);
        expect(await w.store.collection(Collections.visitors).findOne({ _id: w.bob._id })).toMatchObject({ disabled: true });
        await expect(rc.removeVisitorData(w.store, w.bob._id)).rejects.toThrow('invalid-token');
    });

    it('mergeContacts deletes the others, moves their channels, emails and phones, re-points their rooms and records name conflicts', async () => {
        const widget = await started(w.ana, 0);
        const email = await started(w.ana, 10, { source: EMAIL_INBOX });
        const bobs = await started(w.bob, 20);
        const survivor = await rc.mergeContacts(w.store, widget.contactId, [email.contactId, bobs.contactId], clock(30));
        expect(await contacts(w.store).count({})).toBe(1);
        expect(survivor).toMatchObject({
            _id: widget.contactId,
            name: 'Ana Souza',
            emails: [{ address: 'ana@example.com' }, { address: 'bob@example.com' }],
            conflictingFields: [{ field: 'name', value: 'Bob Lee' }],
        });
        expect(survivor.channels.map((c: Field) => [c.visitor.visitorId, c.visitor.source.type])).toEqual([
            [w.ana._id, 'widget'],
            [w.ana._id, 'email'],
            [w.bob._id, 'widget'],
        ]);
        expect(await room(w.store, email.room._id)).toMatchObject({ contactId: widget.contactId });
        // The re-pointed room keeps the name it had.
        expect(await room(w.store, bobs.room._id)).toMatchObject({ contactId: widget.contactId, fname: 'Bob Lee' });
    });

    it('visitor registration and custom fields merge into the visitor`s contacts as Rocket.Chat does', async () => {
        const { contactId } = await started(w.ana, 0);
        const anaDoc = (await w.store.collection(Collections.visitors).findOne({ _id: w.ana._id }))!;
        // Unknown contact: the name is overwritten, the new email added.
        await rc.registerGuestData(w.store, { name: 'Ana Maria', email: 'ana2@example.com' }, anaDoc, clock(1));
        expect(await contact(w.store, contactId)).toMatchObject({
            name: 'Ana Maria',
            emails: [{ address: 'ana@example.com' }, { address: 'ana2@example.com' }],
            unknown: true,
        });
        // Known contact (edited in Rocket.Chat): a different name is a conflict.
        await rc.editContact(w.store, { contactId, name: 'Ana Maria Souza' });
        await rc.registerGuestData(w.store, { name: 'Ana X', phone: '+5511911112222' }, anaDoc, clock(2));
        expect(await contact(w.store, contactId)).toMatchObject({
            name: 'Ana Maria Souza',
            phones: [{ phoneNumber: '+5511999990000' }, { phoneNumber: '+5511911112222' }],
            conflictingFields: [{ field: 'name', value: 'Ana X' }],
        });

        await rc.setContactsCustomField(w.store, w.ana._id, { key: 'cpf', value: '1', overwrite: false });
        expect((await contact(w.store, contactId))?.customFields).toEqual({ cpf: '1' });
        await rc.setContactsCustomField(w.store, w.ana._id, { key: 'cpf', value: '2', overwrite: false });
        expect(await contact(w.store, contactId)).toMatchObject({
            customFields: { cpf: '1' },
            conflictingFields: [
                { field: 'name', value: 'Ana X' },
                { field: 'customFields.cpf', value: '2' },
            ],
        });
        await rc.setContactsCustomField(w.store, w.ana._id, { key: 'cpf', value: '2', overwrite: true });
        expect((await contact(w.store, contactId))?.customFields).toEqual({ cpf: '2' });
    });
});

describe('contact factories', () => {
    it('makeContact: from a visitor (one channel) or pre-registered (none); rooms take a contact, a source, or none (before 7.1)', () => {
        resetFactories(5);
        const visitor = makeVisitor({ name: 'Zoë', visitorEmails: [{ address: 'zoe@example.com' }] });
        const fromVisitor = makeContact({ visitor, source: EMAIL_INBOX, name: 'Zoë Q.' });
        expect(fromVisitor).toMatchObject({
            name: 'Zoë Q.',
            emails: [{ address: 'zoe@example.com' }],
            channels: [{ visitor: { visitorId: visitor._id, source: { type: 'email', id: 'inbox-support' } } }],
            preRegistration: false,
        });
        expect(makeContact({ emails: ['x@example.com'], phones: ['+1 555 0100'] })).toMatchObject({
            emails: [{ address: 'x@example.com' }],
            phones: [{ phoneNumber: '+1 555 0100' }],
            channels: [],
            preRegistration: true,
        });
        expect(makeLivechatRoom({ visitor, contact: fromVisitor, source: EMAIL_INBOX })).toMatchObject({
            contactId: fromVisitor._id,
            fname: 'Zoë Q.',
            source: EMAIL_INBOX,
        });
        const plain = makeLivechatRoom({ visitor });
        expect(plain).not.toHaveProperty('contactId');
        expect(plain.source).toEqual({ type: 'widget' });
        expect(() => makeLivechatRoom({ visitor, contact: fromVisitor, before71: true })).toThrow();
    });

    it('generateDataset({ contacts: true }): two-source, merged, renamed and pre-registered contacts, and old rooms without one', async () => {
        const plain = generateDataset({ seed: 9, visitors: 120, rooms: 400, agents: 3 });
        const data = generateDataset({ seed: 9, visitors: 120, rooms: 400, agents: 3, contacts: true });
        expect(plain.contacts).toEqual([]);
        expect(plain.rooms.some((r) => r.contactId)).toBe(false);
        expect(data.rooms.map((r) => r._id)).toEqual(plain.rooms.map((r) => r._id));
        const cases = data.contactCases!;
        const byId = new Map(data.contacts.map((c) => [c._id, c]));
        for (const r of data.rooms) {
            if (r.contactId) expect(byId.has(r.contactId)).toBe(true);
            else expect(r.ts.getTime()).toBeLessThan(cases.since.getTime());
        }
        expect(cases.withoutContact.length).toBeGreaterThan(0);
        expect(cases.twoSources.length).toBeGreaterThan(0);
        for (const visitorId of cases.twoSources) {
            expect(data.rooms.some((r) => r.v._id === visitorId && ['email', 'app'].includes(r.source.type))).toBe(true);
        }
        expect(cases.merged.length).toBeGreaterThan(0);
        for (const id of cases.merged)
            expect(new Set(byId.get(id)!.channels.map((c: Field) => c.visitor.source.type))).toEqual(new Set(['widget', 'email']));
        for (const id of cases.renamed) {
            const renamed = byId.get(id)!;
            const visitor = data.visitors.find((v) => v._id === renamed.channels[0].visitor.visitorId)!;
            expect(renamed.name).not.toBe(visitor.name);
            for (const r of data.rooms.filter((x) => x.contactId === id)) expect(r.fname).toBe(renamed.name);
        }
        for (const id of cases.preRegistered) expect(byId.get(id)).toMatchObject({ channels: [], preRegistration: true });

        // Seeded into both stores, the contacts read back the same.
        const memory = new MemoryStore();
        const store = await MongoStore.connect(standIn.url(`contacts${++databases}`));
        mongo.push(store);
        for (const s of [memory, store]) await seedStore(s, data);
        const sorted = (docs: Doc[]) => [...docs].sort((a, b) => (a._id < b._id ? -1 : 1));
        expect(sorted(await store.collection(Collections.contacts).find({}))).toStrictEqual(
            sorted(await memory.collection(Collections.contacts).find({})),
        );
        expect(HOST_INDEXES[Collections.contacts].length).toBeGreaterThan(0);
    });
});

// ---------- through the engine, with the fixture app ----------

let zipPath: string;
/** Everything the fixture declares (its install dialog grants), contact.read and contact.write included. */
const APP_PERMISSIONS: Array<{ name: string }> = fixtureInfo.permissions;

async function probe(host: EngineHost, op: string, args: unknown = {}): Promise<{ value?: Field; undefined?: true; error?: string }> {
    const res: Field = await host.callEndpoint('probe', { content: { op, args } });
    if (res.status !== 200) throw new Error(`probe ${op}: HTTP ${res.status} ${JSON.stringify(res.content)}`);
    return res.content;
}

/** What the fixture app's room-event handlers recorded for a room, oldest first. */
async function roomEvents(host: EngineHost, roomId: string): Promise<Field[]> {
    const records = await host.store.collection(Collections.persistence).find({ 'associations.id': `room-event:${roomId}` });
    return records.map((r) => r.data);
}

async function startHost(o: { permissions?: typeof APP_PERMISSIONS; enterprise?: boolean } = {}) {
    const w = await world(new MemoryStore());
    zipPath ??= await buildFixtureApp();
    const host = await EngineHost.start({
        zipPath,
        store: w.store,
        now: () => at(1000),
        permissionsGranted: o.permissions ?? APP_PERMISSIONS,
        enterprise: o.enterprise,
    });
    return { host, ...w };
}

describe('contacts through the engine', () => {
    let host: EngineHost;
    let w: World;
    beforeEach(async () => {
        ({ host, ...w } = await startHost());
    });
    afterEach(() => host?.stop());

    it('a room started in Rocket.Chat reaches the app with its contact; the room reader converts it too, getAllRooms gives contactId', async () => {
        const started = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(0) }));
        const contactId = started.contactId as string;
        const [event] = await roomEvents(host, started._id);
        expect(event).toMatchObject({
            event: 'started',
            displayName: 'Ana Souza',
            contactId,
            contact: { _id: contactId, name: 'Ana Souza' },
        });
        expect(event.contact.channels[0]).toMatchObject({ visitor: { visitorId: w.ana._id, source: { type: 'widget' } }, verified: false });

        const read = (await probe(host, 'rooms.getById', { id: started._id })).value;
        expect(read.contact).toMatchObject({ _id: contactId, emails: [{ address: 'ana@example.com' }] });
        expect(read._unmappedProperties_.contactId).toBe(contactId);
        const [raw] = (await probe(host, 'rooms.getAll', { filters: { types: ['l'] }, options: { limit: 10 } })).value;
        expect(raw).toMatchObject({ id: started._id, contactId });
        expect(raw).not.toHaveProperty('contact');
        expect((await probe(host, 'contacts.getById', { id: contactId })).value).toMatchObject({
            _id: contactId,
            name: 'Ana Souza',
            unknown: true,
        });
        expect(await probe(host, 'contacts.getById', { id: 'no-such-contact' })).toEqual({ value: null });
    });

    it('edits, merges and deletions in Rocket.Chat fire no event; the app sees them only when it reads again', async () => {
        const first = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(0), open: false }));
        const second = await host.rocketChat.startRoom(
            makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(5), open: false, source: EMAIL_INBOX }),
        );
        const before = await host.store.collection(Collections.persistence).count({});

        await host.rocketChat.editContact(first.contactId, { name: 'Ana Prado' });
        expect(await host.store.collection(Collections.persistence).count({})).toBe(before);
        expect((await probe(host, 'rooms.getById', { id: first._id })).value).toMatchObject({
            displayName: 'Ana Prado',
            contact: { name: 'Ana Prado' },
        });
        expect((await probe(host, 'visitors.byToken', { token: w.ana.token })).value.name).toBe('Ana Souza');
        // The other way round: an agent's edit of the visitor leaves the contact as it is.
        await host.rocketChat.saveGuest({ _id: w.ana._id, name: ' Ana S. ', email: 'ana.s@example.com' });
        expect((await probe(host, 'visitors.byToken', { token: w.ana.token })).value).toMatchObject({
            name: 'Ana S.',
            visitorEmails: [{ address: 'ana.s@example.com' }],
        });
        expect((await probe(host, 'contacts.getById', { id: first.contactId })).value).toMatchObject({
            name: 'Ana Prado',
            emails: [{ address: 'ana@example.com' }],
        });

        await host.rocketChat.mergeContacts(first.contactId, [second.contactId]);
        expect(await host.store.collection(Collections.persistence).count({})).toBe(before);
        expect(await probe(host, 'contacts.getById', { id: second.contactId })).toEqual({ value: null });
        await host.fireEvent('IPostLivechatRoomClosed', second._id);
        const closed = (await roomEvents(host, second._id)).find((e) => e.event === 'closed');
        expect(closed).toMatchObject({ contactId: first.contactId, contact: { _id: first.contactId, name: 'Ana Prado' } });
        expect(closed.contact.channels).toHaveLength(2);

        await host.rocketChat.deleteContact(first.contactId);
        expect(await probe(host, 'contacts.getById', { id: first.contactId })).toEqual({ value: null });
        expect((await probe(host, 'rooms.getById', { id: first._id })).value).toBeNull();
    });

    it('a room whose contact is disabled, and a room from before 7.1, reach the app without contact', async () => {
        const started = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(0), open: false }));
        await host.store.collection(Collections.contacts).updateOne({ _id: started.contactId }, { $set: { enabled: false } });
        await host.fireEvent('IPostLivechatRoomClosed', started._id);
        expect((await roomEvents(host, started._id)).pop()).toMatchObject({ contact: null, contactId: started.contactId });

        const old = makeLivechatRoom({ visitor: w.bob, agent: w.agent, open: false, ts: at(-900), before71: true });
        await host.store.collection(Collections.rooms).insertOne(old);
        await host.fireEvent('IPostLivechatRoomClosed', old._id);
        expect((await roomEvents(host, old._id)).pop()).toMatchObject({ contact: null, contactId: null });
        const contactId = await host.rocketChat.openRoom(old._id);
        expect((await probe(host, 'rooms.getById', { id: old._id })).value.contact._id).toBe(contactId);
    });

    it('visitor registration and custom fields from the app reach the visitor`s contacts; a room the app creates gets one', async () => {
        const started = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(0) }));
        const upsert = (visitor: Field) => probe(host, 'visitors.upsert', { visitor: { token: w.ana.token, ...visitor } });
        await upsert({ name: 'Ana Maria', visitorEmails: [{ address: 'Ana.Maria@Example.com' }] });
        expect((await probe(host, 'contacts.getById', { id: started.contactId })).value).toMatchObject({
            name: 'Ana Maria',
            emails: [{ address: 'ana@example.com' }, { address: 'ana.maria@example.com' }],
        });
        await host.rocketChat.editContact(started.contactId, { name: 'Ana M. Souza' });
        await upsert({ name: 'Ana Again' });
        expect((await probe(host, 'contacts.getById', { id: started.contactId })).value).toMatchObject({
            name: 'Ana M. Souza',
            conflictingFields: [{ field: 'name', value: 'Ana Again' }],
        });

        expect(await probe(host, 'visitors.setCustomField', { token: w.ana.token, key: 'cpf', value: '42', overwrite: false })).toEqual({
            value: true,
        });
        expect(await probe(host, 'visitors.setCustomField', { token: w.ana.token, key: 'plan', value: 'gold', overwrite: true })).toEqual({
            error: 'error-invalid-custom-field-value',
        });
        expect((await probe(host, 'contacts.getById', { id: started.contactId })).value.customFields).toEqual({ cpf: '42' });

        // A visitor with no contact yet: registration makes none.
        await probe(host, 'visitors.upsert', { visitor: { token: w.bob.token, name: 'Robert Lee' } });
        expect(await host.store.collection(Collections.contacts).count({ 'channels.visitor.visitorId': w.bob._id })).toBe(0);
        const created = (await probe(host, 'livechat.createRoom', { visitorId: w.bob._id, username: 'ana.agent' })).value;
        expect(created.contact).toMatchObject({
            name: 'Robert Lee',
            channels: [{ visitor: { visitorId: w.bob._id, source: { type: 'app' } } }],
        });
        expect(created.source).toMatchObject({ type: 'app' });
    });

    it('addContactEmail answers the contact as it was before the email; verifyContact does nothing without Enterprise', async () => {
        const started = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: w.ana, agent: w.agent, ts: at(0) }));
        const answer = await probe(host, 'contacts.addEmail', { id: started.contactId, email: 'ana@work.example' });
        expect(answer.value.emails).toEqual([{ address: 'ana@example.com' }]);
        expect((await probe(host, 'contacts.getById', { id: started.contactId })).value.emails).toEqual([
            { address: 'ana@example.com' },
            { address: 'ana@work.example' },
        ]);
        expect((await probe(host, 'contacts.addEmail', { id: 'nope', email: 'x@example.com' })).error).toMatch(/error-contact-not-found/);

        const verify = {
            contactId: started.contactId,
            field: 'email',
            value: 'ANA@example.com',
            visitorId: w.ana._id,
            roomId: started._id,
        };
        expect(await probe(host, 'contacts.verify', { verify })).toEqual({ value: null });
        expect((await host.store.collection(Collections.contacts).findOne({ _id: started.contactId }))?.channels[0].verified).toBe(false);
    });
});

describe('contacts through the engine, other workspaces', () => {
    it('without contact.read / contact.write the contact calls answer nothing; events still carry the contact', async () => {
        const { host, ana, agent } = await startHost({ permissions: APP_PERMISSIONS.filter((p) => !p.name.startsWith('contact.')) });
        try {
            const started = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: ana, agent, ts: at(0) }));
            expect(await probe(host, 'contacts.getById', { id: started.contactId })).toEqual({ value: null });
            expect(await probe(host, 'contacts.addEmail', { id: started.contactId, email: 'x@example.com' })).toEqual({ value: null });
            expect((await host.store.collection(Collections.contacts).findOne({ _id: started.contactId }))?.emails).toHaveLength(1);
            expect((await roomEvents(host, started._id))[0].contact._id).toBe(started.contactId);
        } finally {
            await host.stop();
        }
    });

    it('with Enterprise, verifyContact verifies the channel and merges contacts verified with the same value', async () => {
        const { host, ana, agent } = await startHost({ enterprise: true });
        try {
            const widget = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: ana, agent, ts: at(0) }));
            const email = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: ana, agent, ts: at(5), source: EMAIL_INBOX }));
            const verify = (room: Doc) =>
                probe(host, 'contacts.verify', {
                    verify: { contactId: room.contactId, field: 'email', value: 'Ana@Example.com', visitorId: ana._id, roomId: room._id },
                });
            expect(await verify(widget)).toEqual({ value: null });
            expect((await host.store.collection(Collections.contacts).findOne({ _id: widget.contactId }))?.channels[0]).toMatchObject({
                verified: true,
                field: 'email',
                value: 'ana@example.com',
            });
            await verify(email);
            expect(await host.store.collection(Collections.contacts).count({})).toBe(1);
            expect(await host.store.collection(Collections.rooms).findOne({ _id: widget._id })).toMatchObject({
                contactId: email.contactId,
            });
            expect((await probe(host, 'contacts.getById', { id: email.contactId })).value.channels).toHaveLength(2);
        } finally {
            await host.stop();
        }
    });
});
