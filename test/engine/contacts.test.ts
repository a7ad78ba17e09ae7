import {
    Collections,
    makeAgent,
    makeLivechatRoom,
    makeManager,
    makeVisitor,
    tricksyVisitors,
    type EngineHost,
} from '@contact-center/engine-host';
import { Agent, buttons, rows, startApp, texts } from './driver';
import { KEYS_SHAPE } from '../../src/domain/searchKeys';

/** The Contacts tab as agents use it, through the packaged app in the real Apps-Engine. */
describe('Contacts', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const v = tricksyVisitors();
    const closed = (visitor: typeof alice, agent: typeof alice, minutesAgo = 60) =>
        makeLivechatRoom({ visitor, agent, open: false, ts: new Date(Date.now() - minutesAgo * 60_000) });
    const rooms = [closed(v.jose, alice, 120), closed(v.markdown, alice, 90), closed(v.mention, bob), closed(v.usPhone, bob, 30)];
    const openRoom = makeLivechatRoom({ visitor: v.intlPhone, agent: alice, open: true });

    const persistenceCount = () => host.store.collection(Collections.persistence).count({});
    const visitorCount = () => host.store.collection(Collections.visitors).count({});

    // Each test starts from this workspace on a host of its own: no test sees what another one changed.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.visitors).insertMany(Object.values(v));
        await host.store.collection(Collections.rooms).insertMany([...rooms, openRoom]);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    const as = (user: typeof alice) => new Agent(host, user._id as string);

    it('lists the contacts an agent served, most recent first', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        expect(rows(agent.view, 'cc-contact-open').map((r) => r.name)).toEqual([v.markdown.name, v.jose.name]);
    });

    it('searches a name fragment without accents, a phone in another format and an email in another case', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        expect(await agent.search('varez')).toEqual([v.jose.name]);
        expect(await agent.search('jose alvarez')).toEqual([v.jose.name]);
        expect(await agent.search('(11) 98765 4321')).toEqual([v.jose.name]);
        expect(await agent.search('11987654321')).toEqual([v.jose.name]);
        expect(await agent.search('JOSE.ALVAREZ@WORK.EXAMPLE')).toEqual([v.jose.name]);
        expect(await agent.search('nobody-like-this')).toEqual([]);
        expect(texts(agent.view)).toContain('No contacts match “nobody-like-this”.');
    });

    it('goes Back from a contact to the search it was opened from', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        expect(await agent.search('varez')).toEqual([v.jose.name]);
        await agent.openRow(v.jose.name);
        expect(agent.view?.id).toBe('cc-contact');
        await agent.click('Back');
        expect(agent.view?.id).toBe('cc-contacts');
        expect(rows(agent.view, 'cc-contact-open').map((r) => r.name)).toEqual([v.jose.name]);
        expect(JSON.stringify(agent.view?.blocks)).toContain('"initialValue":"varez"');
    });

    it('Cancel on Edit returns to the contact and on New Contact to the list, saving nothing; Close is the modal\u2019s own', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.openRow(v.jose.name);
        await agent.click('Edit');
        expect(JSON.stringify(agent.view?.close)).toContain('"text":"Close"');
        await agent.click('Cancel');
        expect(agent.view?.id).toBe('cc-contact');
        expect(texts(agent.view)).toContain(v.jose.name);
        await agent.click('Back');
        await agent.click('New Contact');
        await agent.click('Cancel');
        expect(agent.view?.id).toBe('cc-contacts');
    });

    it('keeps agents to their own contacts while a manager sees all', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        expect(await agent.search('maria')).toEqual([]);
        const manager = as(mona);
        await manager.openContactCenter();
        expect(await manager.search('maria')).toEqual([v.mention.name]);
        expect(await manager.search('(415) 555-0100')).toEqual([v.usPhone.name]);
    });

    it('shows names as plain text: markdown and mentions are never interpreted', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.openRow(v.markdown.name as string);
        const nameTexts = JSON.stringify(agent.view?.blocks);
        expect(texts(agent.view)).toContain(v.markdown.name);
        expect(nameTexts).not.toContain('"mrkdwn"');
    });

    it('opens a contact, edits it, and search finds the new name at once', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.search('jose');
        await agent.openRow(v.jose.name as string);
        expect(agent.view?.id).toBe('cc-contact');
        expect(texts(agent.view)).toEqual(expect.arrayContaining(['jose@example.com, jose.alvarez@work.example', '+55 11 98765 4321']));
        await agent.click('Edit');
        expect(agent.view?.id).toMatch(/^cc-contact-edit:/);
        await agent.submit({
            name: 'José Updated',
            emails: 'jose@example.com\njose.alvarez@work.example',
            phones: '+55 11 98765-4321',
            company: 'ACME',
        });
        expect(texts(agent.view)).toEqual(expect.arrayContaining(['Saved.', 'José Updated', 'ACME']));
        const visitor = await host.store.collection(Collections.visitors).findOne({ _id: v.jose._id });
        expect(visitor?.name).toBe('José Updated');

        await agent.openContactCenter();
        expect(await agent.search('updated')).toEqual(['José Updated']);
        expect(await agent.search('nunez')).toEqual([]);
    });

    it('refuses a New Contact with a bad email next to the field, and writes nothing', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        expect(agent.view?.id).toBe('cc-contact-new');
        const [records, visitors] = [await persistenceCount(), await visitorCount()];
        await agent.submit({ name: 'Carla Nova', emails: 'carla@@example', phones: '' });
        expect(agent.view?.errors).toEqual({ emails: '“carla@@example” is not a valid email address.' });
        expect(await persistenceCount()).toBe(records);
        expect(await visitorCount()).toBe(visitors);
    });

    it('refuses an email that belongs to another contact, naming it only to a caller who may see it', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        const records = await persistenceCount();
        await agent.submit({ name: 'Copycat', emails: 'MARIA@example.com' });
        // Maria was served by Bob: Alice may not see her.
        expect(agent.view?.errors).toEqual({ emails: 'maria@example.com already belongs to another contact.' });
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('New Contact');
        await manager.submit({ name: 'Copycat', emails: 'MARIA@example.com' });
        expect(manager.view?.errors).toEqual({ emails: `maria@example.com already belongs to the contact “${v.mention.name}”.` });
        expect(await persistenceCount()).toBe(records);
    });

    it('creates a New Contact that appears in search for its creator', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        await agent.submit({ name: 'Carla Nova', emails: 'Carla@Example.com', phones: '11 91234-5678', notes: 'Met at the fair' });
        expect(texts(agent.view)).toEqual(
            expect.arrayContaining(['Carla Nova', 'carla@example.com', '+55 11 91234 5678', 'Met at the fair']),
        );
        const visitor = await host.store.collection(Collections.visitors).findOne({ name: 'Carla Nova' });
        expect(visitor?.token).toEqual(expect.any(String));
        expect(visitor?.visitorEmails).toEqual([{ address: 'carla@example.com' }]);

        await agent.openContactCenter();
        expect(await agent.search('carla')).toEqual(['Carla Nova']);
        expect(await agent.search('+55 11 91234 5678')).toEqual(['Carla Nova']);
        const other = as(bob);
        await other.openContactCenter();
        expect(await other.search('carla')).toEqual([]);
    });

    it("gives entries an earlier version saved the agents' own search keys: searches find them before, during and after", async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        await agent.submit({ name: 'Carla Nova', emails: 'carla@example.com' });
        await host.runJobs();
        const persistence = host.store.collection(Collections.persistence);
        const rekey = { 'associations.id': 'cc:job:cc-rekey' };
        // The rooms closed before the backfill first ran: the directory was not empty then, so the walk ran too.
        expect(await persistence.count({ ...rekey, 'data.done': true, 'data.shape': KEYS_SHAPE })).toBe(1);
        type Stored = { _id: string; associations: { id: string }[] };
        const own = /^cc:k:a:/;
        const entries = async () => (await persistence.find({ 'data.closedRoomIds': { $exists: true } })) as unknown as Stored[];
        const carrying = async () => (await entries()).filter((e) => e.associations.some((a) => own.test(a.id))).length;
        const before = await entries();
        // The four people of the closed rooms, the one of the open room (listed for alice, who serves it) and Carla.
        expect(before).toHaveLength(6);
        expect(await carrying()).toBe(6);
        // The earlier version's records: entries without the agents' own keys, its backfill's state, and no walk yet.
        for (const entry of before) {
            await persistence.updateOne({ _id: entry._id }, { $set: { associations: entry.associations.filter((a) => !own.test(a.id)) } });
        }
        // An entry stored without the time of its last save (as a record of an old shape may be) is saved again too.
        await persistence.updateMany({ 'data.name': 'Carla Nova' }, { $unset: { 'data.updatedAt': 1 } });
        await persistence.deleteMany(rekey);
        await persistence.updateMany({ 'associations.id': 'cc:job:cc-backfill' }, { $unset: { 'data.keys': 1 } });
        const store = host.store;
        await host.stop();
        host = await startApp({ store });
        const found = async () => {
            const [a, b] = [as(alice), as(bob)];
            await a.openContactCenter();
            await b.openContactCenter();
            return [
                await a.search('carla'),
                await a.search('varez'),
                await b.search('varez'),
                await b.search('maria'),
                // A letter prefix and phone fragments (the agents' own keys of those, from keys shape 3).
                await a.search('ca'),
                await a.search('87654'),
                await b.search('87654'),
                await b.search('5550'),
            ];
        };
        const expected = [['Carla Nova'], [v.jose.name], [], [v.mention.name], ['Carla Nova'], [v.jose.name], [], [v.usPhone.name]];
        // Until the walk finishes, everyone's keys are read (as the earlier version did), so nobody is missed.
        expect(await carrying()).toBe(0);
        expect(await found()).toEqual(expected);
        await host.runJobs();
        // Then the agents' own keys are read: found only because the walk saved every entry again with them.
        expect(await found()).toEqual(expected);
        expect(await persistence.count({ ...rekey, 'data.done': true, 'data.shape': KEYS_SHAPE, 'data.saved': 6 })).toBe(1);
        expect(await carrying()).toBe(6);
    });

    it('refuses forged requests for a contact the agent may not see', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.press('cc-contact-open', v.mention._id as string);
        expect(texts(agent.view)).toContain('This contact does not exist or you may not see it.');
        await agent.press('cc-contact-edit', v.mention._id as string);
        expect(texts(agent.view)).not.toContain(v.mention.name);

        const before = await host.store.collection(Collections.visitors).findOne({ _id: v.mention._id });
        const forgedForm = { id: `cc-contact-edit:${v.mention._id}:1`, blocks: [], title: { type: 'plain_text', text: 'x' } };
        await agent.submit({ name: 'Hacked' }, forgedForm as never);
        const after = await host.store.collection(Collections.visitors).findOne({ _id: v.mention._id });
        expect(after?.name).toBe(before?.name);
        const manager = as(mona);
        await manager.openContactCenter();
        expect(await manager.search('hacked')).toEqual([]);
    });

    it('refuses a stale form after someone else saved the contact', async () => {
        const first = as(mona);
        await first.openContactCenter();
        await first.search('bob smith');
        await first.openRow(v.usPhone.name as string);
        await first.click('Edit');
        const staleForm = first.view;
        await first.submit({ name: 'Bob Smith Jr', phones: '(415) 555-0100' });
        await first.submit({ name: 'Bob Overwritten', phones: '(415) 555-0100' }, staleForm);
        expect(first.view?.errors?.name).toMatch(/Someone else changed this contact/);
        const visitor = await host.store.collection(Collections.visitors).findOne({ _id: v.usPhone._id });
        expect(visitor?.name).toBe('Bob Smith Jr');
    });

    it('does not list the contact of an open room before an agent serves it... but the room toolbar opens it for its agent', async () => {
        await host.clickActionButton({ user: alice._id as string, actionId: 'cc-open-room', room: openRoom._id as string });
        // Beside the conversation, in the contextual bar, not a modal over it.
        const bar = host.viewsFor(alice._id as string).contextualBar;
        expect(host.viewsFor(alice._id as string).modal).toBeUndefined();
        expect(bar?.id).toBe('cc-room-contact');
        expect(texts(bar)).toContain(v.intlPhone.name);
        expect(buttons(bar).map((b) => b.label)).toEqual(expect.arrayContaining(['Edit', 'Open in Contact Center']));
        // Edit opens the form over the room.
        const agent = as(alice);
        const edit = buttons(bar).find((b) => b.label === 'Edit')!;
        await agent.press(edit.actionId, edit.value, edit.blockId);
        expect(agent.view?.title).toBeDefined();
        expect(JSON.stringify(host.viewsFor(alice._id as string).modal?.blocks)).toContain(`"initialValue":"${v.intlPhone.name}"`);
        const other = as(bob);
        await host.clickActionButton({ user: bob._id as string, actionId: 'cc-open-room', room: openRoom._id as string, force: true });
        expect(texts(host.viewsFor(bob._id as string).contextualBar)).not.toContain(v.intlPhone.name);
        expect(texts(other.view)).not.toContain(v.intlPhone.name);
    });
});

