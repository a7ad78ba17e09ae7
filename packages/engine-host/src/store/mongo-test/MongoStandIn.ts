/**
 * A MongoDB stand-in for tests on machines where no mongod can run: a TCP server on 127.0.0.1 that speaks the
 * wire protocol to the official driver and evaluates find, aggregate, count, insert, update, delete, createIndexes,
 * listIndexes, listCollections and getMore over in-memory arrays with `mingo`.
 *
 * Where MongoDB's own behaviour is cheap to reproduce it is reproduced independently of MemoryStore, so a store
 * that relies on a MemoryStore shortcut fails here: the server generates ObjectIds for documents sent without
 * `_id`, seeds upserts from equality clauses (dotted paths included), counts a no-op update as not modified,
 * rejects duplicate and altered `_id`s, answers cursors in batches of 101 with Long ids, and refuses commands it
 * does not know. Query, sort and projection semantics are mingo's, not mongod's.
 */
import * as net from 'net';
import { Aggregator, Query, update as applyModifier } from 'mingo';
import { BSON } from 'mongodb';
import { concat, encodeReply, parseRequest, readMessages, type Command } from './wire';

type Doc = Record<string, unknown>;
interface IndexSpec {
    key: Doc;
    name: string;
    [option: string]: unknown;
}
interface Coll {
    docs: Doc[];
    indexes: IndexSpec[];
}

const DEFAULT_BATCH = 101;

class CommandError extends Error {
    constructor(
        readonly code: number,
        readonly codeName: string,
        message: string,
    ) {
        super(message);
    }
}

const clone = (doc: Doc): Doc => BSON.deserialize(BSON.serialize(doc));
function sameBson(a: Doc, b: Doc): boolean {
    const [x, y] = [BSON.serialize(a), BSON.serialize(b)];
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
}
const idKey = (id: unknown) => (id instanceof BSON.ObjectId ? `oid:${id.toHexString()}` : `${typeof id}:${JSON.stringify(id)}`);
const isPlainObject = (v: unknown): v is Doc => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
/** As mongod stores a new document: `_id` first, an ObjectId generated when the client sent none. */
function withId({ _id, ...fields }: Doc): Doc {
    return { _id: _id ?? new BSON.ObjectId(), ...fields };
}
const isModifier = (u: Doc) => Object.keys(u).some((k) => k.startsWith('$'));

function setPath(doc: Doc, path: string, value: unknown): void {
    const parts = path.split('.');
    let at = doc;
    for (const part of parts.slice(0, -1)) at = (isPlainObject(at[part]) ? at[part] : (at[part] = {})) as Doc;
    at[parts[parts.length - 1]] = value;
}

/** MongoDB's upsert base document: the query's equality clauses, dotted paths expanded, `$and` descended. */
function upsertSeed(query: Doc, seed: Doc = {}): Doc {
    for (const [key, value] of Object.entries(query)) {
        if (key === '$and') (value as Doc[]).forEach((q) => upsertSeed(q, seed));
        if (key.startsWith('$') || value instanceof RegExp) continue;
        if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
            if (Object.keys(value).length === 1 && '$eq' in value) setPath(seed, key, value.$eq);
        } else {
            setPath(seed, key, value);
        }
    }
    return seed;
}

export class MongoStandIn {
    private readonly collections = new Map<string, Coll>();
    private readonly cursors = new Map<number, Doc[]>();
    private readonly sockets = new Set<net.Socket>();
    private nextCursor = 1;
    private nextConnection = 1;
    /** Names of the commands received, in order, for tests that check what actually went over the wire. */
    readonly received: string[] = [];

    private constructor(
        private readonly server: net.Server,
        readonly port: number,
    ) {}

    static async start(): Promise<MongoStandIn> {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const standIn = new MongoStandIn(server, (server.address() as net.AddressInfo).port);
        server.on('connection', (socket: net.Socket) => standIn.serve(socket));
        return standIn;
    }

    url(dbName: string): string {
        return `mongodb://127.0.0.1:${this.port}/${dbName}`;
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private serve(socket: net.Socket): void {
        this.sockets.add(socket);
        const connectionId = this.nextConnection++;
        let pending: Uint8Array = new Uint8Array(0);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
        socket.on('data', (chunk: Buffer) => {
            const { messages, rest } = readMessages(concat([pending, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)]));
            pending = rest;
            for (const message of messages) {
                const request = parseRequest(message);
                const reply = this.run(request.command, connectionId);
                if (!request.noReply) socket.write(encodeReply(request, reply));
            }
        });
    }

