import { Collections, makeAgent, makeLivechatRoom, makeManager, makeUser, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, buttons, startApp, texts } from './driver';

describe('Contact Center entry point, in the real Apps-Engine', () => {
    let host: EngineHost;
    const agent = makeAgent({ username: 'alice' });
    const manager = makeManager({ username: 'mona' });
    const plain = makeUser({ username: 'paul' });
    const visitor = makeVisitor({ name: 'Rita Room' });
    const room = makeLivechatRoom({ visitor, agent, open: true });

    // Each test starts from this workspace on a host of its own.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([agent, manager, plain]);
        await host.store.collection(Collections.visitors).insertOne(visitor);
        await host.store.collection(Collections.rooms).insertOne(room);
    });
    afterEach(() => host?.stop());

    it('registers the user menu and livechat room buttons for omnichannel roles only', async () => {
        const registered = await host.manager.getUIActionButtonManager().getAllActionButtons();
        const ours = registered
            .filter((b) => b.appId === host.appId)
            .map((b) => ({ actionId: b.actionId, context: b.context, roles: b.when?.hasOneRole }));
        expect(ours).toEqual([
            { actionId: 'cc-open', context: 'userDropdownAction', roles: ['livechat-agent', 'livechat-manager', 'admin'] },
            { actionId: 'cc-open-room', context: 'roomAction', roles: ['livechat-agent', 'livechat-manager', 'admin'] },
        ]);
    });

    it('opens the Contact Center with the Contacts and Chats tabs for an agent', async () => {
        const view = await new Agent(host, agent._id as string).openContactCenter();
        expect(view?.id).toBe('cc-contacts');
        expect(buttons(view).map((b) => b.label)).toEqual(expect.arrayContaining(['Contacts', 'Chats', 'New Contact']));
    });

    it('switches to the Chats tab', async () => {
        const alice = new Agent(host, agent._id as string);
        await alice.openContactCenter();
        const view = await alice.click('Chats');
        expect(view?.id).toBe('cc-chats');
    });

    it('refuses a user without an omnichannel role, even when the hidden button is clicked', async () => {
        const view = await new Agent(host, plain._id as string).openContactCenter();
        expect(texts(view)).toContain('The Contact Center is for omnichannel agents and managers.');
        expect(buttons(view).map((b) => b.label)).not.toContain('Contacts');
    });

    it('refuses a forged block action from a user without a role', async () => {
        const paul = new Agent(host, plain._id as string);
        const view = await paul.press('cc-tab-chats', 'chats');
        expect(texts(view)).toContain('The Contact Center is for omnichannel agents and managers.');
    });

    it('opens the contact of the livechat room from the room toolbar', async () => {
        await host.clickActionButton({ user: agent._id as string, actionId: 'cc-open-room', room: room._id as string });
        // Beside the conversation: the contextual bar, not a modal over it.
        const view = host.viewsFor(agent._id as string).contextualBar;
        expect(host.viewsFor(agent._id as string).modal).toBeUndefined();
        expect(view?.id).toBe('cc-room-contact');
        // The contact's name heads the bar.
        expect((view?.title as { text?: string } | undefined)?.text).toBe('Rita Room');
    });

    it('answers an action within the 5-second deadline with few host calls', async () => {
        // An agent opened the Contact Center before (as in the tests above): the app has read its settings once already.
        await new Agent(host, agent._id as string).openContactCenter();
        host.resetMetrics();
        const started = Date.now();
        await new Agent(host, manager._id as string).openContactCenter();
        expect(Date.now() - started).toBeLessThan(5000);
        expect(host.ignoredViews(manager._id as string)).toEqual([]);
        expect(host.metrics().roundTrips).toBeLessThanOrEqual(8);
    });
});
