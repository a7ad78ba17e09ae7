import type { Scope } from './access';
import type { Contact } from './contact';
import { normalizeEmail } from './email';
import { normalizePhone, phoneDigits } from './phone';
import { fold, trigrams, words } from './text';

/**
 * Search keys are stored as associations of the contact's index record, so that the host's
 * association look-up ($all over an indexed array) intersects them: no read of the directory.
 *   t:<gram>   a three-letter run of a word of the name or of an email
 *   p:<x>      the first one or two letters of such a word (queries shorter than three letters)
 *   d:<ddd>    three digits in a row of a phone
 *   em:<email> an exact email;  ph:<e164> an exact phone
 *   a:<agent>:<key>  a t:, p: or d: key of a contact that agent may see: an agent's search reads the contacts of their
 *              own that hold the query's rarest key, not everyone's (see keysInScope); exact look-ups need none
 */
export const MAX_QUERY_KEYS = 6;
/**
 * The keys every entry carries, by version. 2: an agent's own trigram keys besides everyone's (agentKeysForContact). 3:
 * an agent's own letter-prefix and phone-digit keys too. Entries an earlier version saved lack them until the key walk
 * (services/rekey.ts) saves them again.
 */
export const KEYS_SHAPE = 3;

/** Search covers the name and the emails (and phones); usernames like guest-123 would only add noise. */
function textOf(contact: Pick<Contact, 'name' | 'emails'>): string[] {
    return [contact.name, ...contact.emails];
}

export function keysForContact(contact: Pick<Contact, 'name' | 'emails' | 'phones'>): string[] {
    const keys = new Set<string>();
    for (const value of textOf(contact)) {
        for (const gram of trigrams(value)) {
            keys.add(`t:${gram}`);
        }
        for (const word of words(value)) {
            keys.add(`p:${word.slice(0, 1)}`);
            if (word.length >= 2) {
                keys.add(`p:${word.slice(0, 2)}`);
            }
        }
    }
    for (const email of contact.emails) {
        keys.add(`em:${email}`);
    }
    for (const phone of contact.phones) {
        keys.add(`ph:${phone}`);
        const digits = phoneDigits(phone);
        for (let i = 0; i + 3 <= digits.length; i++) {
            keys.add(`d:${digits.slice(i, i + 3)}`);
        }
    }
    return [...keys];
}

/** Keys many contacts share (a trigram, a letter prefix, three digits), which an agent's look-up asks for as their own. */
const isSharedKey = (key: string): boolean => key.startsWith('t:') || key.startsWith('p:') || key.startsWith('d:');
const agentKey = (agentId: string, key: string): string => `a:${agentId}:${key}`;

/** The shared keys of the contact once more for each agent who may see it (its `viewers`). */
export function agentKeysForContact(keys: string[], agentIds: string[]): string[] {
    const shared = keys.filter(isSharedKey);
    return agentIds.flatMap((agentId) => shared.map((key) => agentKey(agentId, key)));
}

/**
 * The keys a look-up in the scope asks for: an agent's own shared keys in place of everyone's when every entry carries
 * them (`agentKeys`, see services/rekey.ts). Either way the scope's own association is asked for as well.
 */
export function keysInScope(scope: Scope, keys: string[], agentKeys: boolean): string[] {
    return scope.kind === 'agent' && agentKeys ? keys.map((key) => (isSharedKey(key) ? agentKey(scope.agentId, key) : key)) : keys;
}

/** How a query is read, and the check that every candidate must pass (the keys only narrow). */
export interface SearchPlan {
    keys: string[];
    /** An exact look-up (one email, one phone): a handful of records at any size, read without time windows. */
    exact?: boolean;
    matches(contact: Pick<Contact, 'name' | 'emails' | 'phones'>): boolean;
}

export function planSearch(query: string, defaultCountry?: string): SearchPlan | undefined {
    const trimmed = query.trim();
    if (trimmed.length === 0) {
        return undefined;
    }
    const email = trimmed.includes('@') ? normalizeEmail(trimmed) : undefined;
    if (email) {
        return { keys: [`em:${email}`], exact: true, matches: (c) => c.emails.includes(email) };
    }
    if (!/\p{L}/u.test(trimmed) && phoneDigits(trimmed).length >= 3) {
        return planPhone(trimmed, defaultCountry);
    }
    return planText(trimmed);
}

function planPhone(query: string, defaultCountry?: string): SearchPlan {
    const phone = normalizePhone(query, defaultCountry);
    if (phone.ok) {
        const e164 = phone.e164;
        return { keys: [`ph:${e164}`], exact: true, matches: (c) => c.phones.includes(e164) };
    }
    const digits = phoneDigits(query);
    const keys = spread(
        Array.from({ length: digits.length - 2 }, (_, i) => `d:${digits.slice(i, i + 3)}`),
        MAX_QUERY_KEYS,
    );
    return { keys, matches: (c) => c.phones.some((p) => phoneDigits(p).includes(digits)) };
}

function planText(query: string): SearchPlan {
    const queryWords = words(query);
    const keys = new Set<string>();
    for (const word of queryWords) {
        if (word.length < 3) {
            keys.add(`p:${word}`);
        } else {
            for (const gram of trigrams(word)) {
                keys.add(`t:${gram}`);
            }
        }
    }
    const haystack = (c: Pick<Contact, 'name' | 'emails'>): string => textOf(c).map(fold).join('\n');
    return {
        keys: spread([...keys], MAX_QUERY_KEYS),
        matches: (c) => {
            const text = haystack(c);
            const textWords = words(text);
            return queryWords.every((w) => (w.length < 3 ? textWords.some((tw) => tw.startsWith(w)) : text.includes(w)));
        },
    };
}

/** A few keys spread over the query narrow almost as well as all of them, with a shorter look-up. */
function spread(keys: string[], max: number): string[] {
    if (keys.length <= max) {
        return keys;
    }
    const step = (keys.length - 1) / (max - 1);
    return Array.from({ length: max }, (_, i) => keys[Math.round(i * step)]);
}