    private run(command: Command, connectionId: number): Command {
        const name = Object.keys(command)[0];
        this.received.push(name);
        try {
            return { ...this.execute(name, command, connectionId), ok: 1 };
        } catch (e) {
            const err = e instanceof CommandError ? e : new CommandError(1, 'InternalError', e instanceof Error ? e.message : String(e));
            return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName };
        }
    }

    private coll(db: string, name: string, create = false): Coll | undefined {
        const ns = `${db}.${name}`;
        if (!this.collections.has(ns) && create) {
            this.collections.set(ns, { docs: [], indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }] });
        }
        return this.collections.get(ns);
    }

    private cursorReply(ns: string, docs: Doc[], batchSize?: number, singleBatch?: boolean, first = true): Command {
        const size = batchSize || DEFAULT_BATCH;
        let id = 0;
        if (docs.length > size && !singleBatch) {
            id = this.nextCursor++;
            this.cursors.set(id, docs.slice(size));
        }
        // The driver reads cursor ids as BSON int64 only.
        return { cursor: { id: BSON.Long.fromNumber(id), ns, [first ? 'firstBatch' : 'nextBatch']: docs.slice(0, size) } };
    }

    private execute(name: string, c: Command, connectionId: number): Command {
        const db = c.$db as string;
        const target = c[name] as string;
        const ns = `${db}.${target}`;
        const docs = () => this.coll(db, target)?.docs ?? [];
        switch (name.toLowerCase()) {
            case 'ismaster':
            case 'hello':
                return {
                    helloOk: true,
                    ismaster: true,
                    isWritablePrimary: true,
                    maxBsonObjectSize: 16 * 1024 * 1024,
                    maxMessageSizeBytes: 48000000,
                    maxWriteBatchSize: 100000,
                    localTime: new Date(),
                    logicalSessionTimeoutMinutes: 30,
                    connectionId,
                    minWireVersion: 0,
                    maxWireVersion: 21,
                    readOnly: false,
                };
            case 'ping':
            case 'endsessions':
                return {};
            case 'find': {
                let limit = (c.limit as number | undefined) ?? 0;
                const single = !!c.singleBatch || limit < 0;
                limit = Math.abs(limit);
                let cursor = new Query((c.filter as Doc) ?? {}).find<Doc>(docs(), c.projection as Doc);
                if (c.sort && Object.keys(c.sort as Doc).length) cursor = cursor.sort(c.sort as Doc);
                if (c.skip) cursor = cursor.skip(c.skip as number);
                if (limit) cursor = cursor.limit(limit);
                return this.cursorReply(ns, cursor.all(), c.batchSize as number, single);
            }
            case 'getmore': {
                const id = Number(c.getMore);
                const rest = this.cursors.get(id);
                if (!rest) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
                this.cursors.delete(id);
                return this.cursorReply(`${db}.${c.collection}`, rest, c.batchSize as number, false, false);
            }
            case 'killcursors':
                for (const id of c.cursors as unknown[]) this.cursors.delete(Number(id));
                return { cursorsKilled: c.cursors };
            case 'aggregate': {
                const out = new Aggregator(c.pipeline as Doc[], {}).run(docs()) as Doc[];
                return this.cursorReply(ns, out, (c.cursor as Doc | undefined)?.batchSize as number);
            }
            case 'count': {
                let n = new Query((c.query as Doc) ?? {}).find<Doc>(docs()).all().length;
                n = Math.max(0, n - ((c.skip as number) ?? 0));
                return { n: c.limit ? Math.min(n, c.limit as number) : n };
            }
            case 'insert':
                return this.insert(db, target, c.documents as Doc[], c.ordered !== false);
            case 'update':
                return this.update(db, target, c.updates as Doc[]);
            case 'delete': {
                const col = this.coll(db, target);
                let n = 0;
                for (const { q, limit } of c.deletes as Doc[]) {
                    const query = new Query(q as Doc);
                    const hits = (col?.docs ?? []).filter((d) => query.test(d)).slice(0, limit ? 1 : undefined);
                    if (col) col.docs = col.docs.filter((d) => !hits.includes(d));
                    n += hits.length;
                }
                return { n };
            }
            case 'createindexes':
                return this.createIndexes(db, target, c.indexes as IndexSpec[]);
            case 'listindexes': {
                const col = this.coll(db, target);
                if (!col) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${ns}`);
                return this.cursorReply(ns, col.indexes);
            }
            case 'listcollections': {
                const names = [...this.collections.keys()].filter((k) => k.startsWith(`${db}.`)).map((k) => k.slice(db.length + 1));
                return this.cursorReply(
                    `${db}.$cmd.listCollections`,
                    names.map((n) => ({ name: n, type: 'collection' })),
                );
            }
            default:
                throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
        }
    }

    private insert(db: string, name: string, documents: Doc[], ordered: boolean): Command {
        const col = this.coll(db, name, true)!;
        const writeErrors: Doc[] = [];
        let n = 0;
        for (const [index, sent] of documents.entries()) {
            const doc = withId(sent);
            if (col.docs.some((d) => idKey(d._id) === idKey(doc._id))) {
                const errmsg = `E11000 duplicate key error collection: ${db}.${name} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`;
                writeErrors.push({ index, code: 11000, errmsg });
                if (ordered) break;
                continue;
            }
            col.docs.push(doc);
            n++;
        }
        return writeErrors.length ? { n, writeErrors } : { n };
    }

    /** Applies a modifier or replacement to a copy of `doc`; `_id` may not change. */
    private applied(doc: Doc, u: Doc, inserting: boolean): Doc {
        let next: Doc;
        if (isModifier(u)) {
            const { $setOnInsert, ...modifier } = u;
            next = clone(doc);
            if (Object.keys(modifier).length) applyModifier(next, modifier, undefined, undefined, { cloneMode: 'deep' });
            if (inserting && $setOnInsert) {
                // An upsert may choose the new document's _id here; mingo's $set refuses to touch _id at all.
                const { _id, ...fields } = $setOnInsert as Doc;
                if (_id !== undefined) next._id = _id;
                if (Object.keys(fields).length) applyModifier(next, { $set: fields }, undefined, undefined, { cloneMode: 'deep' });
            }
        } else {
            next = { _id: doc._id, ...clone(u) };
        }
        if (!inserting && idKey(next._id) !== idKey(doc._id)) {
            throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
        }
        return next;
    }

    private update(db: string, name: string, updates: Doc[]): Command {
        const col = this.coll(db, name, true)!;
        let n = 0;
        let nModified = 0;
        const upserted: Doc[] = [];
        for (const [index, { q, u, upsert, multi }] of updates.entries()) {
            const query = new Query(q as Doc);
            const hits = col.docs.filter((d) => query.test(d)).slice(0, multi ? undefined : 1);
            for (const hit of hits) {
                const next = this.applied(hit, u as Doc, false);
                n++;
                if (sameBson(hit, next)) continue;
                col.docs[col.docs.indexOf(hit)] = next;
                nModified++;
            }
            if (hits.length || !upsert) continue;
            const seed = isModifier(u as Doc) ? upsertSeed(q as Doc) : { _id: upsertSeed(q as Doc)._id };
            const doc = withId(this.applied(seed, u as Doc, true));
            col.docs.push(doc);
            n++;
            upserted.push({ index, _id: doc._id });
        }
        return upserted.length ? { n, nModified, upserted } : { n, nModified };
    }

    private createIndexes(db: string, name: string, specs: IndexSpec[]): Command {
        const createdCollectionAutomatically = !this.coll(db, name);
        const col = this.coll(db, name, true)!;
        const before = col.indexes.length;
        for (const spec of specs) {
            const sameKey = col.indexes.find((i) => JSON.stringify(i.key) === JSON.stringify(spec.key));
            const sameName = col.indexes.find((i) => i.name === spec.name);
            if (sameKey && sameKey === sameName) continue;
            if (sameName)
                throw new CommandError(
                    86,
                    'IndexKeySpecsConflict',
                    `An existing index has the same name as the requested index: ${spec.name}`,
                );
            if (sameKey) throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
            col.indexes.push({ v: 2, ...spec });
        }
        return { createdCollectionAutomatically, numIndexesBefore: before, numIndexesAfter: col.indexes.length };
    }
}
