import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ChatFilter, ChatSummary } from '../domain/chat';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, pager, showing, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, Fields, ViewIds } from './ids';
import { FIRST_PAGE, placeOf, type ListAt } from '../domain/listAt';
import { chatsListValue } from './paging';

export interface ChatsPage {
    filter: ChatFilter;
    at: ListAt;
    pageSize: number;
    items: ChatSummary[];
    total: number;
    /** More match than `total`: the count is a lower bound. */
    more?: boolean;
    capped: boolean;
    /** Managers filter by agent; agents only ever see their own chats. */
    canFilterAgent: boolean;
}

export function buildChatsView(appId: string, data: ChatsPage, utcOffset = 0): IUIKitModalViewParam {
    const b = new Blocks(appId);
    const f = data.filter;
    tabRow(b, 'chats');
    b.textInput(Fields.filterName, t('filter_contact'), { initialValue: f.name, maxLength: 120 });
    if (data.canFilterAgent) {
        b.textInput(Fields.filterAgent, t('filter_agent'), {
            initialValue: f.agent,
            placeholder: t('filter_agent_placeholder'),
            maxLength: 120,
        });
    }
    b.textInput(Fields.filterDepartment, t('filter_department'), { initialValue: f.department, maxLength: 120 });
    b.textInput(Fields.filterTag, t('filter_tag'), { initialValue: f.tag, maxLength: 40 });
    b.datePicker(Fields.filterFrom, t('filter_from'), f.from);
    b.datePicker(Fields.filterTo, t('filter_to'), f.to);
    // The filter applied to this list (not the inputs' unsaved edits): the file holds what the list shows.
    b.actions([b.button(ActionIds.exportChats, t('export_csv'), chatsListValue({ filter: f, place: FIRST_PAGE }))]);
    b.divider();

    const filtered = Object.keys(f).length > 0;
    if (data.items.length === 0) {
        b.section(t(filtered ? 'chats_none_match' : 'chats_none'));
    } else {
        const first = data.at.start + 1;
        const last = first + data.items.length - 1;
        b.context([showing(data, first, last)]);
        for (const chat of data.items) {
            b.section(
                plain(chat.contactName),
                b.button(ActionIds.chatOpen, t('open'), chatsListValue({ filter: f, place: placeOf(data.at, data.pageSize) }, chat.roomId)),
                [
                    t('chat_row_agent', { agent: chat.agentName ?? '—' }),
                    t('chat_row_closed', { date: formatDateTime(chat.closedAt, utcOffset) }),
                    plain(chat.tags.length > 0 ? chat.tags.join(', ') : ' '),
                ],
            );
        }
        if (data.capped && last >= data.total) {
            b.context([t('chats_capped')]);
        }
    }
    pager(b, ActionIds.chatsPage, data, (to) => chatsListValue({ filter: f, place: placeOf(to, data.pageSize) }));
    return {
        id: ViewIds.chats,
        title: t('app_title'),
        blocks: b.list,
        submit: b.button(ActionIds.search, t('search'), undefined, 'primary'),
        close: closeButton(b),
    };
}
