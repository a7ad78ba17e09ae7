/**
 * Where a MemoryStore collection keeps its documents, by slot (a document's place in natural order).
 *
 * - `SerializedTable` (the default) keeps each document as UTF-8 JSON in large Buffers, outside the JavaScript
 *   heap, as a database keeps them in its own pages: a benchmark-sized workspace (a million rooms, more than a
 *   million persistence records) would otherwise be gigabytes of small objects that every garbage collection of
 *   the host walks, and those collections would land on the actions being timed. A read decodes a fresh copy.
 * - `ObjectTable` keeps the objects themselves (reads must copy them): for tests that want the old behaviour.
 *
 * Dates, binary values and regular expressions survive the round trip; functions and undefined fields are dropped,
 * as BSON would drop them.
 */
export interface DocumentTable<T> {
    /** True when `get` hands out a copy the caller may keep and change. */
    readonly copies: boolean;
    get(slot: number): T | undefined;
    set(slot: number, doc: T): void;
    delete(slot: number): void;
}

export class ObjectTable<T> implements DocumentTable<T> {
    readonly copies = false;
    private readonly docs: (T | undefined)[] = [];

    get(slot: number): T | undefined {
        return this.docs[slot];
    }

    set(slot: number, doc: T): void {
        this.docs[slot] = doc;
    }

    delete(slot: number): void {
        this.docs[slot] = undefined;
    }
}

/** Tags of the values JSON cannot carry, at the start of a string (a string that starts with the tag is escaped). */
const TAG = '\u0000';
const tagOf = (value: unknown) => Object.prototype.toString.call(value);

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
    const raw = this[key];
    if (typeof raw === 'string') return raw.startsWith(TAG) ? `${TAG}S${raw}` : raw;
    if (raw === null || typeof raw !== 'object') return value;
    const tag = tagOf(raw);
    if (tag === '[object Date]') return `${TAG}D${(raw as Date).getTime()}`;
    if (tag === '[object RegExp]') return `${TAG}R${(raw as RegExp).flags}/${(raw as RegExp).source}`;
    if (ArrayBuffer.isView(raw)) return `${TAG}B${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')}`;
    return value;
}

/** The value a tagged string stands for (the replacer's work undone). */
function untag(value: string): unknown {
    const body = value.slice(2);
    switch (value[1]) {
        case 'D':
            return new Date(Number(body));
        case 'R': {
            const slash = body.indexOf('/');
            return new RegExp(body.slice(slash + 1), body.slice(0, slash));
        }
        case 'B':
            return Buffer.from(body, 'base64');
        default:
            return body;
    }
}

const isTagged = (value: unknown): value is string => typeof value === 'string' && value.charCodeAt(0) === 0;

/** Replaces tagged strings in place, throughout a parsed document. */
function untagAll(value: unknown): unknown {
    if (isTagged(value)) return untag(value);
    if (value !== null && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        for (const key of Object.keys(o)) {
            const v = o[key];
            if (v !== null && typeof v === 'object') untagAll(v);
            else if (isTagged(v)) o[key] = untag(v);
        }
    }
    return value;
}

/** Whether a document holds a value plain JSON would not carry back (a date, binary, a regexp, a tag-like string). */
function needsTags(value: unknown): boolean {
    if (typeof value === 'string') return value.charCodeAt(0) === 0;
    if (value === null || typeof value !== 'object') return false;
    if (Array.isArray(value)) return value.some(needsTags);
    const tag = tagOf(value);
    if (tag !== '[object Object]') return tag === '[object Date]' || tag === '[object RegExp]' || ArrayBuffer.isView(value);
    for (const key in value as Record<string, unknown>) if (needsTags((value as Record<string, unknown>)[key])) return true;
    return false;
}

/**
 * A document as the table stores it, and back. Plain JSON when nothing needs a tag (persistence records, mostly);
 * the tagged strings are looked for only in a text that holds one (JSON writes the tag as an escape).
 */
export const encodeDocument = (doc: unknown): string => (needsTags(doc) ? JSON.stringify(doc, replacer) : JSON.stringify(doc));
export const decodeDocument = <T>(text: string): T => (text.includes('\\u0000') ? untagAll(JSON.parse(text)) : JSON.parse(text)) as T;

/** Buffers of this size hold the documents one after another; a larger document gets a Buffer of its own. */
const SLAB_BYTES = 32 * 2 ** 20;

export class SerializedTable<T> implements DocumentTable<T> {
    readonly copies = true;
    private readonly slabs: Buffer[] = [];
    /** The slab being filled, and its bytes in use. */
    private current = -1;
    private used = SLAB_BYTES;
    /** Per slot: slab number, start and length (-1: no document). */
    private slab = new Int32Array(1024);
    private start = new Int32Array(1024);
    private length = new Int32Array(1024).fill(-1);
    /** Bytes of replaced and deleted documents: left in place, never read again. */
    garbageBytes = 0;

    private grow(slot: number): void {
        if (slot < this.length.length) return;
        let size = this.length.length;
        while (size <= slot) size *= 2;
        const widen = (a: Int32Array, fill: number) => {
            const b = new Int32Array(size).fill(fill);
            b.set(a);
            return b;
        };
        this.slab = widen(this.slab, 0);
        this.start = widen(this.start, 0);
        this.length = widen(this.length, -1);
    }

    get(slot: number): T | undefined {
        const length = slot < this.length.length ? this.length[slot] : -1;
        if (length < 0) return undefined;
        const start = this.start[slot];
        return decodeDocument<T>(this.slabs[this.slab[slot]].toString('utf8', start, start + length));
    }

    set(slot: number, doc: T): void {
        this.grow(slot);
        this.delete(slot);
        const text = encodeDocument(doc);
        const bytes = Buffer.byteLength(text);
        if (bytes > SLAB_BYTES) {
            this.slabs.push(Buffer.from(text));
            this.place(slot, this.slabs.length - 1, 0, bytes);
            return;
        }
        if (this.used + bytes > SLAB_BYTES) {
            this.current = this.slabs.push(Buffer.allocUnsafe(SLAB_BYTES)) - 1;
            this.used = 0;
        }
        this.slabs[this.current].write(text, this.used, 'utf8');
        this.place(slot, this.current, this.used, bytes);
        this.used += bytes;
    }

    private place(slot: number, slab: number, start: number, length: number): void {
        this.slab[slot] = slab;
        this.start[slot] = start;
        this.length[slot] = length;
    }

    delete(slot: number): void {
        if (slot < this.length.length && this.length[slot] >= 0) {
            this.garbageBytes += this.length[slot];
            this.length[slot] = -1;
        }
    }
}
