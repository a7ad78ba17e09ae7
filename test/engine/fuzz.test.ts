import fc from 'fast-check';
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
    type EngineHost,
} from '@contact-center/engine-host';
import { startApp } from './driver';

jest.setTimeout(300_000);

/**
 * Thousands of interactions from a seeded generator (fast-check), by five callers (two agents, a manager, an admin,
 * a user without an omnichannel role): malformed ones (wrong types, huge strings, unknown and forged ids, injection
 * strings) mixed with valid-looking forms on current revisions, so that a share of them do write. Each must get an
 * answer, none may crash the app or leave an unhandled rejection, and after every step each change in the store is
 * checked against who made it: only what that caller was allowed to write.
 */
const SEED = 20261204;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

const alice = makeAgent({ username: 'alice' });
const bob = makeAgent({ username: 'bob' });
const mona = makeManager({ username: 'mona' });
const root = makeAdmin({ username: 'root' });
const nora = makeUser({ username: 'nora' });
const USERS = [alice, bob, mona, root, nora];
const target = makeVisitor({ name: 'Fuzz Target', visitorEmails: [{ address: 'target@example.com' }], phone: [] });
const other = makeVisitor({ name: 'Bob Customer', visitorEmails: [{ address: 'other@example.com' }], phone: [] });
const targetRoom = makeLivechatRoom({ visitor: target, agent: alice, open: false, ts: new Date(Date.UTC(2026, 8, 1, 10)) });
const otherRoom = makeLivechatRoom({ visitor: other, agent: bob, open: false, ts: new Date(Date.UTC(2026, 8, 2, 10)) });
const CONTACTS = [target._id as string, other._id as string];
const ROOMS = [targetRoom._id as string, otherRoom._id as string];

const INJECTIONS = [
    '$where',
    '{"$gt":""}',
    '{"$ne":null}',
    '*bold* _it_ ~~s~~ [link](javascript:alert(1)) @all #general',
    '<script>alert(1)</script>',
    "'; DROP TABLE visitors; --",
    '../../../etc/passwd',
    'cc-contact-edit:../x:1',
    '\u0000\u202e\ud800',
    '__proto__',
    '{"__proto__":{"admin":true}}',
];
const ACTIONS = [
    'cc-tab-contacts',
    'cc-tab-chats',
    'cc-page',
    'cc-contact-open',
    'cc-contact-edit',
    'cc-contact-reload',
    'cc-contact-new',
    'cc-contact-history',
    'cc-back',
    'cc-chats-page',
    'cc-chats-filter',
    'cc-chat-open',
    'cc-chat-back',
    'cc-transcript',
    'cc-chat-tags',
    'cc-chat-contact-edit',
    'cc-broadcasts',
    'cc-bc-new',
    'cc-bc-cancel',
    'cc-bc-report',
    'cc-repair',
    'cc-search',
    'cc-close',
    'cc-export-contacts',
    'cc-export-chats',
    'cc-export-refresh',
    'cc-import-open',
    'cc-import-refresh',
];
const FIELDS = [
    'cc-query',
    'name',
    'emails',
    'phones',
    'company',
    'notes',
    'doNotContact',
    'filter-name',
    'filter-agent',
    'filter-tag',
    'filter-from',
    'tags',
    'query',
    'tag',
    'channel',
    'message',
    'confirm',
    'pick',
    'csv',
    'import-confirm',
];

