import { recencyLabels, searchWindows } from '../../../src/domain/recency';

const windowsHolding = (lastChatAt: string, now: string) => {
    const labels = new Set(recencyLabels(lastChatAt));
    return searchWindows(new Date(now)).map((w) => (w === undefined ? true : labels.has(w)));
};

describe('search windows', () => {
    it('puts a chat of today in every window', () => {
        expect(windowsHolding('2026-11-25T10:00:00Z', '2026-11-25T12:00:00Z')).toEqual([true, true, true, true]);
    });
    it('keeps last week in the week window, across a year end', () => {
        expect(windowsHolding('2026-12-30T10:00:00Z', '2027-01-05T12:00:00Z')).toEqual([true, true, true, true]);
    });
    it('keeps last month, not the month before', () => {
        expect(windowsHolding('2026-10-02T10:00:00Z', '2026-11-25T12:00:00Z')).toEqual([false, true, true, true]);
        expect(windowsHolding('2026-09-20T10:00:00Z', '2026-11-25T12:00:00Z')).toEqual([false, false, true, true]);
    });
    it('keeps last year in the year window only', () => {
        expect(windowsHolding('2025-02-01T10:00:00Z', '2026-11-25T12:00:00Z')).toEqual([false, false, true, true]);
        expect(windowsHolding('2024-12-31T10:00:00Z', '2026-11-25T12:00:00Z')).toEqual([false, false, false, true]);
    });
    it('gives contacts never chatted with no window but "any time"', () => {
        expect(recencyLabels(undefined)).toEqual([]);
    });
});
