import { createHash } from 'crypto';
import fc from 'fast-check';
import { Collections, makeAgent, makeLivechatRoom, makeManager, makeMessage, makeUser, makeVisitor, type EngineHost } from '../host';
import { startApp } from './driver';

jest.setTimeout(300_000);

/**
 * Thousands of random and malformed interactions from a seeded generator (fast-check): wrong types, huge
 * strings, unknown and forged ids, missing fields, injection strings. Each one must get an answer, none may
 * crash the app or leave an unhandled rejection, and none may write: every case is invalid by construction
 * (forms always carry an invalid email, forged revisions are never current, no admin is among the callers).
 */
const SEED = 20261201;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

const alice = makeAgent({ username: 'alice' });
const bob = makeAgent({ username: 'bob' });
const mona = makeManager({ username: 'mona' });
const nora = makeUser({ username: 'nora' });
const visitor = makeVisitor({ name: 'Fuzz Target', visitorEmails: [{ address: 'target@example.com' }] });
const room = makeLivechatRoom({ visitor, agent: alice, open: false, ts: new Date(Date.UTC(2026, 8, 1, 10)) });

const INJECTIONS = [
    '$where',
    '{"$gt":""}',
    '{"$where":"sleep(1000)"}',
    '{"$ne":null}',
    '*bold* _it_ ~~s~~ [link](javascript:alert(1)) @all #general',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE visitors; --",
    '../../../etc/passwd',
    'cc-contact-edit:../x:1',
    '\u0000\u202e\ud800',
    '__proto__',
    'constructor',
    '{"__proto__":{"admin":true}}',
];
const ACTIONS = [
    'cc-tab-contacts', 'cc-tab-chats', 'cc-page', 'cc-contact-open', 'cc-contact-edit', 'cc-contact-reload', 'cc-contact-new', 'cc-back',
    'cc-chats-page', 'cc-chat-open', 'cc-chat-back', 'cc-transcript', 'cc-chat-tags', 'cc-chat-contact-edit', 'cc-broadcasts', 'cc-bc-new',
    'cc-bc-cancel', 'cc-bc-report', 'cc-repair', 'cc-search', 'cc-close',
];
const VIEW_PREFIXES = ['cc-contacts', 'cc-chats', 'cc-contact-new', 'cc-contact-edit', 'cc-chat-tags', 'cc-bc-compose', 'cc-refused', 'cc-contact'];
const FIELDS = ['cc-query', 'name', 'emails', 'phones', 'company', 'notes', 'doNotContact', 'filter-name', 'filter-agent', 'filter-department', 'filter-tag', 'filter-from', 'filter-to', 'tags', 'query', 'tag', 'channel', 'message', 'confirm', 'pick', 'cf-x'];

const text = fc.oneof(
    fc.constantFrom(...INJECTIONS),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom(visitor._id as string, room._id as string, 'NoSuchId12345', ''),
);
const value = fc.oneof(
    text,
    fc.anything({ maxDepth: 2 }),
    fc.record({ q: text, p: fc.oneof(fc.integer(), text) }).map((v) => JSON.stringify(v)),
    fc.record({ f: fc.dictionary(fc.constantFrom('name', 'agent', 'tag', 'from', '$where'), text), p: fc.integer(), r: text }).map((v) => JSON.stringify(v)),
    fc.record({ r: text, p: fc.integer() }).map((v) => JSON.stringify(v)),
);
const viewId = fc.oneof(
    fc.constantFrom(...VIEW_PREFIXES),
    fc.tuple(fc.constantFrom('cc-contact-edit', 'cc-chat-tags'), fc.oneof(text, fc.constantFrom(visitor._id as string, room._id as string)), fc.integer({ min: 100, max: 1e9 })).map(([p, id, rev]) => `${p}:${id}:${rev}`),
    text,
);
const state = fc
    .dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), value), value), { maxKeys: 8 })
    // Any form that could save carries an invalid email, so no case can write.
    .map((s) => ({ ...s, emails: { emails: 'not an email {"$gt":""}' } }));

