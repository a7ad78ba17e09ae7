import type { ButtonElement, PlainText } from '@rocket.chat/ui-kit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { HISTORY_PAGE_SIZE, type AuditChange, type AuditEntry, type AuditValue, type HistoryPage } from '../domain/audit';
import { Blocks } from './blocks';
import { translate } from '../domain/translate';
import { formatPhone } from '../domain/phone';
import { formatDateTime } from './format';
import { closeButton, tabRow } from './frame';
import { plain, t } from './i18n';
import { ActionIds, ViewIds } from './ids';
import { historyValue } from './paging';

const FIELD_LABELS: Record<string, string> = {
    name: 'field_name',
    emails: 'field_emails',
    phones: 'field_phones',
    company: 'field_company',
    notes: 'field_notes',
    doNotContact: 'field_do_not_contact',
    tags: 'field_tags',
};

/** A field's label: the app's own fields are translated; custom and extra fields show their key as given. */
function fieldLabel(field: string): PlainText {
    const key = FIELD_LABELS[field];
    return key ? t(key) : plain(field.replace(/^(custom|extra):/, ''));
}

/** A value as the contact's page shows it: phones in the same international format, yes or no for a tick box. */
function shown(field: string, value: AuditValue | undefined): string {
    if (typeof value === 'boolean') return translate(value ? 'yes' : 'no');
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    return (field === 'phones' ? values.map(formatPhone) : values).join(', ');
}

function describe(change: AuditChange): PlainText {
    const boolean = typeof change.to === 'boolean' || (change.to == null && 'from' in change && typeof change.from === 'boolean');
    if (boolean) {
        // Words, translated by the client: "No → Yes" or "Yes".
        return 'from' in change ? t(change.to ? 'history_turned_on' : 'history_turned_off') : t(change.to ? 'yes' : 'no');
    }
    return plain(
        'from' in change ? `${shown(change.field, change.from)} → ${shown(change.field, change.to)}` : shown(change.field, change.to),
    );
}

const HEADINGS: Partial<Record<AuditEntry['action'], string>> = {
    'contact.created': 'history_created',
    'contact.updated': 'history_updated',
    'contact.imported': 'history_imported',
    'contact.synced': 'history_synced',
    'contact.merged': 'history_merged',
    'contact.erased': 'history_erased',
};

/** A contact's change history, newest first, a page at a time. Every value is plain text. */
export function buildHistoryView(
    appId: string,
    contact: { id: string; name: string },
    history: HistoryPage,
    retentionDays: number,
    utcOffset = 0,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    tabRow(b, 'contacts');
    b.section(plain(contact.name));
    b.section(t('history_title'));
    b.context([t('history_retention', { days: retentionDays })]);
    if (history.items.length === 0) {
        b.context([t('history_none')]);
    }
    for (const entry of history.items) {
        b.divider();
        b.section(
            t(HEADINGS[entry.action] ?? 'history_updated', { user: entry.actor.username, date: formatDateTime(entry.at, utcOffset) }),
        );
        for (const change of entry.changes) {
            b.fields([fieldLabel(change.field), describe(change)]);
        }
    }
    const first = history.page * HISTORY_PAGE_SIZE + 1;
    if (history.total > 0) {
        b.context([t('contacts_showing', { first, last: first + history.items.length - 1, total: history.total })]);
    }
    const nav: ButtonElement[] = [];
    if (history.page > 0) nav.push(b.button(ActionIds.contactHistory, t('previous'), historyValue(contact.id, history.page - 1)));
    if (first + history.items.length - 1 < history.total)
        nav.push(b.button(ActionIds.contactHistory, t('next'), historyValue(contact.id, history.page + 1)));
    nav.push(b.button(ActionIds.contactOpen, t('back'), contact.id));
    b.actions(nav);
    return { id: ViewIds.contactHistory, title: t('app_title'), blocks: b.list, close: closeButton(b) };
}
