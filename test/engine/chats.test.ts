import {
    Collections,
    makeAgent,
    makeDepartment,
    makeLivechatRoom,
    makeManager,
    makeMessage,
    makeVisitor,
    type EngineHost,
} from '@contact-center/engine-host';
import { Agent, buttons, rows, startApp, texts } from './driver';

/** The Chats tab: the archive of closed conversations, through the packaged app in the real Apps-Engine. */
describe('Chats', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice', name: 'Alice Agent' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const ana = makeVisitor({ name: 'Ana Lima' });
    const caio = makeVisitor({ name: 'Caio Prado' });
    const dora = makeVisitor({ name: 'Dora Open' });
    const eva = makeVisitor({ name: 'Eva Bob' });
    const day = (iso: string) => new Date(`${iso}T10:00:00.000Z`);
    const sales = makeDepartment({ name: 'Sales Team' });
    const long = makeLivechatRoom({ visitor: ana, agent: alice, department: sales, open: false, ts: day('2026-03-10'), tags: ['vip'] });
    const short = makeLivechatRoom({ visitor: caio, agent: alice, open: false, ts: day('2026-05-20') });
    const open = makeLivechatRoom({ visitor: dora, agent: alice, open: true, ts: day('2026-06-01') });
    const bobs = makeLivechatRoom({ visitor: eva, agent: bob, open: false, ts: day('2026-04-02') });
    const messages = Array.from({ length: 120 }, (_, i) =>
        makeMessage({ room: long, from: i % 2 ? alice : ana, text: `line ${i + 1}`, ts: new Date(day('2026-03-10').getTime() + i * 1000) }),
    );
    const system = makeMessage({ room: long, from: alice, text: 'closed the chat', system: 'livechat-close', ts: day('2026-03-11') });

    // Each test starts from this workspace on a host of its own: no test sees what another one changed.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.departments).insertOne(sales);
        await host.store.collection(Collections.visitors).insertMany([ana, caio, dora, eva]);
        await host.store.collection(Collections.rooms).insertMany([{ ...long, msgs: 121, lastMessage: messages[119] }, short, open, bobs]);
        await host.store.collection(Collections.messages).insertMany([...messages, system]);
        for (const room of [long, short, bobs]) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    const as = (user: typeof alice) => new Agent(host, user._id as string);
    const chatNames = (agent: Agent) => rows(agent.view, 'cc-chat-open').map((r) => r.name);
    /** Fills the filter form: the given fields, every other one cleared (the form keeps what was typed before). */
    const filter = async (agent: Agent, values: Record<string, string>) => {
        // The filter is folded behind Filter on the list; its form shows the inputs (still open after an error).
        if (buttons(agent.view).some((b) => b.label === 'Filter')) await agent.click('Filter');
        return agent.submit(
            Object.fromEntries(['name', 'agent', 'department', 'tag', 'from', 'to'].map((k) => [`filter-${k}`, values[k] ?? ''])),
        );
    };
    type Input = {
        element?: { actionId?: string; type?: string; options?: { value: string; text: { text: string } }[]; initialValue?: string };
    };
    /** The element of one of the view's inputs. */
    const inputOf = (agent: Agent, actionId: string) =>
        (agent.view?.blocks as Input[] | undefined)?.find((b) => b.element?.actionId === actionId)?.element;
    /** Alice renames Ana from her chat, as the test of the chat screen does: the state the tests below start from. */
    const renameAna = async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Ana Lima', 'cc-chat-open');
        await agent.click('Edit');
        await agent.submit({ name: 'Ana Lima Souza' });
    };

    it('lists only the closed chats the agent served, newest first', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        expect(chatNames(agent)).toEqual(['Caio Prado', 'Ana Lima']);
    });

    it('filters by tag and by closing date, and keeps the filter while paging back from a chat', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await filter(agent, { tag: 'VIP' });
        expect(chatNames(agent)).toEqual(['Ana Lima']);
        await filter(agent, { from: '2026-05-01', to: '2026-05-31' });
        expect(chatNames(agent)).toEqual(['Caio Prado']);
        await agent.openRow('Caio Prado', 'cc-chat-open');
        await agent.click('Back');
        expect(chatNames(agent)).toEqual(['Caio Prado']);
    });

    it('refuses a date range that ends before it starts', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await filter(agent, { from: '2026-05-31', to: '2026-05-01' });
        expect(agent.view?.errors).toEqual({ 'filter-to': 'The range ends before it starts.' });
    });

    it('shows room information, the full conversation page by page, and edits the contact from there', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Ana Lima', 'cc-chat-open');
        expect(agent.view?.id).toBe('cc-chat');
        expect(texts(agent.view)).toEqual(
            expect.arrayContaining([
                'Room information',
                'Ana Lima',
                'Alice Agent',
                'Web chat',
                'vip',
                '121',
                '15 min 00 s',
                'line 120',
                'Sales Team',
            ]),
        );

        host.resetMetrics();
        await agent.click('View full conversation');
        const firstPageCalls = host.metrics().bridges;
        // One line a message: "Sender · time: text".
        const messages = () => texts(agent.view).flatMap((t) => /^[^:]+ · [\d: -]+: (line \d+)$/.exec(t)?.slice(1) ?? []);
        const lines = messages();
        expect(lines).toHaveLength(50);
        expect(lines[0]).toBe('line 1');
        await agent.click('Next');
        await agent.click('Next');
        const last = messages();
        expect(last).toEqual(Array.from({ length: 20 }, (_, i) => `line ${101 + i}`));
        expect(texts(agent.view)).not.toContain('closed the chat');
        expect(buttons(agent.view).map((b) => b.label)).not.toContain('Next');
        expect(Object.keys(firstPageCalls).filter((k) => k.startsWith('room.'))).toEqual(['room.getMessages']);

        await agent.click('Back');
        expect(agent.view?.id).toBe('cc-chat');
        await agent.click('Edit');
        expect(agent.view?.id).toMatch(/^cc-contact-edit:/);
        await agent.submit({ name: 'Ana Lima Souza' });
        expect(texts(agent.view)).toContain('Ana Lima Souza');
    });

    it('sets tags on an old conversation, records who did it, and finds the chat by them', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Caio Prado', 'cc-chat-open');
        await agent.click('Tags');
        expect(agent.view?.id).toMatch(/^cc-chat-tags:/);
        await agent.submit({ tags: 'Refund\nfollow-up' });
        expect(texts(agent.view)).toEqual(expect.arrayContaining(['Tags saved.', 'Refund, follow-up']));
        expect(texts(agent.view).some((t) => t.startsWith('Tags last changed by alice on '))).toBe(true);

        await agent.openContactCenter();
        await agent.click('Chats');
        await filter(agent, { tag: 'refund' });
        expect(chatNames(agent)).toEqual(['Caio Prado']);
    });

    it('upgrades chats archived without their tags within time windows: the tag filter finds them during the backfill that adds those, and after', async () => {
        await host.runJobs();
        const persistence = host.store.collection(Collections.persistence);
        const job = { 'associations.id': 'cc:job:cc-backfill' };
        expect(await persistence.count({ ...job, 'data.done': true, 'data.shape': 4 })).toBe(1);
        // The earlier version's records: its backfill finished under shape 2, its chats without the tag-window associations.
        const added = /^cc:chat-(tag-w|agent-tag|agent-tag-w):/;
        const chats = (await persistence.find({ 'data.roomId': { $exists: true }, 'data.closedAt': { $exists: true } })) as {
            _id: string;
            associations: { id: string }[];
        }[];
        expect(chats.filter((c) => c.associations.some((a) => added.test(a.id))).length).toBeGreaterThan(0);
        for (const chat of chats) {
            await persistence.updateOne(
                { _id: chat._id },
                { $set: { associations: chat.associations.filter((a) => !added.test(a.id)) }, $unset: { 'data.labels': 1 } },
            );
        }
        await persistence.updateMany(job, { $set: { 'data.shape': 2 } });
        const store = host.store;
        await host.stop();
        host = await startApp({ store });
        const tagged = async (user: typeof alice) => {
            const agent = as(user);
            await agent.openContactCenter();
            await agent.click('Chats');
            await filter(agent, { tag: 'vip' });
            return chatNames(agent);
        };
        // Before the walk (and while it runs) the tag and the time window are read, as the earlier version did.
        expect([await tagged(mona), await tagged(alice)]).toEqual([['Ana Lima'], ['Ana Lima']]);
        await host.runJobs();
        expect(await persistence.count({ ...job, 'data.done': true, 'data.shape': 4, 'data.earlierShape': 2 })).toBe(1);
        const saved = (await persistence.find({ 'data.roomId': long._id, 'data.labels': 3 })) as unknown as {
            associations: { id: string }[];
        }[];
        expect(saved).toHaveLength(1);
        expect(saved[0].associations.filter((a) => added.test(a.id)).length).toBeGreaterThan(0);
        expect([await tagged(mona), await tagged(alice)]).toEqual([['Ana Lima'], ['Ana Lima']]);
    });

    it("upgrades chats archived without their contact's name with their agent: an agent's name filter finds them during the backfill that adds those, and after", async () => {
        await host.runJobs();
        const persistence = host.store.collection(Collections.persistence);
        const job = { 'associations.id': 'cc:job:cc-backfill' };
        // The earlier version's records: its backfill finished under shape 3, its chats without the agent's name keys.
        const added = /^cc:chat-agent-name:/;
        const chats = (await persistence.find({ 'data.roomId': { $exists: true }, 'data.closedAt': { $exists: true } })) as {
            _id: string;
            associations: { id: string }[];
        }[];
        expect(chats.filter((c) => c.associations.some((a) => a.id === `cc:chat-agent-name:${alice._id}:lim`)).length).toBe(1);
        for (const chat of chats) {
            await persistence.updateOne(
                { _id: chat._id },
                { $set: { associations: chat.associations.filter((a) => !added.test(a.id)), 'data.labels': 2 } },
            );
        }
        await persistence.updateMany(job, { $set: { 'data.shape': 3 } });
        const store = host.store;
        await host.stop();
        host = await startApp({ store });
        const named = async (user: typeof alice, values: Record<string, string>) => {
            const agent = as(user);
            await agent.openContactCenter();
            await agent.click('Chats');
            await filter(agent, values);
            return chatNames(agent);
        };
        const searches = () =>
            Promise.all([named(alice, { name: 'lima' }), named(mona, { name: 'lima', agent: 'alice' }), named(bob, { name: 'eva' })]);
        // Before the walk (and while it runs) the name alone is read, as the earlier version did.
        expect(await searches()).toEqual([['Ana Lima'], ['Ana Lima'], ['Eva Bob']]);
        await host.runJobs();
        expect(await persistence.count({ ...job, 'data.done': true, 'data.shape': 4, 'data.earlierShape': 3 })).toBe(1);
        const saved = (await persistence.find({ 'data.roomId': long._id, 'data.labels': 3 })) as unknown as {
            associations: { id: string }[];
        }[];
        expect(saved).toHaveLength(1);
        expect(saved[0].associations.map((a) => a.id)).toContain(`cc:chat-agent-name:${alice._id}:lim`);
        expect(await searches()).toEqual([['Ana Lima'], ['Ana Lima'], ['Eva Bob']]);
        // An agent's filter finds their own chats only: Ana is Alice's.
        expect(await named(bob, { name: 'lima' })).toEqual([]);
    });

    it('shows the list first with the filter folded behind Filter, says the active filter in words, and clears it', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        const inputs = (view: typeof agent.view) => (view?.blocks as { type: string }[]).filter((b) => b.type === 'input');
        // One input above the list: the contact search, run by Search (or Enter).
        expect(inputs(agent.view).map((b) => (b as { blockId?: string }).blockId)).toEqual(['chats-search']);
        expect(JSON.stringify(agent.view?.submit)).toContain('"text":"Search"');
        const all = chatNames(agent);
        await filter(agent, { tag: 'vip' });
        expect(inputs(agent.view).map((b) => (b as { blockId?: string }).blockId)).toEqual(['chats-search']);
        expect(texts(agent.view)).toContain('Tag: vip');
        expect(chatNames(agent).length).toBeLessThan(all.length);
        // Filter shows the inputs with the active filter; Cancel goes back to the filtered list.
        await agent.click('Filter');
        expect(JSON.stringify(agent.view?.blocks)).toContain('"initialValue":"vip"');
        await agent.click('Cancel');
        expect(texts(agent.view)).toContain('Tag: vip');
        await agent.click('Clear filters');
        expect(chatNames(agent)).toEqual(all);
    });

    it('names the agent as Rocket.Chat shows them, in the list and in room information (the backfill reads the name once)', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        // An agent's list is all theirs: no agent column. A manager's names each chat's agent.
        expect(texts(agent.view).filter((t) => t.includes(alice.name as string))).toEqual([]);
        const boss = as(mona);
        await boss.openContactCenter();
        await boss.click('Chats');
        expect(texts(boss.view)).toContain(`Ana Lima · ${alice.name as string} · vip`);
        await agent.openRow('Ana Lima', 'cc-chat-open');
        expect(texts(agent.view)).toContain(alice.name as string);
        expect(texts(agent.view)).not.toContain('alice');
    });

    it('Cancel on the Tags form returns to the chat', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Ana Lima', 'cc-chat-open');
        await agent.click('Tags');
        await agent.click('Cancel');
        expect(agent.view?.id).toBe('cc-chat');
    });

    it('refuses empty-looking, over-long and too many tags, writing nothing', async () => {
        await renameAna();
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Ana Lima Souza', 'cc-chat-open');
        await agent.click('Tags');
        const records = await host.store.collection(Collections.persistence).count({});
        await agent.submit({ tags: 'x'.repeat(41) });
        expect(agent.view?.errors?.tags).toMatch(/is longer than 40 characters/);
        await agent.submit({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join('\n') });
        expect(agent.view?.errors?.tags).toBe('At most 20 entries.');
        expect(await host.store.collection(Collections.persistence).count({})).toBe(records);
    });

    it('refuses forged requests for another agent’s chat', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.press('cc-chat-open', JSON.stringify({ f: {}, p: 0, r: bobs._id }));
        expect(texts(agent.view)).toContain('This conversation does not exist or you may not see it.');
        await agent.press('cc-transcript', JSON.stringify({ r: bobs._id, p: 0 }));
        expect(texts(agent.view)).toContain('This conversation does not exist or you may not see it.');
        await agent.press('cc-chat-tags', bobs._id as string);
        expect(texts(agent.view)).not.toContain('Eva Bob');
        const forged = { id: `cc-chat-tags:${bobs._id}:1`, blocks: [], title: { type: 'plain_text', text: 'x' } };
        await agent.submit({ tags: 'hacked' }, forged as never);
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        await filter(manager, { tag: 'hacked' });
        expect(chatNames(manager)).toEqual([]);
    });

    it('shows a manager everyone’s chats and filters by agent', async () => {
        await renameAna();
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        expect(chatNames(manager)).toEqual(['Caio Prado', 'Eva Bob', 'Ana Lima Souza']);
        await filter(manager, { agent: 'bob' });
        expect(chatNames(manager)).toEqual(['Eva Bob']);
    });

    it('says beside the filter which department or agent it does not know, keeping the list; a department matches in any case', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        const before = chatNames(manager);
        await filter(manager, { department: 'sales team' });
        expect(manager.view?.errors).toBeUndefined();
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        await filter(manager, { department: 'Marketing' });
        expect(manager.view?.errors).toEqual({ 'filter-department': expect.stringContaining('Marketing') });
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        await filter(manager, { agent: 'Zed Nobody' });
        expect(manager.view?.errors).toEqual({ 'filter-agent': expect.stringContaining('Zed Nobody') });
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        expect(before.length).toBeGreaterThan(0);
    });

    it("offers the workspace's departments to pick in the filter, and filters by the one picked", async () => {
        await host.store.collection(Collections.departments).insertOne(makeDepartment({ name: 'Billing' }));
        await host.store.collection(Collections.departments).insertOne(makeDepartment({ name: 'Closed Desk', enabled: false }));
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        await manager.click('Filter');
        const departmentInput = () => inputOf(manager, 'filter-department');
        const input = departmentInput();
        expect(input?.type).toBe('static_select');
        // Rocket.Chat lists the departments enabled with agents to apps: a disabled one is not offered.
        expect(input?.options?.map((o) => o.value)).toEqual(['Billing', 'Sales Team']);
        await filter(manager, { department: 'Sales Team' });
        expect(manager.view?.errors).toBeUndefined();
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        // The form opened again keeps the department picked.
        await manager.click('Filter');
        expect(departmentInput()?.initialValue).toBe('Sales Team');
    });

    it('offers the agents (by name) and tags of the archived chats to pick, and filters by the one picked', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        await manager.click('Filter');
        const agents = inputOf(manager, 'filter-agent');
        expect(agents?.type).toBe('static_select');
        expect(agents?.options?.map((o) => [o.value, o.text.text])).toEqual([
            ['alice', 'Alice Agent (alice)'],
            ['bob', `${bob.name} (bob)`],
        ]);
        expect(inputOf(manager, 'filter-tag')?.options?.map((o) => o.value)).toEqual(['vip']);
        await filter(manager, { agent: 'bob' });
        expect(chatNames(manager)).toEqual(['Eva Bob']);

        // A tag set in the Contact Center joins the list; an agent picks tags too, but no agent.
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Caio Prado', 'cc-chat-open');
        await agent.click('Tags');
        await agent.submit({ tags: 'Billing' });
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.click('Filter');
        expect(inputOf(agent, 'filter-agent')).toBeUndefined();
        expect(inputOf(agent, 'filter-tag')?.options?.map((o) => o.value)).toEqual(['Billing', 'vip']);
        await filter(agent, { tag: 'Billing' });
        expect(chatNames(agent)).toEqual(['Caio Prado']);
        await agent.click('Filter');
        expect(inputOf(agent, 'filter-tag')?.initialValue).toBe('Billing');
    });

    it('with more agents and tags than a list shows, takes a typed part of one for it, and names them when it fits several', async () => {
        // 300 recorded of each: the vocabulary is full, and the form types agent and tag instead of listing them.
        const persistence = host.store.collection(Collections.persistence);
        const termsOf = (kind: string) => ({ associations: { $all: [{ model: 'misc', id: `cc:terms:${kind}` }] } });
        const [recorded] = await persistence.find(termsOf('tag'));
        const fill = (kind: string, make: (i: number) => { key: string; value: string; label: string }) =>
            persistence.insertMany(
                Array.from({ length: 300 }, (_, i) => ({
                    _id: `filler-${kind}-${i}`,
                    appId: recorded.appId,
                    associations: [{ model: 'misc', id: `cc:terms:${kind}` }],
                    data: { kind, ...make(i) },
                })),
            );
        await fill('agent', (i) => ({ key: `agent${i}`, value: `agent${i}`, label: `Agent Number ${i} (agent${i})` }));
        await fill('tag', (i) => ({ key: `topic-${i}`, value: `Topic-${i}`, label: `Topic-${i}` }));
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        await manager.click('Filter');
        expect(inputOf(manager, 'filter-agent')?.type).toBe('plain_text_input');
        expect(inputOf(manager, 'filter-tag')?.type).toBe('plain_text_input');

        // Part of one agent's name, in another case: that agent. Part of one tag: that tag.
        await filter(manager, { agent: 'ALICE AG' });
        expect(manager.view?.errors).toBeUndefined();
        expect(chatNames(manager)).toEqual(['Caio Prado', 'Ana Lima']);
        expect(texts(manager.view)).toContain('Served by: alice');
        await filter(manager, { tag: 'VI' });
        expect(manager.view?.errors).toBeUndefined();
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        expect(texts(manager.view)).toContain('Tag: vip');

        // Part of several: refused beside each field, naming some of them; the list stays as it was.
        await filter(manager, { agent: 'agent number 1', tag: 'OPIC-2' });
        expect(manager.view?.errors).toEqual({
            'filter-agent': expect.stringMatching(/^Several match “agent number 1”: Agent Number 1 \(agent1\), /),
            'filter-tag': expect.stringMatching(/^Several match “OPIC-2”: Topic-2, Topic-20, /),
        });
        expect(chatNames(manager)).toEqual(['Ana Lima']);
        // A whole value is that one, even when it is part of others.
        await filter(manager, { tag: 'topic-2' });
        expect(manager.view?.errors).toBeUndefined();
        expect(chatNames(manager)).toEqual([]);
    });

    it('removes a chat that was reopened instead of showing it as closed', async () => {
        await renameAna();
        await host.store.collection(Collections.rooms).updateOne({ _id: short._id }, { $set: { open: true }, $unset: { closedAt: 1 } });
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Caio Prado', 'cc-chat-open');
        expect(texts(agent.view)).toContain('This conversation was reopened: it is no longer in the archive.');
        await agent.openContactCenter();
        await agent.click('Chats');
        expect(chatNames(agent)).toEqual(['Ana Lima Souza']);
    });
});
