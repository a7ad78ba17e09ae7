import { ID_PATTERN } from '../domain/decode';
/** Every view, block and action id the app uses. Ids are public: the client sends them back, untrusted. */
export const ViewIds = {
    contacts: 'cc-contacts',
    chats: 'cc-chats',
    contact: 'cc-contact',
    /** The room's contact, in the contextual bar beside the conversation (room toolbar). */
    roomContact: 'cc-room-contact',
    contactEdit: 'cc-contact-edit',
    contactNew: 'cc-contact-new',
    contactHistory: 'cc-contact-history',
    contactErase: 'cc-contact-erase',
    refused: 'cc-refused',
    chat: 'cc-chat',
    transcript: 'cc-transcript',
    chatTags: 'cc-chat-tags',
    broadcasts: 'cc-broadcasts',
    broadcastCompose: 'cc-bc-compose',
    broadcastReport: 'cc-bc-report',
    export: 'cc-export',
    importForm: 'cc-import',
    importProgress: 'cc-import-progress',
} as const;

export const ActionIds = {
    /** The action button in the user menu and in the livechat room toolbar. */
    openFromMenu: 'cc-open',
    openFromRoom: 'cc-open-room',
    tabContacts: 'cc-tab-contacts',
    tabChats: 'cc-tab-chats',
    /** Shows the Chats filter's inputs (the value: the list they filter). */
    chatsFilter: 'cc-chats-filter',
    search: 'cc-search',
    page: 'cc-page',
    contactOpen: 'cc-contact-open',
    contactEdit: 'cc-contact-edit',
    contactNew: 'cc-contact-new',
    contactHistory: 'cc-contact-history',
    /** Managers: Erase on a contact asks to confirm; the confirmation erases. */
    contactErase: 'cc-contact-erase',
    contactEraseConfirm: 'cc-contact-erase-confirm',
    back: 'cc-back',
    chatsPage: 'cc-chats-page',
    chatOpen: 'cc-chat-open',
    chatBack: 'cc-chat-back',
    transcript: 'cc-transcript',
    chatTags: 'cc-chat-tags',
    chatContactEdit: 'cc-chat-contact-edit',
    broadcasts: 'cc-broadcasts',
    broadcastNew: 'cc-bc-new',
    broadcastCancel: 'cc-bc-cancel',
    broadcastReport: 'cc-bc-report',
    /** Export CSV on the Contacts tab (value: the search) and on the Chats tab (value: the filter). */
    exportContacts: 'cc-export-contacts',
    exportChats: 'cc-export-chats',
    exportRefresh: 'cc-export-refresh',
    /** The download button opens its URL in the browser; its click needs no answer. */
    exportDownload: 'cc-export-download',
    importOpen: 'cc-import-open',
    importRefresh: 'cc-import-refresh',
    /** Admins: start the repair of the index. */
    repair: 'cc-repair',
    /** The edit form: read the newest revision again after a conflict. */
    contactReload: 'cc-contact-reload',
} as const;

/** Inputs of the forms: block id and action id are the same, so errors can be shown next to the field. */
export const Fields = {
    query: 'cc-query',
    name: 'name',
    emails: 'emails',
    phones: 'phones',
    company: 'company',
    notes: 'notes',
    doNotContact: 'doNotContact',
    /** The Chats tab's contact search above the list (the folded filter's one input). */
    chatsSearch: 'chats-search',
    filterName: 'filter-name',
    filterAgent: 'filter-agent',
    filterDepartment: 'filter-department',
    filterTag: 'filter-tag',
    filterFrom: 'filter-from',
    filterTo: 'filter-to',
    tags: 'tags',
    bcQuery: 'query',
    bcTag: 'tag',
    bcChannel: 'channel',
    bcMessage: 'message',
    /** The Send confirmation: its value is the fingerprint of what the preview showed. */
    bcConfirm: 'confirm',
    bcPick: 'pick',
    importCsv: 'csv',
    importConfirm: 'import-confirm',
} as const;

/**
 * Rocket.Chat's client keys an open modal by its view id and keeps the view it was mounted with: a `modal.open`
 * whose id is the open modal's changes nothing on screen. A screen opened from a modal of the same id (Next, Filter,
 * Refresh) therefore takes the other of two instance ids, so that the client mounts it anew, from its top.
 */
const OTHER_INSTANCE = '~1';

export function instanceViewId(next: string, openViewId: string | undefined): string {
    return openViewId === next ? `${next}${OTHER_INSTANCE}` : next;
}

/** The id a screen is known by, whichever instance the client has open. */
export function baseViewId(viewId: string): string {
    return viewId.endsWith(OTHER_INSTANCE) ? viewId.slice(0, -OTHER_INSTANCE.length) : viewId;
}

/**
 * The edit form's view id names the contact and the revision the form was built from, so that a
 * save can detect a concurrent change. It is parsed strictly and re-checked like any client value.
 */
export function contactEditViewId(contactId: string, revision: number): string {
    return `${ViewIds.contactEdit}:${contactId}:${revision}`;
}

export function parseContactEditViewId(viewId: unknown): { contactId: string; revision: number } | undefined {
    const parsed = parseRevisionedId(ViewIds.contactEdit, viewId);
    return parsed && { contactId: parsed.id, revision: parsed.revision };
}

/** "<prefix>:<id>:<revision>", with ids as Rocket.Chat makes them; anything else is refused. */
function parseRevisionedId(prefix: string, viewId: unknown): { id: string; revision: number } | undefined {
    if (typeof viewId !== 'string' || !viewId.startsWith(`${prefix}:`)) {
        return undefined;
    }
    const match = new RegExp(`^(${ID_PATTERN}):(\\d{1,9})$`).exec(viewId.slice(prefix.length + 1));
    return match ? { id: match[1], revision: Number(match[2]) } : undefined;
}

/** The tags form names the chat and the revision it was built from, like the contact form. */
export function chatTagsViewId(roomId: string, revision: number): string {
    return `${ViewIds.chatTags}:${roomId}:${revision}`;
}

export function parseChatTagsViewId(viewId: unknown): { roomId: string; revision: number } | undefined {
    const parsed = parseRevisionedId(ViewIds.chatTags, viewId);
    return parsed && { roomId: parsed.id, revision: parsed.revision };
}
