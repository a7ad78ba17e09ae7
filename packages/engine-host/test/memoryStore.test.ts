import { Query } from 'mingo';
import { MemoryStore, seeded } from '../src';

/**
 * The engine host's in-memory store answers from hash indexes; these tests hold it to what a full mingo scan
 * (Mongo semantics) returns, and check that a long read lets the event loop run (the engine's liveness pings).
 */
describe('MemoryStore', () => {
    it('answers exactly like a full scan, in natural order, through inserts, updates and deletes', async () => {
        const r = seeded(7);
        const col = new MemoryStore().collection('x');
        const assoc = () => ({ model: r.pick(['misc', 'room']), id: `k${r.int(r.next() < 0.5 ? 5 : 60)}` });
        const doc = () => ({
            appId: r.pick(['a', 'a', 'b']),
            associations: [assoc(), assoc(), assoc()],
            v: { token: `t${r.int(50)}` },
            n: r.int(10),
        });
        for (let i = 0; i < 1_000; i++) await col.insertOne(doc());
        for (let step = 0; step < 30; step++) {
            await col.updateOne(
                { associations: { $all: [assoc()] } },
                { $set: { associations: [assoc(), assoc()], 'v.token': `t${r.int(50)}` } },
            );
            if (step % 3 === 0) await col.deleteOne({ 'v.token': `t${r.int(50)}` });
            if (step % 7 === 0) await col.deleteMany({ appId: 'b', associations: { $all: [assoc()] } });
            if (step % 5 === 0) await col.updateMany({ n: r.int(10), appId: 'a' }, { $inc: { n: 1 } });
            if (step % 2 === 0) await col.insertMany([doc(), doc()]);
            const all = await col.find({});
            const [a1, a2, a3] = [assoc(), assoc(), assoc()];
            const queries = [
                { appId: 'a', associations: { $all: [a1] } },
                { appId: 'a', associations: { $all: [a1, a2, a3] } },
                { associations: { $all: [a1, a2] } },
                { associations: [a1, a2] },
                { 'v.token': `t${r.int(50)}` },
                { n: { $in: [1, 2] } },
                { appId: 'a' },
            ];
            for (const q of queries) {
                const mingo = new Query(q, {});
                const want = all.filter((d) => mingo.test(d));
                expect((await col.find(q)).map((d) => d._id)).toEqual(want.map((d) => d._id));
                expect(await col.count(q)).toBe(want.length);
                expect((await col.findOne(q))?._id).toBe(want[0]?._id);
                expect((await col.find(q, { skip: 2, limit: 3 })).map((d) => d._id)).toEqual(want.slice(2, 5).map((d) => d._id));
                expect(await col.find(q, { projection: { n: 1, _id: 0 }, limit: 5 })).toEqual(want.slice(0, 5).map((d) => ({ n: d.n })));
                expect(await col.find(q, { projection: { v: 1 }, skip: 1, limit: 2 })).toEqual(
                    want.slice(1, 3).map((d) => ({ _id: d._id, v: d.v })),
                );
                const sorted = [...want].sort((x, y) => y.n - x.n || 0);
                expect((await col.find(q, { sort: { n: -1 }, limit: 4 })).map((d) => d.n)).toEqual(sorted.slice(0, 4).map((d) => d.n));
            }
        }
    });

    it('narrows $elemMatch, $and and $or queries by the fields inside them and still answers like a full scan', async () => {
        const r = seeded(5);
        const col = new MemoryStore().collection('contacts');
        const channel = () => ({
            visitor: { visitorId: `v${r.int(40)}`, source: { type: r.pick(['widget', 'email']), id: r.pick(['a', 'b']) } },
        });
        const contact = () => ({
            emails: r.next() < 0.7 ? [{ address: `m${r.int(30)}@x.org` }] : undefined,
            phones: r.next() < 0.5 ? [{ phoneNumber: `+${r.int(30)}` }] : undefined,
            channels: Array.from({ length: r.int(3) }, channel),
            preRegistration: r.next() < 0.3,
        });
        for (let i = 0; i < 600; i++) await col.insertOne(contact());
        for (let step = 0; step < 40; step++) {
            await col.updateOne({ 'channels.visitor.visitorId': `v${r.int(40)}` }, { $push: { channels: channel() } });
            if (step % 4 === 0) await col.deleteOne({ channels: { $elemMatch: { 'visitor.visitorId': `v${r.int(40)}` } } });
            const all = await col.find({});
            const v = `v${r.int(40)}`;
            const queries = [
                { channels: { $elemMatch: { 'visitor.visitorId': v, 'visitor.source.type': 'email' } } },
                { channels: { $elemMatch: { 'visitor.visitorId': v, 'visitor.source.type': 'widget', 'visitor.source.id': 'a' } } },
                {
                    $and: [
                        { $or: [{ 'emails.address': `m${r.int(30)}@x.org` }, { 'phones.phoneNumber': `+${r.int(30)}` }] },
                        { preRegistration: true },
                    ],
                },
                { $or: [{ 'emails.address': `m${r.int(30)}@x.org` }, { preRegistration: { $ne: true } }] },
                { $and: [{ 'channels.visitor.visitorId': v }] },
            ];
            for (const q of queries) {
                const mingo = new Query(q, {});
                expect((await col.find(q)).map((d) => d._id)).toEqual(all.filter((d) => mingo.test(d)).map((d) => d._id));
            }
        }
    });

    it('keeps an updated document in its place and frees a deleted id for reuse', async () => {
        const col = new MemoryStore().collection('y');
        await col.insertMany([
            { _id: 'a', n: 1 },
            { _id: 'b', n: 2 },
            { _id: 'c', n: 3 },
        ]);
        await col.updateOne({ _id: 'a' }, { $set: { n: 9 } });
        expect((await col.find({})).map((d) => d._id)).toEqual(['a', 'b', 'c']);
        await col.deleteOne({ _id: 'b' });
        await col.insertOne({ _id: 'b', n: 4 });
        expect((await col.find({})).map((d) => `${d._id}${d.n}`)).toEqual(['a9', 'c3', 'b4']);
        await expect(col.insertOne({ _id: 'c', n: 5 })).rejects.toThrow(/duplicate key/);
    });

    it('sorts on one field of dates, numbers or strings as mingo does (ties in natural order), and leaves other sorts to mingo', async () => {
        const r = seeded(12);
        const col = new MemoryStore().collection('s');
        const docs = Array.from({ length: 300 }, (_, i) => ({
            _id: `d${i}`,
            rid: `r${r.int(3)}`,
            ts: new Date(Date.UTC(2026, 0, 1 + r.int(20))),
            n: r.int(10),
            s: `k${r.int(8)}`,
            mixed: i % 7 === 0 ? 'x' : i,
        }));
        await col.insertMany(docs);
        for (const sort of [{ ts: 1 }, { ts: -1 }, { n: 1 }, { s: -1 }, { mixed: 1 }, { n: -1, ts: 1 }] as Record<string, 1 | -1>[]) {
            for (const [skip, limit] of [
                [0, 0],
                [5, 20],
                [290, 50],
            ]) {
                const want = new Query({ rid: 'r1' })
                    .find(docs)
                    .sort(sort)
                    .skip(skip)
                    .limit(limit || 1000)
                    .all();
                const got = await col.find({ rid: 'r1' }, { sort, skip, ...(limit ? { limit } : {}) });
                expect([sort, got.map((d) => d._id)]).toEqual([sort, want.map((d) => (d as { _id: string })._id)]);
            }
        }
        const projected = await col.find({ rid: 'r2' }, { sort: { ts: -1 }, limit: 2, projection: { ts: 1 } });
        expect(Object.keys(projected[0]).sort()).toEqual(['_id', 'ts']);
        expect(projected[0].ts).toBeInstanceOf(Date);
    });

    it('lets the event loop run during a long read', async () => {
        const col = new MemoryStore().collection('z');
        await col.insertMany(Array.from({ length: 20_000 }, (_, i) => ({ n: i, tags: [`t${i % 3}`] })));
        let ticks = 0;
        const timer = setInterval(() => ticks++, 0);
        let ticksDuringRead = -1;
        const read = col.find({ n: { $gte: 0 } }).then((docs) => {
            ticksDuringRead = ticks;
            return docs;
        });
        const docs = await read;
        clearInterval(timer);
        expect(docs).toHaveLength(20_000);
        expect(ticksDuringRead).toBeGreaterThan(0);
    });
});
