import * as fs from 'fs';
import * as path from 'path';
import {
    Collections,
    EMAIL_INBOX,
    WHATSAPP_APP,
    WIDGET,
    makeAgent,
    makeContact,
    makeLivechatRoom,
    makeManager,
    makeVisitor,
    type Doc,
    type EngineHost,
} from '@contact-center/engine-host';
import { Agent, buttons, rows, startApp, texts } from './driver';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Contacts as Rocket.Chat 8 and 9 keep them: one entry per Rocket.Chat contact, whatever channels the person used,
 * kept in step with edits, deletions and merges made in Rocket.Chat's own contact panel (which tell apps nothing),
 * through the packaged app in the real Apps-Engine, on a host that keeps Rocket.Chat's contact model.
 */
describe('Contacts as Rocket.Chat keeps them', () => {
    let host: EngineHost;
    let clock = Date.now();
    const alice = makeAgent({ username: 'alice', name: 'Alice Agent' });
    const mona = makeManager({ username: 'mona', name: 'Mona Manager' });

    const person = (name: string, email?: string, phone?: string) =>
        makeVisitor({ name, visitorEmails: email ? [{ address: email }] : [], phone: phone ? [{ phoneNumber: phone }] : [] });
    // Chloé wrote through the widget and by email: two visitors, one contact with two channels.
    const chloeWeb = person('Chloé Ferreira', 'chloe@example.com', '+33612345678');
    const chloeMail = person('Chloé Ferreira', 'chloe@example.com');
    const chloe = makeContact({ visitor: chloeWeb, source: WIDGET });
    chloe.channels = [...(chloe.channels as Doc[]), ...(makeContact({ visitor: chloeMail, source: EMAIL_INBOX }).channels as Doc[])];
    // Raj wrote through WhatsApp (an app source with a label).
    const raj = person('Raj Patel', 'raj@example.com', '+4915112345678');
    const rajContact = makeContact({ visitor: raj, source: WHATSAPP_APP });
    // Two contacts of one person that Enterprise will merge.
    const ana1 = person('Ana Souza', 'ana@example.com');
    const ana2 = person('Ana Souza', undefined, '+5511987654321');
    const anaA = makeContact({ visitor: ana1, source: WIDGET });
    const anaB = makeContact({ visitor: ana2, source: EMAIL_INBOX });
    // A room from before contacts (Rocket.Chat 7.0): grouped by its visitor.
    const old = person('Olga Old', 'olga@example.com');

    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const closed = (visitor: Doc, contact: Doc | undefined, m: number, extra: Partial<Doc> = {}) =>
        makeLivechatRoom({
            visitor,
            agent: alice,
            open: false,
            ts: minutesAgo(m),
            ...(contact ? { contact } : { before71: true }),
            ...extra,
        } as Parameters<typeof makeLivechatRoom>[0]);
    const rooms = [
        closed(chloeWeb, chloe, 300, { source: WIDGET }),
        closed(chloeMail, chloe, 200, { source: EMAIL_INBOX }),
        closed(raj, rajContact, 150, { source: WHATSAPP_APP }),
        closed(ana1, anaA, 120),
        closed(ana2, anaB, 100, { source: EMAIL_INBOX }),
        closed(old, undefined, 90),
    ];

    const as = (user: Doc) => new Agent(host, user._id as string);
    /** A search typed on the Contacts tab, wherever the agent is. */
    const find = async (who: Agent, query: string) => {
        await who.openContactCenter();
        return who.search(query);
    };
    const persistence = () => host.store.collection(Collections.persistence);
    const appRecords = async () => JSON.stringify(await persistence().find({}));
    /** Every minute's reconciliation, as many minutes as given (the host clock moves; jobs due run). */
    const minutes = async (count: number) => {
        for (let i = 0; i < count; i++) {
            clock = Math.max(clock, Date.now()) + 61_000;
            await host.runJobs();
        }
    };
    const call = async (userId: string, p: string) =>
        (await host.callEndpoint(p, { method: 'get', headers: await host.loginHeaders(userId) })) as { status: number; content: Json };

    beforeEach(async () => {
        clock = Date.now();
        host = await startApp({ now: () => new Date(clock) });
        await host.store.collection(Collections.users).insertMany([alice, mona]);
        await host.store.collection(Collections.visitors).insertMany([chloeWeb, chloeMail, raj, ana1, ana2, old]);
        await host.store.collection(Collections.contacts).insertMany([chloe, rajContact, anaA, anaB]);
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
    });
    afterEach(() => host?.stop());

    it('lists a person who wrote through two channels once, with both channels and all their chats', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        const names = rows(agent.view, 'cc-contact-open').map((r) => r.name);
        expect(names.filter((n) => n === 'Chloé Ferreira')).toHaveLength(1);
        expect(names).toContain('Olga Old');
        await agent.openRow('Chloé Ferreira');
        const shown = texts(agent.view);
        expect(shown).toEqual(expect.arrayContaining(['Web chat', 'Email']));
        expect(rows(agent.view, 'cc-chat-open')).toHaveLength(2);
        await agent.click('Contacts');
        await agent.openRow('Raj Patel');
        expect(texts(agent.view)).toContain('App (WhatsApp)');
    });

    it('shows a rename made in Rocket.Chat on opening the contact, and in search and lists within the bound', async () => {
        await host.rocketChat.editContact(chloe._id as string, { name: 'Chloé Ferreira-Lima' });
        await host.rocketChat.editContact(rajContact._id as string, { name: 'Rajesh Patel', phones: ['+4915112345678', '+4915199999999'] });
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.openRow('Chloé Ferreira');
        expect(texts(agent.view)).toContain('Chloé Ferreira-Lima');
        expect(await find(agent, 'Lima')).toEqual(['Chloé Ferreira-Lima']);
        // Raj was not opened: the reconciliation brings him within the bound (a round takes at least ten minutes).
        expect(await find(agent, 'Rajesh')).toEqual([]);
        await minutes(11);
        expect(await find(agent, 'Rajesh')).toEqual(['Rajesh Patel']);
        // Only Raj changed since it was indexed (Chloé was brought in line when she was opened; Olga, grouped by her
        // visitor, did not change): the job's tally says so, and wrote nothing for the others.
        const [job] = (await persistence().find({ 'associations.id': 'cc:job:cc-reconcile' })) as Doc[];
        expect((job.data as Doc).changed).toBe(1);
        expect(await find(agent, '+49 151 99999999')).toEqual(['Rajesh Patel']);
        await agent.click('Chats');
        expect(rows(agent.view, 'cc-chat-open').map((r) => r.name)).toContain('Rajesh Patel');
    });

    it('erases a contact deleted in Rocket.Chat: gone from search, Chats, exports and the REST API, nothing of it kept', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Export CSV');
        await minutes(2);
        const before = await appRecords();
        expect(before).toContain('chloe@example.com');
        await host.rocketChat.deleteContact(chloe._id as string);
        await minutes(11);
        expect(await find(manager, 'Chloé')).toEqual([]);
        expect(await find(manager, 'chloe@example.com')).toEqual([]);
        await manager.click('Chats');
        expect(rows(manager.view, 'cc-chat-open').map((r) => r.name)).not.toContain('Chloé Ferreira');
        expect((await call(mona._id as string, `contacts/${chloe._id as string}`)).status).toBe(404);
        const after = await appRecords();
        for (const value of ['Chloé', 'chloe@example.com', '+33612345678', '612345678']) {
            expect(after).not.toContain(value);
        }
        // The others are untouched.
        expect(await find(manager, 'Raj')).toEqual(['Raj Patel']);
    });

    it('erases a deleted contact from every broadcast that held it, also where the job never reached it', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        for (const name of ['Chloé Ferreira', 'Raj Patel']) {
            await manager.click('Chats');
            await manager.openRow(name, 'cc-chat-open');
            await manager.click('Tags');
            await manager.submit({ tags: 'promo' });
        }
        await manager.click('Contacts');
        await manager.openRow('Chloé Ferreira');
        await manager.click('Edit');
        await manager.submit({ doNotContact: ['yes'] });
        // Chloé is skipped when the broadcast is made; it is cancelled before its job reaches her.
        await manager.click('Contacts');
        await manager.click('Broadcast');
        await manager.click('New broadcast');
        await manager.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}' });
        expect(texts(manager.view)).toContain('1 of 2 contacts will receive it.');
        const confirm = (manager.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[])
            .find((b) => b.blockId === 'confirm')
            ?.element?.options?.map((o) => o.value);
        await manager.submit({ tag: 'promo', channel: 'email', message: 'Hi {first_name}', confirm });
        const cancel = buttons(manager.view).find((b) => b.actionId === 'cc-bc-cancel');
        await manager.press(cancel!.actionId, cancel!.value, cancel!.blockId);
        await minutes(2);
        expect(await persistence().count({ 'data.kind': 'recipient', 'data.contactId': chloe._id })).toBe(0);
        expect(await appRecords()).toContain('chloe@example.com');

        await host.rocketChat.deleteContact(chloe._id as string);
        await minutes(11);
        const after = await appRecords();
        for (const value of ['Chloé', 'chloe@example.com', '+33612345678']) {
            expect(after).not.toContain(value);
        }
        expect(after).toContain('raj@example.com');
    });

    it('folds two contacts Enterprise merged into one entry, with all their chats and tags', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Chats');
        await manager.openRow('Ana Souza', 'cc-chat-open');
        await manager.click('Tags');
        await manager.submit({ tags: 'vip' });
        expect(await find(manager, 'Ana Souza')).toHaveLength(2);
        await host.rocketChat.mergeContacts(anaA._id as string, [anaB._id as string]);
        await minutes(11);
        expect(await find(manager, 'Ana Souza')).toEqual(['Ana Souza']);
        await manager.openRow('Ana Souza');
        expect(rows(manager.view, 'cc-chat-open')).toHaveLength(2);
        const tags = JSON.stringify(manager.view?.blocks);
        expect(tags).toContain('vip');
        expect(await find(manager, '+55 11 98765 4321')).toEqual(['Ana Souza']);
    });

    it('joins a contact created in the Contact Center to its Rocket.Chat contact at its first conversation', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        await agent.submit({ name: 'Nora New', emails: 'nora@example.com', company: 'Acme' });
        expect(await find(agent, 'Nora')).toEqual(['Nora New']);
        // Nora writes through the widget as a new visitor with the same email: Rocket.Chat makes her contact.
        const nora = person('Nora', 'nora@example.com');
        await host.store.collection(Collections.visitors).insertOne(nora);
        const room = await host.rocketChat.startRoom(makeLivechatRoom({ visitor: nora, agent: alice, open: true, ts: new Date(clock) }));
        await host.store
            .collection(Collections.rooms)
            .updateOne({ _id: room._id }, { $set: { closedAt: new Date(clock + 60_000) }, $unset: { open: 1 } });
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
        expect(await find(agent, 'Nora')).toHaveLength(1);
        await agent.openRow((await find(agent, 'Nora'))[0]);
        expect(texts(agent.view)).toContain('Acme');
        expect(rows(agent.view, 'cc-chat-open')).toHaveLength(1);
    });

    it('lets a manager erase a contact; the history keeps who erased it, without its values', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.openRow('Raj Patel');
        await manager.click('Edit');
        await manager.submit({ company: 'Patel Imports' });
        await manager.click('Erase');
        expect(texts(manager.view)).toContain('Erase this contact from the Contact Center?');
        await manager.click('Erase');
        await minutes(11);
        expect(await find(manager, 'Raj')).toEqual([]);
        const after = await appRecords();
        for (const value of ['Raj Patel', 'raj@example.com', 'Patel Imports', '4915112345678']) {
            expect(after).not.toContain(value);
        }
        const erased = (await persistence().find({ 'data.action': 'contact.erased' })) as Doc[];
        expect(erased.map((r) => (r.data as Doc).actor)).toEqual([expect.objectContaining({ id: mona._id })]);
        // An agent sees no Erase button.
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.openRow('Chloé Ferreira');
        expect(buttons(agent.view).map((b) => b.label)).not.toContain('Erase');
    });

    it('upgrades a directory of the earlier shape (one entry per visitor), keeping extra fields, tags and history', async () => {
        // The earlier version's backfill ran when it was installed.
        await minutes(1);
        expect(await persistence().count({ 'associations.id': 'cc:job:cc-backfill', 'data.done': true })).toBe(1);
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.openRow('Olga Old');
        await manager.click('Edit');
        await manager.submit({ company: 'Olga & Co' });
        await manager.click('Chats');
        await manager.openRow('Olga Old', 'cc-chat-open');
        await manager.click('Tags');
        await manager.submit({ tags: 'billing' });
        // Olga's entry as the earlier version stored it: keyed on her visitor, token and username on the entry,
        // channels as plain source names.
        const entries = (await persistence().find({ 'data.id': old._id, 'data.keyedBy': 'visitor' })) as Doc[];
        expect(entries).toHaveLength(1);
        await persistence().updateMany(
            { 'data.id': old._id, 'data.keyedBy': 'visitor' },
            {
                $unset: { 'data.keyedBy': 1 },
                $set: { 'data.channels': ['widget'], 'data.token': old.token, 'data.username': old.username },
            },
        );
        await persistence().updateMany({ 'associations.id': 'cc:job:cc-backfill' }, { $unset: { 'data.shape': 1 } });
        // A broadcast Olga received, as the earlier version stored it: no audience index, the recipient record without
        // the contact association.
        const misc = (...ids: string[]) => ids.map((id) => ({ model: 'misc', id }));
        const at = new Date(clock).toISOString();
        await persistence().insertMany([
            {
                appId: host.appId,
                associations: misc('cc:bc:bc-old', `cc:bc-by:${mona._id as string}`, `cc:bc-month:${at.slice(0, 7)}`),
                data: { kind: 'broadcast', id: 'bc-old', senderId: mona._id, status: 'done', createdAt: at, updatedAt: at },
            },
            {
                appId: host.appId,
                associations: misc('cc:bc-aud:bc-old'),
                data: { entries: [{ contactId: old._id, name: 'Olga Old', email: 'olga@example.com' }] },
            },
            {
                appId: host.appId,
                associations: misc('cc:bc-rcpt:bc-old', `cc:bc-rcpt:bc-old:${old._id as string}`),
                data: {
                    kind: 'recipient',
                    broadcastId: 'bc-old',
                    contactId: old._id,
                    name: 'Olga Old',
                    state: 'failed',
                    detail: 'olga@example.com bounced',
                },
            },
        ]);
        // Rocket.Chat gives her old room a contact (lazily, when someone opens it), then the new version starts.
        const oldRoom = rooms[rooms.length - 1];
        expect(await host.rocketChat.openRoom(oldRoom._id as string)).toBeTruthy();
        const store = host.store;
        await host.stop();
        host = await startApp({ store, now: () => new Date(clock) });
        await minutes(3);
        const again = as(mona);
        await again.openContactCenter();
        expect(await find(again, 'Olga')).toEqual(['Olga Old']);
        await again.openRow('Olga Old');
        expect(texts(again.view)).toContain('Olga & Co');
        expect(JSON.stringify(again.view?.blocks)).toContain('billing');
        await again.click('History');
        expect(texts(again.view).some((t) => t.startsWith('Edited by'))).toBe(true);
        expect(await persistence().count({ 'data.id': old._id, 'data.keyedBy': 'visitor' })).toBe(0);
        // Erased after the upgrade: nothing of her is left, in the earlier broadcast either.
        await again.click('Contacts');
        await again.openRow('Olga Old');
        await again.click('Erase');
        await again.click('Erase');
        await minutes(2);
        const after = await appRecords();
        for (const value of ['Olga', 'olga@example.com']) {
            expect(after).not.toContain(value);
        }
    });

    it('broadcasts a conversation to a contact through the visitor of its channel', async () => {
        const manager = as(mona);
        await manager.openContactCenter();
        await manager.click('Broadcast');
        await manager.click('New broadcast');
        await manager.submit({ query: 'Raj', channel: 'conversation', message: 'Hello {first_name}' });
        expect(texts(manager.view)).toContain('1 of 1 contacts will receive it.');
        const block = (manager.view?.blocks as { blockId?: string; element?: { options?: { value: string }[] } }[]).find(
            (b) => b.blockId === 'confirm',
        );
        await manager.submit({
            query: 'Raj',
            channel: 'conversation',
            message: 'Hello {first_name}',
            confirm: block?.element?.options?.map((o) => o.value) ?? [],
        });
        await minutes(2);
        const opened = await host.store
            .collection(Collections.rooms)
            .find({ 'v._id': raj._id, 'source.type': 'app', 'source.id': host.appId });
        expect(opened).toHaveLength(1);
        const sent = await host.store.collection(Collections.messages).find({ rid: opened[0]._id, 'u._id': mona._id });
        expect(sent.map((m) => m.msg)).toEqual(['Hello Raj']);
    });

    it('loads the package that asks for Apps-Engine ^1.59.0 (Rocket.Chat 8.0 and later) with the contact permissions', async () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as Json;
        expect(manifest.requiredApiVersion).toBe('^1.59.0');
        expect(manifest.permissions.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['contact.read', 'contact.write']));
        expect(await host.app.getStatus()).toMatch(/enabled/);
    });
});
