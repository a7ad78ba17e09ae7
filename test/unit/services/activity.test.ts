import { recentActivity, rememberActivity } from '../../../src/services/activity';

describe("the scopes' lists as this process last read them", () => {
    const now = Date.parse('2026-12-07T09:00:00Z');
    const agent = { kind: 'agent', agentId: 'ag1' } as const;

    it('answers a scope its own list, of contacts or of chats, while it is fresh (10 minutes), and nothing for another', () => {
        rememberActivity('contacts', agent, [now - 60_000, now - 120_000], now);
        expect(recentActivity('contacts', agent, now + 60_000)).toEqual({ times: [now - 60_000, now - 120_000], listedAt: now });
        expect(recentActivity('chats', agent, now)).toBeUndefined();
        expect(recentActivity('contacts', { kind: 'all' }, now)).toBeUndefined();
        expect(recentActivity('contacts', { kind: 'agent', agentId: 'ag2' }, now)).toBeUndefined();
        expect(recentActivity('contacts', agent, now + 10 * 60_000)).toBeDefined();
        expect(recentActivity('contacts', agent, now + 10 * 60_000 + 1)).toBeUndefined();
    });

    it('leaves out records without a time (a contact never chatted with) and keeps the newest reading', () => {
        rememberActivity('chats', { kind: 'all' }, [now - 1, 0, NaN, now - 2], now);
        expect(recentActivity('chats', { kind: 'all' }, now)?.times).toEqual([now - 1, now - 2]);
        rememberActivity('chats', { kind: 'all' }, [now + 5], now + 5);
        expect(recentActivity('chats', { kind: 'all' }, now + 5)).toEqual({ times: [now + 5], listedAt: now + 5 });
    });

    it('remembers at most 1,000 scopes, forgetting the one read longest ago first', () => {
        for (let i = 0; i < 1_001; i++) rememberActivity('contacts', { kind: 'agent', agentId: `a${i}` }, [now], now);
        expect(recentActivity('contacts', { kind: 'agent', agentId: 'a0' }, now)).toBeUndefined();
        expect(recentActivity('contacts', { kind: 'agent', agentId: 'a1' }, now)).toBeDefined();
        expect(recentActivity('contacts', { kind: 'agent', agentId: 'a1000' }, now)).toBeDefined();
    });
});
