/**
 * Hand-written UI Kit views of the fake backend, shaped like the Contact Center's own.
 * Labels carry `i18n` keys and, as text, the bare key: the page shows English only if it translates.
 */

export const FAKE_APP_ID = 'd7c97984-285e-4a24-a422-48c4917c01d5';
const appId = FAKE_APP_ID;

export const FAKE_I18N: Record<string, string> = {
    app_title: 'Contact Center',
    action_contact_center: 'Contact Center',
    tab_contacts: 'Contacts',
    tab_chats: 'Chats',
    search: 'Search',
    search_placeholder: 'Name, email or phone',
    new_contact: 'New Contact',
    edit_contact: 'Edit contact',
    open: 'Open',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    back: 'Back',
    next: 'Next',
    previous: 'Previous',
    pin: 'Show in side panel',
    contacts_none_match: 'No contacts match “__query__”.',
    contacts_showing: '__first__–__last__ of __total__',
    chats_none: 'Closed conversations you served appear here.',
    chat_closed: 'Closed by __agent__ · __when__',
    field_name: 'Name',
    field_emails: 'Email',
    field_phones: 'Phone',
    field_company: 'Company',
    field_notes: 'Notes',
    field_do_not_contact: 'Do not contact',
    do_not_contact_option: 'This contact asked not to receive broadcasts',
    hint_one_per_line: 'One per line',
    refused_no_role: 'The Contact Center is for omnichannel agents and managers.',
};

export interface FakeContact {
    id: string;
    name: string;
    emails: string[];
    phones: string[];
    company: string;
    notes: string;
    doNotContact: boolean;
    revision: number;
}

export interface FakeClosedChat {
    roomId: string;
    visitor: string;
    agent: string;
    when: string;
}

type Args = Record<string, string | number>;
type Text = { type: 'plain_text' | 'mrkdwn'; text: string; i18n?: { key: string; args?: Args } };

export const t = (key: string, args?: Args): Text => ({ type: 'plain_text', text: key, i18n: args ? { key, args } : { key } });
const plain = (text: string): Text => ({ type: 'plain_text', text: text || ' ' });

const button = (blockId: string, actionId: string, text: Text, value?: string, style?: 'primary' | 'danger') => ({
    type: 'button', appId, blockId, actionId, text, ...(value !== undefined ? { value } : {}), ...(style ? { style } : {}),
});
const actions = (blockId: string, elements: object[]) => ({ type: 'actions', appId, blockId, elements });
const context = (blockId: string, elements: Text[]) => ({ type: 'context', appId, blockId, elements });
const section = (blockId: string, text?: Text, accessory?: object, fields?: Text[]) => ({
    type: 'section', appId, blockId, ...(text ? { text } : {}), ...(accessory ? { accessory } : {}), ...(fields ? { fields } : {}),
});
const submitButton = (text: Text) => ({ type: 'button', appId, blockId: '', actionId: 'submit', text });

function textInput(field: string, label: Text, opts: { initialValue?: string; multiline?: boolean; optional?: boolean; placeholder?: Text; hint?: Text } = {}) {
    return {
        type: 'input', appId, blockId: field, label, optional: opts.optional ?? true, ...(opts.hint ? { hint: opts.hint } : {}),
        element: {
            type: 'plain_text_input', appId, blockId: field, actionId: field,
            ...(opts.initialValue ? { initialValue: opts.initialValue } : {}),
            ...(opts.multiline ? { multiline: true } : {}),
            ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
        },
    };
}

function checkbox(field: string, label: Text, optionText: Text, checked: boolean) {
    const option = { text: optionText, value: 'yes' };
    return {
        type: 'input', appId, blockId: field, label, optional: true,
        element: { type: 'checkbox', appId, blockId: field, actionId: field, options: [option], ...(checked ? { initialOptions: [option] } : {}) },
    };
}

const tabs = (active: 'contacts' | 'chats') =>
    actions('tabs', [
        button('tabs', 'cc-tab-contacts', t('tab_contacts'), 'contacts', active === 'contacts' ? 'primary' : undefined),
        button('tabs', 'cc-tab-chats', t('tab_chats'), 'chats', active === 'chats' ? 'primary' : undefined),
    ]);

const modal = (id: string, title: Text, blocks: object[], extra: { submit?: Text; close?: Text } = {}) => ({
    id, type: 'modal' as const, appId, title, blocks,
    ...(extra.submit ? { submit: submitButton(extra.submit) } : {}),
    close: submitButton(extra.close ?? t('close')),
});