describe('Backfill of existing conversations', () => {
    it('indexes every closed room once, resuming after a restart half-way', async () => {
        const agent = makeAgent({ username: 'ada' });
        const visitors = Array.from({ length: 150 }, (_, i) => makeVisitor({ name: `Backfill Person ${i}` }));
        const rooms = Array.from({ length: 1200 }, (_, i) =>
            makeLivechatRoom({
                visitor: visitors[i % visitors.length],
                agent,
                open: i % 10 === 0,
                ts: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
            }),
        );
        let host = await startApp();
        const store = host.store;
        try {
            await store.collection(Collections.users).insertOne(agent);
            await store.collection(Collections.visitors).insertMany(visitors);
            await store.collection(Collections.rooms).insertMany(rooms);
            await host.stop();

            host = await startApp({ store });
            const first = await host.runJobs();
            expect(first.filter((r) => r.name.startsWith('cc-backfill')).map((r) => r.ok)).toEqual([true]);
            const halfway = (await store.collection(Collections.persistence).find({}))
                .map((r) => r.data as Record<string, unknown>)
                .find((d) => 'skip' in d && 'done' in d);
            expect(halfway).toMatchObject({ done: false });
            expect(halfway?.skip).toBeGreaterThanOrEqual(100);
            expect(halfway?.skip).toBeLessThanOrEqual(500);
            await host.stop();

            host = await startApp({ store });
            for (let i = 0; i < 10; i++) {
                await host.runJobs();
            }
            const records = (await store.collection(Collections.persistence).find({})).map((r) => r.data as Record<string, unknown>);
            const contacts = records.filter((d) => Array.isArray(d.closedRoomIds));
            expect(new Set(contacts.map((c) => c.id)).size).toBe(150);
            expect(contacts).toHaveLength(150);
            const counted = contacts.reduce((sum, c) => sum + (c.closedRoomIds as string[]).length, 0);
            expect(counted).toBe(rooms.filter((r) => !r.open).length);
            const chats = records.filter((d) => typeof d.roomId === 'string' && 'tagHistory' in d);
            expect(chats).toHaveLength(1080);
            const state = records.find((d) => 'skip' in d && 'done' in d);
            expect(state).toMatchObject({ done: true, skip: 1200, keys: KEYS_SHAPE });
            // The backfill started on an empty directory: every entry has the current keys, the key walk saved none.
            const walk = records.find((d) => 'shard' in d && 'saved' in d);
            expect(walk).toMatchObject({ done: true, saved: 0, shape: KEYS_SHAPE });

            const manager = makeManager({ username: 'max' });
            await store.collection(Collections.users).insertOne(manager);
            const viewer = new Agent(host, manager._id as string);
            await viewer.openContactCenter();
            expect(texts(viewer.view)).toContain('All existing conversations are indexed (1200 rooms).');
            expect(await viewer.search('person 42')).toEqual(['Backfill Person 42']);
        } finally {
            await host.stop();
        }
    }, 300_000);

    it('misses no room when rooms are deleted while it walks newest first', async () => {
        const agent = makeAgent({ username: 'ada' });
        const visitors = Array.from({ length: 50 }, (_, i) => makeVisitor({ name: `Walked Person ${i}` }));
        const rooms = Array.from({ length: 720 }, (_, i) =>
            makeLivechatRoom({
                visitor: visitors[i % visitors.length],
                agent,
                open: false,
                ts: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
            }),
        );
        let host = await startApp();
        const store = host.store;
        try {
            await store.collection(Collections.users).insertOne(agent);
            await store.collection(Collections.visitors).insertMany(visitors);
            await store.collection(Collections.rooms).insertMany(rooms);
            await host.stop();
            host = await startApp({ store });
            await host.runJobs();
            // The first run read the newest pages; rooms are deleted meanwhile, old and new: those not read yet move down.
            const deleted = new Set(rooms.filter((_, i) => i % 23 === 5).map((r) => r._id as string));
            await store.collection(Collections.rooms).deleteMany({ _id: { $in: [...deleted] } });
            for (let i = 0; i < 5; i++) await host.runJobs();
            const archived = new Set(
                (await store.collection(Collections.persistence).find({ 'associations.id': 'cc:chat' })).map(
                    (r) => (r.data as { roomId: string }).roomId,
                ),
            );
            expect(rooms.map((r) => r._id as string).filter((id) => !deleted.has(id) && !archived.has(id))).toEqual([]);
            const state = (await store.collection(Collections.persistence).find({ 'associations.id': 'cc:job:cc-backfill' }))[0]?.data;
            expect(state).toMatchObject({ done: true, total: 720, skip: 720 });
        } finally {
            await host.stop();
        }
    }, 300_000);

    it('claims no date when the rooms do not come in the order they started (imported rooms, say)', async () => {
        const agent = makeAgent({ username: 'ada' });
        const visitors = Array.from({ length: 40 }, (_, i) => makeVisitor({ name: `Imported Person ${i}` }));
        // Stored in an order unrelated to when they started.
        const rooms = Array.from({ length: 600 }, (_, i) =>
            makeLivechatRoom({
                visitor: visitors[i % visitors.length],
                agent,
                open: false,
                ts: new Date(Date.UTC(2025, 0, 1) + ((i * 7919) % 600) * 60_000),
            }),
        );
        let host = await startApp();
        const store = host.store;
        try {
            await store.collection(Collections.users).insertOne(agent);
            await store.collection(Collections.visitors).insertMany(visitors);
            await store.collection(Collections.rooms).insertMany(rooms);
            await host.stop();
            host = await startApp({ store });
            await host.runJobs();
            const state = (await store.collection(Collections.persistence).find({ 'associations.id': 'cc:job:cc-backfill' }))[0]?.data as {
                skip: number;
                since?: string;
                unordered?: boolean;
            };
            expect(state).toMatchObject({ unordered: true });
            expect(state.since).toBeUndefined();
            const ada = new Agent(host, agent._id as string);
            await ada.openContactCenter();
            expect(texts(ada.view)).toContain(`Indexing existing conversations: ${state.skip} rooms read.`);
        } finally {
            await host.stop();
        }
    }, 300_000);

    it('says how far it is while it runs, newest first, and finds by exact email or phone a person it has not reached yet', async () => {
        const agent = makeAgent({ username: 'ada' });
        const manager = makeManager({ username: 'max' });
        const recent = Array.from({ length: 70 }, (_, i) => makeVisitor({ name: `Recent Person ${i}` }));
        const late = makeVisitor({
            name: 'Lena Late',
            visitorEmails: [{ address: 'lena.late@example.org' }],
            phone: [{ phoneNumber: '+5511912345678' }],
        });
        // Lena's room, then 690 rooms of other people: the walk reads the newest first, at most five pages of 100 a run,
        // so it reaches Lena last.
        const rooms = [
            makeLivechatRoom({ visitor: late, agent, open: false, ts: new Date(Date.UTC(2024, 6, 1)) }),
            ...Array.from({ length: 690 }, (_, i) =>
                makeLivechatRoom({
                    visitor: recent[i % recent.length],
                    agent,
                    open: false,
                    ts: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
                }),
            ),
        ];
        let host = await startApp();
        const store = host.store;
        try {
            await store.collection(Collections.users).insertMany([agent, manager]);
            await store.collection(Collections.visitors).insertMany([...recent, late]);
            await store.collection(Collections.rooms).insertMany(rooms);
            await host.stop();
            host = await startApp({ store });
            await host.runJobs();
            const state = (await store.collection(Collections.persistence).find({ 'associations.id': 'cc:job:cc-backfill' }))[0]?.data as {
                skip: number;
                total: number;
            };
            expect(state).toMatchObject({ total: rooms.length });
            expect(state.skip).toBeGreaterThanOrEqual(100);
            expect(state.skip).toBeLessThanOrEqual(500);
            // Every conversation started since the oldest one read is indexed: the newest ones, not the first ones.
            const since = (rooms[rooms.length - state.skip].ts as Date).toISOString().slice(0, 16).replace('T', ' ');
            const ada = new Agent(host, agent._id as string);
            const max = new Agent(host, manager._id as string);
            await ada.openContactCenter();
            expect(texts(ada.view)).toContain(
                `Indexing existing conversations, newest first: those started since ${since} are indexed (${state.skip} rooms read).`,
            );
            expect(await ada.search('recent person 69')).toEqual(['Recent Person 69']);
            // An agent's scope comes from the indexed rooms: nothing for Lena yet, and the search says why it may miss.
            expect(await ada.search('lena.late@example.org')).toEqual([]);
            expect(texts(ada.view)).toContain(`Until it finishes, a search may miss people who have not chatted since ${since}.`);
            expect(texts(ada.view).some((t) => t.includes('not indexed yet'))).toBe(false);

            const found = 'Found in Rocket.Chat, not indexed yet: Lena Late (lena.late@example.org · +55 11 91234 5678).';
            await max.openContactCenter();
            expect(await max.search('LENA.LATE@example.org')).toEqual([]);
            expect(texts(max.view).some((t) => t.startsWith(found))).toBe(true);
            expect(await max.search('(11) 91234-5678')).toEqual([]);
            expect(texts(max.view).some((t) => t.startsWith(found))).toBe(true);
            // A fragment is not an exact look-up: Rocket.Chat is not asked.
            expect(await max.search('lena')).toEqual([]);
            expect(texts(max.view).some((t) => t.includes('not indexed yet'))).toBe(false);

            for (let i = 0; i < 5; i++) await host.runJobs();
            expect(await max.search('lena.late@example.org')).toEqual(['Lena Late']);
            expect(texts(max.view).some((t) => t.includes('not indexed yet') || t.startsWith('Indexing existing'))).toBe(false);
            await ada.openContactCenter();
            expect(texts(ada.view).some((t) => t.startsWith('Indexing existing') || t.startsWith('All existing'))).toBe(false);
            expect(await ada.search('lena.late@example.org')).toEqual(['Lena Late']);
        } finally {
            await host.stop();
        }
    }, 300_000);
});
