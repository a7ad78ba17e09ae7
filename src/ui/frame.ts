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
