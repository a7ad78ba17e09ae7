import { canSeeContact } from '../domain/access';
import { byRecency, summarize, type Contact, type ContactSummary } from '../domain/contact';
import { isId } from '../domain/decode';
import { notFound } from '../domain/errors';
import type { Cursor, ListAt, ListPage } from '../domain/listAt';
import { FIRST_LEVEL, RECORD_BUDGET, firstLevel, readNewest } from '../domain/recency';
import { recentActivity, rememberActivity } from './activity';
import { keysInScope, planSearch } from '../domain/searchKeys';
import { entryFromVisitor } from '../domain/directory';
import { findVisitorByEmail, findVisitorByPhone, visitorDataOf } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RecentContacts, isCapped } from '../store/RecentContacts';
import type { ScopedContext } from './context';
import { agentKeysReady } from './keysReady';
import type { ChatSummary } from '../domain/chat';

/**
 * One page of the caller's contacts, `at` its position. With a query: association look-ups that intersect
 * the query's keys inside the caller's scope, in time windows ending now, then an exact check; Next reads on from the
 * last contact of the page before, as the first page does from now. Without: the scope's recent list.
 */
export async function searchContacts(ctx: ScopedContext, query: string, at: ListAt, now = new Date()): Promise<ListPage<ContactSummary>> {
    const reader = ctx.read.getPersistenceReader();
    const size = ctx.config.pageSize;
    const { start } = at;
    const plan = planSearch(query, ctx.config.defaultCountry);
    if (!plan) {
        const listing = await new RecentContacts(reader).list(ctx.scope);
        const { entries } = listing;
        rememberActivity('contacts', ctx.scope, entries.map(timeOf));
        return { items: entries.slice(start, start + size), total: entries.length, more: false, capped: isCapped(listing) };
    }
    const repository = new ContactRepository(reader);
    if (plan.exact) {
        const found = (await repository.findByKeys(ctx.scope, plan.keys)).filter(plan.matches).map(summarize).sort(byRecency);
        return { items: found.slice(start, start + size), total: found.length, more: false, capped: false };
    }
    // The newest window holding enough matches holds the newest matches: read no further back. A page asked for by its
    // number (Previous, the API without a cursor) is read from the top: its matches and those before it.
    const { after } = at;
    const skipped = after ? 0 : start;
    const keys = await scopedKeys(ctx, plan.keys);
    const { items, complete } = await readNewest({
        read: (window) => repository.findByKeys(ctx.scope, keys, window?.label),
        keep: (contact) => plan.matches(contact) && (!after || isAfter(contact, after)),
        needed: skipped + size + 1,
        // Grows with the page number, not the start: Next after a short page reads further back.
        budget: RECORD_BUDGET * (at.page + 1) * size,
        end: Math.min(now.getTime(), after?.at ?? Infinity),
        timeOf,
        firstLevel: firstLevel(ctx.scope),
        labelsFrom: FIRST_LEVEL,
        // A first page, from now, sized in the scope's records when its list was read lately (see services/activity.ts);
        // Next reads from a cursor further back, where the list of the newest records says little.
        activity: after ? undefined : recentActivity('contacts', ctx.scope),
    });
    const shown = items
        .map(summarize)
        .sort(byRecency)
        .slice(skipped, skipped + size);
    const last = shown[shown.length - 1];
    // A contact never chatted with has no time to read on from: the page after it is read from the top.
    const lastAt = last ? timeOf(last) : 0;
    return {
        items: shown,
        total: start - skipped + items.length,
        more: !complete,
        capped: false,
        ...(lastAt > 0 ? { last: { at: lastAt, id: last.id } } : {}),
    };
}

/** The query's keys as the caller's scope reads them (an agent's own trigram keys, once every entry carries them). */
async function scopedKeys(ctx: ScopedContext, keys: string[]): Promise<string[]> {
    return ctx.scope.kind === 'agent' ? keysInScope(ctx.scope, keys, await agentKeysReady(ctx.read)) : keys;
}

const timeOf = (contact: Pick<Contact, 'lastChatAt'>): number => Date.parse(contact.lastChatAt ?? '') || 0;

/** Whether a contact comes after a cursor in the list's order (byRecency): an older last chat, or the same and a larger id. */
const isAfter = (contact: Contact, cursor: Cursor): boolean => {
    const t = timeOf(contact);
    return t < cursor.at || (t === cursor.at && contact.id > cursor.id);
};

/**
 * While the backfill has not reached everyone, an exact email or phone the directory does not hold yet is asked of
 * Rocket.Chat itself (one exact look-up of its visitors): the person, as a summary that cannot be opened yet.
 * Managers only: an agent's scope is the people they served, which only the indexed rooms can tell.
 */
export async function findNotIndexed(ctx: ScopedContext, query: string): Promise<ContactSummary | undefined> {
    const plan = planSearch(query, ctx.config.defaultCountry);
    const key = plan?.exact ? plan.keys[0] : undefined;
    if (!key || ctx.scope.kind !== 'all') {
        return undefined;
    }
    const value = key.slice(3);
    const visitor = key.startsWith('em:') ? await findVisitorByEmail(ctx.read, value) : await findVisitorByPhone(ctx.read, value);
    return visitor?.id ? summarize(entryFromVisitor(visitorDataOf({ ...visitor, id: visitor.id }), ctx.config.defaultCountry)) : undefined;
}

/**
 * Every contact of the caller's scope that the query matches (all of them without a query), most recent
 * first: the search's "any time" look-up without its page bound. For exports, which need every row.
 */
export async function findContacts(ctx: ScopedContext, query: string): Promise<Contact[]> {
    const plan = planSearch(query, ctx.config.defaultCountry);
    const keys = plan ? await scopedKeys(ctx, plan.keys) : [];
    const found = await new ContactRepository(ctx.read.getPersistenceReader()).findByKeys(ctx.scope, keys);
    return (plan ? found.filter(plan.matches) : found).sort((a, b) => byRecency(summarize(a), summarize(b)));
}

/** A contact the caller may see; the same answer for "does not exist" and "not yours". */
export async function getVisibleContact(ctx: ScopedContext, contactId: unknown): Promise<Contact> {
    if (!isId(contactId)) {
        throw notFound();
    }
    const contact = await new ContactRepository(ctx.read.getPersistenceReader()).get(contactId);
    if (!contact || !canSeeContact(ctx.scope, contact)) {
        throw notFound();
    }
    return contact;
}

export interface ContactCard {
    contact: Contact;
    chats: ChatSummary[];
    department?: string;
}
