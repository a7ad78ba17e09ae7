import type { Doc, Query } from './Store';

/**
 * Keeps the in-memory store's cost per query close to an indexed Mongo's, so a job that makes thousands of
 * accessor calls is not timed out by the host where production would be fast (apps_persistence has an index on
 * { appId, associations }; rooms and messages are indexed too). Candidates come from per-field hash indexes for
 * equality, `$in` and `$all` conditions (the sets of an `$all` are intersected, smallest first), and through `$elemMatch`,
 * `$and` and `$or` to those (the contact model's queries: a visitor's channel, an email or a phone); mingo still tests
 * every candidate, so results equal a full scan. Indexes are built on first use and then maintained on every write.
 */
/** Keys of the frozen association objects the store shares between documents: computed once each. */
const sharedKeys = new WeakMap<object, string>();

const valueKey = (v: unknown): string | undefined => {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'object') return `${typeof v}:${String(v)}`;
    if (Object.prototype.toString.call(v) === '[object Date]') return `date:${(v as Date).getTime()}`;
    // Fast path for persistence associations ({ model, id }): millions of them in a benchmark-sized store.
    const o = v as { model?: unknown; id?: unknown };
    if (typeof o.model === 'string' && typeof o.id === 'string' && Object.keys(o).length === 2) {
        const known = sharedKeys.get(o);
        if (known) return known;
        const key = `assoc:${o.model}\u0000${o.id}`;
        if (Object.isFrozen(o)) sharedKeys.set(o, key);
        return key;
    }
    return `json:${JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? sortKeys(val) : val))}`;
};

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.keys(obj)
            .sort()
            .map((k) => [k, obj[k]]),
    );
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

const EMPTY: ReadonlySet<never> = new Set();

/** Members of every set, walking the smallest one. */
function intersect<T>(sets: ReadonlySet<T>[]): Set<T> {
    const [smallest, ...others] = [...sets].sort((a, b) => a.size - b.size);
    const out = new Set<T>();
    for (const item of smallest) if (others.every((s) => s.has(item))) out.add(item);
    return out;
}

/**
 * Candidates of a query: all documents, or a set that must still be ordered. `exact` when every condition of the
 * query was answered by an index exactly (equality on a string, `$all` of strings or associations).
 */
export type Candidates<T> = { all: true } | { all: false; set: ReadonlySet<T>; exact: boolean };

/** A value whose index key is equality in Mongo's sense, so a hit needs no further test. */
const isExactValue = (v: unknown): boolean => {
    if (typeof v === 'string') return true;
    const o = v as { model?: unknown; id?: unknown } | null;
    return !!o && typeof o === 'object' && typeof o.model === 'string' && typeof o.id === 'string' && Object.keys(o).length === 2;
};

/** Conditions the index answers exactly: a string, or `{ $all: [...] }` of such values (on a path without dots). */
function isExactCondition(field: string, value: unknown): boolean {
    if (field.includes('.')) return false;
    if (isOperatorObject(value)) {
        const ops = Object.keys(value);
        return ops.length === 1 && Array.isArray(value.$all) && value.$all.length > 0 && value.$all.every(isExactValue);
    }
    return typeof value === 'string';
}

export class EqualityIndex<T extends Doc> {
    private readonly fields = new Map<string, Map<string, Set<T>>>();
    private readonly order = new WeakMap<T, number>();
    private nextOrder = 0;

    constructor(private readonly docs: () => Iterable<T>) {}

