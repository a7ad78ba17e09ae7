import type {
    IUIKitContextualBarViewParam,
    IUIKitModalViewParam,
} from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { Contact } from '../domain/contact';
import type { ExtraField } from '../domain/extraFields';
import { formatPhone } from '../domain/phone';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { FIRST_PAGE } from '../domain/listAt';
import { chatsListValue, contactsListValue, historyValue, type ContactsList } from './paging';
import type { ChatSummary } from '../domain/chat';
import { agentLabel } from '../domain/chat';
import { tagsInShort } from './chatsView';

const HISTORY_SHOWN = 10;

/** One contact's information. Every value is plain text: a name like "*boss* @all" is shown as typed. */
export function buildContactView(
    appId: string,
    contact: Contact,
    utcOffset = 0,
    history: ChatSummary[] = [],
    departmentName?: string,
    extraFields: ExtraField[] = [],
    canErase = false,
    /** The list the contact was opened from: Back returns to it (its search and page). */
    list?: ContactsList,
    /** What the caller just did (an i18n key), said at the top: "Saved." */
    notice?: string,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    if (notice) {
        b.context([t(notice)]);
    }
    // The contact's name is the view's title: Rocket.Chat shows it as the modal's heading (there is no header block).
    if (contact.pendingName) {
        b.callout(t('contact_name_pending', { name: contact.pendingName, kept: contact.name }), 'warning');
    }
    const field = (key: string, value: string) => b.fields([t(key), plain(value)]);
    field('field_emails', contact.emails.join(', ') || '—');
    field('field_phones', contact.phones.map(formatPhone).join(', ') || '—');
    field('field_company', contact.extra.company || '—');
    field('field_notes', contact.extra.notes || '—');
    b.fields([t('field_do_not_contact'), t(contact.extra.doNotContact ? 'yes' : 'no')]);
    for (const extra of extraFields) {
        b.fields([plain(extra.name), plain(contact.extra.fields?.[extra.name] || '—')]);
    }
    for (const [key, value] of Object.entries(contact.customFields)) {
        b.fields([plain(key), plain(String(value))]);
    }
    field('field_department', departmentName ?? contact.department ?? '—');
    channelsField(b, contact);
    field('field_first_chat', formatDateTime(contact.firstChatAt, utcOffset));
    field('field_last_chat', formatDateTime(contact.lastChatAt, utcOffset));
    b.fields([t('field_chat_count'), plain(String(contact.closedRoomIds.length))]);
    b.actions([
        b.button(ActionIds.contactEdit, t('edit'), contact.id, 'primary'),
        b.button(ActionIds.contactHistory, t('history'), historyValue(contact.id, 0)),
        list ? b.button(ActionIds.page, t('back'), contactsListValue(list)) : b.button(ActionIds.back, t('back'), 'contacts'),
        ...(canErase ? [b.button(ActionIds.contactErase, t('erase'), contact.id, 'danger')] : []),
    ]);
    // A manager, who may erase, sees all of them.
    closedConversations(b, contact, history, { shown: HISTORY_SHOWN, seesAll: canErase, utcOffset });
    return { id: ViewIds.contact, title: plain(contact.name), blocks: b.list, close: closeButton(b) };
}

/**
 * A contact's closed conversations, newest first, each with Open: those the caller may open (an agent's own), and
 * how many others the contact has, so that the count and the list never contradict each other.
 */
function closedConversations(
    b: Blocks,
    contact: Contact,
    history: ChatSummary[],
    o: { shown: number; seesAll: boolean; utcOffset: number },
): void {
    b.divider();
    b.section(t('contact_history'));
    const others = o.seesAll ? 0 : contact.closedRoomIds.length - history.length;
    if (history.length === 0 && others <= 0) {
        b.context([t('contact_history_none')]);
    } else if (others > 0) {
        b.context([t(history.length === 0 ? 'contact_history_only_others' : 'contact_history_and_others', { count: others })]);
    }
    for (const chat of history.slice(0, o.shown)) {
        // One line a chat; its button names it by when it closed (the contact is this page's).
        b.section(
            plain([agentLabel(chat), tagsInShort(chat.tags)].filter(Boolean).join(' · ')),
            b.button(
                ActionIds.chatOpen,
                t('open_chat_of', { date: formatDateTime(chat.closedAt, o.utcOffset) }),
                chatsListValue({ filter: {}, place: FIRST_PAGE }, chat.roomId),
            ),
        );
    }
}

/** The ways the person reached the workspace, in words. */
function channelsField(b: Blocks, contact: Contact): void {
    b.fields([t('field_channels'), ...(contact.channels.length > 0 ? contact.channels.map(channelText) : [plain('—')])].slice(0, 10));
}

const CHANNEL_TYPES = ['widget', 'email', 'sms', 'whatsapp', 'app', 'api', 'call', 'other'];

/** A channel as agents know it: its kind, and the app or integration it came through when Rocket.Chat names one. */
export function channelText(channel: Contact['channels'][number]) {
    const kind = CHANNEL_TYPES.includes(channel.type) ? channel.type : 'other';
    return channel.label ? t(`channel_${kind}_labelled`, { label: channel.label }) : t(`channel_${kind}`);
}

/** Closed conversations the bar beside a room lists; the Contact Center has them all. */
const BAR_CHATS = 5;

/**
 * The room's contact in the contextual bar beside the conversation (the room toolbar's Contact Center): who the
 * person is (their name the bar's title), how they reached the workspace, their earlier conversations; Edit and Open in the Contact Center open
 * the Contact Center over the room. Every value is plain text.
 */
export function buildRoomContactBar(
    appId: string,
    contact: Contact,
    utcOffset = 0,
    history: ChatSummary[] = [],
    departmentName?: string,
): IUIKitContextualBarViewParam {
    const b = new Blocks(appId);
    if (contact.pendingName) {
        b.callout(t('contact_name_pending', { name: contact.pendingName, kept: contact.name }), 'warning');
    }
    // A narrow bar: long values (addresses) on a line of their own, not cut in a second column.
    b.section(t('bar_emails', { value: contact.emails.join(', ') || '—' }));
    b.section(t('bar_phones', { value: contact.phones.map(formatPhone).join(', ') || '—' }));
    if (contact.extra.company) {
        b.section(t('bar_company', { value: contact.extra.company }));
    }
    channelsField(b, contact);
    if (departmentName) {
        b.fields([t('field_department'), plain(departmentName)]);
    }
    b.fields([t('field_do_not_contact'), t(contact.extra.doNotContact ? 'yes' : 'no')]);
    b.actions([
        b.button(ActionIds.contactEdit, t('edit'), contact.id, 'primary'),
        b.button(ActionIds.contactOpen, t('open_in_contact_center'), contact.id),
    ]);
    closedConversations(b, contact, history, { shown: BAR_CHATS, seesAll: false, utcOffset });
    // The contact's name heads the bar, as it heads the contact's page (Rocket.Chat's own bar says "Contact Info").
    return { id: ViewIds.roomContact, title: plain(contact.name), blocks: b.list, close: closeButton(b) };
}

/** Confirms an erasure: what goes, and that it cannot be undone. */
export function buildEraseView(appId: string, contact: Pick<Contact, 'id' | 'name'>): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.section(plain(contact.name));
    b.callout(t('erase_explained'), 'danger', t('erase_title'));
    b.actions([
        b.button(ActionIds.contactEraseConfirm, t('erase'), contact.id, 'danger'),
        b.button(ActionIds.contactOpen, t('cancel'), contact.id),
    ]);
    return { id: ViewIds.contactErase, title: t('app_title'), blocks: b.list, close: closeButton(b) };
}
