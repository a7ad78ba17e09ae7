import { randomBytes } from 'crypto';
import { Query as MingoQuery, update as applyModifier } from 'mingo';

import { EqualityIndex } from './EqualityIndex';
import type { Collection, Doc, Field, FindOptions, Query, Store, Update, UpdateResult } from './Store';

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
function copy<T>(value: T): T {
	if (value === null || typeof value !== 'object') return (typeof value === 'function' ? undefined : value) as T;
	const tag = Object.prototype.toString.call(value);
	if (tag === '[object Date]') return new Date((value as unknown as Date).getTime()) as unknown as T;
	if (tag === '[object RegExp]') return new RegExp(value as unknown as RegExp) as unknown as T;
	if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) as unknown as T;
	if (Array.isArray(value)) return value.map(copy) as unknown as T;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
		const c = copy(v);
		if (c !== undefined) out[k] = c;
	}
	return out as T;
}

const isModifier = (update: Update) => Object.keys(update).some((k) => k.startsWith('$'));

/** Equality fields of a query seed an upserted document, as Mongo does. */
function seedFromQuery(query: Query): Record<string, Field> {
	const seed: Record<string, Field> = {};
	for (const [key, value] of Object.entries(query)) {
		if (key.startsWith('$')) continue;
		const isOperatorObject = value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
			&& Object.keys(value).some((k) => k.startsWith('$'));
		if (!isOperatorObject && !key.includes('.')) seed[key] = copy(value);
	}
	return seed;
}

class MemoryCollection<T extends Doc> implements Collection<T> {
	private docs: T[] = [];
	private readonly ids = new Set<string>();
	private readonly index = new EqualityIndex<T>(() => this.docs);

	constructor(readonly name: string) {}

	private match(query: Query = {}): T[] {
		const q = new MingoQuery(query, {});
		return this.index.candidates(query).filter((d) => q.test(d));
	}

	async find(query: Query = {}, options: FindOptions = {}): Promise<T[]> {
		let cursor = new MingoQuery(query, {}).find<T>(this.index.candidates(query), options.projection as Field);
		if (options.sort) cursor = cursor.sort(options.sort);
		if (options.skip) cursor = cursor.skip(options.skip);
		if (options.limit) cursor = cursor.limit(options.limit);
		return copy(cursor.all());
	}

	async findOne(query: Query = {}, options: FindOptions = {}): Promise<T | undefined> {
		const [doc] = await this.find(query, { ...options, limit: 1 });
		return doc;
	}

	async count(query: Query = {}): Promise<number> {
		return this.match(query).length;
	}

	async insertOne(doc: Omit<T, '_id'> & { _id?: string }): Promise<string> {
		const _id = doc._id ?? randomId();
		if (this.ids.has(_id)) {
			throw new Error(`E11000 duplicate key error collection: ${this.name} index: _id_ dup key: { _id: "${_id}" }`);
		}
		const stored = copy({ ...doc, _id }) as T;
		this.docs.push(stored);
		this.ids.add(_id);
		this.index.added(stored);
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
		const next = copy(doc);
		applyModifier(next, copy(update), undefined, undefined, { cloneMode: 'deep' });
		next._id = doc._id;
		return next;
	}

	async updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
		const [target] = this.match(query);
		if (target) {
			const index = this.docs.indexOf(target);
			// $setOnInsert applies only when the upsert inserts, as in Mongo.
			const { $setOnInsert: _insertOnly, ...onMatch } = update as Record<string, unknown>;
			this.docs[index] = this.apply(target, onMatch as Update);
			this.index.replaced(target, this.docs[index]);
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
		this.docs.push(created);
		this.ids.add(created._id);
		this.index.added(created);
		return { matchedCount: 0, modifiedCount: 0, upsertedId: created._id };
	}

	async updateMany(query: Query, update: Update): Promise<UpdateResult> {
		const targets = this.match(query);
		for (const target of targets) {
			const index = this.docs.indexOf(target);
			this.docs[index] = this.apply(target, update);
			this.index.replaced(target, this.docs[index]);
		}
		return { matchedCount: targets.length, modifiedCount: targets.length };
	}

	async deleteOne(query: Query): Promise<number> {
		const [target] = this.match(query);
		if (!target) return 0;
		this.docs.splice(this.docs.indexOf(target), 1);
		this.ids.delete(target._id);
		this.index.removed(target);
		return 1;
	}

	async deleteMany(query: Query): Promise<number> {
		const targets = new Set(this.match(query));
		this.docs = this.docs.filter((d) => !targets.has(d));
		for (const d of targets) {
			this.ids.delete(d._id);
			this.index.removed(d);
		}
		return targets.size;
	}
}

/** In-memory store with Mongo query semantics (mingo). Survives host restarts when passed to the next start(). */
export class MemoryStore implements Store {
	private readonly collections = new Map<string, MemoryCollection<Doc>>();

	collection<T extends Doc = Doc>(name: string): Collection<T> {
		let col = this.collections.get(name);
		if (!col) {
			col = new MemoryCollection<Doc>(name);
			this.collections.set(name, col);
		}
		return col as unknown as Collection<T>;
	}

	collectionNames(): string[] {
		return [...this.collections.keys()];
	}
}
