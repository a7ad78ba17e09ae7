import type { TextObject } from '@rocket.chat/ui-kit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ContactSummary } from '../domain/contact';
import { formatPhone } from '../domain/phone';
import { formatDateTime } from './format';
import { Blocks } from './blocks';
import { closeButton, pager, showing, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, Fields, ViewIds } from './ids';
import { placeOf, type ListAt } from '../domain/listAt';
import { contactsListValue } from './paging';

export interface ContactsPage {
    query: string;
    at: ListAt;
    pageSize: number;
    items: ContactSummary[];
    total: number;
    /** More match than `total`: the count is a lower bound. */
    more?: boolean;
    /** The unfiltered list shows only the most recent contacts: say so. */
    capped: boolean;
    /** Progress of the first indexing of existing conversations: while it runs, and when it finished to managers. */
    indexing?: { done: boolean; rooms: number; since?: string };
    /** The viewer's UTC offset in hours, for the indexing's date. */
    utcOffset?: number;
    /** A person an exact search found in Rocket.Chat whom the indexing has not reached yet (not openable yet). */
    notIndexed?: ContactSummary;
    /** The caller's roles allow broadcasts (the broadcast screens check again). */
    canBroadcast?: boolean;
    /** The caller may import contacts (the import checks again). */
    canImport?: boolean;
    /** Shown to admins: permissions found missing, the repair's progress, the Repair button. */
    admin?: AdminNotice;
}

export interface AdminNotice {
    missing: string[];
    repair?: { done: boolean; fixed: number; rooms: number };
    /** Set right after the admin started a repair. */
    started?: boolean;
}

function adminPanel(b: Blocks, admin: AdminNotice): void {
    for (const permission of admin.missing) {
        b.callout(t('admin_permission_missing', { permission }), 'danger', t('admin_notice_title'));
    }
    if (admin.started) {
        b.callout(t('repair_started'), 'info');
    }
    const repair = admin.repair;
    const status = repair ? [t(repair.done ? 'repair_done' : 'repair_running', { fixed: repair.fixed, rooms: repair.rooms })] : [];
    b.context(status.length > 0 ? status : [t('repair_hint')]);
    b.actions([b.button(ActionIds.repair, t('repair_start'))]);
}

/**
 * How far the first indexing is: rooms read, and while it runs newest first, since when every conversation is indexed;
 * beside a search, who it may miss until it finishes.
 */
function indexingStatus(indexing: NonNullable<ContactsPage['indexing']>, query: string, utcOffset?: number): TextObject[] {
    if (indexing.done) {
        return [t('backfill_done', { done: indexing.rooms })];
    }
    const since = indexing.since ? formatDateTime(indexing.since, utcOffset) : undefined;
    const status = since ? t('backfill_status_since', { done: indexing.rooms, since }) : t('backfill_status', { done: indexing.rooms });
    if (!query) {
        return [status];
    }
    return [status, since ? t('backfill_partial_results_since', { since }) : t('backfill_partial_results')];
}

export function buildContactsView(appId: string, data: ContactsPage): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.textInput(Fields.query, t('search'), { initialValue: data.query, placeholder: t('search_placeholder'), maxLength: 200 });
    b.actions([
        b.button(ActionIds.contactNew, t('new_contact')),
        // Broadcast carries the current search: a new broadcast starts with it as its audience.
        ...(data.canBroadcast ? [b.button(ActionIds.broadcasts, t('bc_broadcast'), data.query.slice(0, 200))] : []),
        // Export carries the current search too: the file holds what the search finds, in the caller's scope.
        b.button(ActionIds.exportContacts, t('export_csv'), data.query.slice(0, 200)),
        ...(data.canImport ? [b.button(ActionIds.importOpen, t('import_csv'))] : []),
    ]);
    if (data.indexing) {
        b.context(indexingStatus(data.indexing, data.query, data.utcOffset));
    }
    if (data.admin) {
        adminPanel(b, data.admin);
    }
    b.divider();

    if (data.items.length === 0 && data.notIndexed) {
        const found = data.notIndexed;
        const reach = [found.email, found.phone ? formatPhone(found.phone) : undefined].filter(Boolean).join(' · ');
        b.section(t('contacts_not_indexed_match', { name: found.name || '—', reach }));
    } else if (data.items.length === 0) {
        b.section(data.query ? t('contacts_none_match', { query: data.query }) : t('contacts_none'));
    } else {
        const first = data.at.start + 1;
        const last = first + data.items.length - 1;
        b.context([showing(data, first, last)]);
        for (const item of data.items) {
            // One line a contact: the name and one way to reach them. UI Kit buttons take no aria-label, so the
            // button's own text names the contact it opens (a screen reader lists 25 distinct buttons, not 25 "Open").
            const reach = item.email ?? (item.phone ? formatPhone(item.phone) : undefined);
            b.section(
                plain([item.name, reach].filter(Boolean).join(' · ')),
                b.button(
                    ActionIds.contactOpen,
                    t('open_named', { name: item.name }),
                    contactsListValue({ query: data.query, place: placeOf(data.at, data.pageSize) }, item.id),
                ),
            );
        }
        // Said once, under the last page of the list, where an agent looks for more.
        if (data.capped && last >= data.total) {
            b.context([t('contacts_capped')]);
        }
    }
    pager(b, ActionIds.page, data, (to) => contactsListValue({ query: data.query, place: placeOf(to, data.pageSize) }));
    // The search box is read on submit: block actions do not carry the view's state, a submit does.
    return {
        id: ViewIds.contacts,
        title: t('app_title'),
        blocks: b.list,
        submit: b.button(ActionIds.search, t('search'), undefined, 'primary'),
        close: closeButton(b),
    };
}
