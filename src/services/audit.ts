import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
    AUDIT_CHANGES_MAX,
    auditDay,
    boundValue,
    isExpired,
    retentionStart,
    type AuditAction,
    type AuditActor,
    type AuditChange,
    type AuditEntry,
    type AuditSubject,
    type HistoryPage,
    HISTORY_PAGE_SIZE,
} from '../domain/audit';
import { AuditRepository } from '../store/AuditRepository';
import type { ServiceContext } from './context';

export type { AuditAction, AuditChange, AuditEntry, AuditSubject, HistoryPage } from '../domain/audit';

/** What a caller records: the subject, the action, who did it, and what changed. */
export interface AuditInput {
    subject: AuditSubject;
    action: AuditAction;
    actor: AuditActor;
    /** Field changes, old -> new (no `from` on creation). Values longer than 500 characters are cut. */
    changes?: AuditChange[];
    /** Counts or labels that are not field changes, e.g. { created: 3, updated: 1, rejected: 2 }. */
    detail?: Record<string, string | number>;
    /** Defaults to now. */
    at?: Date;
}

/**
 * Records one audit entry: one persistence write (plus one per day for the day's marker). Call it after
 * the change it describes was saved. Kept for the retention setting's number of days.
 */
export async function recordAudit(persistence: IPersistence, input: AuditInput): Promise<AuditEntry> {
    const at = input.at ?? new Date();
    const entry: AuditEntry = {
        kind: 'audit',
        id: `${at.getTime().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
        subject: { kind: input.subject.kind, id: input.subject.id },
        action: input.action,
        actor: { id: input.actor.id, username: input.actor.username },
        at: at.toISOString(),
        changes: (input.changes ?? []).slice(0, AUDIT_CHANGES_MAX).map((c) => ({
            field: c.field,
            ...('from' in c ? { from: boundValue(c.from) } : {}),
            ...('to' in c ? { to: boundValue(c.to) } : {}),
        })),
        ...(input.detail ? { detail: input.detail } : {}),
    };
    await AuditRepository.add(persistence, entry, auditDay(at));
    return entry;
}

/** One page of a subject's entries within the retention, newest first. The caller has checked access. */
export async function readHistory(
    read: IRead,
    subject: AuditSubject | AuditSubject[],
    retentionDays: number,
    page: number,
    now = new Date(),
): Promise<HistoryPage> {
    const repository = new AuditRepository(read.getPersistenceReader());
    const subjects = Array.isArray(subject) ? subject : [subject];
    const all = (await Promise.all(subjects.map((s) => repository.forSubject(s))))
        .flat()
        .filter((e) => !isExpired(e, now, retentionDays))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const last = Math.max(0, Math.ceil(all.length / HISTORY_PAGE_SIZE) - 1);
    const at = Math.min(Math.max(0, page), last);
    return { items: all.slice(at * HISTORY_PAGE_SIZE, (at + 1) * HISTORY_PAGE_SIZE), total: all.length, page: at };
}

export const AUDIT_PURGE_JOB = 'cc-audit-purge';

/** Removes the days that left the retention: reads the day markers only, never the entries. Returns the days removed. */
export async function purgeAudit(ctx: Pick<ServiceContext, 'read' | 'persistence' | 'config'>, now = new Date()): Promise<string[]> {
    const { read, persistence } = ctx;
    const keepFrom = retentionStart(now, ctx.config.auditRetentionDays);
    const old = (await new AuditRepository(read.getPersistenceReader()).days()).filter((day) => day < keepFrom);
    for (const day of old) {
        await AuditRepository.removeDay(persistence, day);
    }
    return old;
}
