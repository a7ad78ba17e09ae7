// Smoke tests of the engine host: the fixture app runs in the real AppManager + Deno runtime, and the bridges
// behave like Rocket.Chat's (not kinder). Run with the other tooling tests: npm run test:tooling
import { Query } from 'mingo';

import {
    buildFixtureApp,
    Collections,
    Doc,
    EngineHost,
    Field,
    makeAgent,
    makeCustomField,
    makeDepartment,
    makeLivechatRoom,
    makeManager,
    makeMessage,
    MemoryStore,
    resetFactories,
    seeded,
    tricksyVisitors,
} from '../src';

const APP_PERMISSIONS = [
    'persistence',
    'ui.interact',
    'ui.registerButtons',
    'room.read',
    'room.system.view-all',
    'message.read',
    'livechat-visitor.read',
    'livechat-visitor.write',
    'livechat-room.read',
    'livechat-room.write',
    'livechat-custom-fields.write',
    'user.read',
    'scheduler',
    'api',
    'server-setting.read',
].map((name) => ({ name }));

let zipPath: string;
let clock = Date.parse('2025-03-03T12:00:00Z');
const now = () => new Date(clock);

type World = { agent: Doc; manager: Doc; dept: Doc; visitors: Record<string, Doc>; open: Doc; closed: Doc; store: MemoryStore };

async function seedWorld(): Promise<World> {
    resetFactories();
    const store = new MemoryStore();
    const agent = makeAgent({ username: 'ana' });
    const manager = makeManager({ username: 'max' });
    const dept = makeDepartment({ name: 'Sales' });
    const visitors = tricksyVisitors();
    const open = makeLivechatRoom({ visitor: visitors.jose, agent, department: dept, open: true });
    const closed = makeLivechatRoom({ visitor: visitors.jose, agent, department: dept, open: false, tags: ['vip'] });
    const others = Array.from({ length: 130 }, () => makeLivechatRoom({ visitor: visitors.usPhone, agent, open: false }));
    await store.collection(Collections.users).insertMany([agent, manager]);
    await store.collection(Collections.departments).insertOne(dept);
    await store.collection(Collections.visitors).insertMany(Object.values(visitors));
    await store.collection(Collections.rooms).insertMany([open, closed, ...others]);
    await store
        .collection(Collections.messages)
        .insertMany([
            makeMessage({ room: closed, from: visitors.jose, text: 'hola' }),
            makeMessage({ room: closed, from: agent, text: 'hi José' }),
            makeMessage({ room: closed, from: agent, text: '', system: 'livechat-close' }),
        ]);
    await store.collection(Collections.customFields).insertOne(makeCustomField('cpf'));
    await store.collection(Collections.settings).insertMany([
        { _id: 'Site_Url', value: 'https://chat.example.com', type: 'string', public: true },
        { _id: 'SMTP_Password', value: 'secret', type: 'password', secret: true },
    ]);
    return { agent, manager, dept, visitors, open, closed, store };
}

/** Runs one accessor call inside the app (fixture's `probe` endpoint) and returns what the app saw. */
async function probe(host: EngineHost, op: string, args: unknown = {}): Promise<{ value?: Field; undefined?: true; error?: string }> {
    const res: Field = await host.callEndpoint('probe', { content: { op, args } });
    if (res.status !== 200) throw new Error(`probe ${op}: HTTP ${res.status} ${JSON.stringify(res.content)}`);
    return res.content;
}

beforeAll(async () => {
    zipPath = await buildFixtureApp();
});

