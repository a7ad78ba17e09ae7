import { Collections, makeAgent, makeLivechatRoom, makeManager, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, startApp, texts } from './driver';

jest.setTimeout(120_000);

/**
 * What the contact form accepts, refuses and says: errors that never name a contact the caller may not see, what
 * Rocket.Chat keeps, and input that used to be saved as it came (invisible names, objects, two spellings of one
 * address, dropped phone extensions). Each test has its own host.
 */
describe('Contact input', () => {
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const sofia = makeVisitor({
        name: 'Secret Sofia',
        visitorEmails: [{ address: 'sofia@example.com' }],
        phone: [{ phoneNumber: '+5511912345678' }],
    });
    const omar = makeVisitor({ name: "José O'Brien (VIP) [x] a|b > c @all", visitorEmails: [{ address: 'omar@example.com' }], phone: [] });
    let host: EngineHost;

    beforeEach(async () => {
        host = await startApp({ settings: { cc_default_country: 'BR', cc_broadcast_per_minute: 600 } });
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.visitors).insertMany([sofia, omar]);
        for (const visitor of [sofia, omar]) {
            const room = makeLivechatRoom({ visitor, agent: alice, open: false, ts: new Date(Date.UTC(2026, 3, 1, 10)), tags: ['vip'] });
            await host.store.collection(Collections.rooms).insertOne(room);
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    const as = (user: typeof alice) => new Agent(host, user._id as string);
    const persistenceCount = () => host.store.collection(Collections.persistence).count({});
    const newContact = async (agent: Agent, values: Record<string, unknown>) => {
        await agent.openContactCenter();
        await agent.click('New Contact');
        await agent.submit(values);
        return agent.view;
    };

    it('a duplicate email or phone names its contact only to a caller who may see that contact', async () => {
        const before = await persistenceCount();
        const hidden = await newContact(as(bob), { name: 'Copy', emails: 'SOFIA@example.com', phones: '11 91234-5678' });
        expect(hidden?.errors).toEqual({
            emails: 'sofia@example.com already belongs to another contact.',
            phones: '+55 11 91234 5678 already belongs to another contact.',
        });
        expect(JSON.stringify(hidden)).not.toContain('Secret Sofia');
        const shown = await newContact(as(mona), { name: 'Copy', emails: 'sofia@example.com' });
        expect(shown?.errors).toEqual({ emails: 'sofia@example.com already belongs to the contact “Secret Sofia”.' });
        expect(await persistenceCount()).toBe(before);
    });

    it('removing the email Rocket.Chat keeps is refused, saying so; replacing it works', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.search('sofia');
        await agent.openRow('Secret Sofia');
        await agent.click('Edit');
        const before = await persistenceCount();
        await agent.submit({ emails: '' });
        expect(agent.view?.errors?.emails).toBe('Rocket.Chat keeps a visitor’s email: you can replace it, not remove it.');
        await agent.submit({ phones: '' });
        expect(agent.view?.errors?.phones).toBe('Rocket.Chat keeps a visitor’s phone: you can replace it, not remove it.');
        expect(await persistenceCount()).toBe(before);
        await agent.submit({ emails: 'sofia.new@example.com' });
        expect(agent.view?.errors).toBeUndefined();
        expect((await host.store.collection(Collections.visitors).findOne({ _id: sofia._id }))?.visitorEmails).toEqual([
            { address: 'sofia.new@example.com' },
        ]);
        // The old address is free again: nobody holds it any more.
        expect((await newContact(as(alice), { name: 'Someone Else', emails: 'sofia@example.com' }))?.errors).toBeUndefined();
    });

    it('refuses invisible names and values that are not text, next to the field', async () => {
        const agent = as(alice);
        const before = await persistenceCount();
        for (const name of ['\u200B\u200D', '\u0000\u0007', '\u202E\u2066 \uFEFF']) {
            expect((await newContact(agent, { name, emails: 'x@example.com' }))?.errors).toEqual({ name: 'Enter a name.' });
        }
        expect((await newContact(agent, { name: { $gt: '' }, emails: 'x@example.com' }))?.errors).toEqual({ name: 'Enter text.' });
        expect((await newContact(agent, { name: 'Ok', emails: ['x@example.com'] }))?.errors).toEqual({ emails: 'Enter text.' });
        expect(await persistenceCount()).toBe(before);
        // Control and direction-override characters inside a name are dropped, the rest is kept.
        await newContact(agent, { name: 'Eve\u202Elin\u0007 Nova', emails: 'eve@example.com' });
        expect(texts(agent.view)).toContain('Evelin Nova');
    });

    it('one address in two spellings (Unicode and punycode domain) is one address', async () => {
        const agent = as(alice);
        await newContact(agent, { name: 'Bücher Fan', emails: 'Fan@Bücher.de' });
        expect(texts(agent.view)).toContain('fan@bücher.de');
        expect((await newContact(agent, { name: 'Other Fan', emails: 'fan@xn--bcher-kva.de' }))?.errors).toEqual({
            emails: 'fan@bücher.de already belongs to the contact “Bücher Fan”.',
        });
        await agent.openContactCenter();
        expect(await agent.search('fan@xn--bcher-kva.de')).toEqual(['Bücher Fan']);
    });

    it('a phone with an extension is refused, not cut', async () => {
        const view = await newContact(as(alice), { name: 'Ext Person', phones: '+1 212 555 0100 ext. 5' });
        expect(view?.errors).toEqual({
            phones: '“+1 212 555 0100 ext. 5” has an extension: enter the number without it (an extension cannot be dialled from a chat).',
        });
    });

    it('a broadcast inserts a name as written: no backslashes, mentions neutralised', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Broadcast');
        await agent.click('New broadcast');
        const form = { query: 'omar@example.com', channel: 'conversation', message: 'Hello {name}!' };
        await agent.submit(form);
        const confirm = (agent.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
            .find((b) => b.blockId === 'confirm')
            ?.element?.options?.map((o) => o.value);
        await agent.submit({ ...form, confirm });
        for (let i = 0; i < 3; i++) {
            await host.runJobs();
        }
        const [message] = await host.store.collection(Collections.messages).find({ 'u._id': alice._id });
        expect(message?.msg).toBe("Hello José O'Brien (VIP) [x] a|b > c @\u200Ball!");
    });
});
