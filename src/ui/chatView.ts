import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { allTags, durationSeconds, type Chat, agentLabel } from '../domain/chat';
import { Blocks } from './blocks';
import { channelText } from './contactView';
import { formatDateTime, formatDuration } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { chatsListValue, transcriptValue, type ChatsList } from './paging';

/** Room information of a closed conversation; `from` is the list it was opened from, so Back returns to the same page. */
export function buildChatView(
    appId: string,
    chat: Chat,
    from: ChatsList,
    utcOffset = 0,
    departmentName?: string,
    /** What the caller just did (an i18n key), said at the top. */
    notice?: string,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'chats');
    if (notice) {
        b.context([t(notice)]);
    }
    b.section(t('room_information'));
    const field = (key: string, value: string) => b.fields([t(key), plain(value)]);
    field('field_contact', chat.contactName);
    field('field_agent', agentLabel(chat));
    field('field_department', departmentName ?? chat.departmentId ?? '—');
    b.fields([t('field_channel'), chat.source ? channelText({ visitorId: '', type: chat.source }) : plain('—')]);
    field('field_tags', allTags(chat).join(', ') || '—');
    field('field_topic', chat.topic ?? '—');
    field('field_started', formatDateTime(chat.startedAt, utcOffset));
    field('field_closed', formatDateTime(chat.closedAt, utcOffset));
    field('field_duration', formatDuration(durationSeconds(chat)));
    // The agent who closed it, by name when it is the agent who served it.
    field('field_closed_by', chat.closedBy && chat.closedBy === chat.agentName ? agentLabel(chat) : (chat.closedBy ?? '—'));
    field('field_messages', String(chat.messageCount));
    field('field_last_message', chat.lastMessage ?? '—');
    const last = chat.tagHistory[chat.tagHistory.length - 1];
    if (last) {
        b.context([t('tags_changed_by', { user: last.by, date: formatDateTime(last.at, utcOffset) })]);
    }
    b.actions([
        b.button(
            ActionIds.transcript,
            t('view_full_conversation'),
            transcriptValue({ roomId: chat.roomId, page: 0, list: from, agentId: chat.agentId }),
            'primary',
        ),
        b.button(ActionIds.chatContactEdit, t('edit'), chat.contactId),
        b.button(ActionIds.chatTags, t('tags'), chat.roomId),
        b.button(ActionIds.chatBack, t('back'), chatsListValue(from)),
    ]);
    return { id: ViewIds.chat, title: t('app_title'), blocks: b.list, close: closeButton(b) };
}