    private keysOf(doc: T, field: string): Set<string> {
        return new Set(
            valuesAt(doc, field.split('.'))
                .map(valueKey)
                .filter((k): k is string => k !== undefined),
        );
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
            for (const key of this.keysOf(doc, field)) {
                const set = map.get(key);
                set?.delete(doc);
                if (set && !set.size) map.delete(key);
            }
        }
    }

    added(doc: T): void {
        this.order.set(doc, this.nextOrder++);
        for (const field of this.fields.keys()) this.put(field, doc);
    }

    removed(doc: T): void {
        this.drop(doc);
    }

    /** An update replaces the document object; it keeps its natural-order position. */
    replaced(before: T, after: T): void {
        this.drop(before);
        this.order.set(after, this.order.get(before) ?? this.nextOrder++);
        for (const field of this.fields.keys()) this.put(field, after);
    }

    private lookup(field: string, key: string | undefined): ReadonlySet<T> {
        if (!this.fields.has(field)) {
            this.fields.set(field, new Map());
            for (const doc of this.docs()) this.put(field, doc);
        }
        return (key && this.fields.get(field)!.get(key)) || EMPTY;
    }

    /** Documents that can match one condition, or undefined when the condition cannot use an index. */
    private forCondition(field: string, value: unknown): ReadonlySet<T> | undefined {
        if (isOperatorObject(value)) {
            const ops = Object.keys(value);
            if (ops.length === 1 && Array.isArray(value.$all) && value.$all.length && !value.$all.some(isOperatorObject)) {
                return intersect(value.$all.map((v) => this.lookup(field, valueKey(v))));
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
            const every = intersect(value.map((v) => this.lookup(field, valueKey(v))));
            const whole = this.lookup(field, valueKey(value));
            return whole.size ? new Set([...every, ...whole]) : every;
        }
        return this.lookup(field, valueKey(value));
    }

    /**
     * An `$elemMatch` on an array of subdocuments narrows to the documents holding one of its plain equality
     * fields (`{ channels: { $elemMatch: { 'visitor.visitorId': id } } }` reads `channels.visitor.visitorId`).
     */
    private forElemMatch(field: string, value: unknown): ReadonlySet<T> | undefined {
        if (!isOperatorObject(value) || Object.keys(value).length !== 1 || !value.$elemMatch || typeof value.$elemMatch !== 'object') {
            return undefined;
        }
        const sets = Object.entries(value.$elemMatch as Record<string, unknown>)
            .filter(([sub]) => !sub.startsWith('$'))
            .map(([sub, v]) => this.forCondition(`${field}.${sub}`, v))
            .filter((s): s is ReadonlySet<T> => !!s);
        return sets.length ? sets.reduce((a, b) => (b.size < a.size ? b : a)) : undefined;
    }

    /** `$and`: the smallest set any branch allows; `$or`: the union of its branches, when every branch has one. */
    private forLogical(op: string, value: unknown): ReadonlySet<T> | undefined {
        if (!Array.isArray(value) || !value.length || (op !== '$and' && op !== '$or')) return undefined;
        const branches = value.map((q) => this.candidates(q as Query));
        const sets = branches.filter((c): c is Extract<Candidates<T>, { all: false }> => !c.all).map((c) => c.set);
        if (op === '$and') return sets.length ? sets.reduce((a, b) => (b.size < a.size ? b : a)) : undefined;
        if (sets.length !== branches.length) return undefined;
        const union = new Set<T>();
        for (const set of sets) for (const doc of set) union.add(doc);
        return union;
    }

    /** The smallest candidate set for the query; all documents when no index helps. */
    candidates(query: Query): Candidates<T> {
        const sets: ReadonlySet<T>[] = [];
        let exact = true;
        for (const [field, value] of Object.entries(query)) {
            const found = field.startsWith('$')
                ? this.forLogical(field, value)
                : (this.forCondition(field, value) ?? this.forElemMatch(field, value));
            if (found) sets.push(found);
            exact = exact && !!found && !field.startsWith('$') && isExactCondition(field, value);
        }
        if (!sets.length) return { all: true };
        // Exact: every condition must hold, so intersect them all; else the smallest set, and mingo tests the rest.
        const set = exact ? intersect(sets) : sets.reduce((a, b) => (b.size < a.size ? b : a));
        return { all: false, set, exact };
    }

    /** A candidate set in natural (insertion) order. */
    ordered(set: ReadonlySet<T>): T[] {
        return [...set].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    }
}
