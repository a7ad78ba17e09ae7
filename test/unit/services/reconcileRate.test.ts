import { nextShardCount } from '../../../src/services/reconcile';

describe('the reconciliation keeps to its rate at any directory size', () => {
    it('reads one shard while the density is unknown, then as many as fit the entries left this minute', () => {
        expect(nextShardCount(600, undefined, 103)).toBe(1);
        // 200,000 contacts over 1,024 shards: about 195 a shard, so three fit the default 600 a minute.
        expect(nextShardCount(600, 195, 103)).toBe(3);
        expect(nextShardCount(600 - 3 * 195, 195, 100)).toBe(1);
        // A small directory: eight side by side.
        expect(nextShardCount(600, 2, 103)).toBe(8);
        expect(nextShardCount(600, 0, 103)).toBe(8);
        // Never past the shards left in the run or the round, never none.
        expect(nextShardCount(600, 2, 5)).toBe(5);
        expect(nextShardCount(10, 400, 103)).toBe(1);
    });

    it('checks about the rate a minute over a run at the large size, not eight shards a read', () => {
        const perShard = 195;
        let checked = 0;
        let density: number | undefined;
        while (checked < 600) {
            const count = nextShardCount(600 - checked, density, 103);
            checked += count * perShard;
            density = perShard;
        }
        expect(checked).toBeLessThanOrEqual(600 + perShard);
    });
});
