import { AGENT_FIRST_LEVEL, FIRST_LEVEL, LAST_LEVEL, MAX_WINDOWS, readNewest, windowAt, windowLabels, type Window } from '../../../src/domain/recency';
import { seeded } from '../../host/factories';

const HOUR = 3_600_000;
const UNIT = HOUR / 2;
const NOW = Date.parse('2026-11-25T12:34:56Z');

describe('time windows', () => {
    it('select exactly the records from the start of the previous bucket on', () => {
        const r = seeded(11);
        for (let level = FIRST_LEVEL; level <= LAST_LEVEL; level++) {
            const window = windowAt(level, NOW);
            const bucketEnd = window.from + 2 * 2 ** level * UNIT;
            expect(NOW - window.from).toBeGreaterThanOrEqual(2 ** level * UNIT);
            for (let i = 0; i < 200; i++) {
                const at = NOW - r.int(4 * 2 ** level * UNIT);
                expect(windowLabels(new Date(at).toISOString()).includes(window.label)).toBe(at >= window.from && at < bucketEnd);
            }
        }
    });

    it('give records without a time no window (they are found by "any time")', () => {
        expect(windowLabels(undefined)).toEqual([]);
        expect(windowLabels('not a date')).toEqual([]);
    });
});

/** `perHour` matches spread evenly over two years (at most the last 5,000 of them, to keep the test fast). */
function times(perHour: number, seed: number): number[] {
    const r = seeded(seed);
    const hours = Math.min(2 * 8760, 5_000 / perHour);
    return Array.from({ length: Math.round(perHour * hours) }, () => NOW - Math.floor(hours * HOUR * r.next()));
}

const labels = new Map<number, Set<string>>();
function labelsOf(t: number): Set<string> {
    let found = labels.get(t);
    if (!found) labels.set(t, (found = new Set(windowLabels(new Date(t).toISOString()))));
    return found;
}

async function run(all: number[], needed: number, end = NOW, since?: number, firstLevel?: number) {
    const reads: (Window | undefined)[] = [];
    let records = 0;
    const result = await readNewest(
        async (window) => {
            reads.push(window);
            const items = all.filter((t) => t <= end && (!window || labelsOf(t).has(window.label)));
            records += items.length;
            return items;
        },
        needed,
        end,
        (t) => t,
        since,
        firstLevel,
    );
    return { ...result, reads, records };
}

describe('reading the newest matches', () => {
    it('reads about a page whatever the density (from a few a year to 60 an hour), and the page read is the true newest', async () => {
        const costs: number[] = [];
        for (const [seed, perHour] of [0.005, 0.02, 0.05, 0.2, 0.5, 2, 5, 20, 60].entries()) {
            const all = times(perHour, seed + 3);
            const { items, reads, records } = await run(all, 26);
            const newest = [...all].sort((a, b) => b - a).slice(0, 26);
            expect([...items].sort((a, b) => b - a).slice(0, 26)).toEqual(newest);
            // At most MAX_WINDOWS windows, then "any time": four host calls at most (#8).
            expect(reads.length).toBeLessThanOrEqual(MAX_WINDOWS + 1);
            expect(MAX_WINDOWS + 1).toBeLessThanOrEqual(4);
            // Windows are sized from a few matches: chance can make one twice too long, never the whole history.
            expect(records).toBeLessThanOrEqual(8 * 25);
            costs.push(records);
        }
        expect(costs.reduce((a, b) => a + b, 0) / costs.length).toBeLessThanOrEqual(4 * 25);
    });

    it("starts an agent's sparser reads further back, and still reads about a page", async () => {
        for (const [seed, perHour] of [0.002, 0.005, 0.01, 0.02, 0.05, 0.2].entries()) {
            const all = times(perHour, seed + 3);
            const { items, reads, records } = await run(all, 26, NOW, undefined, AGENT_FIRST_LEVEL);
            expect([...items].sort((a, b) => b - a).slice(0, 26)).toEqual([...all].sort((a, b) => b - a).slice(0, 26));
            expect(reads.length).toBeLessThanOrEqual(MAX_WINDOWS + 1);
            expect(reads[0]?.level).toBe(AGENT_FIRST_LEVEL);
            expect(records).toBeLessThanOrEqual(8 * 25);
        }
    });

    it('reads everything when there are few matches', async () => {
        const all = [NOW - 5 * HOUR, NOW - 3000 * 24 * HOUR];
        const { items, complete, reads } = await run(all, 26);
        expect(items.sort()).toEqual([...all].sort());
        expect(complete).toBe(true);
        expect(reads[reads.length - 1]).toBeUndefined();
    });

    it('never reads a date range without a window, and knows when it covered the range', async () => {
        const since = Date.parse('2025-01-01T00:00:00Z');
        const end = Date.parse('2026-10-31T23:59:59Z');
        const all = [since + HOUR, end - HOUR, since - 24 * HOUR];
        const { items, complete, reads } = await run(all, 26, end, since);
        expect(reads.every((w) => w !== undefined)).toBe(true);
        expect(complete).toBe(true);
        expect(items.filter((t) => t >= since)).toHaveLength(2);
    });
});
