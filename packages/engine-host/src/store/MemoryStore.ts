import { randomBytes } from 'crypto';
import { Query as MingoQuery, update as applyModifier } from 'mingo';

import { ObjectTable, SerializedTable, type DocumentTable } from './DocumentTable';
import { EqualityIndex, type Candidates } from './EqualityIndex';
import { SlotSet } from './SlotSet';
import type { Collection, Doc, Field, FindOptions, Query, Sort, Store, Update, UpdateResult } from './Store';

const ID_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** Meteor-style 17-character ids, like Rocket.Chat's Random.id(). */
export function randomId(length = 17): string {
    const bytes = randomBytes(length);
    let id = '';
    for (let i = 0; i < length; i++) id += ID_CHARS[bytes[i] % ID_CHARS.length];
    return id;
}

// Documents leave and enter the store as copies: a caller mutating a result must not change the database, as
// with a real driver. Hand-written rather than structuredClone/v8: those build objects in Node's outer realm, and
// under Jest such Dates fail toEqual and plain objects fail mingo's equality against the test's own objects.
// Class instances become plain objects and functions are dropped, much as BSON would store them.
function copy<T>(value: T, intern?: (value: object) => object | undefined): T {
    if (value === null || typeof value !== 'object') return (typeof value === 'function' ? undefined : value) as T;
    const tag = Object.prototype.toString.call(value);
    if (tag === '[object Date]') return new Date((value as unknown as Date).getTime()) as unknown as T;
    if (tag === '[object RegExp]') return new RegExp(value as unknown as RegExp) as unknown as T;
    if (ArrayBuffer.isView(value))
        return Buffer.from(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) as unknown as T;
    if (Array.isArray(value)) return value.map((v) => copy(v, intern)) as unknown as T;
    const shared = intern?.(value as object);
    if (shared) return shared as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const c = copy(v, intern);
        if (c !== undefined) out[k] = c;
    }
    return out as T;
}

/** A deep copy of a document, as the store hands it out (Dates kept, functions and undefined dropped). */
export const copyDocument = <T>(value: T): T => copy(value);

/**
 * Persistence associations ({ model, id }) are shared between the stored documents that carry them, like
 * strings in a real database's pages: a benchmark-sized store holds tens of millions of them. Only stored
 * documents point at these objects: reads hand out copies, and updates copy a document before changing it.
 */
const associations = new Map<string, object>();
function internAssociation(value: object): object | undefined {
    const o = value as { model?: unknown; id?: unknown };
    if (typeof o.model !== 'string' || typeof o.id !== 'string' || Object.keys(o).length !== 2) return undefined;
    const key = `${o.model}\u0000${o.id}`;
    let shared = associations.get(key);
    if (!shared) associations.set(key, (shared = Object.freeze({ model: o.model, id: o.id })));
    return shared;
}

/** A projection that only includes top-level fields (and may drop _id), or undefined. */
function topLevelInclusion(projection: Record<string, 0 | 1> | undefined): { fields: string[]; keepId: boolean } | undefined {
    if (!projection) return undefined;
    const fields = Object.keys(projection).filter((k) => k !== '_id');
    if (!fields.length || fields.some((k) => k.includes('.') || k.startsWith('$') || projection[k] !== 1)) return undefined;
    return { fields, keepId: projection._id !== 0 };
}

function pick<T extends Doc>(doc: T, projection: { fields: string[]; keepId: boolean }): T {
    const out: Record<string, unknown> = projection.keepId ? { _id: doc._id } : {};
    for (const field of projection.fields) if (field in doc) out[field] = doc[field];
    return out as T;
}

/**
 * Documents sorted on a single top-level field whose values are all dates, all numbers or all strings, as Mongo
 * orders them (stable, so ties keep natural order); undefined for any other sort, which mingo then does.
 */
