import { Collections, makeAgent, makeLivechatRoom, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, buttons, startApp, texts } from './driver';

/** Broadcasts through the packaged app in the real Apps-Engine: audience, preview, job, restart, report. */
describe('Broadcasts', () => {
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const names = ['Ana Promo', 'Bia Promo', 'Caio Promo', 'Davi Promo'];
    const regular = names.map((name) => makeVisitor({ name }));
    const dnc = makeVisitor({ name: 'Dora Donotcontact' });
    const noEmail = makeVisitor({ name: 'Ivo Noemail', visitorEmails: [] });
    const bobs = makeVisitor({ name: 'Eva Bobs' });
    const day = (i: number) => new Date(Date.UTC(2026, 2, 1 + i, 10));
    const rooms = [
        ...[...regular, dnc, noEmail].map((visitor, i) =>
            makeLivechatRoom({ visitor, agent: alice, open: false, ts: day(i), tags: ['promo'] }),
        ),
        makeLivechatRoom({ visitor: bobs, agent: bob, open: false, ts: day(9), tags: ['promo'] }),
    ];
    let clock = Date.now();
    const settings = { cc_default_country: 'BR', cc_broadcast_per_minute: 12 };
    const start = (store?: EngineHost['store']) => startApp({ settings, now: () => new Date(clock), ...(store ? { store } : {}) });
    let host: EngineHost;
    let store: EngineHost['store'];
    const outbox: EngineHost['outbox'] = [];
    const restart = async () => {
        outbox.push(...host.outbox);
        await host.stop();
        host = await start(store);
    };
    /** Runs the due jobs once; the host clock never lags the app's own clock (jobs started "now" are due). */
    const runOnce = () => {
        clock = Math.max(clock, Date.now()) + 1_000;
        return host.runJobs();
    };
    /** Lets the throttle's wait (10 s at 12 a minute) pass between runs. */
    const runAll = async (times: number) => {
        for (let i = 0; i < times; i++) {
            clock += 11_000;
            await runOnce();
        }
    };
    const records = async (kind: string) =>
        (await store.collection(Collections.persistence).find({ 'data.kind': kind })).map((r) => r.data as Record<string, unknown>);

    // Each test starts from this workspace on a host of its own (its restarts keep its store): no test sees another's broadcasts.
    beforeEach(async () => {
        outbox.length = 0;
        clock = Date.now();
        host = await start();
        store = host.store;
        await store.collection(Collections.users).insertMany([alice, bob]);
        await store.collection(Collections.visitors).insertMany([...regular, dnc, noEmail, bobs]);
        await store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
        await store.collection(Collections.persistence).updateMany({ 'data.id': dnc._id }, { $set: { 'data.extra.doNotContact': true } });
    });
    afterEach(() => host?.stop());

    const as = (user: typeof alice) => new Agent(host, user._id as string);
    const compose = async (agent: Agent) => {
        await agent.openContactCenter();
        await agent.click('Broadcast');
        expect(agent.view?.id).toBe('cc-broadcasts');
        await agent.click('New broadcast');
        expect(agent.view?.id).toBe('cc-bc-compose');
    };

    /** The ticked Send confirmation of a preview, as the client sends it back. */
    const confirm = (agent: Agent): string[] => {
        const block = (agent.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[]).find(
            (b) => b.blockId === 'confirm',
        );
        return block?.element?.options?.map((o) => o.value) ?? [];
    };

    it('refuses bad input next to the fields, sending nothing', async () => {
        const agent = as(alice);
        await compose(agent);
        await agent.submit({ tag: 'promo', message: '' });
        expect(agent.view?.errors).toEqual({ message: 'Write a message.' });
        await agent.submit({ tag: 'promo', message: 'Hi {nome}' });
        expect(agent.view?.errors?.message).toMatch(/Unknown placeholder \{nome\}/);
        await agent.submit({ tag: 'promo', message: 'x'.repeat(2001) });
        expect(agent.view?.errors?.message).toBe('At most 2000 characters.');
        await agent.submit({ tag: 'nosuchtag', message: 'Hi' });
        expect(agent.view?.errors?.tag).toMatch(/No contact you may see matches/);
        expect(await records('broadcast')).toEqual([]);
    });

    it('asks for the confirmation to be ticked: unticked at first, Send without it says so beside the box and sends nothing', async () => {
        const agent = as(alice);
        await compose(agent);
        const values = { tag: 'promo', channel: 'email', message: 'Hi {first_name}' };
        await agent.submit(values);
        const box = (agent.view?.blocks as { blockId?: string; element?: { initialOptions?: unknown[] } }[]).find(
            (b) => b.blockId === 'confirm',
        );
        expect(box?.element?.initialOptions).toBeUndefined();
        await agent.submit(values);
        expect(agent.view?.errors).toEqual({ confirm: 'Tick this box to send the message.' });
        expect(texts(agent.view)).toContain('4 of 6 contacts will receive it.');
        expect(await records('broadcast')).toEqual([]);
        // A changed message is previewed again (no error), then sent once ticked.
        await agent.submit({ ...values, message: 'Hello {first_name}' });
        expect(agent.view?.errors).toBeUndefined();
        await agent.submit({ ...values, message: 'Hello {first_name}', confirm: confirm(agent) });
        expect(await records('broadcast')).toHaveLength(1);
    });

    it('emails a tag’s contacts in the background, skipping do-not-contact and no-email, exactly once across a restart', async () => {
        const agent = as(alice);
        await compose(agent);
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}, our *sale* starts.' });
        expect(texts(agent.view)).toEqual(
            expect.arrayContaining([
                '4 of 6 contacts will receive it.',
                'Skipped: 1 marked “do not contact”.',
                'Skipped: 1 without an email.',
            ]),
        );
        expect(texts(agent.view)).toContain('Hi Davi, our *sale* starts.');
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}, our *sale* starts.', confirm: confirm(agent) });
        // A submit keeps the modal's id: the Broadcasts screen now shows in it.
        expect(texts(agent.view)).toContain('The broadcast started: it is sent in the background.');
        expect(host.outbox.filter((e) => e.kind === 'email')).toEqual([]);

        await runOnce();
        await agent.click('Refresh');
        expect(texts(agent.view)).toContain('Sent 2 · failed 0 · skipped 2 of 6');
        expect(texts(agent.view)).toContain('In progress');

        await restart();
        await runAll(3);
        outbox.push(...host.outbox);
        const emails = outbox
            .filter((e) => e.kind === 'email')
            .map((e) => e.to)
            .sort();
        expect(emails).toEqual(regular.map((v) => (v.visitorEmails as { address: string }[])[0].address).sort());
        const me = as(alice);
        await me.openContactCenter();
        await me.click('Broadcast');
        expect(texts(me.view)).toEqual(expect.arrayContaining(['Finished', 'Sent 4 · failed 0 · skipped 2 of 6']));
        await me.click(buttons(me.view).find((b) => b.label.startsWith('Report of '))!.label);
        expect(texts(me.view)).toEqual(
            expect.arrayContaining([
                'Dora Donotcontact',
                'Marked “do not contact”.',
                'Ivo Noemail',
                'No email address.',
                'Ana Promo',
                'Sent',
            ]),
        );
    });

    it('opens one conversation per contact, and after a crash between "sending" and "sent" never sends twice', async () => {
        const agent = as(alice);
        await compose(agent);
        const message = 'Hello {name}, news for you.';
        await agent.submit({ tag: 'promo', channel: 'conversation', message });
        expect(texts(agent.view)).toContain('5 of 6 contacts will receive it.');
        // A message changed after the preview is previewed again, not sent.
        const before = (await records('broadcast')).length;
        await agent.submit({ tag: 'promo', channel: 'conversation', message: `${message}!`, confirm: confirm(agent) });
        expect(await records('broadcast')).toHaveLength(before);
        expect(texts(agent.view)).toContain('Hello Ivo Noemail, news for you.!');
        await agent.submit({ tag: 'promo', channel: 'conversation', message });
        await agent.submit({ tag: 'promo', channel: 'conversation', message, confirm: confirm(agent) });
        const broadcastId = (await records('broadcast')).find((b) => b.channel === 'conversation')?.id as string;
        await runOnce();
        const sent = (await records('recipient')).filter((r) => r.broadcastId === broadcastId && r.state === 'sent');
        expect(sent).toHaveLength(2);
        // A crash after the message went but before "sent" was recorded, once after the room id was recorded...
        const rcpt = (contactId: unknown) => ({ 'data.broadcastId': broadcastId, 'data.contactId': contactId });
        await store.collection(Collections.persistence).updateOne(rcpt(sent[0].contactId), { $set: { 'data.state': 'sending' } });
        // ...and once before it was (the room is found again by its marker).
        await store
            .collection(Collections.persistence)
            .updateOne(rcpt(sent[1].contactId), { $set: { 'data.state': 'sending' }, $unset: { 'data.roomId': 1 } });
        await restart();
        await runAll(4);

        for (const visitor of [...regular, noEmail]) {
            const opened = await store.collection(Collections.rooms).find({ 'v._id': visitor._id, 'source.type': 'app' });
            expect(opened).toHaveLength(1);
            const msgs = await store.collection(Collections.messages).find({ rid: opened[0]._id, 'u._id': alice._id });
            expect(msgs.map((m) => m.msg)).toEqual([`Hello ${visitor.name}, news for you.`]);
        }
        expect(await store.collection(Collections.rooms).count({ 'v._id': dnc._id, 'source.type': 'app' })).toBe(0);
        const states = (await records('recipient')).filter((r) => r.broadcastId === broadcastId).map((r) => r.state);
        expect(states.sort()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'skipped']);
    });

    it('cancels a running broadcast before its next message', async () => {
        const agent = as(alice);
        await compose(agent);
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Last call' });
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Last call', confirm: confirm(agent) });
        await runOnce();
        const cancel = buttons(agent.view).find((b) => b.label.startsWith('Cancel the broadcast of '));
        expect(cancel).toBeDefined();
        await agent.press(cancel!.actionId, cancel!.value, cancel!.blockId);
        await runAll(3);
        const mine = (await records('broadcast')).find((b) => b.text === 'Last call');
        expect(mine).toMatchObject({ status: 'cancelled', counts: { sent: 2 } });
        // The audit trail has who started it (with its audience) and who cancelled it.
        type Entry = { action: string; actor: { username: string }; subject: { id: string }; detail?: Record<string, unknown>; at: string };
        const audit = ((await records('audit')) as unknown as Entry[])
            .filter((e) => e.subject.id === mine?.id)
            .sort((a, b) => (a.at < b.at ? -1 : 1));
        expect(audit.map((e) => [e.action, e.actor.username])).toEqual([
            ['broadcast.started', 'alice'],
            ['broadcast.cancelled', 'alice'],
        ]);
        expect(audit[0].detail).toMatchObject({ channel: 'email', tag: 'promo' });
    });

    it('limits an agent to the contacts they may see, whatever the client sends', async () => {
        // Alice has a broadcast of her own (bob forges requests for it below).
        const sender = as(alice);
        await compose(sender);
        await sender.submit({ tag: 'promo', channel: 'email', message: 'Last call' });
        await sender.submit({ tag: 'promo', channel: 'email', message: 'Last call', confirm: confirm(sender) });
        const other = as(bob);
        await compose(other);
        await other.submit({ query: 'Ana Promo', message: 'Hi' });
        expect(other.view?.errors?.query).toMatch(/No contact you may see matches/);
        await other.submit({ tag: 'promo', channel: 'conversation', message: 'Hi {name}' });
        expect(texts(other.view)).toContain('1 of 1 contacts will receive it.');
        // A forged Send: whatever the form carries, the audience is computed again under bob's scope.
        const forged = { id: 'cc-bc-compose', blocks: [], title: { type: 'plain_text', text: 'x' } };
        await other.submit(
            {
                tag: 'promo',
                channel: 'conversation',
                message: 'Hi {name}',
                pick: [bobs._id],
                confirm: confirm(other),
                contacts: [regular[0]._id],
            },
            forged as never,
        );
        await runAll(2);
        const bobsRooms = await store.collection(Collections.rooms).find({ 'servedBy._id': bob._id, 'source.type': 'app' });
        expect(bobsRooms.map((r) => (r.v as { _id: string })._id)).toEqual([bobs._id]);
        // Someone else's broadcast is invisible and cannot be cancelled.
        const alices = (await records('broadcast')).find((b) => b.senderId === alice._id)?.id as string;
        await other.press('cc-bc-report', alices);
        expect(texts(other.view)).toContain('This broadcast does not exist or is not yours.');
        await other.press('cc-bc-cancel', alices);
        expect(await store.collection(Collections.persistence).count({ 'data.kind': 'cancel', 'data.broadcastId': alices })).toBe(0);
    });
});

