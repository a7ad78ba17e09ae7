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

    it('keeps documents serialized outside the heap and hands back what was stored: dates, binary, regexps, tagged strings', async () => {
        const col = new MemoryStore().collection('s');
        const stored = {
            _id: 'd1',
            at: new Date('2026-12-05T08:00:00.000Z'),
            nested: { list: [new Date(0), 'x', 1, null, { deep: true }] },
            bytes: Buffer.from([0, 1, 254, 255]),
            pattern: /a\/b+/gi,
            tricky: '\u0000D123',
            name: "José O'Brien",
            dropped: undefined,
        };
        await col.insertOne(stored);
        stored.nested.list.push('changed after the insert');
        const [doc] = await col.find({ _id: 'd1' });
        expect(doc.at).toBeInstanceOf(Date);
        expect(doc.at.toISOString()).toBe('2026-12-05T08:00:00.000Z');
        expect(doc.nested.list).toEqual([new Date(0), 'x', 1, null, { deep: true }]);
        expect([...doc.bytes]).toEqual([0, 1, 254, 255]);
        expect(doc.pattern).toBeInstanceOf(RegExp);
        expect(doc.pattern.source).toBe('a\\/b+');
        expect(doc.pattern.flags).toBe('gi');
        expect(doc.tricky).toBe('\u0000D123');
        expect(doc.name).toBe("José O'Brien");
        expect('dropped' in doc).toBe(false);
        // A caller changing what it read does not change the store.
        doc.nested.list.length = 0;
        expect((await col.findOne({ _id: 'd1' }))?.nested.list).toHaveLength(5);
        await col.updateOne({ _id: 'd1' }, { $set: { 'nested.deep': 2 }, $push: { 'nested.list': 'pushed' } });
        const updated = await col.findOne({ 'nested.deep': 2 });
        expect(updated?.nested.list).toHaveLength(6);
        expect(updated?.at).toBeInstanceOf(Date);
    });

    it("reports the records Mongo's best plan examines: the rarest value of an $all, the sum of an $in, a scan without an index", async () => {
        const store = new MemoryStore();
        const seen: Array<[string, number]> = [];
        const stop = store.onExamined((collection, examined) => seen.push([collection, examined]));
        const col = store.collection('apps_persistence');
        const a = (id: string) => ({ model: 'misc', id });
        // 300 records share "common", 30 of them also "rare" (5 of those "rarer"); 40 more carry only "other".
        await col.insertMany(
            Array.from({ length: 300 }, (_, i) => ({
                appId: 'app',
                n: i,
                associations: [a('common'), ...(i % 10 === 0 ? [a('rare')] : []), ...(i % 60 === 0 ? [a('rarer')] : [])],
            })),
        );
        await col.insertMany(Array.from({ length: 40 }, (_, i) => ({ appId: 'app', n: 1000 + i, associations: [a('other')] })));
        const examined = async (query: object, options?: object) => {
            seen.length = 0;
            const found = await col.find(query, options);
            return { returned: found.length, examined: seen.reduce((sum, [, n]) => sum + n, 0) };
        };
        expect(await examined({ appId: 'app', associations: { $all: [a('common'), a('rare')] } })).toEqual({ returned: 30, examined: 30 });
        expect(await examined({ appId: 'app', associations: { $all: [a('common'), a('rare'), a('rarer')] } })).toEqual({
            returned: 5,
            examined: 5,
        });
        // Nothing returned can still cost: "common" and "other" never meet, the plan walks the 40 of "other".
        expect(await examined({ appId: 'app', associations: { $all: [a('common'), a('other')] } })).toEqual({ returned: 0, examined: 40 });
        expect(await examined({ associations: { $in: [a('rare'), a('other')] } })).toEqual({ returned: 70, examined: 70 });
        expect(await examined({ _id: 'nope' })).toEqual({ returned: 0, examined: 0 });
        // No index on a range: every document is examined; an unsorted read with a limit stops where it is full.
        expect(await examined({ n: { $gte: 1030 } })).toEqual({ returned: 10, examined: 340 });
        expect(await examined({ n: { $gte: 0 } }, { limit: 5 })).toEqual({ returned: 5, examined: 5 });
        // A sorted page is taken as served by an index on the sort.
        expect(await examined({ associations: { $all: [a('common')] } }, { sort: { n: -1 }, limit: 10 })).toEqual({
            returned: 10,
            examined: 10,
        });
        expect(seen.every(([collection]) => collection === 'apps_persistence')).toBe(true);
        stop();
        await col.find({});
        expect(seen.length).toBeGreaterThan(0);
        const before = seen.length;
        await col.find({});
        expect(seen.length).toBe(before);
    });

    it('answers the same with documents kept as objects', async () => {
        const col = new MemoryStore({ documents: 'objects' }).collection('o');
        await col.insertMany([
            { _id: 'a', at: new Date(5), tags: ['x'] },
            { _id: 'b', at: new Date(6), tags: ['x', 'y'] },
        ]);
        const found = await col.find({ tags: 'x' }, { sort: { at: -1 } });
        expect(found.map((d) => d._id)).toEqual(['b', 'a']);
        found[0].tags.push('z');
        expect((await col.findOne({ _id: 'b' }))?.tags).toEqual(['x', 'y']);
        await col.updateOne({ tags: 'y' }, { $set: { at: new Date(1) } });
        expect((await col.find({ tags: 'x' }, { sort: { at: 1 } })).map((d) => d._id)).toEqual(['b', 'a']);
    });

    it('keeps apart values that print alike: a string, an association, an association of another model, a NUL-led id', async () => {
        const col = new MemoryStore().collection('x');
        const misc = (id: string) => ({ model: 'misc', id });
        await col.insertMany([
            { _id: 's', v: ['cc:x'] },
            { _id: 'a', v: [misc('cc:x')] },
            { _id: 'r', v: [{ model: 'room', id: 'cc:x' }] },
            { _id: 'n', v: [misc('\u0000string:cc:x')] },
            { _id: 'j', v: [misc('\u0000assoc:room\u0000cc:x')] },
        ]);
        const ids = async (value: unknown) => (await col.find({ v: { $all: [value] } })).map((d) => d._id);
        expect(await ids('cc:x')).toEqual(['s']);
        expect(await ids(misc('cc:x'))).toEqual(['a']);
        expect(await ids({ model: 'room', id: 'cc:x' })).toEqual(['r']);
        expect(await ids(misc('\u0000string:cc:x'))).toEqual(['n']);
        expect(await ids(misc('\u0000assoc:room\u0000cc:x'))).toEqual(['j']);
    });
});
