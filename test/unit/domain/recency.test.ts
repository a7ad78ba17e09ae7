import {
    AGENT_FIRST_LEVEL,
    FIRST_LEVEL,
    LAST_LEVEL,
    MAX_READS,
    RECORD_BUDGET,
    activityMeasure,
    readNewest,
    windowAt,
    windowLabels,
    type Window,
} from '../../../src/domain/recency';
import { seeded } from '@contact-center/engine-host/factories';

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

    it('from a level, are the labels of that level and those above it only', () => {
        const at = new Date(NOW - 5 * UNIT).toISOString();
        const all = windowLabels(at);
        expect(all).toHaveLength(2 * (LAST_LEVEL - FIRST_LEVEL + 1));
        expect(windowLabels(at, 4)).toEqual(all.filter((label) => Number(label.split(':')[0]) >= 4));
        expect(windowLabels(at, 4)).toHaveLength(2 * (LAST_LEVEL - 4 + 1));
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

const PAGE = 25;

/** `labels`: select by the records' labels; else by time (the same records, as the first test shows, but faster). */
async function run(all: number[], needed: number, end = NOW, since?: number, firstLevel?: number, labels = true) {
    const reads: (Window | undefined)[] = [];
    let records = 0;
    const result = await readNewest<number>({
        read: async (window) => {
            reads.push(window);
            const items = all.filter(
                (t) => t <= end && (!window || (labels ? labelsOf(t).has(window.label) : t >= window.from && t < (window.to ?? Infinity))),
            );
            records += items.length;
            return items;
        },
        needed,
        budget: RECORD_BUDGET * (needed - 1),
        end,
        timeOf: (t) => t,
        since,
        firstLevel,
    });
    return { ...result, reads, records };
}

const newestFirst = (list: number[]) => [...list].sort((a, b) => b - a);

describe('reading the newest matches', () => {
    it('reads about a page whatever the density (from a few a year to 60 an hour), and the page read is the true newest', async () => {
        for (const [seed, perHour] of [0.005, 0.02, 0.05, 0.2, 0.5, 2, 5, 20, 60].entries()) {
            const all = times(perHour, seed + 3);
            const { items, reads, records } = await run(all, PAGE + 1);
            expect(newestFirst(items).slice(0, PAGE + 1)).toEqual(newestFirst(all).slice(0, PAGE + 1));
            // At most four reads, "any time" included: four host calls at most (#8).
            expect(reads.length).toBeLessThanOrEqual(MAX_READS);
            expect(MAX_READS).toBeLessThanOrEqual(4);
            expect(records).toBeLessThanOrEqual(RECORD_BUDGET * PAGE);
        }
    });

    it('keeps to its budget of 4 pages of records in at least 95% of searches, and when it stops short still has the newest', async () => {
        let over = 0;
        let short = 0;
        let runs = 0;
        for (const [firstLevel, densities] of [
            [FIRST_LEVEL, [0.02, 0.2, 1, 5, 20, 60]],
            [AGENT_FIRST_LEVEL, [0.005, 0.02, 0.1, 0.5, 2]],
        ] as const) {
            for (const perHour of densities) {
                for (let seed = 0; seed < 25; seed++) {
                    const all = times(perHour, 1000 + seed * 31 + Math.round(perHour * 100));
                    // Searches at any minute of a week: where "now" falls in its buckets changes the windows.
                    const end = NOW + seed * 7 * 3_600_000 + seed * 60_000;
                    const shifted = all.map((t) => t + (end - NOW));
                    const { items, complete, reads, records } = await run(shifted, PAGE + 1, end, undefined, firstLevel, false);
                    runs++;
                    expect(reads.length).toBeLessThanOrEqual(MAX_READS);
                    // Past the budget only by chance (a window sized from a few matches), never by the whole history.
                    expect(records).toBeLessThanOrEqual(3 * RECORD_BUDGET * PAGE);
                    if (records > RECORD_BUDGET * PAGE) over++;
                    if (items.length < PAGE + 1 && !complete) short++;
                    expect(newestFirst(items)).toEqual(newestFirst(shifted).slice(0, items.length));
                }
            }
        }
        expect(over / runs).toBeLessThanOrEqual(0.05);
        // Stopping short is the rare price of the budget: the page then shows fewer rows and Next goes on from there.
        expect(short / runs).toBeLessThanOrEqual(0.05);
    });

    it('reads on from where the last window stopped: a tag of a million chats (3 an hour) never costs more than 4 pages', async () => {
        // The manager's tag filter of the benchmark at 1M (50,000 chats of a tag over two years), read from the tag
        // windows' first level, at every minute of two weeks: each record is read about once, and a window sized from a
        // few matches is checked against two deviations of the density they suggest, so no read overshoots the budget.
        const firstLevel = 2;
        let worst = 0;
        for (let seed = 0; seed < 200; seed++) {
            const end = NOW + seed * 101 * 60_000;
            const all = times(2.85, 500 + seed).map((t) => t + (end - NOW));
            const { items, reads, records } = await run(all, PAGE + 1, end, undefined, firstLevel, false);
            expect(reads.length).toBeLessThanOrEqual(MAX_READS);
            expect(newestFirst(items).slice(0, PAGE + 1)).toEqual(newestFirst(all).slice(0, PAGE + 1));
            worst = Math.max(worst, records);
        }
        expect(worst).toBeLessThanOrEqual(RECORD_BUDGET * PAGE);
    });

    it("starts an agent's sparser reads further back, and still reads about a page", async () => {
        for (const [seed, perHour] of [0.002, 0.005, 0.01, 0.02, 0.05, 0.2].entries()) {
            const all = times(perHour, seed + 3);
            const { items, reads, records } = await run(all, PAGE + 1, NOW, undefined, AGENT_FIRST_LEVEL);
            expect(newestFirst(items).slice(0, PAGE + 1)).toEqual(newestFirst(all).slice(0, PAGE + 1));
            expect(reads.length).toBeLessThanOrEqual(MAX_READS);
            expect(reads[0]?.level).toBe(AGENT_FIRST_LEVEL);
            expect(records).toBeLessThanOrEqual(RECORD_BUDGET * PAGE);
        }
    });

    it('stops before a read that would not fit the budget, with the newest matches it has', async () => {
        // Dense matches and a tiny budget: the first window already spends it.
        const all = times(60, 5);
        const result = await readNewest<number>({
            read: async (window) => all.filter((t) => !window || labelsOf(t).has(window.label)),
            needed: 200,
            budget: 40,
            end: NOW,
            timeOf: (t) => t,
        });
        expect(result.complete).toBe(false);
        expect(result.items.length).toBeGreaterThan(0);
        expect(result.items.length).toBeLessThan(200);
        expect(newestFirst(result.items)).toEqual(newestFirst(all).slice(0, result.items.length));
    });

    it('never stops at the budget with nothing to show: records that are not matches do not end the search', async () => {
        // Dense records (60 an hour over 83 hours), of which only those older than 40 hours match (the exact check
        // drops the rest): the first windows spend records on no match.
        const all = times(60, 7);
        const cutoff = NOW - 40 * HOUR;
        const result = await readNewest<number>({
            read: async (window) => all.filter((t) => !window || labelsOf(t).has(window.label)),
            keep: (t) => t < cutoff,
            needed: PAGE + 1,
            budget: RECORD_BUDGET * PAGE,
            end: NOW,
            timeOf: (t) => t,
        });
        expect(result.items.length).toBeGreaterThan(0);
        expect(newestFirst(result.items)).toEqual(newestFirst(all.filter((t) => t < cutoff)).slice(0, result.items.length));
    });

    it('reads everything when there are few matches', async () => {
        const all = [NOW - 5 * HOUR, NOW - 3000 * 24 * HOUR];
        const { items, complete, reads } = await run(all, PAGE + 1);
        expect(items.sort()).toEqual([...all].sort());
        expect(complete).toBe(true);
        expect(reads[reads.length - 1]).toBeUndefined();
    });

    it('knows it reached the end when the matches stop well inside the last window: a page past them offers no Next', async () => {
        // One an hour for the last 22 days and none before; page 22 of 25 asks for more than there are.
        const all = Array.from({ length: 530 }, (_, i) => NOW - (i + 1) * HOUR);
        const needed = 21 * PAGE + PAGE + 1;
        const reads: (Window | undefined)[] = [];
        const result = await readNewest<number>({
            read: async (window) => {
                reads.push(window);
                return all.filter((t) => !window || labelsOf(t).has(window.label));
            },
            needed,
            budget: RECORD_BUDGET * 22 * PAGE,
            end: NOW,
            timeOf: (t) => t,
        });
        expect(result.complete).toBe(true);
        expect(newestFirst(result.items)).toEqual(all);
        expect(reads[reads.length - 1]).toBeUndefined();
    });

    it('finds a single match however old it is (an exact name searched years later), for managers and agents', async () => {
        for (const firstLevel of [FIRST_LEVEL, AGENT_FIRST_LEVEL]) {
            for (const ageHours of [3, 40, 700, 5_000, 20_000, 50_000, 80_000]) {
                for (let shift = 0; shift < 10; shift++) {
                    const end = NOW + shift * 3_700_000;
                    const { items, complete, reads } = await run([end - ageHours * HOUR], PAGE + 1, end, undefined, firstLevel, false);
                    expect(items).toHaveLength(1);
                    expect(complete).toBe(true);
                    expect(reads.length).toBeLessThanOrEqual(MAX_READS);
                }
            }
        }
    });

    it('never answers an empty page while there are matches: a few chats of one day, months back, found at any hour', async () => {
        // A name searched 220 days after its 14 contacts' last chats (an hour apart); pages of 10 and 25. The windows
        // fall on absolute buckets, so what the reads reach depends on the hour: every 5 minutes of two days are tried.
        const all = Array.from({ length: 14 }, (_, i) => Date.parse('2026-05-01T10:15:00Z') + i * HOUR);
        const empty: string[] = [];
        for (const page of [10, PAGE]) {
            for (let minutes = 0; minutes < 2 * 24 * 60; minutes += 5) {
                const end = Date.parse('2026-12-07T00:00:00Z') + minutes * 60_000;
                const { items, reads } = await run(all, page + 1, end);
                if (items.length < Math.min(page, all.length)) empty.push(`${page} ${new Date(end).toISOString()}: ${items.length}`);
                expect(reads.length).toBeLessThanOrEqual(MAX_READS);
            }
        }
        expect(empty).toEqual([]);
    });

    it('never reads a date range without a window, and knows when it covered the range', async () => {
        const since = Date.parse('2025-01-01T00:00:00Z');
        const end = Date.parse('2026-10-31T23:59:59Z');
        const all = [since + HOUR, end - HOUR, since - 24 * HOUR];
        const { items, complete, reads } = await run(all, PAGE + 1, end, since);
        expect(reads.every((w) => w !== undefined)).toBe(true);
        expect(complete).toBe(true);
        expect(items.filter((t) => t >= since)).toHaveLength(2);
    });
});

describe("windows sized in the scope's records (its recent list)", () => {
    const MIN = 60_000;
    it('measures a stretch by the listed records in it, and before the list and after it was listed by its pace', () => {
        // 10 records a minute apart, listed at the newest one.
        const times = Array.from({ length: 10 }, (_, i) => NOW - (9 - i) * MIN);
        const measure = activityMeasure({ times, listedAt: NOW });
        expect(measure(NOW - 9 * MIN, NOW + 1)).toBeCloseTo(10, 3);
        expect(measure(NOW - 4.5 * MIN, NOW - 2.5 * MIN)).toBe(2);
        expect(measure(NOW - 20 * MIN, NOW - 20 * MIN)).toBe(0);
        // About a record a minute before the oldest, and after the list was read (records it could not know of yet).
        expect(measure(NOW - 19 * MIN, NOW - 9 * MIN)).toBeCloseTo(10, 0);
        expect(measure(NOW + 1, NOW + 10 * MIN)).toBeCloseTo(10, 0);
        // A list reaching back over a quiet night: before it, the pace of its older half, not the night's.
        const evening = Array.from({ length: 10 }, (_, i) => NOW - 12 * 60 * MIN - (9 - i) * MIN);
        const overNight = activityMeasure({ times: [...evening, ...times], listedAt: NOW });
        expect(overNight(NOW - 12 * 60 * MIN - 19 * MIN, NOW - 12 * 60 * MIN - 9 * MIN)).toBeCloseTo(10, 0);
        expect(overNight(NOW - 11 * 60 * MIN, NOW - 10 * MIN)).toBe(0);
        // Fewer than two records say nothing of a pace: time.
        expect(activityMeasure({ times: [NOW], listedAt: NOW })(NOW - HOUR, NOW)).toBe(HOUR);
    });

    /** Office hours, Monday to Friday 8:00 to 20:00 UTC: an agent's chats, 8 an hour, a third of them matching. */
    function officeWeeks(seed: number): { records: number[]; matches: number[] } {
        const r = seeded(seed);
        const records: number[] = [];
        for (let day = 1; day <= 28; day++) {
            const start = Date.parse('2026-11-30T08:00:00Z') - day * 24 * HOUR;
            const weekday = new Date(start).getUTCDay();
            if (weekday === 0 || weekday === 6) continue;
            for (let i = 0; i < 96; i++) records.push(start + r.int(12 * HOUR));
        }
        records.sort((a, b) => a - b);
        return { records, matches: records.filter(() => r.next() < 1 / 3) };
    }

    it("reads early on a Monday within the budget where windows sized in hours read into Friday's whole day", async () => {
        const overBudget = { list: 0, hours: 0 };
        for (let seed = 1; seed <= 10; seed++) {
            const { records, matches } = officeWeeks(seed);
            const end = Date.parse('2026-11-30T08:10:00Z') + seed * 5 * 60_000;
            for (const sizing of ['list', 'hours'] as const) {
                let read = 0;
                const result = await readNewest<number>({
                    read: async (window) => {
                        const found = matches.filter((t) => t <= end && (!window || (t >= window.from && t < window.to)));
                        read += found.length;
                        return found;
                    },
                    needed: 26,
                    budget: RECORD_BUDGET * 25,
                    end,
                    timeOf: (t) => t,
                    firstLevel: AGENT_FIRST_LEVEL,
                    labelsFrom: FIRST_LEVEL,
                    ...(sizing === 'list' ? { activity: { times: records.slice(-500), listedAt: end } } : {}),
                });
                // Either way, the page holds the newest matches.
                const newest = matches.filter((t) => t <= end).slice(-result.items.length);
                expect([...result.items].sort((a, b) => a - b)).toEqual(newest);
                if (read > RECORD_BUDGET * 25) overBudget[sizing]++;
                if (sizing === 'list') expect([seed, result.items.length >= 25]).toEqual([seed, true]);
            }
        }
        expect(overBudget.list).toBe(0);
        expect(overBudget.hours).toBeGreaterThan(5);
    });
});