const garbage = fc.oneof(
    fc.constantFrom(...INJECTIONS),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom(...CONTACTS, ...ROOMS, 'NoSuchId12345', ''),
    fc.anything({ maxDepth: 2 }),
);
/** Values a real form would send, valid or nearly: a share of the forms built from them save. */
const VALID: Record<string, fc.Arbitrary<unknown>> = {
    name: fc.constantFrom('Ana Fuzz', 'José Núñez', 'Bob Customer', 'Fuzz Target', '  Lia  '),
    emails: fc.constantFrom(
        'target@example.com',
        'other@example.com',
        'fuzz1@example.com',
        'FUZZ2@Example.com',
        'fan@bücher.de',
        'target@example.com\nfuzz3@example.com',
        'not an email',
    ),
    phones: fc.constantFrom('', '+55 11 98765 4321', '(11) 91234-5678', '+1 212 555 0100 ext. 5'),
    company: fc.constantFrom('', 'ACME', '=1+1'),
    notes: fc.constantFrom('', 'called back', 'line 1\nline 2'),
    doNotContact: fc.constantFrom([], ['yes']),
    tags: fc.constantFrom('vip', 'vip\nsales', '', ['vip']),
    csv: fc.constantFrom(
        'name,emails\nFuzz Import,fuzz-import@example.com',
        'name,emails\nFuzz Target,target@example.com',
        'name,email\nX,x@example.com',
        '',
    ),
    'import-confirm': fc.constantFrom(['yes'], []),
    'cc-query': fc.constantFrom('fuzz', 'target@example.com', 'bob'),
};
const field = fc.constantFrom(...FIELDS);
/** Any fields, any values. */
const randomState = fc
    .dictionary(field, fc.boolean(), { maxKeys: 8 })
    .chain((keys) =>
        fc.record(Object.fromEntries(Object.entries(keys).map(([name, valid]) => [name, valid && VALID[name] ? VALID[name] : garbage]))),
    );
/** The fields of one form, each valid-looking four times in five, plus a few random fields. */
const formOf = (fields: string[]) =>
    fc
        .tuple(
            fc.record(
                Object.fromEntries(fields.map((f) => [f, fc.oneof({ weight: 4, arbitrary: VALID[f] }, { weight: 1, arbitrary: garbage })])),
            ),
            randomState,
        )
        .map(([form, extra]) => ({ ...extra, ...form }));
const CONTACT_FORM = ['name', 'emails', 'phones', 'company', 'notes', 'doNotContact'];

/** A view id, resolved when the step runs: an edit or tags form of a known record, at its current or a stale revision. */
type ViewRef = { kind: 'edit' | 'tags'; index: number; revision: 'current' | 'stale' } | { kind: 'plain'; id: string };
const viewRef: fc.Arbitrary<ViewRef> = fc.oneof(
    fc.record({
        kind: fc.constantFrom('edit' as const, 'tags' as const),
        index: fc.nat(1),
        revision: fc.constantFrom('current' as const, 'current' as const, 'stale' as const),
    }),
    fc.record({
        kind: fc.constant('plain' as const),
        id: fc.oneof(
            fc.constantFrom('cc-contacts', 'cc-chats', 'cc-contact-new', 'cc-contact-new', 'cc-import', 'cc-bc-compose', 'cc-refused'),
            garbage.map(String),
        ),
    }),
);
const blockValue = fc.oneof(
    garbage,
    fc.constantFrom(...CONTACTS, ...ROOMS),
    fc.record({ c: fc.constantFrom(...CONTACTS), p: fc.nat(2) }).map((v) => JSON.stringify(v)),
    fc
        .record({
            f: fc.dictionary(fc.constantFrom('name', 'agent', 'tag', 'from', '$where'), garbage),
            p: fc.integer(),
            r: fc.constantFrom(...ROOMS),
        })
        .map((v) => JSON.stringify(v)),
);

type Step =
    | { kind: 'block'; user: number; actionId: string; value: unknown }
    | { kind: 'submit'; user: number; view: ViewRef; state: Record<string, unknown> }
    | { kind: 'close'; user: number; view: ViewRef }
    | { kind: 'button'; user: number; actionId: string };
const submit = (view: fc.Arbitrary<ViewRef>, state: fc.Arbitrary<Record<string, unknown>>) =>
    fc.record({ kind: fc.constant('submit' as const), user: fc.nat(4), view, state });