function sortedByOneField<T extends Doc>(docs: T[], sort: Sort): T[] | undefined {
    const keys = Object.keys(sort);
    if (keys.length !== 1 || keys[0].includes('.') || keys[0].startsWith('$')) return undefined;
    const [field] = keys;
    const direction = sort[field] === -1 ? -1 : 1;
    const values = docs.map((doc) => doc[field]);
    const kind = (v: unknown) => (v instanceof Date ? 'date' : typeof v);
    const first = values.length ? kind(values[0]) : 'number';
    if (!['date', 'number', 'string'].includes(first) || values.some((v) => kind(v) !== first)) return undefined;
    const key = (v: unknown) => (v instanceof Date ? v.getTime() : (v as number | string));
    const order = docs.map((doc, i) => ({ doc, k: key(values[i]), i }));
    order.sort((a, b) => (a.k < b.k ? -direction : a.k > b.k ? direction : a.i - b.i));
    return order.map((o) => o.doc);
}

const isModifier = (update: Update) => Object.keys(update).some((k) => k.startsWith('$'));

/** Equality fields of a query seed an upserted document, as Mongo does. */
function seedFromQuery(query: Query): Record<string, Field> {
    const seed: Record<string, Field> = {};
    for (const [key, value] of Object.entries(query)) {
        if (key.startsWith('$')) continue;
        const isOperatorObject =
            value &&
            typeof value === 'object' &&
            !Array.isArray(value) &&
            !(value instanceof Date) &&
            Object.keys(value).some((k) => k.startsWith('$'));
        if (!isOperatorObject && !key.includes('.')) seed[key] = copy(value);
    }
    return seed;
}

/** Candidates tested between two yields to the event loop: a long read must not starve the engine's pings. */
const YIELD_EVERY = 2_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Told how many documents each query examined under Mongo's best plan (see EqualityIndex). */
export type ExaminedListener = (collection: string, examined: number) => void;

class MemoryCollection<T extends Doc> implements Collection<T> {
    /** _id → slot, in insertion order (an update keeps the slot): O(1) look-up, insert and delete. */
    private readonly slots = new Map<string, number>();
    private nextSlot = 0;
    private readonly index = new EqualityIndex<T>(() => this.entries());

    constructor(
        readonly name: string,
        private readonly table: DocumentTable<T>,
        private readonly report: ExaminedListener,
    ) {}

    private *entries(): Iterable<[number, T]> {
        for (const slot of this.slots.values()) {
            const doc = this.table.get(slot);
            if (doc) yield [slot, doc];
        }
    }

    /** Builds the index of a field now, as Mongo's createIndex: later writes keep it, no first query pays for it. */
    declareIndex(field: string): void {
        this.index.declare(field);
    }

    /** Candidate slots in natural order: every slot, or the index's set (kept in order), as it is now. */
    private *candidates(found: Candidates): Iterable<number> {
        if (found.all) {
            yield* this.slots.values();
        } else {
            // A copy: a long scan yields to the event loop between slots, and writes may change the index meanwhile.
            yield* found.set.snapshot();
        }
    }

    /**
     * Matching documents (as stored: copy them before handing them out) with their slots, in natural order, at most
     * `limit`; yields to the event loop on long scans. `served`: a sort and limit an index would serve, the most
     * records Mongo then examines.
     */
    private async match(
        query: Query = {},
        limit = Infinity,
        served = Infinity,
        order?: { field: string; direction: 1 | -1 },
    ): Promise<Array<[number, T]>> {
        // A look-up by _id needs no index to be built: the documents are kept by id.
        const byId = typeof query._id === 'string' ? this.slots.get(query._id) : undefined;
        const found: Candidates =
            typeof query._id === 'string'
                ? { all: false, set: new SlotSet(byId === undefined ? [] : [byId]), exact: false, examined: byId === undefined ? 0 : 1 }
                : this.index.candidates(query);
        // When the indexes answered every condition exactly (persistence reads by association), mingo has nothing to add.
        const q = found.all || !found.exact ? new MingoQuery(query, {}) : undefined;
        const out: Array<[number, T]> = [];
        let tested = 0;
        // A sorted page walks the candidates in the sort's order and stops when full, as an index on the sort does.
        const sorted = order && !found.all ? this.index.sortedBy(order.field, order.direction, this.candidates(found)) : undefined;
        if (!sorted) limit = order ? Infinity : limit;
        for (const slot of sorted ?? this.candidates(found)) {
            if (++tested % YIELD_EVERY === 0) await yieldToEventLoop();
            // A write during a yield may have removed the candidate; the table answers what is there now.
            const doc = this.table.get(slot);
            if (!doc) continue;
            if (!q || q.test(doc)) {
                out.push([slot, doc]);
                if (out.length >= limit) break;
            }
        }
        const planned = found.all ? this.slots.size : found.examined;
        // A read that stopped at its limit examined what it walked, at most (an unsorted read stops early in Mongo too).
        this.report(this.name, Math.min(planned, out.length >= limit ? tested : planned, served));
        return out;
    }

