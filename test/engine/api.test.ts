import { Collections, makeAgent, makeLivechatRoom, makeManager, makeUser, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { startApp } from './driver';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The REST API through the packaged app, routed and authenticated like Rocket.Chat's app router. */
describe('REST API', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const plainUser = makeUser({ username: 'nobody' });
    const ana = makeVisitor({
        name: 'Ana Lima',
        visitorEmails: [{ address: 'ana@example.org' }],
        phone: [{ phoneNumber: '+5511987654321' }],
    });
    const eva = makeVisitor({ name: 'Eva Bob', visitorEmails: [{ address: 'eva@example.org' }], phone: [] });
    const day = (iso: string) => new Date(`${iso}T10:00:00.000Z`);
    const anaRoom = makeLivechatRoom({ visitor: ana, agent: alice, open: false, ts: day('2026-03-10'), tags: ['vip'] });
    const evaRoom = makeLivechatRoom({ visitor: eva, agent: bob, open: false, ts: day('2026-04-02') });
    const login: Record<string, Record<string, string>> = {};

    // Each test starts from this workspace on a host of its own: no test sees what another one changed.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([alice, bob, mona, plainUser]);
        await host.store.collection(Collections.visitors).insertMany([ana, eva]);
        await host.store.collection(Collections.rooms).insertMany([anaRoom, evaRoom]);
        for (const room of [anaRoom, evaRoom]) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
        for (const user of [alice, bob, mona, plainUser]) {
            login[user.username as string] = await host.loginHeaders(user._id as string);
        }
    });
    afterEach(() => host?.stop());

    const call = async (
        as: string | undefined,
        path: string,
        request: { method?: string; content?: unknown; query?: Record<string, string> } = {},
    ) =>
        (await host.callEndpoint(path, { method: 'get', ...request, headers: as ? login[as] : {} })) as {
            status: number;
            content: Json;
            headers?: Record<string, string>;
        };

    it('answers 401 from the server itself without a login or with a wrong token, before the app runs', async () => {
        host.resetMetrics();
        expect(await call(undefined, 'contacts')).toEqual({ status: 401, content: 'Unauthorized' });
        const forged = await host.callEndpoint('contacts', {
            method: 'get',
            headers: { 'X-User-Id': alice._id as string, 'X-Auth-Token': 'guess' },
        });
        expect(forged.status).toBe(401);
        expect(host.metrics().roundTrips).toBe(0);
    });

    it('refuses a logged-in user without an omnichannel role with 403', async () => {
        const res = await call('nobody', 'contacts');
        expect(res.status).toBe(403);
        expect(res.content.error.code).toBe('refused_no_role');
    });

    it('searches contacts in the caller’s scope, paged', async () => {
        const mine = await call('alice', 'contacts', { query: { q: 'lima' } });
        expect(mine.status).toBe(200);
        expect(mine.content.items.map((c: Json) => c.name)).toEqual(['Ana Lima']);
        expect(mine.content).toMatchObject({ page: 0, offset: 0, pageSize: 25, total: 1 });
        // The last page has no "next"; an offset starts the page where a short one ended.
        expect(mine.content.next).toBeUndefined();
        const manager1 = await call('mona', 'contacts', { query: { offset: '1' } });
        expect(manager1.content).toMatchObject({ page: 0, offset: 1, total: 2 });
        expect(manager1.content.items).toHaveLength(1);
        const first = await call('mona', 'contacts', { query: {} });
        expect(manager1.content.items[0].id).toBe(first.content.items[1].id);
        const notMine = await call('alice', 'contacts', { query: { q: 'eva@example.org' } });
        expect(notMine.content.items).toEqual([]);
        const manager = await call('mona', 'contacts');
        expect(manager.content.items.map((c: Json) => c.name).sort()).toEqual(['Ana Lima', 'Eva Bob']);
    });

    it('refuses a bad page with 400 naming the field', async () => {
        const res = await call('alice', 'contacts', { query: { page: '-1' } });
        expect(res.status).toBe(400);
        expect(res.content.error).toMatchObject({ code: 'error_page_invalid', field: 'page' });
    });

    it('refuses a bad offset with 400 naming the field', async () => {
        const res = await call('alice', 'contacts', { query: { q: 'lima', offset: '1e3' } });
        expect(res.status).toBe(400);
        expect(res.content.error).toMatchObject({ code: 'error_offset_invalid', field: 'offset' });
    });

    it('pages filtered chats by the "next" it answers (the last chat\'s place), each chat once; refuses a forged "after"', async () => {
        await host.updateAppSetting('cc_page_size', 10);
        const rooms = Array.from({ length: 14 }, (_, i) =>
            makeLivechatRoom({
                visitor: eva,
                agent: alice,
                open: false,
                ts: new Date(day('2026-05-01').getTime() + i * 3_600_000),
                tags: ['vip'],
            }),
        );
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) await host.fireEvent('IPostLivechatRoomClosed', room._id);
        const first = await call('mona', 'chats', { query: { tag: 'vip' } });
        expect(first.content.items).toHaveLength(10);
        expect(first.content.next).toMatchObject({ page: 1, offset: 10, after: expect.stringMatching(/^\d+\.\w+$/) });
        // Follow "next" to the end: a page may stop short of the page size where the matches thin out (more: true).
        const pages = [first.content];
        while (pages[pages.length - 1].next && pages.length < 5) {
            const next = Object.entries(pages[pages.length - 1].next as Json).map(([k, v]) => [k, String(v)]);
            pages.push((await call('mona', 'chats', { query: { tag: 'vip', ...Object.fromEntries(next) } })).content);
        }
        const ids = pages.flatMap((page) => (page.items as Json[]).map((c) => c.roomId));
        expect(ids).toEqual([...rooms.reverse(), anaRoom].map((r) => r._id));
        // The page is read from the cursor, whatever page and offset say.
        const fifth = first.content.items[4] as Json;
        const fromFifth = await call('mona', 'chats', {
            query: { tag: 'vip', page: '1', offset: '10', after: `${Date.parse(fifth.closedAt)}.${fifth.roomId}` },
        });
        expect(fromFifth.content.items[0].roomId).toBe(ids[5]);
        for (const after of ['x', '12.', `1.${'a'.repeat(200)}`, '1.2.3']) {
            const forged = await call('mona', 'chats', { query: { tag: 'vip', page: '1', after } });
            expect([after, forged.status, forged.content.error?.field]).toEqual([after, 400, 'after']);
        }
    });

    it('pages a contact search by the "next" it answers (the last contact\'s place), each contact once, ties included', async () => {
        await host.updateAppSetting('cc_page_size', 10);
        const people = Array.from({ length: 14 }, (_, i) =>
            makeVisitor({ name: `Paula Reis ${i}`, visitorEmails: [{ address: `paula${i}@example.net` }], phone: [] }),
        );
        // Two people's last chats closed at the same instant (the 10th and 11th newest): the cursor tells them apart.
        const at = (i: number) => new Date(day('2026-05-01').getTime() + (i === 4 ? 3 : i) * 3_600_000);
        const rooms = people.map((visitor, i) => makeLivechatRoom({ visitor, agent: alice, open: false, ts: at(i) }));
        await host.store.collection(Collections.visitors).insertMany(people);
        await host.store.collection(Collections.rooms).insertMany(rooms);
        for (const room of rooms) await host.fireEvent('IPostLivechatRoomClosed', room._id);
        const first = await call('mona', 'contacts', { query: { q: 'reis' } });
        expect(first.content.items).toHaveLength(10);
        expect(first.content.next).toMatchObject({ page: 1, offset: 10, after: expect.stringMatching(/^\d+\.\w+$/) });
        const pages = [first.content];
        while (pages[pages.length - 1].next && pages.length < 5) {
            const next = Object.entries(pages[pages.length - 1].next as Json).map(([k, v]) => [k, String(v)]);
            pages.push((await call('mona', 'contacts', { query: { q: 'reis', ...Object.fromEntries(next) } })).content);
        }
        const names = pages.flatMap((page) => (page.items as Json[]).map((c) => c.name));
        // Newest last chat first; the two of the same instant in the same order on every read.
        const order = people.map((p, i) => ({ name: p.name as string, at: at(i).getTime(), id: p._id as string }));
        order.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
        expect(names).toEqual(order.map((p) => p.name));
        const fromTop = await call('mona', 'contacts', { query: { q: 'reis', page: '1' } });
        expect(fromTop.content.items.map((c: Json) => c.name)).toEqual(names.slice(10));
    });

    it('gets a contact with its closed chats; another agent’s contact is 404', async () => {
        const res = await call('alice', `contacts/${ana._id}`);
        expect(res.status).toBe(200);
        expect(res.content.contact).toMatchObject({
            id: ana._id,
            name: 'Ana Lima',
            emails: ['ana@example.org'],
            phones: ['+5511987654321'],
        });
        expect(res.content.contact.token).toBeUndefined();
        expect(res.content.chats.map((c: Json) => c.roomId)).toEqual([anaRoom._id]);
        const hidden = await call('alice', `contacts/${eva._id}`);
        expect(hidden.status).toBe(404);
        expect(hidden.content.error.code).toBe('error_not_found');
    });

    it('lists closed chats with the filters of the UI, and refuses the agent filter to agents', async () => {
        const tagged = await call('mona', 'chats', { query: { tag: 'VIP' } });
        expect(tagged.status).toBe(200);
        expect(tagged.content.items.map((c: Json) => c.roomId)).toEqual([anaRoom._id]);
        const byAgent = await call('mona', 'chats', { query: { agent: 'bob' } });
        expect(byAgent.content.items.map((c: Json) => c.roomId)).toEqual([evaRoom._id]);
        const refused = await call('alice', 'chats', { query: { agent: 'bob' } });
        expect(refused.status).toBe(400);
        expect(refused.content.error).toMatchObject({ code: 'error_filter_agent_managers', field: 'agent' });
        const badDate = await call('alice', 'chats', { query: { from: '2026-13-01', to: '2026-12-01' } });
        expect(badDate.status).toBe(400);
        expect(badDate.content.error.field).toBe('from');
    });

    it('sets the tags of a closed chat with its revision: 200, then 409 on a stale revision, 404 out of scope', async () => {
        const chat = async () =>
            (
                await host.store
                    .collection(Collections.persistence)
                    .find({ 'data.roomId': anaRoom._id, 'data.tagHistory': { $exists: true } })
            )[0].data as Json;
        const revision = (await chat()).revision as number;
        const ok = await call('alice', `chats/${anaRoom._id}/tags`, {
            method: 'put',
            content: { tags: ['Refund', 'follow-up'], revision },
        });
        expect(ok.status).toBe(200);
        expect(ok.content.chat).toEqual({ roomId: anaRoom._id, tags: ['Refund', 'follow-up'], revision: revision + 1 });
        const stale = await call('alice', `chats/${anaRoom._id}/tags`, { method: 'put', content: { tags: ['x'], revision } });
        expect(stale.status).toBe(409);
        expect(stale.content.error.code).toBe('error_conflict');
        expect((await chat()).tags).toEqual(['Refund', 'follow-up']);
        const other = await call('alice', `chats/${evaRoom._id}/tags`, { method: 'put', content: { tags: ['x'], revision: 1 } });
        expect(other.status).toBe(404);
        const noRevision = await call('alice', `chats/${anaRoom._id}/tags`, { method: 'put', content: { tags: ['x'] } });
        expect(noRevision.status).toBe(400);
        expect(noRevision.content.error.field).toBe('revision');
        const tooLong = await call('alice', `chats/${anaRoom._id}/tags`, {
            method: 'put',
            content: { tags: ['y'.repeat(41)], revision: revision + 1 },
        });
        expect(tooLong.status).toBe(400);
        expect(tooLong.content.error.field).toBe('tags');
        const byTag = await call('alice', 'chats', { query: { tag: 'refund' } });
        expect(byTag.content.items.map((c: Json) => c.roomId)).toEqual([anaRoom._id]);
    });

    it('starts an export, reports its progress, and serves the file to the link with its token only', async () => {
        const started = await call('alice', 'exports', { method: 'post', content: { kind: 'contacts', query: '' } });
        expect(started.status).toBe(202);
        expect(started.content.export).toMatchObject({ status: 'running', percent: 0, subject: { kind: 'contacts', query: '' } });
        expect(started.content.export.token).toBeUndefined();
        const id = started.content.export.id as string;
        expect((await call('bob', `exports/${id}`)).status).toBe(404);
        await host.runJobs();
        const done = await call('alice', `exports/${id}`);
        expect(done.content.export).toMatchObject({ status: 'done', percent: 100, total: 1, done: 1 });
        const url = new URL(done.content.export.downloadUrl, 'http://localhost');
        expect(url.pathname).toBe(`/api/apps/public/${host.appId}/exports/${id}/download`);
        const token = url.searchParams.get('token') as string;
        expect(token).toMatch(/^[0-9a-f]{40}$/);

        const file = await host.callEndpoint(`exports/${id}/download`, { method: 'get', query: { token } });
        expect(file.status).toBe(200);
        expect((file as { headers?: object }).headers).toMatchObject({ 'Content-Type': 'text/csv; charset=utf-8' });
        expect(String(file.content)).toContain('Ana Lima');
        expect(
            (
                await host.callEndpoint(`exports/${id}/download`, {
                    method: 'get',
                    query: { token: token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
                })
            ).status,
        ).toBe(404);
        expect((await host.callEndpoint(`exports/${id}/download`, { method: 'get', query: { token }, headers: login.bob })).status).toBe(
            403,
        );
        expect((await host.callEndpoint(`exports/${id}/download`, { method: 'get', query: { token }, headers: login.alice })).status).toBe(
            200,
        );
    });

    it('refuses an export of an unknown kind with 400 naming the field', async () => {
        const res = await call('alice', 'exports', { method: 'post', content: { kind: 'everything' } });
        expect(res.status).toBe(400);
        expect(res.content.error).toMatchObject({ code: 'error_export_kind', field: 'kind' });
    });

    it('lets only managers import (403 for agents), dry run by default', async () => {
        const csv = 'name,emails\nZé Novo,ze@example.org\n';
        const agent = await call('alice', 'imports', { method: 'post', content: { csv } });
        expect(agent.status).toBe(403);
        expect(agent.content.error.code).toBe('error_import_not_allowed');
        const dry = await call('mona', 'imports', { method: 'post', content: { csv } });
        expect(dry.status).toBe(200);
        expect(dry.content).toMatchObject({ dryRun: true, counts: { create: 1, update: 0, reject: 0 } });
        const empty = await call('mona', 'imports', { method: 'post', content: {} });
        expect(empty.status).toBe(400);
        expect(empty.content.error).toMatchObject({ code: 'error_import_empty', field: 'csv' });
    });

    it('answers 404 for an unknown path', async () => {
        expect((await call('alice', 'nothing-here')).status).toBe(404);
    });
});