const plainView = (id: string) => fc.constant<ViewRef>({ kind: 'plain', id });
const step: fc.Arbitrary<Step> = fc.oneof(
    {
        weight: 4,
        arbitrary: fc.record({
            kind: fc.constant('block' as const),
            user: fc.nat(4),
            actionId: fc.oneof(fc.constantFrom(...ACTIONS), garbage.map(String)),
            value: blockValue,
        }),
    },
    { weight: 2, arbitrary: submit(viewRef, randomState) },
    // Forms as the client sends them: the contact form (edit or new), the tags form, the import form, the search box.
    {
        weight: 2,
        arbitrary: submit(
            fc.oneof(
                viewRef.filter((v) => v.kind === 'edit'),
                plainView('cc-contact-new'),
            ),
            formOf(CONTACT_FORM),
        ),
    },
    {
        weight: 1,
        arbitrary: submit(
            viewRef.filter((v) => v.kind === 'tags'),
            formOf(['tags']),
        ),
    },
    { weight: 1, arbitrary: submit(plainView('cc-import'), formOf(['csv', 'import-confirm'])) },
    { weight: 1, arbitrary: submit(plainView('cc-contacts'), formOf(['cc-query'])) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), user: fc.nat(4), view: viewRef }) },
    {
        weight: 1,
        arbitrary: fc.record({
            kind: fc.constant('button' as const),
            user: fc.nat(4),
            actionId: fc.constantFrom('cc-open', 'cc-open-room'),
        }),
    },
);

type Data = Record<string, unknown>;
interface Snapshot {
    contacts: Map<string, Data>;
    chats: Map<string, Data>;
    visitors: Map<string, string>;
    byKind: Map<string, Data[]>;
    hash: string;
}

