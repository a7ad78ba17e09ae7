import { percentile } from '../bench/stats';

describe('bench percentiles (nearest rank)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted on purpose

    it('takes the 95th of 100 samples for p95 and the 50th for p50, not the slowest', () => {
        expect(percentile(hundred, 95)).toBe(95);
        expect(percentile(hundred, 50)).toBe(50);
        expect(percentile(hundred, 100)).toBe(100);
    });

    it('takes the 19th of 20 for p95 (the second slowest) and handles one sample', () => {
        const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
        expect(percentile(twenty, 95)).toBe(19);
        expect(percentile([7], 95)).toBe(7);
        expect(percentile([7], 0)).toBe(7);
    });
});
