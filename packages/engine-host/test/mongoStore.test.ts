/**
 * MongoStore answers the host's queries as MemoryStore does.
 *
 * No mongod can run on these machines, so MongoStore talks through the real `mongodb` driver and wire protocol to
 * MongoStandIn, an in-process server that evaluates commands with mingo. Each operation runs on both stores and the
 * results must be strictly equal. This proves MongoStore's translation (options, ids, upserts, return values,
 * BSON round trips, indexes) and the driver round trip; it cannot prove that mongod's query semantics equal
 * mingo's, since both sides use mingo for matching, sorting and projecting (see MongoStandIn.ts).
 */
import { MongoClient } from 'mongodb';
import { Collections, MemoryStore, generateDataset, seedStore, tricksyVisitors, type Doc, type FindOptions, type Store } from '../src';
import { HOST_INDEXES, MongoStandIn, MongoStore } from '../src/mongo';

let standIn: MongoStandIn;
let mongo: MongoStore;
let memory: MemoryStore;
const data = generateDataset({ seed: 11, visitors: 40, rooms: 160, agents: 4, messagesPerRoom: 2 });
const tricksy = Object.values(tricksyVisitors());

beforeAll(async () => {
    standIn = await MongoStandIn.start();
    mongo = await MongoStore.connect(standIn.url('rocketchat'));
    memory = new MemoryStore();
    for (const store of [memory, mongo]) {
        await seedStore(store, data);
        await store.collection(Collections.visitors).insertMany(tricksy);
    }
});

afterAll(async () => {
    await mongo?.close();
    await standIn?.stop();
});

/** Runs `op` on MemoryStore, then on MongoStore, and expects strictly equal answers. */
async function same<R>(op: (store: Store) => Promise<R>): Promise<R> {
    const expected = await op(memory);
    const actual = await op(mongo);
    expect(actual).toStrictEqual(expected);
    return actual;
}