describe('Broadcast recipients picked one by one', () => {
    const carla = makeAgent({ username: 'carla' });
    const people = ['Gil Pick', 'Hana Pick', 'Iris Pick'].map((name) => makeVisitor({ name }));
    let host: EngineHost;

    beforeEach(async () => {
        host = await startApp({ settings: { cc_default_country: 'BR', cc_broadcast_per_minute: 600 } });
        await host.store.collection(Collections.users).insertOne(carla);
        await host.store.collection(Collections.visitors).insertMany(people);
        for (const [i, visitor] of people.entries()) {
            const room = makeLivechatRoom({ visitor, agent: carla, open: false, ts: new Date(Date.UTC(2026, 4, 1 + i)) });
            await host.store.collection(Collections.rooms).insertOne(room);
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    it('sends only to the ticked recipients, and never to an id outside the audience', async () => {
        const agent = new Agent(host, carla._id as string);
        await agent.openContactCenter();
        await agent.click('Broadcast');
        await agent.click('New broadcast');
        await agent.submit({ query: 'pick', channel: 'email', message: 'Hello {first_name}' });
        const picker = (
            agent.view?.blocks as { blockId?: string; element?: { options?: { value: string }[]; initialValue?: string[] } }[]
        ).find((b) => b.blockId === 'pick');
        expect(picker?.element?.options?.map((o) => o.value).sort()).toEqual(people.map((p) => p._id).sort());
        expect(picker?.element?.initialValue?.sort()).toEqual(people.map((p) => p._id).sort());
        const confirmation = () =>
            (agent.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
                .find((b) => b.blockId === 'confirm')
                ?.element?.options?.map((o) => o.value);

        // Recipients removed after the preview: Send previews again, with the counts and confirmation of the pick,
        // instead of sending (even with the earlier confirmation ticked).
        const outsider = 'AnIdNotInTheAudience1';
        const picked = { query: 'pick', channel: 'email', message: 'Hello {first_name}', pick: [people[1]._id, outsider] };
        await agent.submit({ ...picked, confirm: confirmation() });
        expect(await host.store.collection(Collections.persistence).count({ 'data.kind': 'broadcast' })).toBe(0);
        expect(texts(agent.view)).toEqual(expect.arrayContaining(['1 of 1 contacts will receive it.', 'Send this message to 1 contacts']));
        await agent.submit({ ...picked, confirm: confirmation() });
        for (let i = 0; i < 5; i++) {
            await host.runJobs();
        }
        const emails = host.outbox.filter((e) => e.kind === 'email').map((e) => e.to);
        expect(emails).toEqual([(people[1].visitorEmails as { address: string }[])[0].address]);
    });

    it('refuses a Send with every recipient unticked', async () => {
        const agent = new Agent(host, carla._id as string);
        await agent.openContactCenter();
        await agent.click('Broadcast');
        await agent.click('New broadcast');
        await agent.submit({ query: 'pick', channel: 'email', message: 'Again' });
        await agent.submit({ query: 'pick', channel: 'email', message: 'Again', pick: [] });
        expect(agent.view?.errors).toEqual({ pick: 'Pick at least one recipient.' });
    });
});
