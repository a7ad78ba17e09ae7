import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ButtonElement } from '@rocket.chat/ui-kit';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, tabRow } from './frame';
import { translate } from '../domain/translate';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { chatsListValue, transcriptValue, type TranscriptPlace } from './paging';

const MAX_TEXT = 2900;

/**
 * One page of the full conversation, oldest first, one block a message: "Joana Prado · 2026-12-03 08:30: text",
 * the time alone when the day is the previous message's, the chat's agent marked "(agent)" (the agent rides on the
 * transcript's buttons, so a page costs no extra read). Plain text throughout:
 * a message is shown as typed, never as markdown.
 */
export function buildTranscriptView(
    appId: string,
    state: TranscriptPlace,
    messages: IMessageRaw[],
    hasNext: boolean,
    utcOffset = 0,
    /** The viewer's language: the agent's mark is part of a line of plain text, translated here. */
    language?: string,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'chats');
    b.context([t('transcript_page', { page: state.page + 1 })]);
    if (messages.length === 0) {
        b.section(t('transcript_empty'));
    }
    let day = '';
    for (const message of messages) {
        const name = message.sender?.name || message.sender?.username || '—';
        const sender = state.agentId && message.sender?._id === state.agentId ? translate('transcript_agent', { name }, language) : name;
        const [date, time] = formatDateTime(message.createdAt as unknown as string, utcOffset).split(' ');
        const when = date === day && time ? time : [date, time].filter(Boolean).join(' ');
        day = date;
        const files = [message.file?.name, ...(message.attachments ?? []).map((a) => a.title?.value)].filter((n): n is string => !!n);
        const text = [message.text ?? '', ...files.map((file) => `📎 ${file}`)].filter((line) => line.length > 0).join('\n');
        const line = `${sender} · ${when}: ${text}`;
        b.section(plain(line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT)}…` : line));
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
