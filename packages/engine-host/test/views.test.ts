import { ViewTracker } from '../src/bridges/views';

describe('the host view tracker', () => {
    it('keeps every event of the history, the blocks of the newest 200 only (a long run must not keep every screen)', () => {
        const tracker = new ViewTracker(() => new Date());
        const views = Array.from({ length: 250 }, (_, i) => {
            const triggerId = tracker.issueTrigger('u1');
            return tracker.apply(
                'u1',
                {
                    type: 'modal.open',
                    triggerId,
                    view: { id: `v${i}`, blocks: [{ type: 'section', text: { type: 'plain_text', text: `screen ${i}` } }] },
                },
                'response',
            );
        });
        expect(tracker.events).toHaveLength(250);
        expect(views.every((e, i) => e.viewId === `v${i}` && !e.ignored)).toBe(true);
        expect(tracker.events.slice(0, 50).every((e) => e.view === undefined)).toBe(true);
        expect(tracker.events.slice(50).every((e) => e.view?.blocks.length === 1)).toBe(true);
        // What is on screen is not history: the last view stays whole.
        expect(tracker.current('u1')?.id).toBe('v249');
    });
});

describe('a modal opened over an open modal', () => {
    const open = (tracker: ViewTracker, id: string, text: string) =>
        tracker.apply(
            'u1',
            {
                type: 'modal.open',
                triggerId: tracker.issueTrigger('u1'),
                view: { id, blocks: [{ type: 'section', text: { type: 'plain_text', text } }] },
            },
            'response',
        );

    it('keeps the open one when its id is the same (Rocket.Chat keys a modal by its view id)', () => {
        const tracker = new ViewTracker(() => new Date());
        open(tracker, 'list', 'page 1');
        const again = open(tracker, 'list', 'page 2');
        expect(again.ignored).toMatch(/modal list is open/);
        expect(JSON.stringify(tracker.current('u1')?.blocks)).toContain('page 1');
    });

    it('replaces it when its id differs', () => {
        const tracker = new ViewTracker(() => new Date());
        open(tracker, 'list', 'page 1');
        expect(open(tracker, 'list~1', 'page 2').ignored).toBeUndefined();
        expect(JSON.stringify(tracker.current('u1')?.blocks)).toContain('page 2');
    });
});
