import { agentKeysForContact, keysForContact, keysInScope, planSearch } from '../../../src/domain/searchKeys';
import { fold, trigrams } from '../../../src/domain/text';
import { normalizePhone } from '../../../src/domain/phone';

const contact = (name: string, emails: string[] = [], phones: string[] = [], username = 'guest-1') => ({ name, emails, phones, username });

/** A query finds a contact exactly when the store's $all look-up and the exact check both accept it. */
function finds(query: string, c: ReturnType<typeof contact>, country = 'BR'): boolean {
    const plan = planSearch(query, country);
    if (!plan) {
        throw new Error('no plan');
    }
    const keys = new Set(keysForContact(c));
    return plan.keys.every((k) => keys.has(k)) && plan.matches(c);
}

describe('text folding', () => {
    it('ignores case and accents', () => {
        expect(fold('JOSÉ Conceição')).toBe('jose conceicao');
    });
    it('cuts words into trigrams', () => {
        expect(trigrams('Ana Maria').sort()).toEqual(['ana', 'ari', 'mar', 'ria']);
    });
});

describe('phone normalisation', () => {
    it.each(['+55 11 98765-4321', '11987654321', '(11) 98765 4321', '+55 (11) 98765.4321'])('reads %s as one number', (raw) => {
        expect(normalizePhone(raw, 'BR')).toEqual({ ok: true, e164: '+5511987654321' });
    });
    it('refuses what is not a phone number', () => {
        expect(normalizePhone('12', 'BR').ok).toBe(false);
        expect(normalizePhone('call me', 'BR').ok).toBe(false);
    });
});

describe('search plans', () => {
    const jose = contact('José da Silva', ['Jose.Silva@Example.com'.toLowerCase()], ['+5511987654321']);

    it('finds a name fragment anywhere, without accents', () => {
        expect(finds('jose', jose)).toBe(true);
        expect(finds('SILV', jose)).toBe(true);
        expect(finds('ilva', jose)).toBe(true);
        expect(finds('josé silva', jose)).toBe(true);
    });
    it('finds short prefixes of words', () => {
        expect(finds('jo', jose)).toBe(true);
        expect(finds('si', jose)).toBe(true);
        expect(finds('il', jose)).toBe(false);
    });
    it('does not find what is not there', () => {
        expect(finds('maria', jose)).toBe(false);
        expect(finds('jose souza', jose)).toBe(false);
    });
    it('finds an email in any case', () => {
        expect(finds('JOSE.SILVA@EXAMPLE.COM', jose)).toBe(true);
        expect(finds('other@example.com', jose)).toBe(false);
    });
    it('finds a phone written in any format', () => {
        expect(finds('11987654321', jose)).toBe(true);
        expect(finds('(11) 98765 4321', jose)).toBe(true);
        expect(finds('+55 11 98765-4321', jose)).toBe(true);
        expect(finds('11987654320', jose)).toBe(false);
    });
    it('finds a phone fragment', () => {
        expect(finds('4321', jose)).toBe(true);
        expect(finds('98765', jose)).toBe(true);
        expect(finds('5555', jose)).toBe(false);
    });
    it('uses a bounded number of keys however long the query', () => {
        const plan = planSearch('Maria Fernanda Conceição dos Santos Oliveira', 'BR');
        expect(plan?.keys.length).toBeLessThanOrEqual(6);
    });
    it('has no plan for an empty query', () => {
        expect(planSearch('   ', 'BR')).toBeUndefined();
    });
});

describe("an agent's own keys", () => {
    const ana = contact('Ana Silva', ['ana@example.com'], ['+5511987654321']);
    const agentQuery = (query: string, agentKeys: boolean) =>
        keysInScope({ kind: 'agent', agentId: 'ag1' }, planSearch(query, 'BR')?.keys ?? [], agentKeys);
    const carried = (agents: string[]) => new Set([...keysForContact(ana), ...agentKeysForContact(keysForContact(ana), agents)]);

    it("finds a name fragment through the agent's own trigram keys, for the agents who may see the contact only", () => {
        const keys = agentQuery('silva', true);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.every((k) => k.startsWith('a:ag1:t:'))).toBe(true);
        expect(keys.every((k) => carried(['ag1', 'ag2']).has(k))).toBe(true);
        expect(keys.some((k) => carried(['ag2']).has(k))).toBe(false);
    });
    it("finds a letter prefix and a phone fragment through the agent's own keys too; exact look-ups as they are, and everything before every entry carries the keys", () => {
        expect(agentQuery('ana@example.com', true)).toEqual(['em:ana@example.com']);
        expect(agentQuery('+55 11 98765-4321', true)).toEqual(['ph:+5511987654321']);
        expect(agentQuery('an', true)).toEqual(['a:ag1:p:an']);
        const digits = agentQuery('98765', true);
        expect(digits.length).toBeGreaterThan(0);
        expect(digits.every((k) => k.startsWith('a:ag1:d:') && carried(['ag1']).has(k))).toBe(true);
        expect(digits.some((k) => carried(['ag2']).has(k))).toBe(false);
        expect(agentQuery('silva', false)).toEqual(planSearch('silva', 'BR')?.keys);
        expect(agentQuery('98765', false).every((k) => k.startsWith('d:'))).toBe(true);
        expect(keysInScope({ kind: 'all' }, ['t:sil', 'p:an', 'd:987'], true)).toEqual(['t:sil', 'p:an', 'd:987']);
    });
    it('adds the shared keys (trigram, prefix, digits), once for each agent, not the exact ones', () => {
        const shared = keysForContact(ana).filter((k) => /^[tpd]:/.test(k));
        expect(shared.some((k) => k.startsWith('p:')) && shared.some((k) => k.startsWith('d:'))).toBe(true);
        const added = agentKeysForContact(keysForContact(ana), ['ag1', 'ag2']);
        expect(added).toHaveLength(2 * shared.length);
        expect(added.some((k) => /^a:ag1:(em|ph):/.test(k))).toBe(false);
        expect(agentKeysForContact(keysForContact(ana), [])).toEqual([]);
    });
});
