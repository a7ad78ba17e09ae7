import type { Contact } from './contact';

/**
 * The audit trail: who changed what, when. Pure types and rules; the store keeps one record per entry,
 * found by its subject and purged by the day it was written (see store/AuditRepository).
 */

/** What an entry is about. A contact's history and a chat's tag history are read by subject. */
export type AuditSubjectKind = 'contact' | 'room' | 'broadcast' | 'import';
export interface AuditSubject {
    kind: AuditSubjectKind;
    id: string;
}

export const AUDIT_ACTIONS = [
    'contact.created',
    'contact.updated',
    'contact.imported',
    /** Changed in Rocket.Chat itself (an agent edited the visitor there). */
    'contact.synced',
    /** Another entry folded into this one: merged in Rocket.Chat, or the person's entry from before their contact. */
    'contact.merged',
    /** The person's data erased (in Rocket.Chat or by a manager here): the entry keeps no personal value. */
    'contact.erased',
    'chat.tags',
    'broadcast.started',
    'broadcast.cancelled',
    'import.dry_run',
    'import.finished',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditValue = string | number | boolean | string[] | null;

/** One field's change. `from` is absent on creation. */
export interface AuditChange {
    field: string;
    from?: AuditValue;
    to?: AuditValue;
}

export interface AuditActor {
    id: string;
    username: string;
}

/** The actor of a change made in Rocket.Chat, whose event does not name the user. */
export const ROCKET_CHAT_ACTOR: AuditActor = { id: 'rocket.chat', username: 'Rocket.Chat' };

export interface AuditEntry {
    kind: 'audit';
    id: string;
    subject: AuditSubject;
    action: AuditAction;
    actor: AuditActor;
    /** ISO time. */
    at: string;
    changes: AuditChange[];
    /** Counts or labels that are not field changes, e.g. an import's created/updated/rejected rows. */
    detail?: Record<string, string | number>;
}

export const HISTORY_PAGE_SIZE = 10;

/** One page of a subject's history, newest first. */
export interface HistoryPage {
    items: AuditEntry[];
    total: number;
    page: number;
}

/** Long values (notes) are cut so that one entry stays small; the cut is marked. */
export const AUDIT_VALUE_MAX = 500;
export const AUDIT_CHANGES_MAX = 50;

export function boundValue(value: AuditValue | undefined): AuditValue | undefined {
    const cut = (s: string) => (s.length > AUDIT_VALUE_MAX ? `${s.slice(0, AUDIT_VALUE_MAX - 1)}…` : s);
    if (typeof value === 'string') return cut(value);
    if (Array.isArray(value)) return value.slice(0, AUDIT_CHANGES_MAX).map(cut);
    return value;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose values differ between two flat records, in the order of `fields`. */
export function diffFields(
    before: Record<string, AuditValue | undefined>,
    after: Record<string, AuditValue | undefined>,
    fields: string[],
): AuditChange[] {
    return fields.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, from: before[f] ?? null, to: after[f] ?? null }));
}

/** The UTC day (yyyy-mm-dd) an entry was written: purging removes whole days. */
export function auditDay(at: Date): string {
    return at.toISOString().slice(0, 10);
}

/** The first day still kept: entries of earlier days are purged and never shown. */
export function retentionStart(now: Date, retentionDays: number): string {
    return auditDay(new Date(now.getTime() - retentionDays * 86_400_000));
}

export function isExpired(entry: Pick<AuditEntry, 'at'>, now: Date, retentionDays: number): boolean {
    return entry.at.slice(0, 10) < retentionStart(now, retentionDays);
}

/** A contact's audited fields, flat: the app's own fields and each custom field as `custom:<key>`. */
export function contactAuditFields(
    contact: Pick<Contact, 'name' | 'emails' | 'phones' | 'extra' | 'customFields'>,
): Record<string, AuditValue> {
    const custom = Object.fromEntries(Object.entries(contact.customFields).map(([k, v]) => [`custom:${k}`, v]));
    const extra = Object.fromEntries(Object.entries(contact.extra.fields ?? {}).map(([k, v]) => [`extra:${k}`, v]));
    return {
        name: contact.name,
        emails: contact.emails,
        phones: contact.phones,
        company: contact.extra.company,
        notes: contact.extra.notes,
        doNotContact: contact.extra.doNotContact,
        ...custom,
        ...extra,
    };
}

/** What changed between two versions of a contact; on creation, the non-empty fields with no `from`. */
export function contactChanges(
    before: Parameters<typeof contactAuditFields>[0] | undefined,
    after: Parameters<typeof contactAuditFields>[0],
): AuditChange[] {
    const next = contactAuditFields(after);
    if (!before) {
        const empty = (v: AuditValue) => v === '' || v === false || v === null || (Array.isArray(v) && v.length === 0);
        return Object.entries(next)
            .filter(([, v]) => !empty(v))
            .map(([field, to]) => ({ field, to }));
    }
    const prev = contactAuditFields(before);
    return diffFields(prev, next, [...new Set([...Object.keys(prev), ...Object.keys(next)])]);
}
