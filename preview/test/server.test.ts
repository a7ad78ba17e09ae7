import { strict as assert } from 'assert';
import { FakeBackend } from '../fakeBackend';
import { type PreviewServer, startPreviewServer } from '../server';

let server: PreviewServer;
beforeAll(async () => {
    server = await startPreviewServer(new FakeBackend(), 0);
});
afterAll(() => server.close());

// Parsed here rather than by fetch's json(), so that the objects belong to the test's realm (strict deep equality
// compares prototypes).
const get = async (path: string) => JSON.parse(await (await fetch(server.url + path)).text());
const post = async (path: string, body: object) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: JSON.parse(await res.text()) };
};

test('app, users and rooms', async () => {
    const app = await get('/api/app');
    assert.equal(app.name, 'Contact Center');
    assert.ok(app.buttons.some((b: { actionId: string }) => b.actionId === 'cc-open'));
    assert.equal((await get('/api/users')).length, 4);
    assert.equal((await get('/api/rooms?userId=u-alice')).length, 2);
});

test('a view opens, submits with errors, and closes', async () => {
    const opened = await post('/api/action-button', { userId: 'u-alice', actionId: 'cc-open' });
    assert.equal(opened.body.view.id, 'cc-contacts');
    await post('/api/block-action', { userId: 'u-alice', actionId: 'cc-contact-new', blockId: 'new', viewId: 'cc-contacts' });
    const refused = await post('/api/view-submit', { userId: 'u-alice', viewId: 'cc-contact-new', state: { emails: { emails: 'nope' } } });
    assert.deepEqual(Object.keys(refused.body.errors).sort(), ['emails', 'name']);
    assert.deepEqual((await get('/api/view?userId=u-alice')).errors, refused.body.errors);
    const closed = await post('/api/view-close', { userId: 'u-alice', viewId: 'cc-contact-new' });
    assert.deepEqual(closed.body, {});
});

test('closing a room; bad requests are refused', async () => {
    assert.deepEqual((await post('/api/rooms/r1/close', { userId: 'u-alice' })).body, { ok: true });
    assert.equal((await get('/api/rooms?userId=u-alice')).filter((r: { open: boolean }) => r.open).length, 1);
    assert.equal((await post('/api/view-submit', { viewId: 'x' })).status, 400);
    assert.equal((await post('/api/nope', { userId: 'u-alice' })).status, 404);
});

test('languages: English only without translations; no language to set', async () => {
    assert.deepEqual(await get('/api/languages'), [{ code: 'en', name: 'English' }]);
    assert.equal((await post('/api/language', { userId: 'u-alice', language: 'de' })).status, 404);
});
