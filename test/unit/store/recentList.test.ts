import type { Scope } from '../../../src/domain/access';
import { RECENT_CAPACITY, RecentList } from '../../../src/store/RecentList';
import { fakePersistence } from './fakePersistence';

type Entry = { id: string; name: string; at: number };
const ALL: Scope = { kind: 'all' };
const newestFirst = (a: Entry, b: Entry) => b.at - a.at;
const setup = () => {
    const fake = fakePersistence();
    const list = new RecentList<Entry>(fake.reader, 'contacts', (e) => e.id, newestFirst);
    const stored = () => fake.matching(['cc:list:contacts:all']);
    return { ...fake, list, stored };
};
const entry = (i: number, name = `Person ${i}`): Entry => ({ id: `c${i}`, name, at: i });

describe('RecentList: writers on any number of instances lose nothing', () => {
    it('keeps every entry written at once by 200 writers', async () => {
        const { list, persistence } = setup();
        await Promise.all(Array.from({ length: 200 }, (_, i) => list.record(persistence, [ALL], entry(i), 1)));
        const shown = (await list.list(ALL)).entries;
        expect(shown).toHaveLength(200);
        expect(shown[0].id).toBe('c199');
    });

    it('of two versions of an entry, the higher revision wins whatever order they land in', async () => {
        const { list, persistence } = setup();
        await list.record(persistence, [ALL], entry(1, 'Newer'), 5);
        await list.record(persistence, [ALL], entry(1, 'Older'), 4);
        expect((await list.list(ALL)).entries.map((e) => e.name)).toEqual(['Newer']);
    });

    it('a removal hides the entry; an entry written again later comes back', async () => {
        const { list, persistence } = setup();
        await list.record(persistence, [ALL], entry(1), 3);
        await list.record(persistence, [ALL], entry(2), 1);
        await list.record(persistence, [ALL], entry(1), 3, true);
        expect((await list.list(ALL)).entries.map((e) => e.id)).toEqual(['c2']);
        await new Promise((resolve) => setTimeout(resolve, 2));
        await list.record(persistence, [ALL], entry(1, 'Back'), 1);
        expect((await list.list(ALL)).entries.map((e) => e.name)).toEqual(['Person 2', 'Back']);
    });

    it('folds change records into a base: the records of a list stay few, and the order and cap hold', async () => {
        const { list, persistence, stored } = setup();
        for (let i = 0; i < RECENT_CAPACITY + 100; i++) {
            await list.record(persistence, [ALL], entry(i), 1);
            expect(stored().length).toBeLessThanOrEqual(18);
        }
        const shown = (await list.list(ALL)).entries;
        expect(shown).toHaveLength(RECENT_CAPACITY);
        expect(shown[0].id).toBe(`c${RECENT_CAPACITY + 99}`);
        expect(shown[RECENT_CAPACITY - 1].id).toBe('c100');
    });

    it('says it left older entries out, even once removals took it below its capacity', async () => {
        const { list, persistence } = setup();
        for (let i = 0; i < RECENT_CAPACITY; i++) {
            await list.record(persistence, [ALL], entry(i), 1);
        }
        expect((await list.list(ALL)).truncated).toBe(false);
        await list.record(persistence, [ALL], entry(RECENT_CAPACITY), 1);
        // Folded into a base of the newest RECENT_CAPACITY (forgetting an id no entry has folds at once): c0 is
        // gone from every record of the list.
        await list.forgetId(persistence, [ALL], 'nobody');
        await list.record(persistence, [ALL], entry(RECENT_CAPACITY), 1, true);
        const shown = await list.list(ALL);
        expect(shown.entries).toHaveLength(RECENT_CAPACITY - 1);
        expect(shown.entries.map((e) => e.id)).not.toContain('c0');
        expect(shown.truncated).toBe(true);
    });

    it('does not take a base of an earlier version for all of its scope, and keeps not knowing when it folds it again', async () => {
        const { list, persistence } = setup();
        const changes = Array.from({ length: RECENT_CAPACITY - 1 }, (_, i) => ({ id: `c${i}`, entry: entry(i), revision: 1, at: 1 }));
        // As an earlier version folded it: no word on whether it left entries out.
        await persistence.createWithAssociations({ list: 'base', revision: 1, changes }, [
            { model: 'misc', id: 'cc:list:contacts:all' },
            { model: 'misc', id: 'cc:list-base:contacts:all' },
        ] as never);
        expect((await list.list(ALL)).truncated).toBeUndefined();
        await list.forgetId(persistence, [ALL], 'nobody');
        const refolded = await list.list(ALL);
        expect([refolded.entries.length, refolded.truncated]).toEqual([RECENT_CAPACITY - 1, undefined]);
        // Overflowing it says so.
        await list.record(persistence, [ALL], entry(RECENT_CAPACITY), 1);
        await list.record(persistence, [ALL], entry(RECENT_CAPACITY + 1), 1);
        expect((await list.list(ALL)).truncated).toBe(true);
    });

    it('reads a list in one call', async () => {
        const { list, persistence, calls } = setup();
        await list.record(persistence, [ALL], entry(1), 1);
        const before = calls.read ?? 0;
        await list.list(ALL);
        expect((calls.read ?? 0) - before).toBe(1);
    });
});