type Step =
    | { kind: 'block'; user: number; actionId: string; value: unknown }
    | { kind: 'submit'; user: number; viewId: string; state: Record<string, unknown> }
    | { kind: 'close'; user: number; viewId: string }
    | { kind: 'button'; user: number; actionId: string };
const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('block' as const), user: fc.nat(3), actionId: fc.oneof(fc.constantFrom(...ACTIONS), text), value }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('submit' as const), user: fc.nat(3), viewId, state }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), user: fc.nat(3), viewId }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('button' as const), user: fc.nat(3), actionId: fc.constantFrom('cc-open', 'cc-open-room') }) },
);

describe('Fuzz', () => {
    let host: EngineHost;
    const users = [alice, bob, mona, nora].map((u) => u._id as string);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    const snapshot = async () => {
        const hash = createHash('sha1');
        for (const name of [Collections.persistence, Collections.visitors, Collections.rooms, Collections.messages]) {
            hash.update(JSON.stringify(await host.store.collection(name).find({})));
        }
        return hash.digest('hex');
    };

    beforeAll(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([alice, bob, mona, nora]);
        await host.store.collection(Collections.visitors).insertOne(visitor);
        await host.store.collection(Collections.rooms).insertOne(room);
        await host.store.collection(Collections.messages).insertOne(makeMessage({ room, from: visitor, text: 'hello' }));
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
        await host.runJobs();
        process.on('unhandledRejection', onRejection);
    });
    afterAll(async () => {
        process.off('unhandledRejection', onRejection);
        await host?.stop();
    });

    it(`answers ${RUNS} random malformed interactions without a crash, a rejection or a write`, async () => {
        const steps = fc.sample(step, { seed: SEED, numRuns: RUNS });
        const before = await snapshot();
        const tally = { block: 0, submit: 0, close: 0, button: 0, fieldErrors: 0, screens: 0, unexpected: 0 };
        const started = Date.now();
        for (const s of steps) {
            const user = users[s.user];
            let answer: { success?: boolean; type?: string } | undefined;
            if (s.kind === 'block') answer = await host.blockAction({ user, actionId: s.actionId, blockId: 'fuzz', value: s.value as string });
            else if (s.kind === 'submit') answer = await host.submitView({ user, view: { id: s.viewId, title: { type: 'plain_text', text: 'f' }, blocks: [] } as never, state: s.state as never });
            else if (s.kind === 'close') answer = await host.closeView({ user, view: { id: s.viewId, blocks: [] } as never });
            else answer = await host.clickActionButton({ user, actionId: s.actionId, room: room._id, force: true });
            tally[s.kind]++;
            // A clear answer: the app answered (success or not), never nothing.
            expect(answer && typeof answer.success === 'boolean').toBe(true);
            if (answer?.type === 'errors') tally.fieldErrors++;
            const shown = JSON.stringify((answer as { view?: unknown })?.view ?? host.currentView(user) ?? {});
            if (shown.includes('error_unexpected')) tally.unexpected++;
            else if (answer?.type) tally.screens++;
        }
        await host.settle();
        const after = await snapshot();
        console.log(
            `Fuzz (seed ${SEED}): ${RUNS} interactions in ${Math.round((Date.now() - started) / 1000)} s: ${tally.block} block actions, ${tally.submit} view submits, ` +
                `${tally.close} view closes, ${tally.button} action buttons; ${tally.fieldErrors} answered with field errors, ${tally.screens} with a screen; ` +
                `${tally.unexpected} unexpected errors, ${rejections.length} unhandled rejections, store ${after === before ? 'unchanged' : 'CHANGED'}`,
        );
        expect(tally.unexpected).toBe(0);
        expect(rejections).toEqual([]);
        expect(after).toBe(before);
    });
});
