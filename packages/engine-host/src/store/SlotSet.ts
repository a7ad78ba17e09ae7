/**
 * The slots of one index key, ascending, in an Int32Array: 4 bytes a slot, outside the JavaScript heap. A Set of
 * numbers costs about 30 bytes a member on the heap, and a million-room store holds tens of millions of them: the
 * host's garbage collector would walk them all on every major collection, during the actions being timed.
 *
 * A collection hands out slots in ascending order and never reuses one, so adding is an append except when an
 * update gives a kept slot a new key; removing shifts the members after it, few when the slot is recent (an old
 * revision removed after its successor was written).
 */
export class SlotSet implements ReadonlySet<number> {
    private slots: Int32Array;
    private count = 0;

    constructor(initial: Iterable<number> = []) {
        const sorted = Int32Array.from(new Set(initial)).sort();
        this.slots = new Int32Array(Math.max(4, sorted.length));
        this.slots.set(sorted);
        this.count = sorted.length;
    }

    /**
     * The slots in every one of `sets`: the smallest walked in order, each of the others searched from where its
     * last search ended, in steps that double (galloping), so a walk costs about m log(n / m), not m log n.
     */
    static intersect(sets: readonly SlotSet[]): SlotSet {
        const [first, ...others] = [...sets].sort((a, b) => a.count - b.count);
        const out = new SlotSet();
        if (!first) return out;
        const found = new Int32Array(Math.max(4, first.count));
        const cursors = new Int32Array(others.length);
        let n = 0;
        walk: for (let i = 0; i < first.count; i++) {
            const slot = first.slots[i];
            for (let j = 0; j < others.length; j++) {
                const other = others[j];
                const at = gallop(other.slots, other.count, cursors[j], slot);
                cursors[j] = at;
                if (at === other.count) break walk;
                if (other.slots[at] !== slot) continue walk;
            }
            found[n++] = slot;
        }
        out.slots = found;
        out.count = n;
        return out;
    }

    /** The slots in any one of `sets`, in order. */
    static union(sets: Iterable<ReadonlySet<number>>): SlotSet {
        const all = [...sets];
        const merged = new Int32Array(
            Math.max(
                4,
                all.reduce((sum, set) => sum + set.size, 0),
            ),
        );
        let n = 0;
        for (const set of all) for (const slot of set) merged[n++] = slot;
        merged.subarray(0, n).sort();
        let kept = 0;
        for (let i = 0; i < n; i++) if (kept === 0 || merged[kept - 1] !== merged[i]) merged[kept++] = merged[i];
        const out = new SlotSet();
        out.slots = merged;
        out.count = kept;
        return out;
    }

    get size(): number {
        return this.count;
    }

    /** Where `slot` is, or where it would go (a negative number: -(place) - 1). */
    private find(slot: number): number {
        let low = 0;
        let high = this.count - 1;
        while (low <= high) {
            const mid = (low + high) >>> 1;
            const value = this.slots[mid];
            if (value < slot) low = mid + 1;
            else if (value > slot) high = mid - 1;
            else return mid;
        }
        return -low - 1;
    }

    has(slot: number): boolean {
        return this.find(slot) >= 0;
    }

    add(slot: number): this {
        const last = this.count - 1;
        const at = last >= 0 && this.slots[last] < slot ? -this.count - 1 : this.find(slot);
        if (at >= 0) return this;
        const place = -at - 1;
        if (this.count === this.slots.length) {
            const wider = new Int32Array(this.slots.length * 2);
            wider.set(this.slots);
            this.slots = wider;
        }
        this.slots.copyWithin(place + 1, place, this.count);
        this.slots[place] = slot;
        this.count++;
        return this;
    }

    delete(slot: number): boolean {
        const at = this.find(slot);
        if (at < 0) return false;
        this.slots.copyWithin(at, at + 1, this.count);
        this.count--;
        // Keys that shrank a lot (a burst of writes taken back) give their room back.
        if (this.slots.length > 64 && this.count * 4 < this.slots.length) this.slots = this.slots.slice(0, this.count * 2);
        return true;
    }

    /** The members as they are now, in order: a copy that later writes leave alone (a long scan yields between slots). */
    snapshot(): Int32Array {
        return this.slots.slice(0, this.count);
    }

    /** The only member of a set of one. */
    first(): number {
        return this.slots[0];
    }

    *values(): SetIterator<number> {
        // Callers walk a key's slots synchronously (to intersect or order them): no write comes in between.
        const { slots, count } = this;
        for (let i = 0; i < count; i++) yield slots[i];
    }

    keys(): SetIterator<number> {
        return this.values();
    }

    *entries(): SetIterator<[number, number]> {
        for (const slot of this.values()) yield [slot, slot];
    }

    [Symbol.iterator](): SetIterator<number> {
        return this.values();
    }

    forEach(callback: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
        for (const slot of this.values()) callback.call(thisArg, slot, slot, this);
    }
}

/** The first place at or after `from` whose slot is not below `slot` (`count` if none), in doubling steps. */
function gallop(slots: Int32Array, count: number, from: number, slot: number): number {
    let low = from;
    let high = from;
    let step = 1;
    while (high < count && slots[high] < slot) {
        low = high + 1;
        high += step;
        step *= 2;
    }
    if (high > count) high = count;
    while (low < high) {
        const mid = (low + high) >>> 1;
        if (slots[mid] < slot) low = mid + 1;
        else high = mid;
    }
    return low;
}
