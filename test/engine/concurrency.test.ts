import { Cluster, Collections, makeAgent, makeLivechatRoom, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, lookUpsToCount, packagedZip, texts } from './driver';

type Rec = { data: Record<string, unknown>; associations: { id: string }[] };

jest.setTimeout(120_000);

/** Two agents, two server instances, one store: no edit lost silently, no job run twice. */
describe('Concurrency', () => {
    let cluster: Cluster;
    let a: EngineHost;
    let b: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const shared = makeVisitor({ name: 'Shared Customer' });
    const busy = makeVisitor({ name: 'Busy Customer' });
    const day = (i: number) => new Date(Date.UTC(2026, 5, 1 + i, 10));
    // The shared customer was served by both agents, so both may edit it.
    const sharedRooms = [
        makeLivechatRoom({ visitor: shared, agent: alice, open: false, ts: day(0) }),
        makeLivechatRoom({ visitor: shared, agent: bob, open: false, ts: day(1) }),
    ];
    const busyRooms = Array.from({ length: 8 }, (_, i) =>
        makeLivechatRoom({ visitor: busy, agent: i % 2 ? alice : bob, open: false, ts: day(2 + i) }),
    );
    const others = Array.from({ length: 130 }, (_, i) => makeVisitor({ name: `Old Customer ${i}` }));
    const oldRooms = others.map((visitor, i) =>
        makeLivechatRoom({ visitor, agent: i % 2 ? alice : bob, open: false, ts: day(20 + (i % 30)) }),
    );
    const figures: string[] = [];

    const records = async (prefix: string) =>
        (await cluster.store.collection<Rec & { _id: string }>(Collections.persistence).find({ 'associations.id': prefix })) as Rec[];

    // Each test starts from this workspace on a cluster of its own: no test sees another's edits, indexing or jobs.
    beforeEach(async () => {
        cluster = await Cluster.start(2, { zipPath: packagedZip(), settings: { cc_default_country: 'BR' } });
        [a, b] = cluster.hosts;
        const store = cluster.store;
        await store.collection(Collections.users).insertMany([alice, bob]);
        await store.collection(Collections.visitors).insertMany([shared, busy, ...others]);
        await store.collection(Collections.rooms).insertMany([...sharedRooms, ...busyRooms]);
        await a.fireEvent('IPostLivechatRoomClosed', sharedRooms[0]._id);
        await b.fireEvent('IPostLivechatRoomClosed', sharedRooms[1]._id);
    });
    afterEach(() => cluster?.stop());
    afterAll(() => {
        console.log(`Concurrency figures:\n  ${figures.join('\n  ')}`);
    });

    const openForm = async (agent: Agent) => {
        await agent.openContactCenter();
        await agent.search('shared');
        await agent.openRow((await contactName()) as string);
        await agent.click('Edit');
        expect(agent.view?.id).toMatch(/^cc-contact-edit:/);
    };
    const contactName = async () => (await records(`cc:contact:${shared._id}`)).map((r) => r.data.name as string)[0];
    /** The busy customer's rooms closed, one event each. */
    const closeBusyRooms = async () => {
        for (const [i, room] of busyRooms.entries()) await (i % 2 ? a : b).fireEvent('IPostLivechatRoomClosed', room._id);
    };
    /** The old rooms arrive and one backfill job indexes them. */
    const backfillOldRooms = async () => {
        await cluster.store.collection(Collections.rooms).insertMany(oldRooms);
        const jobs = cluster.store.collection(Collections.scheduler);
        await jobs.deleteMany({ name: /^cc-backfill/ });
        await jobs.insertOne({
            name: `cc-backfill_${a.appId}`,
            type: 'normal',
            data: { appId: a.appId },
            nextRunAt: new Date(Date.now() - 1000),
        });
        for (let i = 0; i < 6; i++) await cluster.runJobsEverywhere();
    };

    it('two agents saving the same contact at once: one save wins, the other is told and can reload; nothing is lost silently', async () => {
        let wins = 0;
        let conflicts = 0;
        for (let round = 0; round < 8; round++) {
            // Alice works on instance A, Bob on instance B, both from the same revision.
            const ana = new Agent(a, alice._id as string);
            const ben = new Agent(b, bob._id as string);
            await openForm(ana);
            await openForm(ben);
            const names = [`Shared Alice ${round}`, `Shared Bob ${round}`];
            const answers = await Promise.all([ana.submit({ name: names[0] }), ben.submit({ name: names[1] })]);
            // A submit keeps the modal's id: a save shows the contact in it, a refusal answers field errors.
            const saved = answers.map((answer) => (answer as { type?: string }).type !== 'errors');
            const stored = await records(`cc:contact:${shared._id}`);
            // One record remains, carrying a saved name (or the old one when both withdrew); never an unsaved one.
            expect(stored).toHaveLength(1);
            const final = stored[0].data.name;
            saved.forEach((ok, i) => {
                if (ok) {
                    expect(final).toBe(names[i]);
                    expect(texts([ana, ben][i].view)).toContain(names[i]);
                    wins++;
                } else {
                    expect({ round, i, errors: [ana, ben][i].view?.errors, answer: answers[i] }).toMatchObject({
                        errors: { name: expect.stringMatching(/Someone else changed this contact/) },
                    });
                    conflicts++;
                }
            });
            expect(saved.filter(Boolean).length).toBeLessThanOrEqual(1);
            // The one refused reloads (their form now shows the stored name) and saves again.
            for (const [i, agent] of [ana, ben].entries()) {
                if (!saved[i]) {
                    await agent.click('Reload');
                    expect(texts(agent.view)).toContain('Reload');
                    const again = await agent.submit({ name: `${names[i]} again` });
                    expect(again).toMatchObject({ type: 'modal.update' });
                    expect(texts(agent.view)).toContain(`${names[i]} again`);
                    expect(await contactName()).toBe(`${names[i]} again`);
                }
            }
        }
        figures.push(
            `same-contact saves: ${8 * 2} submitted in 8 rounds, ${wins} won, ${conflicts} refused with a conflict and saved after Reload, 0 lost`,
        );
        expect(wins + conflicts).toBe(16);
        expect(conflicts).toBeGreaterThanOrEqual(8);
    });

    it('room events on two instances for one contact at once: every room counted once, one record', async () => {
        await Promise.all(busyRooms.map((room, i) => (i % 2 ? a : b).fireEvent('IPostLivechatRoomClosed', room._id)));
        // Replays of the same events change nothing.
        await Promise.all(busyRooms.map((room, i) => (i % 2 ? b : a).fireEvent('IPostLivechatRoomClosed', room._id)));
        const stored = await records(`cc:contact:${busy._id}`);
        expect(stored).toHaveLength(1);
        expect([...(stored[0].data.closedRoomIds as string[])].sort()).toEqual(busyRooms.map((r) => r._id).sort());
        expect((await records('cc:chat')).filter((r) => r.data.contactId === busy._id)).toHaveLength(8);
        const ana = new Agent(a, alice._id as string);
        await ana.openContactCenter();
        expect(await ana.search('busy')).toEqual(['Busy Customer']);
        figures.push(
            `room-closed events: ${busyRooms.length * 2} fired on two instances at once (half replays), ${busyRooms.length} rooms counted, 1 contact record`,
        );
    });

    it('backfill with both instances polling the same jobs: each page read once, all rooms indexed', async () => {
        // The busy customer's rooms were indexed as they closed, as in the test before.
        await closeBusyRooms();
        await cluster.store.collection(Collections.rooms).insertMany(oldRooms);
        for (const host of cluster.hosts) host.resetMetrics();
        const jobs = cluster.store.collection(Collections.scheduler);
        // Each server scheduled the backfill when the app started: two jobs for the same work.
        await jobs.deleteMany({ name: /^cc-backfill/ });
        const due = { name: `cc-backfill_${a.appId}`, type: 'normal', data: { appId: a.appId }, nextRunAt: new Date(Date.now() - 1000) };
        await jobs.insertMany([{ ...due }, { ...due }]);
        let runs = 0;
        for (let i = 0; i < 6; i++) runs += (await cluster.runJobsEverywhere()).length;
        const pagesRead = cluster.hosts.reduce((n, h) => n + (h.metrics().bridges['room.getAllRooms']?.calls ?? 0), 0);
        const total = sharedRooms.length + busyRooms.length + oldRooms.length;
        // Each page once, after the look-ups of one room each that found where the newest end is.
        expect(pagesRead).toBe(Math.ceil(total / 100) + (await lookUpsToCount(total)).calls);
        const contacts = new Set((await records('cc:contact')).map((r) => r.data.id));
        expect(contacts.size).toBe(others.length + 2);
        figures.push(
            `backfill: ${runs} job runs on 2 instances (2 duplicate jobs), ${pagesRead} pages of getAllRooms read for ${total} rooms (no page twice), ${contacts.size} contacts`,
        );
    });

    it('a broadcast whose job is due on both instances reaches each recipient once', async () => {
        // The old customers are indexed, as the test before leaves them.
        await backfillOldRooms();
        const ana = new Agent(a, alice._id as string);
        await ana.openContactCenter();
        await ana.click('Broadcast');
        await ana.click('New broadcast');
        const form = { query: 'old customer 1', channel: 'conversation', message: 'News for {name}' };
        await ana.submit(form);
        const confirm =
            (ana.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
                .find((x) => x.blockId === 'confirm')
                ?.element?.options?.map((o) => o.value) ?? [];
        await ana.submit({ ...form, confirm });
        const jobs = cluster.store.collection(Collections.scheduler);
        // Both servers scheduled the broadcast's job (as after both restarted): two documents for the same work.
        const [job] = await jobs.find({ name: /^cc-broadcast/ });
        const { _id: _ignored, ...copy } = job;
        await jobs.insertOne(copy);
        for (let i = 0; i < 8; i++) {
            await jobs.updateMany(
                { name: /^cc-broadcast/, nextRunAt: { $ne: null } },
                { $set: { nextRunAt: new Date(Date.now() - 1000) } },
            );
            await cluster.runJobsEverywhere();
        }
        const [broadcast] = (await cluster.store
            .collection(Collections.persistence)
            .find({ 'data.kind': 'broadcast' })) as unknown as Rec[];
        expect(broadcast?.data).toMatchObject({ status: 'done' });
        const opened = await cluster.store.collection(Collections.rooms).find({ 'source.type': 'app' });
        expect(opened.length).toBe(broadcast.data.total);
        for (const r of opened) expect(await cluster.store.collection(Collections.messages).count({ rid: r._id })).toBe(1);
        figures.push(`broadcast: job due twice on 2 instances, ${opened.length} recipients, each exactly one conversation and one message`);
    });

    it('leases: a job held by one instance is skipped by the other, and an expired lease is taken over', async () => {
        const persistence = cluster.store.collection(Collections.persistence);
        const lease = (expiresAt: string) => ({
            appId: a.appId,
            associations: [
                { model: 'misc', id: 'cc:lease:cc-repair' },
                { model: 'misc', id: 'cc:wr:someone' },
            ],
            data: { owner: 'other-server', expiresAt, writeId: 'someone' },
        });
        await persistence.insertOne(lease(new Date(Date.now() + 60_000).toISOString()));
        const admin = new Agent(a, (await cluster.store.collection(Collections.users).findOne({ roles: 'admin' }))!._id as string);
        await admin.openContactCenter();
        await admin.click('Repair index');
        await cluster.runJobsEverywhere();
        const state = async () => (await records('cc:job:cc-repair'))[0]?.data;
        expect(await state()).toMatchObject({ done: false, skip: 0 });
        // The other server crashed: its lease expires and this cluster takes the work over.
        await persistence.deleteMany({ 'associations.id': 'cc:lease:cc-repair' });
        await persistence.insertOne(lease(new Date(Date.now() - 1000).toISOString()));
        await cluster.store
            .collection(Collections.scheduler)
            .updateMany({ name: /^cc-repair/ }, { $set: { nextRunAt: new Date(Date.now() - 1000) } });
        for (let i = 0; i < 4; i++) await cluster.runJobsEverywhere();
        expect(await state()).toMatchObject({ done: true });
        expect(await records('cc:lease:cc-repair')).toHaveLength(0);
        figures.push('leases: a live lease of another instance made the repair wait; an expired one was taken over and released');
    });
});