describe('engine host with the fixture app', () => {
    let host: EngineHost;
    let w: World;

    beforeAll(async () => {
        w = await seedWorld();
        host = await EngineHost.start({ zipPath, store: w.store, now, permissionsGranted: APP_PERMISSIONS });
    });
    afterAll(() => host?.stop());
    beforeEach(() => host.resetMetrics());

    it('runs the app in the Deno runtime: an action button opens a modal the host records', async () => {
        const response = await host.clickActionButton({ user: w.agent, actionId: 'fixture-open', room: w.open });
        expect(response).toEqual({ success: true });
        const view = host.currentView(w.agent._id)!;
        expect(view).toMatchObject({ id: 'fixture-modal', kind: 'modal' });
        expect(view.blocks[0].text.text).toBe('hello ana');
        const [record] = await host.store.collection(Collections.persistence).find({ 'associations.id': 'clicks' });
        expect(record).toMatchObject({ appId: host.appId, data: { by: w.agent._id, actionId: 'fixture-open' } });
        expect(Object.keys(record).sort()).toEqual(['_id', 'appId', 'associations', 'data']);
    });

    it('counts round trips and bridge calls per interaction', async () => {
        await host.clickActionButton({ user: w.agent, actionId: 'fixture-open' });
        const m = host.metrics();
        expect(m.roundTrips).toBe(3);
        expect(m.bridges['persistence.updateByAssociations']).toMatchObject({ calls: 1, records: 1 });
        expect(m.bridges['ui.notifyUser'].calls).toBe(1);
        host.resetMetrics();
        expect(host.metrics().roundTrips).toBe(0);
    });

    it('submits a view: field errors keep the modal, success closes it', async () => {
        await host.clickActionButton({ user: w.agent, actionId: 'fixture-open' });
        const view = host.currentView(w.agent._id)!;
        const bad = await host.submitView({ user: w.agent, view, state: { note: { note: '' } } });
        expect(bad).toMatchObject({ type: 'errors', errors: { note: 'required' } });
        expect(host.currentView(w.agent._id)).toMatchObject({ id: 'fixture-modal', errors: { note: 'required' } });
        expect(await host.submitView({ user: w.agent, view, state: { note: { note: 'called back' } } })).toEqual({ success: true });
        expect(host.currentView(w.agent._id)).toBeUndefined();
    });

    it('shows a contextual bar returned by a block action', async () => {
        await host.blockAction({ user: w.manager, actionId: 'pick', blockId: 'b', value: 'v1', room: w.open });
        expect(host.viewsFor(w.manager._id).contextualBar?.title).toEqual({ type: 'plain_text', text: 'Value v1' });
    });

    it('ignores a view opened after the 5-second trigger deadline', async () => {
        const response = await host.clickActionButton({ user: w.manager, actionId: 'fixture-slow' });
        expect(response).toEqual({ success: true });
        expect(host.viewsFor(w.manager._id).modal).toBeUndefined();
        const [late] = host.ignoredViews(w.manager._id);
        expect(late).toMatchObject({ type: 'modal.open', via: 'notifyUser', viewId: 'fixture-modal' });
        expect(late.ignored).toMatch(/trigger expired/);
    }, 20000);

    it('persistence: subset reads, exact-array updates, no update by id, removal by subset', async () => {
        const A: [string, string] = ['misc', 'A'];
        const B: [string, string] = ['misc', 'B'];
        await probe(host, 'persist.create', { assoc: [A, B], data: { n: 1 } });
        expect((await probe(host, 'persist.read', { assoc: [A] })).value).toEqual([{ n: 1 }]);
        // [A] is not [A, B], and [B, A] is not [A, B] either: both upserts create new records
        await probe(host, 'persist.update', { assoc: [A], data: { n: 2 }, upsert: true });
        await probe(host, 'persist.update', { assoc: [B, A], data: { n: 3 }, upsert: true });
        await probe(host, 'persist.update', { assoc: [A, B], data: { n: 4 }, upsert: false });
        const all = (await probe(host, 'persist.read', { assoc: [A] })).value;
        expect(all).toHaveLength(3);
        expect(all).toEqual(expect.arrayContaining([{ n: 2 }, { n: 3 }, { n: 4 }]));
        expect((await probe(host, 'persist.read', { assoc: [A, B] })).value).toHaveLength(2);
        expect(await probe(host, 'persist.updateById', { id: 'whatever', data: {} })).toEqual({ error: 'Not implemented.' });
        expect((await probe(host, 'persist.remove', { assoc: [A] })).value).toHaveLength(3);
        expect(await probe(host, 'persist.read', { assoc: [A] })).toEqual({ value: [] });
    });

    it('rooms: getAllRooms pages 1..100 over open and closed rooms, getById converts livechat rooms', async () => {
        for (const limit of [0, 101]) {
            expect((await probe(host, 'rooms.getAll', { filters: { types: ['l'] }, options: { limit } })).error).toMatch(/Invalid limit/);
        }
        const page1 = (await probe(host, 'rooms.getAll', { filters: { types: ['l'] }, options: { limit: 100 } })).value;
        const page2 = (await probe(host, 'rooms.getAll', { filters: { types: ['l'] }, options: { limit: 100, skip: 100 } })).value;
        expect(page1).toHaveLength(100);
        expect(page2).toHaveLength(32);
        expect(page1[1]).toMatchObject({ id: w.closed._id, type: 'l', servedBy: { _id: w.agent._id, username: 'ana' } });
        const room = (await probe(host, 'rooms.getById', { id: w.closed._id })).value;
        expect(room).toMatchObject({
            id: w.closed._id,
            closer: 'user',
            visitor: { id: w.visitors.jose._id, name: 'José Álvarez-Núñez' },
            servedBy: { id: w.agent._id, roles: ['user', 'livechat-agent'] },
            department: { id: w.dept._id, name: 'Sales' },
            _unmappedProperties_: { tags: ['vip'] },
        });
        expect(room.isOpen).toBeUndefined();
    });

    it('rooms: getMessages excludes system messages and refuses more than 100', async () => {
        const msgs = (await probe(host, 'rooms.getMessages', { id: w.closed._id, options: { limit: 100 } })).value;
        expect(msgs.map((m: Field) => m.text)).toEqual(['hola', 'hi José']);
        expect((await probe(host, 'rooms.getMessages', { id: w.closed._id, options: { limit: 101 } })).error).toMatch(/Invalid limit/);
    });

    it('livechat: open rooms only, exact look-ups, no disabled visitors, one email and phone per upsert', async () => {
        const rooms = (await probe(host, 'visitors.rooms', { visitorId: w.visitors.jose._id })).value;
        expect(rooms.map((r: Field) => r.id)).toEqual([w.open._id]);
        const named = (await probe(host, 'visitors.query', { query: { name: { $regex: 'dora', $options: 'i' } } })).value;
        expect(named).toEqual([]);
        expect((await probe(host, 'visitors.byEmail', { email: 'JOSE@example.com' })).value.id).toBe(w.visitors.jose._id);
        expect(await probe(host, 'visitors.byPhone', { phone: '+5511987654321' })).toMatchObject({ value: { id: w.visitors.jose._id } });
        // an accessor answering undefined reaches the app as null (the engine's JSON-RPC turns undefined into null)
        expect(await probe(host, 'visitors.byPhone', { phone: '5511987654321' })).toEqual({ value: null });
        const upserted = (
            await probe(host, 'visitors.upsert', {
                visitor: {
                    token: w.visitors.jose.token,
                    name: 'José A.',
                    username: 'ignored',
                    visitorEmails: [{ address: ' New@Example.com ' }, { address: 'second@example.com' }],
                    phone: [{ phoneNumber: '+34 600 000 000' }, { phoneNumber: '+34 611 111 111' }],
                },
            })
        ).value;
        expect(upserted).toMatchObject({
            id: w.visitors.jose._id,
            name: 'José A.',
            visitorEmails: [{ address: 'new@example.com' }],
            phone: [{ phoneNumber: '+34 600 000 000' }],
        });
        expect(
            await probe(host, 'visitors.setCustomField', { token: w.visitors.jose.token, key: 'nope', value: 'x', overwrite: true }),
        ).toEqual({ error: 'invalid-custom-field' });
        expect(
            await probe(host, 'visitors.setCustomField', { token: w.visitors.jose.token, key: 'cpf', value: '123', overwrite: true }),
        ).toEqual({ value: true });
    });

    it('users and settings: roles come through; hidden/secret server settings are not readable', async () => {
        expect((await probe(host, 'users.getByUsername', { username: 'max' })).value).toMatchObject({
            id: w.manager._id,
            roles: expect.arrayContaining(['livechat-manager']),
        });
        expect(await probe(host, 'settings.server', { id: 'Site_Url' })).toEqual({ value: 'https://chat.example.com' });
        expect((await probe(host, 'settings.server', { id: 'SMTP_Password' })).error).toMatch(/not readable/);
        await host.updateAppSetting('greeting', 'olá');
        expect(await probe(host, 'settings.app', { id: 'greeting' })).toEqual({ value: 'olá' });
    });

    it('fires IPostLivechatRoomClosed with the converted room', async () => {
        const room = (await host.store.collection(Collections.rooms).find({ 'v._id': w.visitors.usPhone._id }, { limit: 1 }))[0];
        await host.fireEvent('IPostLivechatRoomClosed', room);
        const [record] = await host.store.collection(Collections.persistence).find({ 'associations.id': room._id });
        expect(record.data).toEqual({ roomId: room._id, visitorName: 'Bob Smith', agent: 'ana', closedAt: room.closedAt });
    });
});

