import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ButtonElement } from '@rocket.chat/ui-kit';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { chatsListValue, transcriptValue, type TranscriptPlace } from './paging';

const MAX_TEXT = 2900;

/** One page of the full conversation, oldest first; message text is shown as plain text. */
export function buildTranscriptView(
    appId: string,
    state: TranscriptPlace,
    messages: IMessageRaw[],
    hasNext: boolean,
    utcOffset = 0,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'chats');
    b.context([t('transcript_page', { page: state.page + 1 })]);
    if (messages.length === 0) {
        b.section(t('transcript_empty'));
    }
    for (const message of messages) {
        const sender = message.sender?.name || message.sender?.username || '—';
        b.context([plain(`${sender} · ${formatDateTime(message.createdAt as unknown as string, utcOffset)}`)]);
        const files = [message.file?.name, ...(message.attachments ?? []).map((a) => a.title?.value)].filter((n): n is string => !!n);
        const text = [message.text ?? '', ...files.map((name) => `📎 ${name}`)].filter((line) => line.length > 0).join('\n');
        b.section(plain(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text));
    }
    const nav: ButtonElement[] = [];
    const at = (page: number) => transcriptValue({ ...state, page });
    if (state.page > 0) {
        nav.push(b.button(ActionIds.transcript, t('previous'), at(state.page - 1)));
    }
    if (hasNext) {
        nav.push(b.button(ActionIds.transcript, t('next'), at(state.page + 1)));
    }
    nav.push(b.button(ActionIds.chatOpen, t('back'), chatsListValue(state.list, state.roomId)));
    b.actions(nav);
    return { id: ViewIds.transcript, title: t('view_full_conversation'), blocks: b.list, close: closeButton(b) };
}