/** Without a sort, MongoDB promises no order: compare such results as sets. */
const byId = (docs: Doc[]) => [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
const ID = /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/;
const { rooms: R, users: U, visitors: V, messages: M, persistence: P, scheduler: S } = Collections;

describe('reads', () => {
    it('returns the seeded collections unchanged (undefined fields dropped, Dates kept)', async () => {
        for (const name of [U, V, R, M, Collections.departments]) {
            const docs = await same(async (s) => byId(await s.collection(name).find()));
            expect(docs.length).toBeGreaterThan(0);
        }
        const room = await mongo.collection(R).findOne({ _id: data.rooms[0]._id });
        expect(room?.ts).toBeInstanceOf(Date);
    });

    it('matches nested fields, arrays of subdocuments, $in, $regex, $or, $exists, $ne, $nin', async () => {
        const visitor = data.visitors.find((v) => v.visitorEmails && v.phone)!;
        const queries: Array<[string, Doc | Record<string, unknown>]> = [
            [R, { 'v._id': visitor._id }],
            [R, { t: 'l', open: true }],
            [R, { t: 'l', open: { $exists: false } }],
            [R, { 'servedBy._id': { $in: [data.agents[0]._id, data.agents[1]._id] } }],
            [V, { 'visitorEmails.address': visitor.visitorEmails[0].address }],
            [V, { 'phone.phoneNumber': visitor.phone[0].phoneNumber }],
            [V, { name: { $regex: '^jos', $options: 'i' } }],
            [V, { $or: [{ token: visitor.token }, { username: 'nobody' }], disabled: { $ne: true } }],
            [U, { active: true, type: { $nin: ['app', 'bot'] } }],
            [M, { rid: data.rooms[3]._id, t: { $exists: false } }],
        ];
        for (const [name, query] of queries) {
            const found = await same(async (s) => byId(await s.collection(name).find(query)));
            await same((s) => s.collection(name).count(query));
            if (name !== U) expect(found.length).toBeGreaterThan(0);
        }
    });

    it('compares Dates', async () => {
        const from = new Date('2024-09-01T00:00:00Z');
        const to = new Date('2024-12-01T00:00:00Z');
        const query = { t: 'l', ts: { $gte: from, $lt: to }, closedAt: { $ne: null } };
        const rooms = await same(async (s) => byId(await s.collection(R).find(query)));
        expect(rooms.length).toBeGreaterThan(0);
        await same(async (s) => byId(await s.collection(R).find({ closedAt: { $lte: from } })));
    });

    it('sorts, skips, limits and projects (including nested and exclusion projections)', async () => {
        const pages: FindOptions[] = [
            { sort: { ts: -1, _id: 1 }, skip: 10, limit: 25 },
            { sort: { 'v.name': 1, ts: 1 }, limit: 5, projection: { 'v.name': 1, ts: 1 } },
            { sort: { ts: 1 }, projection: { lastMessage: 0, v: 0 } },
            { projection: { _id: 1 } },
        ];
        for (const options of pages) {
            const result = await same(async (s) => {
                const docs = await s.collection(R).find({ t: 'l' }, options);
                return options.sort ? docs : byId(docs);
            });
            expect(result.length).toBeGreaterThan(0);
        }
        await same((s) => s.collection(M).findOne({ rid: data.rooms[5]._id }, { sort: { ts: -1 } }));
        await same((s) => s.collection(R).findOne({ _id: 'missing' }));
    });

    it('reads more than one cursor batch (getMore)', async () => {
        const all = await same(async (s) => s.collection(M).find({}, { sort: { ts: 1, _id: 1 } }));
        expect(all.length).toBeGreaterThan(101);
        expect(standIn.received).toContain('getMore');
    });
});

describe('apps_persistence (associations)', () => {
    const A = { model: 'misc', id: 'contact:1' };
    const B = { model: 'room', id: 'r1' };
    const C = { model: 'misc', id: 'archive' };

    beforeAll(async () => {
        for (const store of [memory, mongo]) {
            await store.collection(P).insertMany([
                { _id: 'p1', appId: 'app', associations: [A, B], data: { n: 1 } },
                { _id: 'p2', appId: 'app', associations: [A], data: { n: 2 } },
                { _id: 'p3', appId: 'app', associations: [C, B], data: { n: 3, at: new Date(0) } },
                { _id: 'p4', appId: 'other', associations: [A, B], data: { n: 4 } },
            ]);
        }
    });

    it('finds every record carrying all associations ($all), in any order', async () => {
        for (const all of [[A], [B, A], [C], [A, C]]) {
            await same(async (s) => byId(await s.collection(P).find({ appId: 'app', associations: { $all: all } })));
        }
        await same(async (s) => byId(await s.collection(P).find({ appId: 'app', 'associations.id': 'archive' })));
    });

    it('matches an association array exactly, order included', async () => {
        for (const exact of [[A, B], [B, A], [A], [C]]) {
            await same((s) => s.collection(P).findOne({ appId: 'app', associations: exact }, { projection: { _id: 1 } }));
        }
        expect(await mongo.collection(P).findOne({ appId: 'app', associations: [B, A] })).toBeUndefined();
    });

    it('updates by id and removes by associations', async () => {
        await same((s) => s.collection(P).updateOne({ _id: 'p2' }, { $set: { data: { n: 20 } } }));
        await same((s) => s.collection(P).deleteMany({ appId: 'app', associations: { $all: [C] } }));
        await same(async (s) => byId(await s.collection(P).find({ appId: 'app' })));
    });
});

describe('writes', () => {
    it('updates with $set, $unset, $push, $addToSet, $inc and $pull, reporting matched and modified counts', async () => {
        const [room, other] = data.rooms.filter((r) => r.open);
        const id = room._id;
        const updates = [
            { $set: { 'v.name': 'Renamed', lm: new Date('2025-03-04T00:00:00Z') } },
            { $unset: { open: 1 }, $set: { closedAt: new Date('2025-03-05T00:00:00Z') } },
            { $push: { tags: 'vip' } },
            { $addToSet: { 'reactions.:+1:.usernames': 'agent1' } },
            { $inc: { msgs: 3 } },
            { $pull: { tags: { $in: ['vip'] } } },
        ];
        for (const update of updates) await same((s) => s.collection(R).updateOne({ _id: id }, update));
        await same((s) => s.collection(R).findOne({ _id: id }));
        await same((s) => s.collection(R).updateOne({ _id: 'missing' }, { $set: { x: 1 } }));
        await same((s) => s.collection(R).updateMany({ _id: { $in: [id, other._id] } }, { $set: { priority: 2 } }));
        await same(async (s) => byId(await s.collection(R).find({ priority: 2 })));
    });

    it('replaces a document, keeping its _id', async () => {
        const id = data.messages[0]._id;
        await same((s) => s.collection(M).updateOne({ _id: id }, { _id: 'ignored', rid: 'x', msg: 'replaced', ts: new Date(5) }));
        await same((s) => s.collection(M).findOne({ _id: id }));
    });

    it('upserts with the id from the query, or a generated one, and matches the upserted document next time', async () => {
        const when = new Date('2025-03-03T10:00:00Z');
        await same((s) => s.collection(S).updateOne({ _id: 'job-1' }, { $set: { nextRunAt: when } }, { upsert: true }));
        const upsert = { $set: { interval: '5 minutes', nextRunAt: when }, $setOnInsert: { createdAt: when } };
        const results = [];
        for (const store of [memory, mongo]) {
            const first = await store.collection(S).updateOne({ name: 'tick', type: 'single' }, upsert, { upsert: true });
            const again = await store
                .collection(S)
                .updateOne({ name: 'tick', type: 'single' }, { $set: { nextRunAt: new Date(0) } }, { upsert: true });
            const { _id, ...doc } = (await store.collection(S).findOne({ name: 'tick' }))!;
            expect([first.upsertedId, _id]).toEqual([expect.stringMatching(ID), first.upsertedId]);
            results.push({ first: { ...first, upsertedId: 'generated' }, again, doc });
        }
        expect(results[1]).toStrictEqual(results[0]);
        const due = await same(async (s) => {
            const jobs = await s.collection(S).find({ nextRunAt: { $ne: null, $lte: when } }, { sort: { nextRunAt: 1 } });
            return jobs.map(({ _id, ...job }) => (_id === 'job-1' ? { _id, ...job } : job));
        });
        expect(due).toHaveLength(2);
    });

    it('generates Rocket.Chat-style string ids for inserts and upserts, never ObjectIds', async () => {
        const col = mongo.collection('rocketchat_test_ids');
        const one = await col.insertOne({ n: 1, bytes: Buffer.from('hi') });
        const many = await col.insertMany([{ n: 2 }, { n: 3 }]);
        const upserted = (await col.updateOne({ n: 4 }, { $set: { m: 4 } }, { upsert: true })).upsertedId;
        const replaced = (await col.updateOne({ n: 5 }, { n: 5, m: 5 }, { upsert: true })).upsertedId;
        for (const id of [one, ...many, upserted, replaced]) expect(id).toMatch(ID);
        const docs = await col.find({}, { sort: { n: 1 } });
        expect(docs.map((d) => d._id)).toEqual([one, ...many, upserted, replaced]);
        expect(docs.map((d) => d.n)).toEqual([1, 2, 3, 4, 5]);
        expect(Buffer.isBuffer(docs[0].bytes)).toBe(true);
    });

    it('deletes one or many and reports the counts', async () => {
        const rid = data.rooms[7]._id;
        await same((s) => s.collection(M).deleteOne({ rid }));
        await same((s) => s.collection(M).deleteOne({ rid: 'missing' }));
        await same((s) => s.collection(M).deleteMany({ rid: { $in: [rid, data.rooms[8]._id] } }));
        await same((s) => s.collection(M).count());
    });

    it('rejects a duplicate _id in both stores', async () => {
        for (const store of [memory, mongo]) {
            await expect(store.collection(U).insertOne({ _id: data.agents[0]._id, username: 'dup' })).rejects.toThrow(
                /E11000 duplicate key/,
            );
        }
    });

    it('follows MongoDB where MemoryStore simplifies (MemoryStore answers differently here)', async () => {
        // An upsert may choose its _id with $setOnInsert, as SchedulerBridge.scheduleRecurring does, and the same upsert
        // later matches that document. MemoryStore throws in both cases: it applies $setOnInsert as a $set, which mingo
        // refuses on _id, and passes $setOnInsert to mingo, which does not know it, when the query matches.
        const tock = { $set: { nextRunAt: new Date(0) }, $setOnInsert: { _id: 'job-2' } };
        expect(await mongo.collection(S).updateOne({ name: 'tock' }, tock, { upsert: true })).toEqual({
            matchedCount: 0,
            modifiedCount: 0,
            upsertedId: 'job-2',
        });
        expect(await mongo.collection(S).updateOne({ name: 'tock' }, tock, { upsert: true })).toEqual({
            matchedCount: 1,
            modifiedCount: 0,
        });
        // A no-op update matches but does not modify (MemoryStore counts it as modified).
        const id = data.rooms[9]._id;
        await mongo.collection(R).updateOne({ _id: id }, { $set: { fname: 'Same' } });
        expect(await mongo.collection(R).updateOne({ _id: id }, { $set: { fname: 'Same' } })).toEqual({
            matchedCount: 1,
            modifiedCount: 0,
        });
        // An upsert seeds dotted equality fields too (MemoryStore leaves 'v._id' out of the new document).
        await mongo.collection(R).updateOne({ 'v._id': 'new-visitor' }, { $set: { t: 'l' } }, { upsert: true });
        expect(await mongo.collection(R).findOne({ 'v._id': 'new-visitor' })).toMatchObject({ t: 'l', v: { _id: 'new-visitor' } });
    });
});

describe('connecting', () => {
    async function indexesOf(url: string, db: string): Promise<Record<string, Doc[]>> {
        const client = await MongoClient.connect(url);
        try {
            const out: Record<string, Doc[]> = {};
            for (const name of Object.keys(HOST_INDEXES))
                out[name] = (await client.db(db).collection(name).listIndexes().toArray()) as Doc[];
            return out;
        } finally {
            await client.close();
        }
    }

    it("creates Rocket.Chat's indexes, idempotently", async () => {
        const before = await indexesOf(standIn.url('rocketchat'), 'rocketchat');
        for (const [name, keys] of Object.entries(HOST_INDEXES)) {
            expect(before[name].map((i) => i.key)).toEqual([{ _id: 1 }, ...keys]);
        }
        const again = await MongoStore.connect(standIn.url('rocketchat'));
        await again.close();
        expect(await indexesOf(standIn.url('rocketchat'), 'rocketchat')).toEqual(before);
    });

    it('accepts a database whose indexes on those keys have other names (an existing Rocket.Chat database)', async () => {
        const client = await MongoClient.connect(standIn.url('existing'));
        await client.db().collection(U).createIndex({ username: 1 }, { name: 'username_unique_sparse' });
        await client.close();
        const store = await MongoStore.connect(standIn.url('existing'));
        expect(store.collectionNames()).toEqual(expect.arrayContaining([U, P, R, M, V]));
        await store.close();
    });

    it('went through the wire protocol for every kind of command', async () => {
        // One of each, on a database of its own (connecting creates the indexes and lists the collections).
        const store = await MongoStore.connect(standIn.url('wire'));
        const users = store.collection(U);
        await users.insertOne({ _id: 'wire', username: 'wire' });
        await users.updateOne({ _id: 'wire' }, { $set: { name: 'Wire' } });
        await users.find({ username: 'wire' });
        await users.count({});
        await users.deleteOne({ _id: 'wire' });
        await store.close();
        for (const command of ['find', 'aggregate', 'insert', 'update', 'delete', 'createIndexes', 'listCollections']) {
            expect(standIn.received).toContain(command);
        }
    });
});