describe('closing a room from the app', () => {
    it('unsets `open`, stops listing it as open, and fires IPostLivechatRoomClosed like the server', async () => {
        const w = await seedWorld();
        const host = await EngineHost.start({ zipPath, store: w.store, permissionsGranted: APP_PERMISSIONS });
        try {
            expect(await probe(host, 'livechat.closeRoom', { id: w.open._id, value: 'bye' })).toEqual({ value: true });
            await host.settle();
            const doc = await host.store.collection(Collections.rooms).findOne({ _id: w.open._id });
            expect(doc).toMatchObject({ closer: 'visitor', closedAt: expect.any(Date) });
            expect('open' in doc!).toBe(false);
            expect((await probe(host, 'visitors.rooms', { visitorId: w.visitors.jose._id })).value).toEqual([]);
            const [record] = await host.store.collection(Collections.persistence).find({ 'associations.id': w.open._id });
            expect(record.data).toMatchObject({ roomId: w.open._id, agent: 'ana' });
        } finally {
            await host.stop();
        }
    });
});

describe('permissions the admin did not grant', () => {
    it('make the bridge call return undefined (null in the app) instead of throwing', async () => {
        const w = await seedWorld();
        const granted = APP_PERMISSIONS.filter((p) => p.name !== 'room.system.view-all');
        const host = await EngineHost.start({ zipPath, store: w.store, permissionsGranted: granted });
        try {
            expect(await probe(host, 'rooms.getAll', { filters: { types: ['l'] }, options: { limit: 10 } })).toEqual({ value: null });
            expect((await probe(host, 'rooms.getById', { id: w.open._id })).value.id).toBe(w.open._id);
        } finally {
            await host.stop();
        }
    });
});

