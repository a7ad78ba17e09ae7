import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { allTags, durationSeconds, type Chat } from '../domain/chat';
import { Blocks } from './blocks';
import { formatDateTime, formatDuration } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { encodeChats, encodeTranscript, listReturn, pageState } from './paging';

/** Where the chat was opened from, so Back returns to the same filtered page. */
export interface ListPosition {
    filter: Record<string, string>;
    page: number;
    /** As in ChatsState. */
    offset?: number;
}

/** Room information of a closed conversation. */
export function buildChatView(appId: string, chat: Chat, from: ListPosition, utcOffset = 0, departmentName?: string): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'chats');
    b.section(t('room_information'));
    const field = (key: string, value: string) => b.fields([t(key), plain(value)]);
    field('field_contact', chat.contactName);
    field('field_agent', chat.agentName ?? '—');
    field('field_department', departmentName ?? chat.departmentId ?? '—');
    field('field_channel', chat.source ?? '—');
    field('field_tags', allTags(chat).join(', ') || '—');
    field('field_topic', chat.topic ?? '—');
    field('field_started', formatDateTime(chat.startedAt, utcOffset));
    field('field_closed', formatDateTime(chat.closedAt, utcOffset));
    field('field_duration', formatDuration(durationSeconds(chat)));
    field('field_closed_by', chat.closedBy ?? '—');
    field('field_messages', String(chat.messageCount));
    field('field_last_message', chat.lastMessage ?? '—');
    const last = chat.tagHistory[chat.tagHistory.length - 1];
    if (last) {
        b.context([t('tags_changed_by', { user: last.by, date: formatDateTime(last.at, utcOffset) })]);
    }
    b.actions([
        b.button(ActionIds.transcript, t('view_full_conversation'), encodeTranscript({ r: chat.roomId, p: 0, f: from.filter, ...listReturn(from.page, from.offset) }), 'primary'),
        b.button(ActionIds.chatContactEdit, t('edit'), chat.contactId),
        b.button(ActionIds.chatTags, t('tags'), chat.roomId),
        b.button(ActionIds.chatBack, t('back'), encodeChats({ f: from.filter, ...pageState(from.page, from.offset) })),
    ]);
    return { id: ViewIds.chat, title: t('app_title'), blocks: b.list, close: closeButton(b) };
}
