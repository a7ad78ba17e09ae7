import type { Contact } from '../domain/contact';
import { FIRST_PAGE, listAt, type ListPlace } from '../domain/listAt';
import { notFound } from '../domain/errors';
import { eraseAsManager } from '../services/erase';
import { backfillProgress } from '../services/backfill';
import { agentKeysReady } from '../services/keysReady';
import { findNotIndexed, getVisibleContact, searchContacts } from '../services/contactSearch';
import { contactCard } from '../services/cards';
import { missingPermissions } from '../services/health';
import { contactHistory } from '../services/history';
import { REPAIR_ROLE, repairStatus, startRepairAsAdmin } from '../services/repair';
import { mayBroadcast } from '../services/broadcastService';
import { buildContactForm } from '../ui/contactForm';
import { buildContactView, buildEraseView } from '../ui/contactView';
import { buildContactsView, type AdminNotice } from '../ui/contactsView';
import { buildHistoryView } from '../ui/historyView';
import type { ScreenContext } from './context';
import type { ContactsList } from '../ui/paging';
import type { Screen } from './respond';

/** The Contacts tab: the caller's contacts, a search, or a page of either. */
export const contactsScreen =
    (query: string, place: ListPlace, repairStarted = false): Screen =>
    async (ctx) => {
        const front = ctx.scope.kind === 'all' && !query;
        const at = listAt(place, ctx.config.pageSize);
        const [result, backfill, admin] = await Promise.all([
            searchContacts(ctx, query, at),
            backfillProgress(ctx.read),
            front && ctx.caller.roles.includes(REPAIR_ROLE) ? adminNotice(ctx, repairStarted) : undefined,
            // Read with the backfill's state the first time, so that an agent's first search does not add the call.
            ctx.scope.kind === 'agent' && !query ? agentKeysReady(ctx.read) : undefined,
        ]);
        // Everyone sees how far the first indexing is while it runs (a search may miss who it has not reached); managers
        // see on the unfiltered list that it finished.
        const running = !!backfill && !backfill.done;
        const indexing =
            backfill && (running || front)
                ? { done: backfill.done, rooms: backfill.skip, ...(backfill.since ? { since: backfill.since } : {}) }
                : undefined;
        const notIndexed = running && query && result.items.length === 0 ? await findNotIndexed(ctx, query) : undefined;
        const canBroadcast = mayBroadcast(ctx.caller, ctx.config);
        const canImport = ctx.scope.kind === 'all';
        return buildContactsView(ctx.appId, {
            query,
            at,
            pageSize: ctx.config.pageSize,
            ...result,
            indexing,
            utcOffset: ctx.caller.utcOffset,
            notIndexed,
            canBroadcast,
            canImport,
            admin,
        });
    };

/** Admins only, on the unfiltered list: two reads of small records. */
async function adminNotice(ctx: ScreenContext, started: boolean): Promise<AdminNotice> {
    const [missing, repair] = await Promise.all([missingPermissions(ctx.read), repairStatus(ctx.read)]);
    return { missing, repair: repair && { done: repair.done, fixed: repair.fixed, rooms: repair.skip }, started };
}

/** The admin's Repair button: starts the repair and shows the list with a notice. */
export const repairScreen: Screen = async (ctx) => {
    await startRepairAsAdmin(ctx);
    return contactsScreen('', { page: 0 }, true)(ctx);
};

/** A contact and its chats; after a save, `saved` is the revision the caller just kept (see contactCard). */
export const contactScreen =
    (contactId: unknown, saved?: Contact, list?: ContactsList, notice?: string): Screen =>
    async (ctx) => {
        const card = await contactCard(ctx, contactId, saved);
        const canErase = ctx.scope.kind === 'all';
        return buildContactView(
            ctx.appId,
            card.contact,
            ctx.caller.utcOffset,
            card.chats,
            card.department,
            ctx.config.extraFields,
            canErase,
            list,
            notice ?? (saved ? 'contact_saved' : undefined),
        );
    };

/** Managers: Erase asks to confirm. */
export const eraseConfirmScreen =
    (contactId: unknown): Screen =>
    async (ctx) => {
        if (ctx.scope.kind !== 'all') {
            throw notFound();
        }
        return buildEraseView(ctx.appId, await getVisibleContact(ctx, contactId));
    };

/** Managers: the confirmed erasure, then the Contacts list. */
export const eraseScreen =
    (contactId: unknown): Screen =>
    async (ctx) => {
        await eraseAsManager(ctx, contactId);
        return contactsScreen('', FIRST_PAGE)(ctx);
    };

export const historyScreen =
    (contactId: unknown, page: number): Screen =>
    async (ctx) => {
        const found = await contactHistory(ctx, contactId, page);
        return buildHistoryView(
            ctx.appId,
            { id: found.contactId, name: found.contactName },
            found.history,
            ctx.config.auditRetentionDays,
            ctx.caller.utcOffset,
        );
    };

/** Edit (a contact) or New Contact (none). */
export const contactFormScreen =
    (contactId?: unknown): Screen =>
    async (ctx) => {
        const contact = contactId === undefined ? undefined : await getVisibleContact(ctx, contactId);
        return buildContactForm(ctx.appId, contact, ctx.config.extraFields);
    };
