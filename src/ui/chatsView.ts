import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ChatFilter, ChatSummary, Choice, FilterChoices } from '../domain/chat';
import type { PlainText } from '@rocket.chat/ui-kit';
import { agentLabel } from '../domain/chat';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, pager, showing, tabRow } from './frame';
import { translate } from '../domain/translate';
import { plain, t } from './i18n';
import { ActionIds, Fields, ViewIds } from './ids';
import { FIRST_PAGE, placeOf, type Cursor, type ListAt } from '../domain/listAt';
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
    /** The last chat shown, when the list reads the page after it from there (Next carries it). */
    last?: Cursor;
    /** Managers filter by agent; agents only ever see their own chats. */
    canFilterAgent: boolean;
    /** What the filter form offers to pick from (departments, agents, tags); a list it lacks is typed. */
    choices?: FilterChoices;
}

/** The filter beyond the contact search in words: "Tag: vip · Closed from: 2026-01-01", each part as the form names it. */
function filterSummary(f: ChatFilter): string {
    const parts: [string, string | undefined][] = [
        ['filter_agent', f.agent],
        ['filter_department', f.department],
        ['filter_tag', f.tag],
        ['filter_from', f.from],
        ['filter_to', f.to],
    ];
    return parts
        .filter((p): p is [string, string] => !!p[1])
        .map(([key, value]) => `${translate(key)}: ${value}`)
        .join(' · ');
}

const TAG_SHOWN = 20;
/**
 * A filter picked from a list (the value filtered on kept, known or not), or typed when there is no list (nothing
 * known, or too many to list: see store/Vocabulary.ts) or more than a UI Kit select stays usable with.
 */
function pickerOrText(
    b: Blocks,
    field: string,
    label: PlainText,
    current: string | undefined,
    choices: Choice[] = [],
    placeholder?: PlainText,
): void {
    const options = current && !choices.some((c) => c.value === current) ? [{ value: current, label: current }, ...choices] : choices;
    if (choices.length === 0 || options.length > PICKER_MAX) {
        b.textInput(field, label, { initialValue: current, maxLength: 120, ...(placeholder ? { placeholder } : {}) });
        return;
    }
    b.select(
        field,
        label,
        options.map((c) => ({ value: c.value, text: plain(c.label) })),
        current,
        true,
    );
}

/** A select lists every recorded agent or tag (store/Vocabulary.ts keeps at most 300) and the value filtered on. */
const PICKER_MAX = 301;

/** "support", "support +2", "a-very-long-tag-name-t… +1": one line whatever the tags. */
export function tagsInShort(tags: string[]): string {
    if (tags.length === 0) return '';
    const first = tags[0].length > TAG_SHOWN ? `${tags[0].slice(0, TAG_SHOWN - 1)}…` : tags[0];
    return tags.length > 1 ? `${first} +${tags.length - 1}` : first;
}

/**
 * The Chats tab: a contact search and the list first, the rest of the filter folded behind Filter (the active one
 * said in words, with Clear filters); `editing` shows the filter's inputs above the list, with Search to apply them
 * and Cancel.
 */
export function buildChatsView(appId: string, data: ChatsPage, utcOffset = 0, editing = false): IUIKitModalViewParam {
    const b = new Blocks(appId);
    const f = data.filter;
    const here = chatsListValue({ filter: f, place: placeOf(data.at, data.pageSize) });
    tabRow(b, 'chats');
    const active = Object.keys(f).length > 0;
    if (editing) {
        b.textInput(Fields.filterName, t('filter_contact'), { initialValue: f.name, maxLength: 120 });
        if (data.canFilterAgent) {
            pickerOrText(b, Fields.filterAgent, t('filter_agent'), f.agent, data.choices?.agents, t('filter_agent_placeholder'));
        }
        pickerOrText(b, Fields.filterDepartment, t('filter_department'), f.department, data.choices?.departments);
        pickerOrText(b, Fields.filterTag, t('filter_tag'), f.tag, data.choices?.tags);
        b.datePicker(Fields.filterFrom, t('filter_from'), f.from);
        b.datePicker(Fields.filterTo, t('filter_to'), f.to);
        b.actions([b.button(ActionIds.chatsPage, t('cancel'), here)]);
    } else {
        // One input, so that Enter runs it (a modal's form submits on Enter only when it has a single text field);
        // the rest of the filter rides on the Filter button and is kept (see onViewSubmit).
        b.textInput(Fields.chatsSearch, t('search'), { initialValue: f.name, placeholder: t('filter_contact'), maxLength: 120 });
        // The filter applied to this list: the file holds what the list shows.
        b.actions([
            b.button(ActionIds.chatsFilter, t('filter'), here, active ? 'primary' : undefined),
            ...(active ? [b.button(ActionIds.tabChats, t('filter_clear'), 'chats')] : []),
            b.button(ActionIds.exportChats, t('export_csv'), chatsListValue({ filter: f, place: FIRST_PAGE })),
        ]);
        const summary = filterSummary(f);
        if (summary) {
            b.context([plain(summary)]);
        }
    }
    b.divider();

    const filtered = Object.keys(f).length > 0;
    if (data.items.length === 0) {
        b.section(t(filtered ? 'chats_none_match' : 'chats_none'));
    } else {
        const first = data.at.start + 1;
        const last = first + data.items.length - 1;
        b.context([showing(data, first, last)]);
        for (const chat of data.items) {
            // One line a chat: the contact, who served it (managers see everyone's chats) and its first tag ("+2"
            // for the others); the button names the chat it opens by when it closed.
            const agent = data.canFilterAgent ? agentLabel(chat) : undefined;
            b.section(
                plain([chat.contactName, agent, tagsInShort(chat.tags)].filter(Boolean).join(' · ')),
                b.button(
                    ActionIds.chatOpen,
                    t('open_chat_of', { date: formatDateTime(chat.closedAt, utcOffset) }),
                    chatsListValue({ filter: f, place: placeOf(data.at, data.pageSize) }, chat.roomId),
                ),
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
