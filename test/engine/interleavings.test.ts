import {
    Cluster,
    Collections,
    FaultPlan,
    MemoryStore,
    faultyStore,
    makeAgent,
    makeLivechatRoom,
    makeManager,
    makeVisitor,
    type EngineHost,
} from '@contact-center/engine-host';
import { Agent, packagedZip, rows, startApp, texts } from './driver';

jest.setTimeout(120_000);

type Rec = { data: Record<string, unknown> };

/**
 * Interleavings, not only simultaneous starts: a write held back until others have landed, many events at once
 * on two instances. Each test builds its own host, so it runs alone (`-t`) exactly as in the suite.
 */
describe('A slow save overtaken by two others', () => {
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const person = makeVisitor({ name: 'Shared Person', visitorEmails: [{ address: 'shared@example.com' }] });
    const day = (i: number) => new Date(Date.UTC(2026, 5, 1 + i, 10));
    const rooms = [
        makeLivechatRoom({ visitor: person, agent: alice, open: false, ts: day(0) }),
        makeLivechatRoom({ visitor: person, agent: bob, open: false, ts: day(1) }),
    ];
    const manager = makeManager({ username: 'mona' });
    let host: EngineHost;
    let plan: FaultPlan;

    beforeEach(async () => {
        plan = new FaultPlan();
        host = await startApp({ store: faultyStore(new MemoryStore(), plan) });
        await host.store.collection(Collections.users).insertMany([alice, bob, manager]);
        await host.store.collection(Collections.visitors).insertOne(person);
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    const contactRecords = async () =>
        (await host.store.collection(Collections.persistence).find({ 'associations.id': `cc:contact:${person._id}` })) as unknown as Rec[];
    const openForm = async (agent: Agent) => {
        await agent.openContactCenter();
        await agent.search('shared@example.com');
        await agent.openRow(rows(agent.view, 'cc-contact-open')[0].name);
        await agent.click('Edit');
        expect(agent.view?.id).toMatch(/^cc-contact-edit:/);
    };
    /** A hold on the write (or visitor update) that carries `name`: it lands when the test says so. */
    const holdWriteOf = (name: string, collection: string, ops: ('insertOne' | 'updateOne')[]) => {
        let release = () => {};
        const until = new Promise<void>((resolve) => (release = resolve));
        plan.add({ label: `${name} held`, collection, ops, action: 'hold', until, when: (args) => JSON.stringify(args).includes(name) });
        return release;
    };
    const waitFor = async (condition: () => boolean) => {
        for (let i = 0; i < 200 && !condition(); i++) {
            await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(condition()).toBe(true);
    };
    /** What an agent sees: search results, the unfiltered list, the visitor in Rocket.Chat. */
    const seen = async () => {
        const viewer = new Agent(host, manager._id as string);
        await viewer.openContactCenter();
        const list = rows(viewer.view, 'cc-contact-open').map((r) => r.name);
        return { list, visitor: (await host.store.collection(Collections.visitors).findOne({ _id: person._id }))?.name, viewer };
    };

    it('a revision that lands behind a newer one is withdrawn and its author told to reload; nothing shows it', async () => {
        const ana = new Agent(host, alice._id as string);
        const ben = new Agent(host, bob._id as string);
        await openForm(ana);
        const release = holdWriteOf('Alice Stale', Collections.persistence, ['insertOne']);
        const aliceSave = ana.submit({ name: 'Alice Stale' });
        await waitFor(() => plan.injected.length > 0);
        // Meanwhile Bob saves twice: revisions N+1 and N+2 land while Alice's N+1 is still on its way.
        await openForm(ben);
        await ben.submit({ name: 'Bob First' });
        expect(texts(ben.view)).toContain('Bob First');
        await ben.click('Edit');
        await ben.submit({ name: 'Bob Second' });
        expect(texts(ben.view)).toContain('Bob Second');
        release();
        await aliceSave;

        expect(ana.view?.errors?.name).toMatch(/Someone else changed this contact/);
        expect((await contactRecords()).map((r) => r.data.name)).toEqual(['Bob Second']);
        const { list, visitor, viewer } = await seen();
        expect(visitor).toBe('Bob Second');
        expect(list).toEqual(['Bob Second']);
        expect(await viewer.search('stale')).toEqual([]);
        expect(await viewer.search('second')).toEqual(['Bob Second']);
    });

    it('a kept save whose Rocket.Chat write is overtaken leaves the visitor and the lists with the newest revision', async () => {
        const ana = new Agent(host, alice._id as string);
        const ben = new Agent(host, bob._id as string);
        await openForm(ana);
        // Alice's revision is kept, but her write to the Rocket.Chat visitor is slow...
        const release = holdWriteOf('Alice Slow', Collections.visitors, ['updateOne']);
        const aliceSave = ana.submit({ name: 'Alice Slow' });
        await waitFor(() => plan.injected.length > 0);
        // ...and Bob, who reads her revision, saves on top of it before her visitor write lands.
        await openForm(ben);
        await ben.submit({ name: 'Bob On Top' });
        expect(texts(ben.view)).toContain('Bob On Top');
        release();
        await aliceSave;

        expect(ana.view?.errors).toBeUndefined();
        expect((await contactRecords()).map((r) => r.data.name)).toEqual(['Bob On Top']);
        const { list, visitor } = await seen();
        expect(visitor).toBe('Bob On Top');
        expect(list).toEqual(['Bob On Top']);
    });
});

describe.each([20, 50])('%i rooms closing together on two instances', (count) => {
    const agents = [makeAgent({ username: 'ann' }), makeAgent({ username: 'ben' })];
    const manager = makeManager({ username: 'max' });
    const people = Array.from({ length: count }, (_, i) => makeVisitor({ name: `Closing Person ${i}` }));
    const rooms = people.map((visitor, i) =>
        makeLivechatRoom({ visitor, agent: agents[i % 2], open: false, ts: new Date(Date.UTC(2026, 6, 1, 10, i)) }),
    );
    let cluster: Cluster;

    beforeAll(async () => {
        cluster = await Cluster.start(2, { zipPath: packagedZip(), settings: { cc_default_country: 'BR' } });
        await cluster.store.collection(Collections.users).insertMany([...agents, manager]);
        await cluster.store.collection(Collections.visitors).insertMany(people);
        await cluster.store.collection(Collections.rooms).insertMany(rooms);
    });
    afterAll(() => cluster?.stop());

    const list = async (host: EngineHost, path: 'contacts' | 'chats', userId: string) => {
        const answer = await host.callEndpoint(path, { method: 'get', headers: await host.loginHeaders(userId) });
        expect(answer.status).toBe(200);
        return answer.content as { total: number; items: unknown[] };
    };

    it('the room-closed events at once keep every entry in the default Contacts and Chats lists', async () => {
        const [a, b] = cluster.hosts;
        await Promise.all(rooms.map((room, i) => (i % 2 ? b : a).fireEvent('IPostLivechatRoomClosed', room._id)));
        expect((await list(a, 'contacts', manager._id as string)).total).toBe(count);
        expect((await list(b, 'chats', manager._id as string)).total).toBe(count);
        // Each agent's own lists too.
        for (const agent of agents) {
            expect((await list(a, 'contacts', agent._id as string)).total).toBe(count / 2);
            expect((await list(b, 'chats', agent._id as string)).total).toBe(count / 2);
        }
    });
});
