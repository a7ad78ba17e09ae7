import type { Doc, Query } from './Store';
import { SlotSet } from './SlotSet';

/**
 * Keeps the in-memory store's cost per query close to an indexed Mongo's, so a job that makes thousands of
 * accessor calls is not timed out by the host where production would be fast (apps_persistence has an index on
 * { appId, associations }; rooms and messages are indexed too). Candidates come from per-field hash indexes for
 * equality, `$in` and `$all` conditions (the sets of an `$all` are intersected, smallest first), and through `$elemMatch`,
 * `$and` and `$or` to those (the contact model's queries: a visitor's channel, an email or a phone); mingo still tests
 * every candidate, so results equal a full scan. Indexes are built on first use (or declared up front) and then
 * maintained on every write. They hold slots (the document's place in natural order), not documents, so the
 * documents themselves can live outside the JavaScript heap.
 *
 * Each answer also says what Mongo would examine with its best single-field plan (`examined`): for `$all` over a
 * multikey index, the index entries of its rarest value, every one fetched to check the rest; for `$in` and `$or`,
 * the sum of their values' entries; for several conditions, the cheapest of them. This is the cost a real server
 * pays, which the records returned do not show.
 */
/** Starts the key of every value that is not an association of the 'misc' model (see valueKey). */
const TAGGED = '\u0000';

/**
 * A value's index key. An association of the 'misc' model (every association an app stores) is keyed by its id
 * alone: the string the document already holds, not a new one per key (a million-room store holds millions of
 * keys). Every other value's key starts with a NUL and its type, and so does a misc id that starts with a NUL
 * itself, so no two values share a key.
 */
const valueKey = (v: unknown): string | undefined => {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'object') return `${TAGGED}${typeof v}:${String(v)}`;
    if (Object.prototype.toString.call(v) === '[object Date]') return `${TAGGED}date:${(v as Date).getTime()}`;
    const o = v as { model?: unknown; id?: unknown };
    if (typeof o.model === 'string' && typeof o.id === 'string' && Object.keys(o).length === 2) {
        return o.model === 'misc' && !o.id.startsWith(TAGGED) ? o.id : `${TAGGED}assoc:${o.model}${TAGGED}${o.id}`;
    }
    return `${TAGGED}json:${JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? sortKeys(val) : val))}`;
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

/**
 * Every candidate set is a SlotSet (a key's slots, or their intersection or union), so that candidates are always
 * walked in natural order without a sort.
 */
const EMPTY = new SlotSet();

/**
 * Candidates of a query: all documents, or a set that must still be ordered. `exact` when every condition of the
 * query was answered by an index exactly (equality on a string, `$all` of strings or associations).
 */
export type Candidates = { all: true } | { all: false; set: SlotSet; exact: boolean; examined: number };

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

/**
 * The slots holding one key: a lone slot as a plain number, a SlotSet (an Int32Array outside the heap) from two on.
 * Most keys of a large store name one document (an id, a revision, a write): as numbers they add no object for the
 * garbage collector to walk, and the others add one small object each, whatever their size.
 */
type Posting = number | SlotSet;

/** Candidate slots and what Mongo's plan for them would examine. */
type Found = { set: SlotSet; examined: number };

/** A date as its time; NaN for anything else (numbers and dates mixed would not order as Mongo orders them). */
const sortValue = (v: unknown): number => (Object.prototype.toString.call(v) === '[object Date]' ? (v as Date).getTime() : NaN);

export class EqualityIndex<T extends Doc> {
    private readonly fields = new Map<string, Map<string, Posting>>();
    /** Per sorted field, the time of each slot's date (NaN: not a date), like the sort part of a compound index. */
    private readonly sortKeys = new Map<string, Float64Array>();

    /** `docs` walks every stored document with its slot (to build an index on first use). */
    constructor(private readonly docs: () => Iterable<[number, T]>) {}

    /** Builds the index of `field` now (as Mongo's createIndex), so that later writes maintain it. */
    declare(field: string): void {
        this.lookup(field, undefined);
    }

    private keysOf(doc: T, field: string): Set<string> {
        return new Set(
            valuesAt(doc, field.split('.'))
                .map(valueKey)
                .filter((k): k is string => k !== undefined),
        );
    }

    private put(field: string, slot: number, doc: T): void {
        const map = this.fields.get(field)!;
        for (const key of this.keysOf(doc, field)) {
            const posting = map.get(key);
            if (posting === undefined) map.set(key, slot);
            else if (typeof posting !== 'number') posting.add(slot);
            else if (posting !== slot) map.set(key, new SlotSet([posting, slot]));
        }
    }

    added(slot: number, doc: T): void {
        for (const field of this.fields.keys()) this.put(field, slot, doc);
        for (const field of this.sortKeys.keys()) this.putSortKey(field, slot, doc);
    }

    private putSortKey(field: string, slot: number, doc: T): void {
        let keys = this.sortKeys.get(field)!;
        if (slot >= keys.length) {
            const wider = new Float64Array(Math.max(slot + 1, keys.length * 2)).fill(NaN);
            wider.set(keys);
            this.sortKeys.set(field, (keys = wider));
        }
        keys[slot] = sortValue(doc[field]);
    }

    /**
     * The slots in the order of a sort on one top-level field of dates (ties in natural order), as an index on the
     * field walks them; undefined when a slot's value is not a date (the caller sorts those after matching).
     */
    sortedBy(field: string, direction: 1 | -1, slots: Iterable<number>): number[] | undefined {
        if (!this.sortKeys.has(field)) {
            this.sortKeys.set(field, new Float64Array(1024).fill(NaN));
            for (const [slot, doc] of this.docs()) this.putSortKey(field, slot, doc);
        }
        const keys = this.sortKeys.get(field)!;
        const list = [...slots];
        for (const slot of list) if (slot >= keys.length || Number.isNaN(keys[slot])) return undefined;
        return list.sort((a, b) => (keys[a] - keys[b]) * direction || a - b);
    }