    /** Copies for the caller, unless the table already decoded fresh ones. */
    private out<R>(docs: R): R {
        return this.table.copies ? docs : copy(docs);
    }

    async find(query: Query = {}, options: FindOptions = {}): Promise<T[]> {
        const skip = options.skip ?? 0;
        // Without a sort, natural order decides: stop as soon as the page is full. With a sort on one top-level field, the
        // candidates are walked in its order when they all hold a date or a number there, and stop as soon too.
        const early = options.limit ? skip + options.limit : Infinity;
        const keys = Object.keys(options.sort ?? {});
        const order =
            options.sort && keys.length === 1 && !keys[0].includes('.') && !keys[0].startsWith('$')
                ? { field: keys[0], direction: options.sort[keys[0]] === -1 ? (-1 as const) : (1 as const) }
                : undefined;
        // A sorted page is taken to come from an index on the sort (Rocket.Chat's { rid, ts } on messages, for one).
        const served = options.sort && options.limit ? skip + options.limit : Infinity;
        if (options.sort && !order) {
            const all = (await this.match(query, Infinity, served)).map(([, doc]) => doc);
            return this.page(all, options, skip);
        }
        const matched = (await this.match(query, early, served, order)).map(([, doc]) => doc);
        return this.page(matched, options, skip);
    }

    /** Sorts (when asked), pages and projects the matched documents, and copies them for the caller. */
    private page(matched: T[], options: FindOptions, skip: number): T[] {
        // Natural order, or a sort on one top-level field of dates, numbers or strings (what an index serves in Mongo).
        const ordered = options.sort ? sortedByOneField(matched, options.sort) : matched;
        if (ordered) {
            const page = ordered.slice(skip, options.limit ? skip + options.limit : undefined);
            if (!options.projection) return this.out(page);
            // The common projection ({ data: 1 }) without mingo: it would walk every association of every record.
            const fields = topLevelInclusion(options.projection);
            return this.out(
                fields ? page.map((doc) => pick(doc, fields)) : new MingoQuery({}, {}).find<T>(page, options.projection as Field).all(),
            );
        }
        let cursor = new MingoQuery({}, {}).find<T>(matched, options.projection as Field);
        if (options.sort) cursor = cursor.sort(options.sort);
        if (skip) cursor = cursor.skip(skip);
        if (options.limit) cursor = cursor.limit(options.limit);
        return this.out(cursor.all());
    }

    async findOne(query: Query = {}, options: FindOptions = {}): Promise<T | undefined> {
        const [doc] = await this.find(query, { ...options, limit: 1 });
        return doc;
    }

    async count(query: Query = {}): Promise<number> {
        return (await this.match(query)).length;
    }

    private add(doc: T): void {
        const slot = this.nextSlot++;
        this.slots.set(doc._id, slot);
        this.table.set(slot, doc);
        this.index.added(slot, doc);
    }

    async insertOne(doc: Omit<T, '_id'> & { _id?: string }): Promise<string> {
        const _id = doc._id ?? randomId();
        if (this.slots.has(_id)) {
            throw new Error(`E11000 duplicate key error collection: ${this.name} index: _id_ dup key: { _id: "${_id}" }`);
        }
        // An object table keeps its own copy; a serialized one encodes the caller's document as it is now.
        this.add((this.table.copies ? { ...doc, _id } : copy({ ...doc, _id }, internAssociation)) as T);
        return _id;
    }

