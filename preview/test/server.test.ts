import { strict as assert } from 'assert';
import * as fs from 'fs';
import { packageApp } from '../../scripts/package';
import { startDemo, type Demo } from '../demo';

/**
 * The preview's JSON API over the real app: the packaged zip in the Apps-Engine on the small demo data, so the
 * views it answers are the app's own.
 */
let demo: Demo;
let agent1: string;

beforeAll(async () => {
    // A whole test run packages the app once (the engine project's global setup); this file alone packages it here.
    const built = process.env.CONTACT_CENTER_ZIP;
    const zipPath = built && fs.existsSync(built) ? built : await packageApp();
    demo = await startDemo({ zipPath, size: 'small', port: 0 });
    agent1 = demo.data!.agents[0]._id;
});
afterAll(() => demo?.stop());

// Parsed here rather than by fetch's json(), so that the objects belong to the test's realm (strict deep equality
// compares prototypes).
const get = async (path: string) => JSON.parse(await (await fetch(demo.server.url + path)).text());
const post = async (path: string, body: object) => {
    const res = await fetch(demo.server.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
    return { status: res.status, body: JSON.parse(await res.text()) };
};
const openRoomsOf = (userId: string) => demo.data!.rooms.filter((r) => r.open && r.servedBy?._id === userId);

test('app, users and rooms', async () => {
    const app = await get('/api/app');
    assert.equal(app.name, 'Contact Center');
    assert.ok(app.buttons.some((b: { actionId: string }) => b.actionId === 'cc-open'));
    assert.equal((await get('/api/users')).length, demo.data!.users.length);
    assert.equal((await get(`/api/rooms?userId=${agent1}`)).length, openRoomsOf(agent1).length);
});

test('a view opens, submits with errors, and closes', async () => {
    const opened = await post('/api/action-button', { userId: agent1, actionId: 'cc-open' });
    assert.equal(opened.body.view.id, 'cc-contacts');
    const newButton = opened.body.view.blocks.find((b: { elements?: { actionId: string }[] }) =>
        b.elements?.some((e) => e.actionId === 'cc-contact-new'),
    );
    const form = await post('/api/block-action', {
        userId: agent1,
        actionId: 'cc-contact-new',
        blockId: newButton.blockId,
        viewId: 'cc-contacts',
    });
    assert.equal(form.body.view.id, 'cc-contact-new');
    const refused = await post('/api/view-submit', { userId: agent1, viewId: 'cc-contact-new', state: { emails: { emails: 'nope' } } });
    assert.deepEqual(Object.keys(refused.body.errors).sort(), ['emails', 'name']);
    assert.deepEqual((await get(`/api/view?userId=${agent1}`)).errors, refused.body.errors);
    const closed = await post('/api/view-close', { userId: agent1, viewId: 'cc-contact-new' });
    assert.deepEqual(closed.body, {});
});

test('closing a room; bad requests are refused', async () => {
    const open = openRoomsOf(agent1);
    assert.deepEqual((await post(`/api/rooms/${open[0]._id}/close`, { userId: agent1 })).body, { ok: true });
    assert.equal((await get(`/api/rooms?userId=${agent1}`)).filter((r: { open: boolean }) => r.open).length, open.length - 1);
    assert.equal((await post('/api/view-submit', { viewId: 'x' })).status, 400);
    assert.equal((await post('/api/nope', { userId: agent1 })).status, 404);
});

test("languages: the app's translations, English first; a language without one is refused", async () => {
    assert.deepEqual(
        (await get('/api/languages')).map((l: { code: string }) => l.code),
        ['en', 'de', 'es', 'pt-BR'],
    );
    const { appId } = await get('/api/app');
    assert.equal((await get('/api/i18n?lang=de'))[`app-${appId}.tab_contacts`], 'Kontakte');
    assert.deepEqual((await post('/api/language', { userId: agent1, language: 'de' })).body, { ok: true });
    assert.equal((await post('/api/language', { userId: agent1, language: 'fr' })).status, 400);
});

test("the app's own endpoints: an export's download link answers the CSV; the REST API asks for Rocket.Chat's authentication", async () => {
    type Element = { actionId: string; value?: string; url?: string };
    const elements = (view: { blocks: { blockId: string; elements?: Element[]; accessory?: Element }[] }) =>
        view.blocks.flatMap((b) =>
            [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])].map((e) => ({ ...e, blockId: b.blockId })),
        );
    const press = async (view: Parameters<typeof elements>[0] & { id: string }, actionId: string) => {
        const element = elements(view).find((e) => e.actionId === actionId);
        assert.ok(element, `no ${actionId} in ${view.blocks.length} blocks`);
        return (
            await post('/api/block-action', { userId: agent1, actionId, blockId: element.blockId, value: element.value, viewId: view.id })
        ).body.view;
    };
    let view = (await post('/api/action-button', { userId: agent1, actionId: 'cc-open' })).body.view;
    view = await press(view, 'cc-export-contacts');
    for (let i = 0; i < 40 && !elements(view).some((e) => e.actionId === 'cc-export-download'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        view = await press(view, 'cc-export-refresh');
    }
    const link = elements(view).find((e) => e.actionId === 'cc-export-download')?.url;
    assert.ok(link?.startsWith(`/api/apps/public/${demo.backend.appId()}/exports/`), link);
    const file = await fetch(demo.server.url + link);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match((await file.text()).split('\r\n')[0], /^name,emails,phones/);
    // The REST API: Rocket.Chat's authentication first (no headers: 401 from the server itself).
    assert.equal((await fetch(`${demo.server.url}/api/apps/public/${demo.backend.appId()}/contacts`)).status, 401);
});
