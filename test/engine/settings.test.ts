import { Collections, makeAgent, makeLivechatRoom, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, buttons, rows, startApp, texts } from './driver';

type Node = Record<string, unknown>;
const inputOf = (view: { blocks: unknown[] } | undefined, blockId: string) =>
    ((view?.blocks ?? []) as Node[]).find((b) => b.type === 'input' && b.blockId === blockId)?.element as Node | undefined;

/** Each app setting changes what agents get, through the packaged app; a bad value falls back and is logged. */
describe('Settings', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const visitors = Array.from({ length: 12 }, (_, i) => makeVisitor({ name: `Person ${String(i + 1).padStart(2, '0')}` }));
    const rooms = visitors.map((visitor, i) =>
        makeLivechatRoom({ visitor, agent: alice, open: false, ts: new Date(Date.now() - (i + 1) * 3_600_000) }),
    );

    // Each test starts from these settings on a host of its own: a setting one test changes is not seen by the next.
    beforeEach(async () => {
        host = await startApp({
            settings: {
                cc_default_country: 'BR',
                cc_page_size: 10,
                cc_tag_mode: 'list',
                cc_tag_list: 'VIP\nRefund',
                cc_extra_fields: 'Plan:select(Free|Pro):required\nSeats:number\nthis line is wrong',
            },
        });
        await host.store.collection(Collections.users).insertMany([alice]);
        await host.store.collection(Collections.visitors).insertMany(visitors);
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    const agent = () => new Agent(host, alice._id as string);

    it('page size: Contacts and Chats show that many rows a page', async () => {
        const a = agent();
        await a.openContactCenter();
        expect(rows(a.view, 'cc-contact-open')).toHaveLength(10);
        await a.click('Next');
        expect(rows(a.view, 'cc-contact-open')).toHaveLength(2);
        await a.click('Chats');
        expect(rows(a.view, 'cc-chat-open')).toHaveLength(10);
    });

    it('a changed setting applies at the next click; a bad value falls back to the default and is logged', async () => {
        await host.updateAppSetting('cc_page_size', 1000);
        const a = agent();
        await a.openContactCenter();
        expect(rows(a.view, 'cc-contact-open')).toHaveLength(12);
        const logs = JSON.stringify(await host.appLogs());
        expect(logs).toContain('cc_page_size');
        expect(logs).toContain('this line is wrong');
    });

    it('tag list mode: the form offers the workspace tags, and the server refuses any other', async () => {
        const a = agent();
        await a.openContactCenter();
        await a.click('Chats');
        await a.openRow('Person 01', 'cc-chat-open');
        await a.click('Tags');
        const select = inputOf(a.view, 'tags');
        expect(select?.type).toBe('multi_static_select');
        expect((select?.options as { value: string }[]).map((o) => o.value)).toEqual(['VIP', 'Refund']);

        const form = a.view;
        await a.submit({ tags: ['VIP', 'Gold'] });
        expect(a.view?.errors).toEqual({ tags: '“Gold” is not one of the workspace’s tags.' });
        const archived = async () =>
            (
                await host.store
                    .collection(Collections.persistence)
                    .find({ 'data.roomId': rooms[0]._id, 'data.tagHistory': { $exists: true } })
            ).map((r) => (r.data as { tags: string[] }).tags);
        expect(await archived()).toEqual([[]]);

        await a.submit({ tags: ['vip', 'Refund'] }, form);
        expect(texts(a.view)).toContain('VIP, Refund');
        expect(await archived()).toEqual([['VIP', 'Refund']]);
    });

    it('extra fields: shown in the form, validated next to each input, stored with the contact and shown in its view', async () => {
        const a = agent();
        await a.openContactCenter();
        await a.openRow('Person 03');
        await a.click('Edit');
        expect(inputOf(a.view, 'x-plan')?.type).toBe('static_select');
        expect(inputOf(a.view, 'x-seats')?.type).toBe('plain_text_input');
        const form = a.view;

        await a.submit({ name: 'Person 03', 'x-seats': 'many' });
        expect(a.view?.errors).toEqual({ 'x-plan': 'This field is required.', 'x-seats': 'Enter a number.' });
        await a.submit({ name: 'Person 03', 'x-plan': 'Gold', 'x-seats': '3' }, form);
        expect(a.view?.errors).toEqual({ 'x-plan': 'Choose one of the options.' });

        await a.submit({ name: 'Person 03', 'x-plan': 'Pro', 'x-seats': '3' }, form);
        expect(a.view?.errors ?? {}).toEqual({});
        expect(texts(a.view)).toEqual(expect.arrayContaining(['Plan', 'Pro', 'Seats', '3']));
        const [stored] = (
            await host.store.collection(Collections.persistence).find({ 'data.id': visitors[2]._id, 'data.extra': { $exists: true } })
        )
            .map((r) => r.data as { revision: number; extra: { fields: Record<string, string> } })
            .sort((x, y) => y.revision - x.revision);
        expect(stored.extra.fields).toEqual({ Plan: 'Pro', Seats: '3' });

        await a.click('History');
        expect(texts(a.view)).toEqual(expect.arrayContaining(['Plan', '— → Pro', 'Seats', '— → 3']));
        expect(buttons(a.view).map((b) => b.label)).toContain('Back');
    });
});
