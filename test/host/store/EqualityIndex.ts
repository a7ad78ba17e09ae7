import type { Doc, Query } from './Store';

/**
 * Keeps the in-memory store's cost per query close to an indexed Mongo's, so a job that makes thousands of
 * accessor calls is not timed out by the host where production would be fast (apps_persistence has an index on
 * { appId, associations }; rooms and messages are indexed too). Candidates come from per-field hash indexes for
 * equality, `$in` and `$all` conditions; mingo still tests every candidate, so results equal a full scan.
 * Indexes are built on first use and then maintained on every write.
 */
const valueKey = (v: unknown): string | undefined => {
	if (v === null || v === undefined) return undefined;
	if (typeof v !== 'object') return `${typeof v}:${String(v)}`;
	if (Object.prototype.toString.call(v) === '[object Date]') return `date:${(v as Date).getTime()}`;
	// Fast path for persistence associations ({ model, id }): millions of them in a benchmark-sized store.
	const o = v as { model?: unknown; id?: unknown };
	if (typeof o.model === 'string' && typeof o.id === 'string' && Object.keys(o).length === 2) return `assoc:${o.model}\u0000${o.id}`;
	return `json:${JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? sortKeys(val) : val))}`;
};

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}

/** Values at a dotted path, descending into arrays like Mongo does (an array field matches any element). */
function valuesAt(value: unknown, path: string[]): unknown[] {
	if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
	if (!path.length) return [value];
	if (value === null || typeof value !== 'object') return [];
	return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
	!!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

export class EqualityIndex<T extends Doc> {
	private readonly fields = new Map<string, Map<string, Set<T>>>();
	private readonly order = new WeakMap<T, number>();
	private nextOrder = 0;

	constructor(private readonly docs: () => T[]) {}

	private keysOf(doc: T, field: string): Set<string> {
		return new Set(valuesAt(doc, field.split('.')).map(valueKey).filter((k): k is string => k !== undefined));
	}

	private put(field: string, doc: T): void {
		const map = this.fields.get(field)!;
		for (const key of this.keysOf(doc, field)) {
			let set = map.get(key);
			if (!set) map.set(key, (set = new Set()));
			set.add(doc);
		}
	}

	private drop(doc: T): void {
		for (const [field, map] of this.fields) {
			for (const key of this.keysOf(doc, field)) map.get(key)?.delete(doc);
		}
	}

	added(doc: T): void {
		this.order.set(doc, this.nextOrder++);
		for (const field of this.fields.keys()) this.put(field, doc);
	}

	removed(doc: T): void {
		this.drop(doc);
	}

	/** An update replaces the document object in place; it keeps its natural-order position. */
	replaced(before: T, after: T): void {
		this.drop(before);
		this.order.set(after, this.order.get(before) ?? this.nextOrder++);
		for (const field of this.fields.keys()) this.put(field, after);
	}

	private lookup(field: string, key: string | undefined): Set<T> {
		if (!this.fields.has(field)) {
			this.fields.set(field, new Map());
			for (const doc of this.docs()) this.put(field, doc);
		}
		return (key && this.fields.get(field)!.get(key)) || new Set();
	}

	/** Documents that can match one condition, or undefined when the condition cannot use an index. */
	private forCondition(field: string, value: unknown): Set<T> | undefined {
		if (isOperatorObject(value)) {
			const ops = Object.keys(value);
			if (ops.length === 1 && Array.isArray(value.$all) && value.$all.length && !value.$all.some(isOperatorObject)) {
				return value.$all.map((v) => this.lookup(field, valueKey(v))).reduce((a, b) => (b.size < a.size ? b : a));
			}
			if (ops.length === 1 && Array.isArray(value.$in) && !value.$in.some((v) => v === null || v instanceof RegExp)) {
				return new Set(value.$in.flatMap((v) => [...this.lookup(field, valueKey(v))]));
			}
			return undefined;
		}
		if (value === null || value === undefined || value instanceof RegExp) return undefined;
		if (Array.isArray(value)) {
			// exact array: a match contains every element (or, rarely, holds the whole array as one element)
			if (!value.length) return undefined;
			const rarest = value.map((v) => this.lookup(field, valueKey(v))).reduce((x, y) => (y.size < x.size ? y : x));
			const whole = this.lookup(field, valueKey(value));
			return whole.size ? new Set([...rarest, ...whole]) : rarest;
		}
		return this.lookup(field, valueKey(value));
	}

	/** The smallest candidate list for the query, in natural order; all documents when no index helps. */
	candidates(query: Query): T[] {
		const docs = this.docs();
		if (docs.length < 200) return docs;
		let best: Set<T> | undefined;
		for (const [field, value] of Object.entries(query)) {
			if (field.startsWith('$')) continue;
			const found = this.forCondition(field, value);
			if (found && (!best || found.size < best.size)) best = found;
		}
		if (!best || best.size > docs.length / 2) return docs;
		return [...best].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
	}
}
