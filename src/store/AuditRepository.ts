import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AuditEntry, AuditSubject } from '../domain/audit';
import { Assoc } from './associations';

interface DayMarker {
    kind: 'audit-day';
    day: string;
}

// Days this process has already marked: the marker is written once per day, not on every entry.
const markedDays = new Set<string>();

/**
 * One record per audit entry, associated with its subject (read together for a history) and with its
 * day (removed together by the purge). A marker per day lets the purge find old days without reading entries.
 */
export class AuditRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    /** Every kept entry of one subject: one host call. */
    async forSubject(subject: AuditSubject): Promise<AuditEntry[]> {
        const records = (await this.reader.readByAssociation(Assoc.auditSubject(subject.kind, subject.id))) as AuditEntry[] | undefined;
        return (records ?? []).filter((r) => r && r.kind === 'audit');
    }

    /** The days that have entries (one small record each, at most one per day of retention). */
    async days(): Promise<string[]> {
        const markers = (await this.reader.readByAssociation(Assoc.auditDays())) as DayMarker[] | undefined;
        return [...new Set((markers ?? []).map((m) => m.day))].sort();
    }

    /** One create; plus, the first time this process writes on a day, an idempotent upsert of that day's marker. */
    static async add(persistence: IPersistence, entry: AuditEntry, day: string): Promise<void> {
        await persistence.createWithAssociations(entry, [Assoc.auditSubject(entry.subject.kind, entry.subject.id), Assoc.auditDay(day)]);
        if (!markedDays.has(day)) {
            const marker: DayMarker = { kind: 'audit-day', day };
            await persistence.updateByAssociations([Assoc.auditDays(), Assoc.auditDayMarker(day)], marker, true);
            markedDays.add(day);
            if (markedDays.size > 8) {
                markedDays.delete([...markedDays][0]);
            }
        }
    }

    /**
     * Rewrites a subject's entries without their values (the erasure of a person): which fields changed, by whom and
     * when stay. A crash between the removal and the rewrite loses those lines, never leaves a value behind.
     */
    static async scrubSubject(persistence: IPersistence, reader: IPersistenceRead, subject: AuditSubject): Promise<void> {
        const entries = await new AuditRepository(reader).forSubject(subject);
        if (entries.every((e) => e.changes.every((c) => !('from' in c) && !('to' in c)) && !e.detail)) {
            return;
        }
        await persistence.removeByAssociation(Assoc.auditSubject(subject.kind, subject.id));
        for (const entry of entries) {
            const { detail: _detail, ...rest } = entry;
            const scrubbed: AuditEntry = { ...rest, changes: entry.changes.map((c) => ({ field: c.field })) };
            await persistence.createWithAssociations(scrubbed, [
                Assoc.auditSubject(subject.kind, subject.id),
                Assoc.auditDay(entry.at.slice(0, 10)),
            ]);
        }
    }

    /** Removes a whole day: its entries, then its marker (a crash in between leaves the marker for the next run). */
    static async removeDay(persistence: IPersistence, day: string): Promise<void> {
        await persistence.removeByAssociation(Assoc.auditDay(day));
        await persistence.removeByAssociations([Assoc.auditDays(), Assoc.auditDayMarker(day)]);
        markedDays.delete(day);
    }
}
