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
