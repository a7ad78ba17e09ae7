import type { ButtonElement, PlainText } from '@rocket.chat/ui-kit';
import { nextOf, previousOf, type Cursor, type ListAt } from '../domain/listAt';
import { Blocks } from './blocks';
import { t } from './i18n';
import { ActionIds } from './ids';

export type Tab = 'contacts' | 'chats';

/** The tab row at the top of every Contact Center screen (modals have no tab block). */
export function tabRow(b: Blocks, active: Tab): void {
    b.actions([
        b.button(ActionIds.tabContacts, t('tab_contacts'), 'contacts', active === 'contacts' ? 'primary' : undefined),
        b.button(ActionIds.tabChats, t('tab_chats'), 'chats', active === 'chats' ? 'primary' : undefined),
    ]);
}

export function closeButton(b: Blocks) {
    return b.button('cc-close', t('close'));
}

/**
 * Where a page is in its list: "1–25 of 120"; of a list cut to its most recent entries, "1–25 of the 500 most
 * recent"; of a search that does not count its matches, "1–25 of many (newest first)".
 */
export function showing(data: { more?: boolean; capped: boolean; total: number }, first: number, last: number): PlainText {
    if (data.more) return t('contacts_showing_more', { first, last });
    return t(data.capped ? 'contacts_showing_recent' : 'contacts_showing', { first, last, total: data.total });
}

/** Previous and Next under a list page; each button carries the position of the page it opens. */
export function pager(
    b: Blocks,
    actionId: string,
    page: { at: ListAt; pageSize: number; items: unknown[]; total: number; more?: boolean; last?: Cursor },
    valueOf: (at: ListAt) => string,
): void {
    const nav: ButtonElement[] = [];
    const previous = previousOf(page.at, page.pageSize);
    if (previous) {
        nav.push(b.button(actionId, t('previous'), valueOf(previous)));
    }
    const next = nextOf(page.at, page.items.length, page);
    if (next) {
        nav.push(b.button(actionId, t('next'), valueOf(next)));
    }
    if (nav.length > 0) {
        b.actions(nav);
    }
}
