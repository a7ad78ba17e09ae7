import { Collections, makeAgent, makeLivechatRoom, makeManager, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, buttons, startApp, texts } from './driver';

jest.setTimeout(120_000);

/**
 * A broadcast delivers to what is true when each message goes: a contact who opts out or changes address after
 * the start, a sender who loses the right to broadcast. Managers can stop anyone's broadcast. Each test has its
 * own host.
 */
describe('A broadcast that is already running', () => {
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const people = [1, 2, 3, 4].map((i) =>
        makeVisitor({ name: `Promo Person ${i}`, visitorEmails: [{ address: `promo${i}@example.com` }] }),
    );
    const rooms = people.map((visitor, i) =>
        makeLivechatRoom({ visitor, agent: alice, open: false, ts: new Date(Date.UTC(2026, 2, 1 + i, 10)), tags: ['promo'] }),
    );
    let host: EngineHost;
    let clock = Date.now();
    const records = async (kind: string) =>
        (await host.store.collection(Collections.persistence).find({ 'data.kind': kind })).map((r) => r.data as Record<string, unknown>);
    /** One run of the due jobs, the host clock past the throttle's pause (one message a run at 6 a minute). */
    const runOnce = () => {
        clock = Math.max(clock, Date.now()) + 11_000;
        return host.runJobs();
    };

    beforeEach(async () => {
        host = await startApp({ settings: { cc_default_country: 'BR', cc_broadcast_per_minute: 6 }, now: () => new Date(clock) });
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.visitors).insertMany(people);
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    /** Alice starts an email broadcast to the tag: four recipients, newest contact first. */
    const startBroadcast = async () => {
        const agent = new Agent(host, alice._id as string);
        await agent.openContactCenter();
        await agent.click('Broadcast');
        await agent.click('New broadcast');
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}' });
        expect(texts(agent.view)).toContain('4 of 4 contacts will receive it.');
        const confirm = (agent.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
            .find((b) => b.blockId === 'confirm')
            ?.element?.options?.map((o) => o.value);
        await agent.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}', confirm });
        const [broadcast] = await records('broadcast');
        expect(broadcast).toMatchObject({ status: 'running', total: 4 });
        return broadcast.id as string;
    };
    const editAsManager = async (email: string, values: Record<string, unknown>) => {
        const manager = new Agent(host, mona._id as string);
        await manager.openContactCenter();
        await manager.search(email);
        await manager.openRow(people[Number(email.match(/\d/)?.[0]) - 1].name as string);
        await manager.click('Edit');
        await manager.submit(values);
        expect(manager.view?.errors).toBeUndefined();
    };
    const emailsSent = () => host.outbox.filter((e) => e.kind === 'email').map((e) => e.to);

    it('re-checks "do not contact" and the address at send time', async () => {
        await startBroadcast();
        await runOnce();
        expect(emailsSent()).toEqual(['promo4@example.com']);
        // After the start: one contact opts out, another changes address.
        await editAsManager('promo3@example.com', { doNotContact: ['yes'] });
        await editAsManager('promo2@example.com', { emails: 'promo2-new@example.com' });
        for (let i = 0; i < 4; i++) {
            await runOnce();
        }
        expect(emailsSent()).toEqual(['promo4@example.com', 'promo2-new@example.com', 'promo1@example.com']);
        const [broadcast] = await records('broadcast');
        expect(broadcast).toMatchObject({ status: 'done', counts: { sent: 3, skipped: 1 } });
        const skipped = (await records('recipient')).find((r) => r.state === 'skipped');
        expect(skipped).toMatchObject({ name: 'Promo Person 3', reason: 'skip_do_not_contact' });
    });

    it('stops when the sender may no longer broadcast, and says why', async () => {
        await startBroadcast();
        await runOnce();
        await host.store.collection(Collections.users).updateOne({ _id: alice._id }, { $set: { roles: ['user'] } });
        for (let i = 0; i < 4; i++) {
            await runOnce();
        }
        expect(emailsSent()).toEqual(['promo4@example.com']);
        const [broadcast] = await records('broadcast');
        expect(broadcast).toMatchObject({ status: 'cancelled', stopReason: 'bc_stopped_sender_not_allowed' });
        const manager = new Agent(host, mona._id as string);
        await manager.openContactCenter();
        await manager.click('Broadcast');
        expect(texts(manager.view)).toContain('Stopped: the sender may no longer send broadcasts.');
    });

    it('a manager cancels anyone’s broadcast, and the audit names the manager; another agent cannot', async () => {
        const id = await startBroadcast();
        await runOnce();
        const other = new Agent(host, bob._id as string);
        await other.openContactCenter();
        await other.click('Broadcast');
        await other.press('cc-bc-cancel', id);
        expect(await records('cancel')).toEqual([]);

        const manager = new Agent(host, mona._id as string);
        await manager.openContactCenter();
        await manager.click('Broadcast');
        expect(texts(manager.view)).toContain('Hi {first_name}');
        const cancel = buttons(manager.view).find((b) => b.actionId === 'cc-bc-cancel' && b.value === id);
        expect(cancel).toBeDefined();
        await manager.press(cancel!.actionId, cancel!.value, cancel!.blockId);
        for (let i = 0; i < 3; i++) {
            await runOnce();
        }
        expect(emailsSent()).toEqual(['promo4@example.com']);
        const [broadcast] = await records('broadcast');
        expect(broadcast).toMatchObject({ status: 'cancelled' });
        const audit = (await records('audit'))
            .filter((e) => (e.subject as { id: string }).id === id)
            .map((e) => [e.action, (e.actor as { username: string }).username]);
        expect(audit).toEqual(expect.arrayContaining([['broadcast.cancelled', 'mona']]));
    });
});
