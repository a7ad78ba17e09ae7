import type { Chat } from '../../../src/domain/chat';
import { TERMS_MAX, Vocabulary, forgetRecordedTerms, termsOf } from '../../../src/store/Vocabulary';
import { fakePersistence } from './fakePersistence';

const chat = (over: Partial<Chat>): Chat => ({
    roomId: 'r1',
    contactId: 'c1',
    contactName: 'Ana',
    coreTags: [],
    tags: [],
    tagHistory: [],
    closedAt: '2026-12-01T10:00:00.000Z',
    messageCount: 1,
    revision: 1,
    ...over,
});

describe('the vocabulary of the Chats filter (agents and tags of archived chats)', () => {
    beforeEach(forgetRecordedTerms);

    it('names an agent by name and username, and a tag as first spelled; Rocket.Chat tags and Contact Center tags alike', () => {
        const terms = termsOf([chat({ agentName: 'alice', agentDisplayName: 'Alice Agent', coreTags: ['Sales'], tags: ['VIP'] })]);
        expect(terms).toEqual([
            { kind: 'agent', key: 'alice', value: 'alice', label: 'Alice Agent (alice)' },
            { kind: 'tag', key: 'sales', value: 'Sales', label: 'Sales' },
            { kind: 'tag', key: 'vip', value: 'VIP', label: 'VIP' },
        ]);
    });

    it('records each term once: a term this process recorded costs no host call; one recorded elsewhere is not written again', async () => {
        const { persistence, reader, calls } = fakePersistence();
        const vocabulary = new Vocabulary(reader);
        await vocabulary.learn(persistence, termsOf([chat({ agentName: 'alice', tags: ['vip'] }), chat({ tags: ['VIP'] })]));
        expect(calls).toEqual({ read: 2, create: 2 });
        await vocabulary.learn(persistence, termsOf([chat({ agentName: 'alice', tags: ['Vip'] })]));
        expect(calls).toEqual({ read: 2, create: 2 });

        // Another process (its own memory) learns the same tag and a new one: it reads, and writes only the new one.
        forgetRecordedTerms();
        await vocabulary.learn(persistence, termsOf([chat({ tags: ['vip', 'billing'] })]));
        expect(calls).toEqual({ read: 3, create: 3 });
        expect((await vocabulary.terms('tag')).terms.map((t) => t.value)).toEqual(['billing', 'vip']);
    });

    it('drops the duplicate two processes wrote at once, and sorts by label', async () => {
        const { persistence, reader } = fakePersistence();
        const terms = termsOf([chat({ agentName: 'zoe', agentDisplayName: 'Zoe' }), chat({ agentName: 'bob', agentDisplayName: 'Bob' })]);
        await new Vocabulary(reader).learn(persistence, terms);
        forgetRecordedTerms();
        // The other process read before the first one wrote: it writes them again.
        await Promise.all(
            terms.map((term) => persistence.createWithAssociations({ ...term }, [{ model: 'misc', id: 'cc:terms:agent' } as never])),
        );
        const { terms: agents, full } = await new Vocabulary(reader).terms('agent');
        expect(agents.map((a) => a.label)).toEqual(['Bob (bob)', 'Zoe (zoe)']);
        expect(full).toBe(false);
    });

    it(`stops at ${TERMS_MAX} terms of a kind and says the vocabulary is full (the filter is typed then); no read once full`, async () => {
        const { persistence, reader, calls } = fakePersistence();
        const vocabulary = new Vocabulary(reader);
        const many = Array.from({ length: TERMS_MAX + 20 }, (_, i) => chat({ tags: [`tag ${String(i).padStart(3, '0')}`] }));
        await vocabulary.learn(persistence, termsOf(many));
        expect(calls.create).toBe(TERMS_MAX);
        const { terms, full } = await vocabulary.terms('tag');
        expect([terms.length, full]).toEqual([TERMS_MAX, true]);
        const reads = calls.read;
        await vocabulary.learn(persistence, termsOf([chat({ tags: ['one more'] })]));
        expect([calls.read, calls.create]).toEqual([reads, TERMS_MAX]);
    });
});
