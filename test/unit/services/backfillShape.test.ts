import { agentNamesReady, shapeOfEveryChat, tagWindowsReady, type BackfillState } from '../../../src/services/backfill';

const state = (fields: Partial<BackfillState>): BackfillState => ({
    skip: 0,
    indexed: 0,
    done: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...fields,
});

/** Which associations every archived chat is known to carry, by the backfill's state: what the Chats filters may read. */
describe('what every archived chat carries', () => {
    it('no backfill yet: nothing was archived by an earlier version', () => {
        expect([tagWindowsReady(undefined), agentNamesReady(undefined)]).toEqual([true, true]);
    });

    it('a walk started on nothing: every chat is saved by it or by a version as recent', () => {
        expect([tagWindowsReady(state({ shape: 4 })), agentNamesReady(state({ shape: 4 }))]).toEqual([true, true]);
        expect([tagWindowsReady(state({ shape: 3 })), agentNamesReady(state({ shape: 3 }))]).toEqual([true, false]);
    });

    it('an upgrade: the shape the directory had until its walk finishes, the new one after', () => {
        const walking = state({ shape: 4, earlierShape: 3 });
        expect([tagWindowsReady(walking), agentNamesReady(walking)]).toEqual([true, false]);
        const done = { ...walking, done: true };
        expect([tagWindowsReady(done), agentNamesReady(done)]).toEqual([true, true]);
        const fromTwo = state({ shape: 4, earlierShape: 2 });
        expect([tagWindowsReady(fromTwo), agentNamesReady(fromTwo)]).toEqual([false, false]);
    });

    it('an earlier version left finished: what it built, nothing more', () => {
        const finished = state({ shape: 3, earlierShape: 2, done: true });
        expect([tagWindowsReady(finished), agentNamesReady(finished)]).toEqual([true, false]);
        expect(tagWindowsReady(state({ done: true }))).toBe(false);
    });

    it("an upgrade landing during an earlier upgrade's walk starts from what that walk started from (the walk it replaces saved only some chats)", () => {
        // runBackfill keeps this as the new walk's earlierShape.
        expect(shapeOfEveryChat(state({ shape: 3, earlierShape: 2 }))).toBe(2);
        expect(shapeOfEveryChat(state({ shape: 3, earlierShape: 2, done: true }))).toBe(3);
        expect(shapeOfEveryChat(state({ shape: 3 }))).toBe(3);
    });
});
