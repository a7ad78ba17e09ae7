import { SlotSet } from '../src/store/SlotSet';

/** A small deterministic generator, so a failure repeats. */
function random(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
    };
}

describe('SlotSet', () => {
    it('holds each slot once, in ascending order, whatever order they come in', () => {
        const set = new SlotSet([9, 3, 3, 7]);
        set.add(1).add(12).add(7).add(5);
        expect([...set]).toEqual([1, 3, 5, 7, 9, 12]);
        expect(set.size).toBe(6);
        expect(set.has(5)).toBe(true);
        expect(set.has(6)).toBe(false);
        expect(set.delete(6)).toBe(false);
        expect(set.delete(1)).toBe(true);
        expect(set.first()).toBe(3);
    });

    it('agrees with a Set through thousands of appends, inserts and removals, and gives room back', () => {
        const next = random(7);
        const set = new SlotSet();
        const reference = new Set<number>();
        let tail = 0;
        for (let step = 0; step < 20_000; step++) {
            const r = next();
            if (r < 0.5) {
                // A new document: the next slot.
                tail += 1 + Math.floor(next() * 3);
                set.add(tail);
                reference.add(tail);
            } else if (r < 0.65) {
                // An update giving a kept slot the key.
                const slot = Math.floor(next() * tail);
                set.add(slot);
                reference.add(slot);
            } else {
                const slot = Math.floor(next() * (tail + 1));
                expect(set.delete(slot)).toBe(reference.delete(slot));
            }
        }
        expect(set.size).toBe(reference.size);
        expect([...set]).toEqual([...reference].sort((a, b) => a - b));
        for (let slot = 0; slot <= tail; slot++) expect(set.has(slot)).toBe(reference.has(slot));
        for (const slot of [...reference]) set.delete(slot);
        expect(set.size).toBe(0);
        expect([...set]).toEqual([]);
    });

    it('hands out a snapshot that later writes leave alone', () => {
        const set = new SlotSet([1, 2, 3, 4]);
        const snapshot = set.snapshot();
        set.delete(2);
        set.add(0);
        expect([...snapshot]).toEqual([1, 2, 3, 4]);
        expect([...set.snapshot()]).toEqual([0, 1, 3, 4]);
    });

    it('intersects sets of very different sizes like a walk of the smallest with look-ups in the others', () => {
        const next = random(11);
        for (let round = 0; round < 50; round++) {
            const sets = [0.9, 0.3, 0.02, next()].slice(0, 2 + (round % 3)).map((density) => {
                const members = Array.from({ length: 5_000 }, (_, slot) => slot).filter(() => next() < density);
                return { set: new SlotSet(members), reference: new Set(members) };
            });
            const [smallest, ...others] = [...sets].sort((a, b) => a.set.size - b.set.size);
            const expected = [...smallest.reference].filter((slot) => others.every((o) => o.reference.has(slot)));
            const found = SlotSet.intersect(sets.map((s) => s.set));
            expect([...found]).toEqual(expected.sort((a, b) => a - b));
            expect(found.size).toBe(expected.length);
        }
        expect(SlotSet.intersect([new SlotSet([1, 2]), new SlotSet()]).size).toBe(0);
        expect([...SlotSet.intersect([new SlotSet([5, 9, 4000])])]).toEqual([5, 9, 4000]);
    });

    it('unites sets in order, each slot once', () => {
        const union = SlotSet.union([new SlotSet([7, 2, 40]), new SlotSet([2, 3]), new SlotSet(), new SlotSet([40, 1])]);
        expect([...union]).toEqual([1, 2, 3, 7, 40]);
        expect(union.size).toBe(5);
        expect(union.has(3) && !union.has(4)).toBe(true);
        expect(SlotSet.union([]).size).toBe(0);
    });
});
