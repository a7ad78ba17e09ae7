import { inParallel } from '../../../src/services/parallel';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('inParallel', () => {
    it('keeps the items’ order and never has more than the limit in flight', async () => {
        let inFlight = 0;
        let most = 0;
        const results = await inParallel([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
            most = Math.max(most, ++inFlight);
            for (let i = 0; i < n; i++) await tick();
            inFlight--;
            return n * 10;
        });
        expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
        expect(most).toBe(3);
    });

    it('reports the first failure only once every call in flight has finished, and starts no new one after it', async () => {
        const finished: number[] = [];
        const started: number[] = [];
        const run = inParallel([0, 1, 2, 3, 4, 5], 2, async (n) => {
            started.push(n);
            await tick();
            if (n === 1) throw new Error('failed at 1');
            await tick();
            await tick();
            finished.push(n);
            return n;
        });
        await expect(run).rejects.toThrow('failed at 1');
        // 0 was in flight when 1 failed: it finished before the failure was reported.
        expect(finished).toContain(0);
        expect(started.length).toBeLessThan(6);
    });

    it('answers an empty list at once', async () => {
        await expect(inParallel([], 4, async () => 1)).resolves.toEqual([]);
    });
});
