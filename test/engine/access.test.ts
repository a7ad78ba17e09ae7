import { createHash } from 'crypto';
import {
    Collections,
    makeAdmin,
    makeAgent,
    makeLivechatRoom,
    makeManager,
    makeMessage,
    makeUser,
    makeVisitor,
    type Doc,
    type EngineHost,
    type ShownView,
} from '@contact-center/engine-host';
import { Agent, startApp, texts } from './driver';

jest.setTimeout(120_000);

/**
 * Who may see and change what, for every interaction the app accepts (action buttons, block actions, view
 * submits and closes, REST endpoints): a table of cases times the callers, plus every endpoint called without
 * a Rocket.Chat login. Every case is sent as a crafted
 * request (forced buttons, forged ids and view state); the app must answer each one, show only what the
 * caller may see, and change nothing when it refuses.
 */
const alice = makeAgent({ username: 'alice' });
const bob = makeAgent({ username: 'bob' });
const mona = makeManager({ username: 'mona' });
const nora = makeUser({ username: 'nora' });
const root = makeAdmin({ username: 'root' });
const CALLERS = { servingAgent: alice, otherAgent: bob, manager: mona, noRole: nora, admin: root } as const;
type CallerName = keyof typeof CALLERS;
type Outcome = 'shown' | 'refused';

const secret = makeVisitor({ name: 'Secret Sofia', visitorEmails: [{ address: 'sofia@example.com' }] });
const room = makeLivechatRoom({ visitor: secret, agent: alice, open: false, ts: new Date(Date.UTC(2026, 7, 1, 10)) });
const message = makeMessage({ room, from: secret, text: 'my private order number 4711' });

/** Texts that say "no": a refusal, a not-found (the same for "not yours"), a conflict, a refused form. */
const REFUSALS = [
    'The Contact Center is for omnichannel agents and managers.',
    'This contact does not exist or you may not see it.',
    'This conversation does not exist or you may not see it.',
    'Only administrators can start a repair.',
    'Your roles do not allow you to send broadcasts.',
    'This broadcast does not exist or is not yours.',
    'This export does not exist, has been replaced by a newer one, or is not yours.',
    'This import does not exist or is not yours.',
    'Only managers (the roles that see every contact) may import contacts.',
];

interface Ctx {
    host: EngineHost;
    user: string;
    /** The current revision of a record, so that a case can forge a view id that is not stale. */
    revision: (id: string) => Promise<number>;
    /** Ids of an export and an import the manager made before the cases run. */
    owned: { exportId: string; importId: string };
}
interface Case {
    name: string;
    /** Performs the interaction; returns the app's answer (or undefined). */
    send: (ctx: Ctx) => Promise<unknown>;
    expect: Record<CallerName, Outcome>;
    /** Text that a shown answer contains (and a refused one must not). */
    marker?: string;
    /** A case whose "no" is not the app's: the client closing a view (nothing to refuse). */
    notTheApp?: boolean;
}

const all = (outcome: Outcome): Record<CallerName, Outcome> => ({
    servingAgent: outcome,
    otherAgent: outcome,
    manager: outcome,
    noRole: outcome,
    admin: outcome,
});
const seers: Record<CallerName, Outcome> = {
    servingAgent: 'shown',
    otherAgent: 'refused',
    manager: 'shown',
    noRole: 'refused',
    admin: 'shown',
};
const staff: Record<CallerName, Outcome> = {
    servingAgent: 'shown',
    otherAgent: 'shown',
    manager: 'shown',
    noRole: 'refused',
    admin: 'shown',
};
const block = (actionId: string, value?: string) => (ctx: Ctx) =>
    ctx.host.blockAction({ user: ctx.user, actionId, blockId: 'forged', value });
