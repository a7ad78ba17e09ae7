import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { BACKFILL_PAGE, countRooms, nextPage, sinceAfterPage } from '../../../src/services/backfill';

/** A room reader over `total` rooms, counting its calls. */
function roomsOf(total: number) {
    const calls: Array<{ skip: number; limit: number }> = [];
    const getAllRooms = async (_filter: unknown, options: { skip: number; limit: number }) => {
        calls.push(options);
        return Array.from({ length: Math.max(0, Math.min(options.limit, total - options.skip)) }, (_, i) => ({
            id: `r${options.skip + i}`,
        }));
    };
    return { read: { getRoomReader: () => ({ getAllRooms }) } as unknown as IRead, calls };
}

describe('the backfill reads the newest rooms first', () => {
    it.each([0, 1, 99, 100, 101, 199, 200, 201, 1_000, 12_345, 1_000_000])('counts %i rooms', async (total) => {
        const { read, calls } = roomsOf(total);
        expect(await countRooms(read)).toBe(total);
        expect(calls.every((c) => c.limit === 1)).toBe(true);
        // Doubling from a page, then halving the gap: about 2 log2(rooms / 100) look-ups.
        expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(Math.max(total, BACKFILL_PAGE) / BACKFILL_PAGE)) + 8);
    });

    it('reads every position once, the newest page first, the last page short', () => {
        for (const total of [0, 1, 100, 250, 1_001]) {
            const read: number[] = [];
            const pages: Array<{ skip: number; limit: number }> = [];
            for (let skip = 0; skip < total;) {
                const page = nextPage({ total, skip });
                pages.push(page);
                for (let p = page.skip; p < page.skip + page.limit; p++) read.push(p);
                skip += page.limit;
            }
            expect(read.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
            expect(pages[0]?.skip ?? 0).toBe(Math.max(0, total - BACKFILL_PAGE));
            expect(pages.every((p) => p.limit > 0 && p.limit <= BACKFILL_PAGE)).toBe(true);
        }
        expect(nextPage({ total: 250, skip: 0 })).toEqual({ skip: 150, limit: 100 });
        expect(nextPage({ total: 250, skip: 200 })).toEqual({ skip: 0, limit: 50 });
    });

    it('goes on from the oldest room on with a walk an earlier version started (no count)', () => {
        expect(nextPage({ skip: 300 })).toEqual({ skip: 300, limit: BACKFILL_PAGE });
    });
});

describe('since when every conversation is indexed', () => {
    const walk = { total: 1_000 };
    it('the oldest start read so far, while each page is older than the pages before it', () => {
        const first = sinceAfterPage(walk, { oldest: '2026-03-01T10:00:00Z', newest: '2026-03-02T09:00:00Z' });
        expect(first).toEqual({ since: '2026-03-01T10:00:00Z' });
        expect(sinceAfterPage({ ...walk, ...first }, { oldest: '2026-02-27T08:00:00Z', newest: '2026-03-01T10:00:00Z' })).toEqual({
            since: '2026-02-27T08:00:00Z',
        });
        // A page without a start (rooms without one) keeps the date.
        expect(sinceAfterPage({ ...walk, ...first }, {})).toEqual(first);
    });

    it('no date once a page holds a room newer than those read, nor after', () => {
        const since = '2026-03-01T10:00:00Z';
        expect(sinceAfterPage({ ...walk, since }, { oldest: '2026-02-01T00:00:00Z', newest: '2026-03-05T00:00:00Z' })).toEqual({
            unordered: true,
        });
        expect(sinceAfterPage({ ...walk, unordered: true }, { oldest: '2026-01-01T00:00:00Z', newest: '2026-01-02T00:00:00Z' })).toEqual({
            unordered: true,
        });
    });

    it('none for a walk from the oldest room on (an earlier version started it)', () => {
        expect(sinceAfterPage({}, { oldest: '2026-03-01T10:00:00Z', newest: '2026-03-02T09:00:00Z' })).toEqual({});
    });
});
