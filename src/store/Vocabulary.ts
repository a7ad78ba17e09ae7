import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { allTags, tagKey, type Chat } from '../domain/chat';
import { fold } from '../domain/text';
import { Assoc } from './associations';
import { readAll } from './read';

/** What the archived chats name: their agents (by username) and their tags. */
export type TermKind = 'agent' | 'tag';

/** One agent or tag: the value a filter takes (a username, a tag as first spelled) and what a picker shows. */
export interface Term {
    kind: TermKind;
    key: string;
    value: string;
    label: string;
}

/**
 * At most this many terms of a kind are recorded: up to it a picker lists them all; a vocabulary that reaches it is
 * full, and the filter is typed instead (see chatService), so a picker never hides a value.
 */
export const TERMS_MAX = 300;

/** The terms this process knows to be recorded, per kind: learning a known term costs no host call. */
const recorded: Record<TermKind, Map<string, Term> | undefined> = { agent: undefined, tag: undefined };

/** The agents and tags of chats, as terms. */
export function termsOf(chats: readonly Chat[]): Term[] {
    const terms: Term[] = [];
    for (const chat of chats) {
        if (chat.agentName) {
            const label = chat.agentDisplayName ? `${chat.agentDisplayName} (${chat.agentName})` : chat.agentName;
            terms.push({ kind: 'agent', key: chat.agentName.toLowerCase(), value: chat.agentName, label });
        }
        for (const tag of allTags(chat)) {
            terms.push({ kind: 'tag', key: tagKey(tag), value: tag, label: tag });
        }
    }
    return terms;
}

/**
 * The agents and tags the archived chats name, one record each, so the Chats filter can offer them to pick from
 * (apps cannot list a workspace's agents or tags). Written when a chat brings a new one; a term is never removed
 * (a tag no chat carries any more is offered and matches nothing). Two processes learning the same term at once may
 * both write it: readers drop the duplicate.
 */
export class Vocabulary {
    constructor(private readonly reader: IPersistenceRead) {}

    /** The recorded terms of a kind, sorted by label, and whether the vocabulary is full (TERMS_MAX reached). */
    async terms(kind: TermKind): Promise<{ terms: Term[]; full: boolean }> {
        const byKey = new Map<string, Term>();
        for (const term of await readAll<Term>(this.reader, Assoc.terms(kind))) {
            if (term && typeof term.key === 'string' && typeof term.value === 'string' && !byKey.has(term.key)) {
                byKey.set(term.key, term);
            }
        }
        recorded[kind] = new Map(byKey);
        const terms = [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label));
        return { terms, full: terms.length >= TERMS_MAX };
    }

    /**
     * The recorded terms a typed value names: the one it is (a username, a tag in any case), else every one it is part
     * of, in any case and without accents (an agent by name or username). A term this process knows answers without a
     * host call; otherwise one read.
     */
    async named(kind: TermKind, typed: string): Promise<Term[]> {
        const key = kind === 'tag' ? tagKey(typed) : typed.trim().toLowerCase();
        const known = recorded[kind]?.get(key);
        if (known) {
            return [known];
        }
        const { terms } = await this.terms(kind);
        const exact = terms.find((term) => term.key === key);
        if (exact) {
            return [exact];
        }
        const part = fold(typed.trim());
        return part ? terms.filter((term) => fold(term.label).includes(part) || fold(term.value).includes(part)) : [];
    }

    /** Records the terms not recorded yet: no host call when this process knows them all, else one read and the writes. */
    async learn(persistence: IPersistence, terms: readonly Term[]): Promise<void> {
        for (const kind of ['agent', 'tag'] as const) {
            const fresh = (known: Map<string, Term> | undefined) => {
                const found = new Map<string, Term>();
                for (const term of terms) {
                    if (term.kind === kind && !known?.has(term.key) && !found.has(term.key)) found.set(term.key, term);
                }
                return [...found.values()];
            };
            const cached = recorded[kind];
            if ((cached && cached.size >= TERMS_MAX) || fresh(cached).length === 0) {
                continue;
            }
            const { terms: stored } = await this.terms(kind);
            const known = recorded[kind] as Map<string, Term>;
            const room = Math.max(0, TERMS_MAX - stored.length);
            const writes = fresh(known).slice(0, room);
            await Promise.all(writes.map((term) => persistence.createWithAssociations({ ...term }, [Assoc.terms(kind)])));
            for (const term of writes) known.set(term.key, term);
        }
    }
}

/** Forgets what this process knows (tests start each app from an empty store). */
export function forgetRecordedTerms(): void {
    recorded.agent = undefined;
    recorded.tag = undefined;
}