const submit = (viewId: string | ((ctx: Ctx) => Promise<string>), state: Record<string, unknown>) => async (ctx: Ctx) =>
    ctx.host.submitView({
        user: ctx.user,
        view: {
            id: typeof viewId === 'string' ? viewId : await viewId(ctx),
            title: { type: 'plain_text', text: 'forged' },
            blocks: [],
        } as never,
        state: Object.fromEntries(Object.entries(state).map(([field, value]) => [field, { [field]: value }])),
    });
const chatValue = JSON.stringify({ f: {}, p: 0, r: room._id });
/** A REST call (/api/apps/public/<appId>/<path>) with the caller's Rocket.Chat login, or with none. */
const endpoint =
    (method: string, path: string, request: { query?: Record<string, string>; content?: (c: Ctx) => Promise<unknown> } = {}) =>
    async (c: Ctx, login = true) =>
        c.host.callEndpoint(path, {
            method,
            query: request.query ?? {},
            content: await request.content?.(c),
            headers: login ? await c.host.loginHeaders(c.user) : {},
        });
const managers: Record<CallerName, Outcome> = {
    servingAgent: 'refused',
    otherAgent: 'refused',
    manager: 'shown',
    noRole: 'refused',
    admin: 'shown',
};
/** Only the manager, who made the export and the import of the setup. */
const owner: Record<CallerName, Outcome> = {
    servingAgent: 'refused',
    otherAgent: 'refused',
    manager: 'shown',
    noRole: 'refused',
    admin: 'refused',
};
const ENDPOINTS = [
    { name: 'GET contacts?q=', send: endpoint('get', 'contacts', { query: { q: 'sofia' } }), expect: seers, marker: 'Secret Sofia' },
    { name: 'GET contacts/:id by a forged id', send: endpoint('get', `contacts/${secret._id}`), expect: seers, marker: 'Secret Sofia' },
    {
        name: 'GET chats with a filter',
        send: endpoint('get', 'chats', { query: { name: 'sofia' } }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'PUT chats/:id/tags by a forged room id',
        send: endpoint('put', `chats/${room._id}/tags`, {
            content: async (c) => ({ tags: ['api'], revision: await c.revision(room._id as string) }),
        }),
        expect: seers,
    },
    // Before POST exports: a new export of the manager replaces this one.
    {
        name: 'GET exports/:id of the manager’s export',
        send: async (c: Ctx, login = true) => endpoint('get', `exports/${c.owned.exportId}`)(c, login),
        expect: owner,
    },
    {
        name: 'POST exports of a search',
        send: endpoint('post', 'exports', { content: async () => ({ kind: 'contacts', query: 'sofia' }) }),
        expect: staff,
    },
    {
        name: 'POST imports (dry run)',
        send: endpoint('post', 'imports', { content: async () => ({ csv: 'name,emails\nZé Novo,ze@example.org\n' }) }),
        expect: managers,
    },
    {
        name: 'GET imports/:id of the manager’s import',
        send: async (c: Ctx, login = true) => endpoint('get', `imports/${c.owned.importId}`)(c, login),
        expect: owner,
    },
];

const CASES: Case[] = [
    {
        name: 'user menu button opens the Contact Center',
        send: (c) => c.host.clickActionButton({ user: c.user, actionId: 'cc-open', force: true }),
        expect: staff,
    },
    {
        name: 'room toolbar button opens the room’s contact',
        send: (c) => c.host.clickActionButton({ user: c.user, actionId: 'cc-open-room', room: room._id, force: true }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    { name: 'contact opened by a forged id', send: block('cc-contact-open', secret._id), expect: seers, marker: 'sofia@example.com' },
    { name: 'contact edit form by a forged id', send: block('cc-contact-edit', secret._id), expect: seers, marker: 'Secret Sofia' },
    { name: 'contact reload by a forged id', send: block('cc-contact-reload', secret._id), expect: seers, marker: 'Secret Sofia' },
    { name: 'chat opened by a forged room id', send: block('cc-chat-open', chatValue), expect: seers, marker: 'Secret Sofia' },
    {
        name: 'transcript of a forged room id',
        send: block('cc-transcript', JSON.stringify({ r: room._id, p: 0 })),
        expect: seers,
        marker: 'my private order number 4711',
    },
    { name: 'chat tags form by a forged room id', send: block('cc-chat-tags', room._id), expect: seers, marker: 'Secret Sofia' },
    {
        name: 'contacts page with a forged search state',
        send: block('cc-page', JSON.stringify({ q: 'sofia', p: 0 })),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'chats page with a forged filter',
        send: block('cc-chats-page', JSON.stringify({ f: { name: 'sofia' }, p: 0 })),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'chats filter form with a forged filter',
        send: block('cc-chats-filter', JSON.stringify({ f: { name: 'sofia' }, p: 0 })),
        expect: seers,
        marker: 'Secret Sofia',
    },
    { name: 'broadcasts tab', send: block('cc-broadcasts'), expect: staff },
    { name: 'report of a broadcast that is not the caller’s', send: block('cc-bc-report', 'someoneelses'), expect: all('refused') },
    { name: 'cancel of a broadcast that is not the caller’s', send: block('cc-bc-cancel', 'someoneelses'), expect: all('refused') },
    {
        name: 'repair button (admins only)',
        send: block('cc-repair'),
        expect: { servingAgent: 'refused', otherAgent: 'refused', manager: 'refused', noRole: 'refused', admin: 'shown' },
    },
    {
        name: 'search submitted on a forged Contacts view',
        send: submit('cc-contacts', { 'cc-query': 'sofia' }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'chat filter submitted on a forged Chats view',
        send: submit('cc-chats', { 'filter-name': 'sofia' }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'contact saved through a forged edit view (current revision)',
        send: submit(async (c) => `cc-contact-edit:${secret._id}:${await c.revision(secret._id as string)}`, {
            name: 'Secret Sofia',
            emails: 'sofia@example.com',
        }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'stale edit view (revision 1) replayed',
        send: submit(`cc-contact-edit:${secret._id}:1`, { name: 'Replayed Name' }),
        expect: all('refused'),
    },
    {
        name: 'edit view of an unknown contact',
        send: submit('cc-contact-edit:NoSuchContact123:1', { name: 'Ghost' }),
        expect: all('refused'),
    },
    {
        name: 'edit view id with a path and an operator',
        send: submit('cc-contact-edit:../{"$gt":""}:1', { name: 'Ghost' }),
        expect: all('refused'),
    },
    {
        name: 'tags saved through a forged tags view (current revision)',
        send: submit(async (c) => `cc-chat-tags:${room._id}:${await c.revision(room._id as string)}`, { tags: ['vip'] }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    { name: 'stale tags view replayed', send: submit(`cc-chat-tags:${room._id}:0`, { tags: ['spam'] }), expect: all('refused') },
    {
        name: 'history of a contact by a forged id',
        send: block('cc-contact-history', JSON.stringify({ c: secret._id, p: 0 })),
        expect: seers,
        marker: 'Secret Sofia',
    },
    { name: 'progress of the manager’s export by its id', send: (c) => block('cc-export-refresh', c.owned.exportId)(c), expect: owner },
    { name: 'progress of the manager’s import by its id', send: (c) => block('cc-import-refresh', c.owned.importId)(c), expect: owner },
    { name: 'import form', send: block('cc-import-open'), expect: managers },
    {
        name: 'import checked through a forged import form',
        send: submit('cc-import', { csv: 'name,emails\nZé Novo,ze@example.org' }),
        expect: managers,
        marker: 'Zé Novo',
    },
    {
        name: 'broadcast audience previewed for a search',
        send: submit('cc-bc-compose', { query: 'sofia', channel: 'email', message: 'Hi {name}' }),
        expect: seers,
        marker: 'Secret Sofia',
    },
    {
        name: 'view closed: nothing shown or changed',
        send: (c) => c.host.closeView({ user: c.user, view: { id: 'cc-contacts', blocks: [] } as never }),
        expect: all('refused'),
        notTheApp: true,
    },
    ...ENDPOINTS,
];

describe('Access matrix', () => {
    let host: EngineHost;
    /** refused: by the app; byHost: Rocket.Chat's own 401 before the app; closed: view closes, which nobody refuses. */
    type Tally = { tried: number; refused: number; shown: number; byHost: number; closed: number };
    /** What the last test that tried the whole table counted (for the log). */
    let tally: Tally | undefined;
    const owned = { exportId: '', importId: '' };
    /** What a case may write (a save, a tag change, an export or an import check), as the setup left it. */
    const WRITTEN = [Collections.persistence, Collections.visitors, Collections.scheduler];
    const setupState: Record<string, Doc[]> = {};
    /** Puts back what the setup left, so that every case starts from it whatever case ran before. */
    const restore = async () => {
        for (const name of WRITTEN) {
            const collection = host.store.collection(name);
            await collection.deleteMany({});
            if (setupState[name].length > 0) await collection.insertMany(setupState[name]);
        }
    };

    const snapshot = async () =>
        createHash('sha1')
            .update(JSON.stringify(await host.store.collection(Collections.persistence).find({})))
            .digest('hex');
    const revision = async (id: string) => {
        const records = await host.store
            .collection(Collections.persistence)
            .find({ 'associations.id': { $in: [`cc:contact:${id}`, `cc:chat:${id}`] } });
        return Math.max(...records.map((r) => (r.data as { revision: number }).revision));
    };

    beforeAll(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany(Object.values(CALLERS));
        await host.store.collection(Collections.visitors).insertOne(secret);
        await host.store.collection(Collections.rooms).insertOne(room);
        await host.store.collection(Collections.messages).insertOne(message);
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
        // The manager's own export and import, whose ids the other callers forge.
        const headers = await host.loginHeaders(mona._id as string);
        const exported = await host.callEndpoint('exports', { method: 'post', content: { kind: 'contacts', query: '' }, headers });
        const imported = await host.callEndpoint('imports', {
            method: 'post',
            content: { csv: 'name,emails\nLia Nova,lia@example.org', dryRun: false },
            headers,
        });
        owned.exportId = (exported.content as { export: { id: string } }).export.id;
        owned.importId = (imported.content as { import: { id: string } }).import.id;
        await host.runJobs();
        for (const name of WRITTEN) setupState[name] = await host.store.collection(name).find({});
    });
    afterEach(() => restore());
    afterAll(async () => {
        await host?.stop();
        if (tally) {
            console.log(
                `Access matrix: ${CASES.length} interactions (${ENDPOINTS.length} of them endpoints) x ${Object.keys(CALLERS).length} callers, and every endpoint unauthenticated: ` +
                    `${tally.tried} cases tried, ${tally.refused} refused by the app, ${tally.shown} shown, ${tally.byHost} refused by Rocket.Chat itself (401), ${tally.closed} view closes`,
            );
        }
    });

    /**
     * What the caller got: field errors or a refusal text mean refused; for a case about the secret contact,
     * shown means its data is in the answer (a list without it is a refusal too); otherwise any new view.
     */
    const outcomeOf = (c: Case, answer: unknown, view: ShownView | undefined): Outcome => {
        const status = (answer as { status?: unknown } | undefined)?.status;
        if (typeof status === 'number') {
            // An endpoint: an error status is a refusal; a success shows the contact's data when the case names it.
            if (status >= 400) return 'refused';
            return !c.marker || JSON.stringify((answer as { content?: unknown }).content).includes(c.marker) ? 'shown' : 'refused';
        }
        const shown = texts(view).join('\n');
        if ((answer as { type?: string } | undefined)?.type === 'errors' || REFUSALS.some((r) => shown.includes(r))) return 'refused';
        if (c.marker) return JSON.stringify([view?.title, view?.blocks ?? []]).includes(c.marker) ? 'shown' : 'refused';
        return view ? 'shown' : 'refused';
    };

    const callers = Object.entries(CALLERS) as [CallerName, (typeof CALLERS)[CallerName]][];

    /** Sends one case as one caller and checks the answer; counts it in `counted`. */
    const tryCase = async (c: Case, callerName: CallerName, caller: (typeof CALLERS)[CallerName], counted: Tally) => {
        const user = caller._id as string;
        const agent = new Agent(host, user);
        // Each case starts from the Contact Center the caller would have open (or nothing, for the no-role user).
        await agent.openContactCenter();
        const before = await snapshot();
        const events = host.viewsFor(user).events.length;
        const answer = await c.send({ host, user, revision, owned });
        await host.settle();
        const changed = host
            .viewsFor(user)
            .events.slice(events)
            .some((e) => !e.ignored && e.type !== 'modal.close');
        // A submit answers with the next screen for the submitted view (a crafted view id is not open in the client).
        const answered = ((answer as { view?: ShownView } | undefined)?.view ?? (changed ? agent.view : undefined)) as
            ShownView | undefined;
        const outcome = outcomeOf(c, answer, answered);
        counted.tried++;
        counted[c.notTheApp ? 'closed' : outcome]++;
        expect({ case: c.name, caller: callerName, outcome }).toEqual({
            case: c.name,
            caller: callerName,
            outcome: c.expect[callerName],
        });
        const everything = JSON.stringify(answered?.blocks ?? []) + JSON.stringify(answer ?? {});
        if (outcome === 'refused') {
            // Nothing of the contact leaks, and nothing changed.
            expect(everything).not.toContain('sofia@example.com');
            expect(everything).not.toContain('4711');
            expect(await snapshot()).toBe(before);
        }
        expect(answer === undefined || typeof answer === 'object').toBe(true);
    };

    /** Calls one endpoint without a Rocket.Chat login; counts it in `counted`. */
    const tryUnauthenticated = async (e: (typeof ENDPOINTS)[number], counted: Tally) => {
        const before = await snapshot();
        const answer = (await e.send({ host, user: alice._id as string, revision, owned }, false)) as {
            status: number;
            content: unknown;
        };
        counted.tried++;
        counted.byHost++;
        expect(answer.status).toBe(401);
        expect(JSON.stringify(answer.content)).not.toContain('sofia@example.com');
        expect(await snapshot()).toBe(before);
    };

    const none = (): Tally => ({ tried: 0, refused: 0, shown: 0, byHost: 0, closed: 0 });

    for (const c of CASES) {
        for (const [callerName, caller] of callers) {
            it(`${c.name} — ${callerName}: ${c.expect[callerName]}`, () => tryCase(c, callerName, caller, none()));
        }
    }

    for (const e of ENDPOINTS) {
        it(`${e.name} — unauthenticated: 401, nothing changed`, () => tryUnauthenticated(e, none()));
    }

    // The whole table in one test: every case again, each from the setup's state, counted.
    it('tried every case and refused what it should', async () => {
        tally = none();
        for (const c of CASES) {
            for (const [callerName, caller] of callers) {
                await tryCase(c, callerName, caller, tally);
                await restore();
            }
        }
        for (const e of ENDPOINTS) await tryUnauthenticated(e, tally);
        const byApp = CASES.filter((c) => !c.notTheApp);
        const expectedRefusals = byApp.reduce((n, c) => n + Object.values(c.expect).filter((o) => o === 'refused').length, 0);
        expect(tally.tried).toBe(CASES.length * Object.keys(CALLERS).length + ENDPOINTS.length);
        expect(tally.refused).toBe(expectedRefusals);
        expect(tally.byHost).toBe(ENDPOINTS.length);
        expect(tally.closed).toBe((CASES.length - byApp.length) * Object.keys(CALLERS).length);
    });
});