export const PAGE_SIZE = 3;

export function contactsView(found: FakeContact[], query: string, page: number) {
    const first = page * PAGE_SIZE;
    const shown = found.slice(first, first + PAGE_SIZE);
    const blocks: object[] = [
        tabs('contacts'),
        textInput('cc-query', t('search'), { initialValue: query, placeholder: t('search_placeholder') }),
        actions('new', [button('new', 'cc-contact-new', t('new_contact'))]),
        context('count', [found.length === 0
            ? t('contacts_none_match', { query })
            : t('contacts_showing', { first: first + 1, last: first + shown.length, total: found.length })]),
    ];
    for (const c of shown) {
        blocks.push(section(`contact-${c.id}`, plain(c.name), button(`contact-${c.id}`, 'cc-contact-open', t('open'), c.id)));
        blocks.push(context(`contact-${c.id}-info`, [plain([c.emails[0], c.phones[0], c.company].filter(Boolean).join(' · '))]));
    }
    const paging: object[] = [];
    if (page > 0) paging.push(button('paging', 'cc-page', t('previous'), JSON.stringify({ q: query, p: page - 1 })));
    if (first + PAGE_SIZE < found.length) paging.push(button('paging', 'cc-page', t('next'), JSON.stringify({ q: query, p: page + 1 })));
    if (paging.length) blocks.push(actions('paging', paging));
    return modal('cc-contacts', t('app_title'), blocks, { submit: t('search') });
}

export function chatsView(chats: FakeClosedChat[]) {
    const blocks: object[] = [tabs('chats')];
    if (chats.length === 0) blocks.push(context('none', [t('chats_none')]));
    chats.forEach((chat, i) => {
        blocks.push(section(`chat-${i}`, plain(chat.visitor)));
        blocks.push(context(`chat-${i}-info`, [t('chat_closed', { agent: chat.agent, when: chat.when })]));
    });
    return modal('cc-chats', t('app_title'), blocks);
}

function contactBlocks(c: FakeContact) {
    return [
        section('facts', undefined, undefined, [
            { type: 'mrkdwn', text: `*Email*\n${c.emails.join(', ') || '—'}` },
            { type: 'mrkdwn', text: `*Phone*\n${c.phones.join(', ') || '—'}` },
            { type: 'mrkdwn', text: `*Company*\n${c.company || '—'}` },
            { type: 'mrkdwn', text: `*Do not contact*\n${c.doNotContact ? 'Yes' : 'No'}` },
        ]),
        ...(c.notes ? [section('notes', plain(c.notes))] : []),
        { type: 'divider', appId, blockId: 'divider' },
    ];
}

export function contactView(c: FakeContact) {
    return modal('cc-contact', plain(c.name), [
        ...contactBlocks(c),
        actions('contact-actions', [
            button('contact-actions', 'cc-contact-edit', t('edit'), c.id, 'primary'),
            button('contact-actions', 'fake-pin', t('pin'), c.id),
            button('contact-actions', 'cc-back', t('back')),
        ]),
    ]);
}

export function contactBar(c: FakeContact) {
    return { ...modal('cc-contact-bar', plain(c.name), contactBlocks(c)), type: 'contextualBar' as const };
}

export function contactForm(c?: FakeContact) {
    const id = c ? `cc-contact-edit:${c.id}:${c.revision}` : 'cc-contact-new';
    return modal(id, t(c ? 'edit_contact' : 'new_contact'), [
        textInput('name', t('field_name'), { initialValue: c?.name, optional: false }),
        textInput('emails', t('field_emails'), { initialValue: c?.emails.join('\n'), multiline: true, hint: t('hint_one_per_line') }),
        textInput('phones', t('field_phones'), { initialValue: c?.phones.join('\n'), multiline: true }),
        textInput('company', t('field_company'), { initialValue: c?.company }),
        textInput('notes', t('field_notes'), { initialValue: c?.notes, multiline: true }),
        checkbox('doNotContact', t('field_do_not_contact'), t('do_not_contact_option'), c?.doNotContact ?? false),
    ], { submit: t('save'), close: t('cancel') });
}

export function refusedView() {
    return modal('cc-refused', t('app_title'), [section('refused', t('refused_no_role'))]);
}