    async insertMany(docs: Array<Omit<T, '_id'> & { _id?: string }>): Promise<string[]> {
        const ids: string[] = [];
        for (const doc of docs) ids.push(await this.insertOne(doc));
        return ids;
    }

    /** Applies a modifier or replacement; _id is immutable, as in Mongo. */
    private apply(doc: T, update: Update): T {
        if (!isModifier(update)) return copy({ ...update, _id: doc._id }) as T;
        const next = this.table.copies ? doc : copy(doc);
        // $setOnInsert only applies when an upsert inserts (updateOne handles that case); mingo does not know it.
        const { $setOnInsert: _onInsert, ...modifier } = update as Record<string, unknown>;
        if (Object.keys(modifier).length === 0) return next;
        applyModifier(next, copy(modifier), undefined, undefined, { cloneMode: 'deep' });
        next._id = doc._id;
        return next;
    }

    private replace(slot: number, target: T, update: Update): void {
        // The index forgets the document as it was before the modifier changes it (a decoded copy may be changed in place).
        this.index.removed(slot, target);
        const next = this.apply(target, update);
        this.table.set(slot, next);
        this.index.added(slot, next);
    }

    async updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
        const [target] = await this.match(query, 1);
        if (target) {
            this.replace(target[0], target[1], update);
            return { matchedCount: 1, modifiedCount: 1 };
        }
        if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
        const modifier = { ...update };
        const onInsert = modifier.$setOnInsert;
        delete modifier.$setOnInsert;
        const base = { ...seedFromQuery(query), _id: (query._id as string) ?? onInsert?._id ?? randomId() } as T;
        let created = this.apply(base, modifier);
        // $setOnInsert's _id already chose the new document's id above; setting it again would modify the immutable _id.
        const { _id: _chosen, ...insertOnly } = (onInsert ?? {}) as Record<string, unknown>;
        if (Object.keys(insertOnly).length > 0) created = this.apply(created, { $set: insertOnly });
        this.add(created);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: created._id };
    }

    async updateMany(query: Query, update: Update): Promise<UpdateResult> {
        const targets = await this.match(query);
        for (const [slot, target] of targets) this.replace(slot, target, update);
        return { matchedCount: targets.length, modifiedCount: targets.length };
    }

    private delete(slot: number, target: T): void {
        this.slots.delete(target._id);
        this.table.delete(slot);
        this.index.removed(slot, target);
    }

    async deleteOne(query: Query): Promise<number> {
        const [target] = await this.match(query, 1);
        if (!target) return 0;
        this.delete(target[0], target[1]);
        return 1;
    }

    async deleteMany(query: Query): Promise<number> {
        const targets = await this.match(query);
        for (const [slot, target] of targets) this.delete(slot, target);
        return targets.length;
    }
}

export interface MemoryStoreOptions {
    /** Where documents live: serialized outside the JavaScript heap (default), or as objects. See DocumentTable. */
    documents?: 'serialized' | 'objects';
}

/** In-memory store with Mongo query semantics (mingo). Survives host restarts when passed to the next start(). */
export class MemoryStore implements Store {
    private readonly collections = new Map<string, MemoryCollection<Doc>>();
    private readonly listeners = new Set<ExaminedListener>();

    constructor(private readonly options: MemoryStoreOptions = {}) {}

    collection<T extends Doc = Doc>(name: string): Collection<T> & { declareIndex(field: string): void } {
        let col = this.collections.get(name);
        if (!col) {
            const table = this.options.documents === 'objects' ? new ObjectTable<Doc>() : new SerializedTable<Doc>();
            col = new MemoryCollection<Doc>(name, table, (collection, examined) => {
                for (const listener of this.listeners) listener(collection, examined);
            });
            this.collections.set(name, col);
        }
        return col as unknown as Collection<T> & { declareIndex(field: string): void };
    }

    /** Calls `listener` with the documents each query examines; returns the function that stops it. */
    onExamined(listener: ExaminedListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    collectionNames(): string[] {
        return [...this.collections.keys()];
    }
}