describe('scheduler', () => {
    it('runs due jobs on demand and keeps them across a host restart on the same store', async () => {
        const w = await seedWorld();
        let host = await EngineHost.start({ zipPath, store: w.store, now, permissionsGranted: APP_PERMISSIONS });
        const jobs = () => host.store.collection(Collections.persistence).find({ 'associations.id': 'job-runs' });
        try {
            await probe(host, 'scheduler.once', { when: 'in 1 minute', data: { round: 1 } });
            expect(await host.runJobs()).toEqual([]);
            clock += 61_000;
            expect(await host.runJobs()).toMatchObject([{ name: `fixture-job_${host.appId}`, ok: true }]);
            expect((await jobs())[0].data.data).toMatchObject({ round: 1, appId: host.appId, jobId: expect.any(String) });

            await probe(host, 'scheduler.once', { when: 'in 1 minute', data: { round: 2 } });
            await host.stop();
            clock += 61_000;
            host = await EngineHost.start({ zipPath, store: w.store, now });
            expect(await host.runJobs()).toHaveLength(1);
            expect((await jobs()).map((r) => r.data.data.round)).toEqual([1, 2]);
        } finally {
            await host.stop();
        }
    });
});

describe('MemoryStore equality indexes', () => {
    it('return exactly what a full mingo scan returns, in natural order, through inserts, updates and deletes', async () => {
        const r = seeded(3);
        const col = new MemoryStore().collection('x');
        const assoc = () => ({ model: r.pick(['misc', 'room']), id: `k${r.int(30)}` });
        const doc = () => ({ appId: r.pick(['a', 'b']), associations: [assoc(), assoc()], v: { token: `t${r.int(50)}` }, n: r.int(10) });
        for (let i = 0; i < 400; i++) await col.insertOne(doc());
        for (let step = 0; step < 150; step++) {
            await col.updateOne({ associations: { $all: [assoc()] } }, { $set: { associations: [assoc()], 'v.token': `t${r.int(50)}` } });
            if (step % 3 === 0) await col.deleteOne({ 'v.token': `t${r.int(50)}` });
            if (step % 2 === 0) await col.insertOne(doc());
            const [a1, a2] = [assoc(), assoc()];
            const all = await col.find({});
            for (const q of [
                { appId: 'a', associations: { $all: [a1] } },
                { associations: [a1, a2] },
                { 'v.token': `t${r.int(50)}` },
                { n: { $in: [1, 2] } },
            ]) {
                const mingo = new Query(q, {});
                const want = all.filter((d) => mingo.test(d)).map((d) => d._id);
                expect((await col.find(q)).map((d) => d._id)).toEqual(want);
            }
        }
    });
});
