import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Records that change their associations are saved as revisions: persistence cannot change a record's
 * associations in place, so a save writes the new revision first and then removes the previous one. A
 * crash in between leaves two revisions, and readers take the newest.
 */
export interface Revisioned {
    revision: number;
}

export async function saveRevision(
    persistence: IPersistence,
    record: Revisioned,
    associations: RocketChatAssociationRecord[],
    previous?: RocketChatAssociationRecord,
): Promise<void> {
    await persistence.createWithAssociations(record, associations);
    if (previous) {
        await persistence.removeByAssociation(previous);
    }
}

/** The newest revision of one record. */
export function newestRevision<T extends Revisioned>(records: T[]): T | undefined {
    return records.reduce<T | undefined>((best, r) => (!best || r.revision > best.revision ? r : best), undefined);
}

/** The newest revision of each record, for look-ups that return many. */
export function newestRevisions<T extends Revisioned>(records: T[], idOf: (record: T) => string): T[] {
    const byId = new Map<string, T>();
    for (const record of records) {
        const seen = byId.get(idOf(record));
        if (!seen || record.revision > seen.revision) {
            byId.set(idOf(record), record);
        }
    }
    return [...byId.values()];
}