    removed(slot: number, doc: T): void {
        for (const keys of this.sortKeys.values()) if (slot < keys.length) keys[slot] = NaN;
        for (const [field, map] of this.fields) {
            for (const key of this.keysOf(doc, field)) {
                const posting = map.get(key);
                if (posting === slot) {
                    map.delete(key);
                } else if (posting !== undefined && typeof posting !== 'number') {
                    posting.delete(slot);
                    if (posting.size === 1) map.set(key, posting.first());
                }
            }
        }
    }

    /** An update keeps the document's slot (its natural-order position). */
    replaced(slot: number, before: T, after: T): void {
        this.removed(slot, before);
        this.added(slot, after);
    }

    private lookup(field: string, key: string | undefined): SlotSet {
        if (!this.fields.has(field)) {
            this.fields.set(field, new Map());
            for (const [slot, doc] of this.docs()) this.put(field, slot, doc);
        }
        const posting = key === undefined ? undefined : this.fields.get(field)!.get(key);
        return posting === undefined ? EMPTY : typeof posting === 'number' ? new SlotSet([posting]) : posting;
    }

    /** Slots that can match one condition, or undefined when the condition cannot use an index. */
    private forCondition(field: string, value: unknown): Found | undefined {
        if (isOperatorObject(value)) {
            const ops = Object.keys(value);
            if (ops.length === 1 && Array.isArray(value.$all) && value.$all.length && !value.$all.some(isOperatorObject)) {
                const sets = value.$all.map((v) => this.lookup(field, valueKey(v)));
                return { set: SlotSet.intersect(sets), examined: Math.min(...sets.map((s) => s.size)) };
            }
            if (ops.length === 1 && Array.isArray(value.$in) && !value.$in.some((v) => v === null || v instanceof RegExp)) {
                const sets = value.$in.map((v) => this.lookup(field, valueKey(v)));
                return { set: SlotSet.union(sets), examined: sets.reduce((sum, s) => sum + s.size, 0) };
            }
            return undefined;
        }
        if (value === null || value === undefined || value instanceof RegExp) return undefined;
        if (Array.isArray(value)) {
            // exact array: a match contains every element (or, rarely, holds the whole array as one element)
            if (!value.length) return undefined;
            const sets = value.map((v) => this.lookup(field, valueKey(v)));
            const every = SlotSet.intersect(sets);
            const whole = this.lookup(field, valueKey(value));
            return { set: whole.size ? SlotSet.union([every, whole]) : every, examined: Math.min(...sets.map((s) => s.size)) + whole.size };
        }
        const set = this.lookup(field, valueKey(value));
        return { set, examined: set.size };
    }

    /**
     * An `$elemMatch` on an array of subdocuments narrows to the documents holding one of its plain equality
     * fields (`{ channels: { $elemMatch: { 'visitor.visitorId': id } } }` reads `channels.visitor.visitorId`).
     */
    private forElemMatch(field: string, value: unknown): Found | undefined {
        if (!isOperatorObject(value) || Object.keys(value).length !== 1 || !value.$elemMatch || typeof value.$elemMatch !== 'object') {
            return undefined;
        }
        const found = Object.entries(value.$elemMatch as Record<string, unknown>)
            .filter(([sub]) => !sub.startsWith('$'))
            .map(([sub, v]) => this.forCondition(`${field}.${sub}`, v))
            .filter((f): f is Found => !!f);
        return found.length ? smallest(found) : undefined;
    }

    /** `$and`: the smallest set any branch allows; `$or`: the union of its branches, when every branch has one. */
    private forLogical(op: string, value: unknown): Found | undefined {
        if (!Array.isArray(value) || !value.length || (op !== '$and' && op !== '$or')) return undefined;
        const branches = value.map((q) => this.candidates(q as Query));
        const found = branches.filter((c): c is Extract<Candidates, { all: false }> => !c.all);
        if (op === '$and')
            return found.length ? { set: smallest(found).set, examined: Math.min(...found.map((f) => f.examined)) } : undefined;
        if (found.length !== branches.length) return undefined;
        return { set: SlotSet.union(found.map((f) => f.set)), examined: found.reduce((sum, f) => sum + f.examined, 0) };
    }

    /** The smallest candidate set for the query; all documents when no index helps. */
    candidates(query: Query): Candidates {
        const found: Found[] = [];
        let exact = true;
        for (const [field, value] of Object.entries(query)) {
            const one = field.startsWith('$')
                ? this.forLogical(field, value)
                : (this.forCondition(field, value) ?? this.forElemMatch(field, value));
            if (one) found.push(one);
            exact = exact && !!one && !field.startsWith('$') && isExactCondition(field, value);
        }
        if (!found.length) return { all: true };
        // Mongo's best plan uses one index: the condition that examines the fewest records.
        const examined = Math.min(...found.map((f) => f.examined));
        // Exact: every condition must hold, so intersect them all; else the smallest set, and mingo tests the rest.
        const set = exact ? SlotSet.intersect(found.map((f) => f.set)) : smallest(found).set;
        return { all: false, set, exact, examined };
    }
}

/** The answer with the fewest candidates. */
const smallest = (found: Found[]): Found => found.reduce((a, b) => (b.set.size < a.set.size ? b : a));
