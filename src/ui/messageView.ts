import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { Blocks } from './blocks';
import { closeButton, tabRow, type Tab } from './frame';
import { t } from './i18n';
import { ViewIds } from './ids';

/** A screen that only says something: a refusal, an empty tab, a missing contact. */
export function buildMessageView(
    appId: string,
    key: string,
    args?: Record<string, string | number>,
    tab?: Tab,
    alert = false,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    if (tab) {
        tabRow(b, tab);
    }
    // Something an admin must fix stands out; the rest reads as a plain message.
    if (alert) {
        b.callout(t(key, args), 'danger');
    } else {
        b.section(t(key, args));
    }
    return { id: tab === 'chats' ? ViewIds.chats : ViewIds.refused, title: t('app_title'), blocks: b.list, close: closeButton(b) };
}
