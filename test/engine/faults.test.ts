import {
    Collections,
    FaultPlan,
    MemoryStore,
    faultyStore,
    makeAdmin,
    makeAgent,
    makeLivechatRoom,
    makeVisitor,
    touchesAssociation,
    type EngineHost,
} from '@contact-center/engine-host';
import { Agent, rows, startApp, texts } from './driver';

jest.setTimeout(120_000);

type Rec = { data: Record<string, unknown> };

/**
 * Faults injected in the host's database under the packaged app: a write or a read that fails, or hangs
 * and then fails, in the middle of an edit, an index update, a backfill page and a broadcast. Afterwards
 * the data is consistent, or the app repairs it by itself, and nothing is lost.
 */
describe('Faults', () => {
    let plan: FaultPlan;
    let host: EngineHost;
    let clock = Date.now();
    const outcomes: string[] = [];
    let injected = 0;
    const alice = makeAgent({ username: 'alice' });
    const root = makeAdmin({ username: 'root' });
    const carol = makeVisitor({ name: 'Carol Fault' });
    const dave = makeVisitor({ name: 'Dave Fault' });
    const day = (i: number) => new Date(Date.UTC(2026, 6, 1 + i, 10));
    const carolRoom = makeLivechatRoom({ visitor: carol, agent: alice, open: false, ts: day(0) });
    const daveRoom = makeLivechatRoom({ visitor: dave, agent: alice, open: false, ts: day(1) });
    const crowd = Array.from({ length: 110 }, (_, i) => makeVisitor({ name: `Crowd Person ${i}` }));
    const crowdRooms = crowd.map((visitor, i) => makeLivechatRoom({ visitor, agent: alice, open: false, ts: day(2 + (i % 20)) }));

    const persistence = () => host.store.collection(Collections.persistence);
    const records = async (id: string) => (await persistence().find({ 'associations.id': id })) as unknown as Rec[];
    /** Runs due jobs until none is left, moving the host clock past retry pauses. */
    const drainJobs = async (rounds = 12) => {
        for (let i = 0; i < rounds; i++) {
            clock = Math.max(clock, Date.now()) + 31_000;
            await host.runJobs();
        }
    };
    const agent = () => new Agent(host, alice._id as string);
    const editCarol = async (name: string) => {
        const a = agent();
        await a.openContactCenter();
        await a.search('carol');
        await a.openRow((await records(`cc:contact:${carol._id}`))[0].data.name as string);
        await a.click('Edit');
        return { a, answer: await a.submit({ name }) };
    };
    const expectInjected = (label: string) => expect(plan.injected.map((f) => f.label)).toContain(label);

    // Each test starts from this workspace on a host (and a fault plan) of its own: no test sees another's faults or edits.
    beforeEach(async () => {
        plan = new FaultPlan();
        clock = Date.now();
        host = await startApp({
            store: faultyStore(new MemoryStore(), plan),
            now: () => new Date(clock),
            settings: { cc_default_country: 'BR', cc_broadcast_per_minute: 600 },
        });
        await host.store.collection(Collections.users).insertMany([alice, root]);
        await host.store.collection(Collections.visitors).insertMany([carol, dave, ...crowd]);
        await host.store.collection(Collections.rooms).insertMany([carolRoom]);
        await host.fireEvent('IPostLivechatRoomClosed', carolRoom._id);
        await drainJobs(2);
    });
    // Every fault a test planned was injected in that test (what the last test of the file checked for all of them, when they shared a plan).
    afterEach(async () => {
        await host?.stop();
        injected += plan.injected.length;
        expect(plan.pending()).toEqual([]);
    });
    afterAll(() => {
        console.log(`Faults injected: ${injected}\n  ${outcomes.join('\n  ')}`);
    });

    it('edit: the new revision cannot be written: the agent is told, nothing changed, saving again works', async () => {
        plan.add({
            label: 'edit: write of the new revision fails',
            collection: Collections.persistence,
            ops: ['insertOne'],
            when: touchesAssociation(`cc:contact:${carol._id}`),
        });
        const { a } = await editCarol('Carol Lost');
        expectInjected('edit: write of the new revision fails');
        expect(texts(a.view)).toContain('Something went wrong. Please try again.');
        const stored = await records(`cc:contact:${carol._id}`);
        expect(stored.map((r) => r.data.name)).toEqual(['Carol Fault']);
        await editCarol('Carol Second');
        expect((await records(`cc:contact:${carol._id}`)).map((r) => r.data.name)).toEqual(['Carol Second']);
        outcomes.push('edit, revision write fails: agent told, contact unchanged, the next save went through');
    });

    it('edit: Rocket.Chat refuses the visitor write (hangs, then fails): the claimed revision is withdrawn, contact and visitor unchanged', async () => {
        // The contact as the first test leaves it.
        await editCarol('Carol Second');
        plan.add({
            label: 'edit: visitor write hangs then fails',
            collection: Collections.visitors,
            ops: ['updateOne'],
            action: 'hang',
            ms: 1500,
        });
        const { a } = await editCarol('Carol Never');
        expectInjected('edit: visitor write hangs then fails');
        expect(texts(a.view)).toContain('Something went wrong. Please try again.');
        expect((await records(`cc:contact:${carol._id}`)).map((r) => r.data.name)).toEqual(['Carol Second']);
        expect((await host.store.collection(Collections.visitors).findOne({ _id: carol._id }))?.name).toBe('Carol Second');
        outcomes.push('edit, visitor write hangs 1.5 s then fails: revision withdrawn, contact and visitor unchanged');
    });

    it('edit: the old revision cannot be removed: the save stands, a repair is scheduled and leaves one record', async () => {
        plan.add({
            label: 'edit: removal of the previous revision fails',
            collection: Collections.persistence,
            ops: ['deleteMany'],
            when: touchesAssociation('cc:wr:'),
        });
        const { a, answer } = await editCarol('Carol Third');
        expectInjected('edit: removal of the previous revision fails');
        expect(answer).toMatchObject({ type: 'modal.update' });
        expect(texts(a.view)).toContain('Carol Third');
        expect(await records(`cc:contact:${carol._id}`)).toHaveLength(2);
        expect((await records('cc:job:cc-repair'))[0]?.data).toMatchObject({ done: false });
        const reader = agent();
        await reader.openContactCenter();
        expect(await reader.search('carol')).toEqual(['Carol Third']);
        await drainJobs();
        expect((await records(`cc:contact:${carol._id}`)).map((r) => r.data.name)).toEqual(['Carol Third']);
        expect((await records('cc:job:cc-repair'))[0]?.data).toMatchObject({ done: true });
        outcomes.push('edit, removal of the old revision fails: save shown, repair ran by itself, 1 record left');
    });

    it('edit: the recent list cannot be written: the save stands and the repair puts the new name in the list', async () => {
        plan.add({
            label: 'edit: recent list write fails',
            collection: Collections.persistence,
            ops: ['insertOne'],
            when: touchesAssociation('cc:list:contacts'),
            times: 2,
        });
        const { answer } = await editCarol('Carol Fourth');
        expectInjected('edit: recent list write fails');
        expect(answer).toMatchObject({ type: 'modal.update' });
        const list = async () => {
            const a = agent();
            await a.openContactCenter();
            return rows(a.view, 'cc-contact-open').map((r) => r.name);
        };
        expect(await list()).not.toContain('Carol Fourth');
        await drainJobs();
        expect(await list()).toContain('Carol Fourth');
        outcomes.push('edit, recent list write fails: save shown, repair restored the list entry');
    });

    it('index update: a room closes while the database fails: the repair indexes it', async () => {
        await host.store.collection(Collections.rooms).insertOne(daveRoom);
        plan.add({
            label: 'index: contact write fails on room close',
            collection: Collections.persistence,
            ops: ['insertOne'],
            when: touchesAssociation(`cc:contact:${dave._id}`),
        });
        await host.fireEvent('IPostLivechatRoomClosed', daveRoom._id);
        expectInjected('index: contact write fails on room close');
        expect(await records(`cc:contact:${dave._id}`)).toHaveLength(0);
        await drainJobs();
        const [contact] = await records(`cc:contact:${dave._id}`);
        expect(contact.data.closedRoomIds).toEqual([daveRoom._id]);
        expect(await records(`cc:chat:${daveRoom._id}`)).toHaveLength(1);
        outcomes.push('index, contact write fails on room close: repair scheduled by the event, room indexed and archived');
    });

    it('backfill: a page read fails and a chat write hangs: the job runs again and every room is indexed once', async () => {
        // Dave's room closed and was indexed, as in the test before.
        await host.store.collection(Collections.rooms).insertOne(daveRoom);
        await host.fireEvent('IPostLivechatRoomClosed', daveRoom._id);
        await host.store.collection(Collections.rooms).insertMany(crowdRooms);
        plan.add({
            label: 'backfill: second page read fails',
            collection: Collections.rooms,
            ops: ['find'],
            // Pages of 100 rooms (the count before them looks up one room at a time): the second one fails.
            when: (args) => (args[1] as { limit?: number } | undefined)?.limit === 100,
            after: 1,
        });
        plan.add({
            label: 'backfill: chat write hangs then fails',
            collection: Collections.persistence,
            ops: ['insertOne'],
            when: touchesAssociation('cc:chat:'),
            after: 20,
            action: 'hang',
            ms: 1000,
        });
        // An admin asks for a repair: it pages through every room like the backfill.
        const admin = new Agent(host, root._id as string);
        await admin.openContactCenter();
        await admin.click('Repair index');
        expect(texts(admin.view)).toContain('The repair started. It runs in the background; this line shows its progress.');
        await drainJobs(16);
        expect(plan.pending()).toEqual([]);
        const contacts = new Set((await records('cc:contact')).map((r) => r.data.id));
        const chats = await records('cc:chat');
        expect(contacts.size).toBe(crowd.length + 2);
        expect(new Set(chats.map((c) => c.data.roomId)).size).toBe(chats.length);
        const archived = new Set(chats.map((c) => c.data.roomId));
        expect([carolRoom, daveRoom, ...crowdRooms].map((r) => r._id).filter((id) => !archived.has(id))).toEqual([]);
        for (const record of await records('cc:contact'))
            expect(new Set(record.data.closedRoomIds as string[]).size).toBe((record.data.closedRoomIds as string[]).length);
        outcomes.push(
            `backfill/repair pages, a page read fails and a chat write hangs 1 s: job retried, ${chats.length} chats and ${contacts.size} contacts, each once`,
        );
    });

    it('key walk: saving an entry again fails half-way: the walk runs again and every entry carries the keys once', async () => {
        await host.store.collection(Collections.rooms).insertMany(crowdRooms.slice(0, 30));
        for (const room of crowdRooms.slice(0, 30)) await host.fireEvent('IPostLivechatRoomClosed', room._id);
        await drainJobs(2);
        // As an earlier version left them: entries without the agents' own keys, and no walk yet.
        const own = /^cc:k:a:/;
        type Stored = { _id: string; associations: { id: string }[]; data: Record<string, unknown> };
        const entries = async () => (await persistence().find({ 'associations.id': 'cc:contact' })) as unknown as Stored[];
        for (const entry of await entries()) {
            await persistence().updateOne(
                { _id: entry._id },
                { $set: { associations: entry.associations.filter((a) => !own.test(a.id)) } },
            );
        }
        await persistence().deleteMany({ 'associations.id': 'cc:job:cc-rekey' });
        await persistence().updateMany({ 'associations.id': 'cc:job:cc-backfill' }, { $unset: { 'data.keys': 1 } });
        const store = host.store;
        await host.stop();
        host = await startApp({ store, now: () => new Date(clock), settings: { cc_default_country: 'BR' } });
        plan.add({
            label: 'key walk: the write of an entry saved again fails',
            collection: Collections.persistence,
            ops: ['insertOne'],
            when: touchesAssociation('cc:contact:'),
            after: 10,
        });
        await drainJobs(4);
        expectInjected('key walk: the write of an entry saved again fails');
        const saved = await entries();
        // One record an entry (the failed claim withdrawn, older revisions removed), each with the agent's own keys.
        expect(new Set(saved.map((r) => r.data.id)).size).toBe(31);
        expect(saved).toHaveLength(31);
        expect(saved.filter((r) => r.associations.some((a) => own.test(a.id)))).toHaveLength(31);
        expect((await records('cc:job:cc-rekey'))[0].data).toMatchObject({ done: true });
        const a = agent();
        await a.openContactCenter();
        expect(await a.search('crowd person 7')).toEqual(['Crowd Person 7']);
        outcomes.push('key walk, an entry write fails half-way: job retried, 31 entries, each once with the keys');
    });

    it('broadcast: saving its progress fails after the messages went: the run is retried and no one gets a message twice', async () => {
        // The crowd's rooms are indexed by an admin's repair, as in the test before (here without faults).
        await host.store.collection(Collections.rooms).insertMany(crowdRooms);
        const admin = new Agent(host, root._id as string);
        await admin.openContactCenter();
        await admin.click('Repair index');
        await drainJobs(16);
        const a = agent();
        await a.openContactCenter();
        await a.click('Broadcast');
        await a.click('New broadcast');
        const form = { query: 'crowd person 1', channel: 'conversation', message: 'Hello {name}' };
        await a.submit(form);
        const confirm =
            (a.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
                .find((b) => b.blockId === 'confirm')
                ?.element?.options?.map((o) => o.value) ?? [];
        // The broadcast record is written once at creation; the fault hits the save at the end of the first run.
        plan.add({
            label: 'broadcast: saving progress fails',
            collection: Collections.persistence,
            ops: ['findOne'],
            when: touchesAssociation('cc:bc:'),
            after: 1,
        });
        await a.submit({ ...form, confirm });
        await drainJobs(4);
        expectInjected('broadcast: saving progress fails');
        const [broadcast] = (await persistence().find({ 'data.kind': 'broadcast' })) as unknown as Rec[];
        expect(broadcast.data).toMatchObject({ status: 'done' });
        const total = broadcast.data.total as number;
        expect(total).toBeGreaterThan(1);
        const opened = await host.store.collection(Collections.rooms).find({ 'source.type': 'app' });
        expect(opened).toHaveLength(total);
        for (const r of opened) expect(await host.store.collection(Collections.messages).count({ rid: r._id, 'u._id': alice._id })).toBe(1);
        outcomes.push(`broadcast, progress save fails after sending: run retried, ${total} recipients, each exactly one message`);
    });
});