describe('Fuzz', () => {
    let host: EngineHost;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    /** The newest revision of each contact and chat, the visitors, and the other app records by kind. */
    const snapshot = async (): Promise<Snapshot> => {
        const records = (await host.store.collection(Collections.persistence).find({})).map((r) => r.data as Data);
        const newest = (key: string, filter: (d: Data) => boolean) => {
            const byId = new Map<string, Data>();
            for (const d of records.filter(filter)) {
                const seen = byId.get(d[key] as string);
                if (!seen || (d.revision as number) > (seen.revision as number)) byId.set(d[key] as string, d);
            }
            return byId;
        };
        const byKind = new Map<string, Data[]>();
        for (const d of records) {
            const kind = typeof d.kind === 'string' ? d.kind : 'other';
            byKind.set(kind, [...(byKind.get(kind) ?? []), d]);
        }
        const visitors = new Map(
            (await host.store.collection(Collections.visitors).find({})).map((v) => [v._id as string, JSON.stringify(v)]),
        );
        const hash = createHash('sha1')
            .update(JSON.stringify(records))
            .update(JSON.stringify([...visitors]))
            .digest('hex');
        return {
            contacts: newest('id', (d) => Array.isArray(d.closedRoomIds)),
            chats: newest('roomId', (d) => 'tagHistory' in d),
            visitors,
            byKind,
            hash,
        };
    };

    beforeAll(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany(USERS);
        await host.store.collection(Collections.visitors).insertMany([target, other]);
        await host.store.collection(Collections.rooms).insertMany([targetRoom, otherRoom]);
        await host.store.collection(Collections.messages).insertOne(makeMessage({ room: targetRoom, from: target, text: 'hello' }));
        for (const room of [targetRoom, otherRoom]) await host.fireEvent('IPostLivechatRoomClosed', room._id);
        await host.runJobs();
        process.on('unhandledRejection', onRejection);
    });
    afterAll(async () => {
        process.off('unhandledRejection', onRejection);
        await host?.stop();
    });

    it(`answers ${RUNS} random interactions without a crash or a rejection, and writes only what each caller may`, async () => {
        const steps = fc.sample(step, { seed: SEED, numRuns: RUNS });
        const tally = { block: 0, submit: 0, close: 0, button: 0, fieldErrors: 0, screens: 0, unexpected: 0 };
        const writes = {
            contactsEdited: 0,
            contactsCreated: 0,
            tagsSet: 0,
            exports: 0,
            imports: 0,
            dryRuns: 0,
            repairs: 0,
            refusedWrites: 0,
        };
        const started = Date.now();
        let before = await snapshot();
        for (const s of steps) {
            const user = USERS[s.user];
            const userId = user._id as string;
            const roles = user.roles as string[];
            const seesAll = roles.includes('livechat-manager') || roles.includes('admin');
            const staff = seesAll || roles.includes('livechat-agent');
            const viewId = (ref: ViewRef) => {
                if (ref.kind === 'plain') return ref.id;
                const record = ref.kind === 'edit' ? before.contacts.get(CONTACTS[ref.index]) : before.chats.get(ROOMS[ref.index]);
                const revision =
                    ref.revision === 'current' ? ((record?.revision as number) ?? 1) : Math.max(0, ((record?.revision as number) ?? 1) - 1);
                return `${ref.kind === 'edit' ? 'cc-contact-edit' : 'cc-chat-tags'}:${ref.kind === 'edit' ? CONTACTS[ref.index] : ROOMS[ref.index]}:${revision}`;
            };
            const state = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([f, v]) => [f, { [f]: v }]));
            let answer: { success?: boolean; type?: string } | undefined;
            let submitted: string | undefined;
            if (s.kind === 'block')
                answer = await host.blockAction({ user: userId, actionId: s.actionId, blockId: 'fuzz', value: s.value as string });
            else if (s.kind === 'submit') {
                submitted = viewId(s.view);
                answer = await host.submitView({
                    user: userId,
                    view: { id: submitted, title: { type: 'plain_text', text: 'f' }, blocks: [] } as never,
                    state: state(s.state) as never,
                });
            } else if (s.kind === 'close')
                answer = await host.closeView({ user: userId, view: { id: viewId(s.view), blocks: [] } as never });
            else answer = await host.clickActionButton({ user: userId, actionId: s.actionId, room: targetRoom._id, force: true });
            await host.settle();
            tally[s.kind]++;
            // A clear answer: the app answered (success or not), never nothing.
            expect(answer && typeof answer.success === 'boolean').toBe(true);
            if (answer?.type === 'errors') tally.fieldErrors++;
            const shown = JSON.stringify((answer as { view?: unknown })?.view ?? host.currentView(userId) ?? {});
            if (shown.includes('error_unexpected') || shown.includes('Something went wrong')) tally.unexpected++;
            else if (answer?.type) tally.screens++;

            const after = await snapshot();
            const context = { step: s, caller: user.username };
            if (!staff) {
                // A user without an omnichannel role changes nothing at all.
                expect({ ...context, changed: after.hash !== before.hash }).toEqual({ ...context, changed: false });
            }
            // Contacts: created only through New Contact by staff; edited only through their own edit form by a caller who saw them.
            for (const [id, contact] of after.contacts) {
                const was = before.contacts.get(id);
                if (!was) {
                    expect({ ...context, created: id, via: submitted, createdBy: contact.createdBy }).toEqual({
                        ...context,
                        created: id,
                        via: 'cc-contact-new',
                        createdBy: userId,
                    });
                    writes.contactsCreated++;
                } else if (was.revision !== contact.revision) {
                    const saw = seesAll || (was.servedBy as string[]).includes(userId) || was.createdBy === userId;
                    expect({ ...context, edited: id, via: submitted?.split(':').slice(0, 2).join(':'), saw }).toEqual({
                        ...context,
                        edited: id,
                        via: `cc-contact-edit:${id}`,
                        saw: true,
                    });
                    writes.contactsEdited++;
                }
            }
            // Visitors change only with the contact the step created or edited.
            for (const [id, visitor] of after.visitors) {
                if (before.visitors.get(id) !== visitor) {
                    const contact = after.contacts.get(id);
                    expect({
                        ...context,
                        visitor: id,
                        withItsContact: !!contact && before.contacts.get(id)?.revision !== contact.revision,
                    }).toEqual({ ...context, visitor: id, withItsContact: true });
                }
            }
            // Chat tags: only through the chat's tags form, by a caller who may see the chat.
            for (const [roomId, chat] of after.chats) {
                const was = before.chats.get(roomId);
                if (was && JSON.stringify(was.tags) !== JSON.stringify(chat.tags)) {
                    const saw = seesAll || was.agentId === userId;
                    expect({ ...context, tagged: roomId, via: submitted?.split(':').slice(0, 2).join(':'), saw }).toEqual({
                        ...context,
                        tagged: roomId,
                        via: `cc-chat-tags:${roomId}`,
                        saw: true,
                    });
                    writes.tagsSet++;
                }
            }
            const added = (kind: string) =>
                (after.byKind.get(kind) ?? []).filter(
                    (d) => !(before.byKind.get(kind) ?? []).some((b) => JSON.stringify(b) === JSON.stringify(d)),
                );
            for (const job of added('export')) {
                expect({ ...context, exportOwner: job.ownerId, staff }).toEqual({ ...context, exportOwner: userId, staff: true });
                if (job.status === 'running') writes.exports++;
            }
            for (const job of added('import')) {
                expect({ ...context, importOwner: job.ownerId, seesAll }).toEqual({ ...context, importOwner: userId, seesAll: true });
                writes.imports++;
            }
            for (const entry of added('audit')) {
                expect({ ...context, actor: (entry.actor as { id: string }).id }).toEqual({ ...context, actor: userId });
                if (entry.action === 'import.dry_run') {
                    expect({ ...context, seesAll }).toEqual({ ...context, seesAll: true });
                    writes.dryRuns++;
                }
            }
            for (const kind of ['broadcast', 'cancel', 'recipient'])
                expect({ ...context, [kind]: added(kind) }).toEqual({ ...context, [kind]: [] });
            const repair = (after.byKind.get('other') ?? []).find((d) => 'requestedAt' in d && 'fixed' in d);
            const repairBefore = (before.byKind.get('other') ?? []).find((d) => 'requestedAt' in d && 'fixed' in d);
            if (repair && JSON.stringify(repair) !== JSON.stringify(repairBefore)) {
                expect({ ...context, requestedBy: repair.requestedBy, admin: roles.includes('admin') }).toEqual({
                    ...context,
                    requestedBy: user.username,
                    admin: true,
                });
                writes.repairs++;
            }
            if (answer?.type === 'errors' && s.kind === 'submit' && after.hash === before.hash) writes.refusedWrites++;
            before = after;
        }
        console.log(
            `Fuzz (seed ${SEED}): ${RUNS} interactions by 5 callers in ${Math.round((Date.now() - started) / 1000)} s: ${tally.block} block actions, ${tally.submit} view submits, ` +
                `${tally.close} view closes, ${tally.button} action buttons; ${tally.fieldErrors} answered with field errors, ${tally.screens} with a screen; ` +
                `${tally.unexpected} unexpected errors, ${rejections.length} unhandled rejections. Writes, each checked against its caller: ${writes.contactsEdited} contact edits, ` +
                `${writes.contactsCreated} contacts created, ${writes.tagsSet} tag changes, ${writes.exports} exports, ${writes.imports} imports, ${writes.dryRuns} import checks, ${writes.repairs} repairs`,
        );
        expect(tally.unexpected).toBe(0);
        expect(rejections).toEqual([]);
        // The generator reaches the writes it claims to check.
        for (const [kind, count] of Object.entries(writes)) {
            if (kind !== 'refusedWrites') expect({ kind, reached: count > 0 }).toEqual({ kind, reached: true });
        }
    });
});
