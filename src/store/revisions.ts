import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { conflict, isKind } from '../domain/errors';
import { Assoc } from './associations';
import { claimAll } from './claims';

/**
 * Records that change their associations are saved as revisions: persistence cannot change a record's
 * associations in place, so a save claims revision N+1 (see claims.ts: two writers of N+1 cannot both
 * keep it), then removes revision N. A crash in between leaves two revisions: readers take the newest
 * and the repair job removes the older one.
 */
export interface Revisioned {
    revision: number;
    /** Set by the save: tells two records of the same revision apart. */
    writeId?: string;
}

export interface RevisionSlot {
    associations: RocketChatAssociationRecord[];
    /** Every revision of this record. */
    family: RocketChatAssociationRecord;
    /** Removes one superseded record. */
    remove: (record: Revisioned) => Promise<void>;
    /** Whether a record read under a shared association is a revision of this record (see claimRevisions). */
    owns: (record: Revisioned) => boolean;
}

/** A claimed revision: commit removes the older ones; rollback withdraws this one and leaves the previous in place. */
export interface PendingRevision {
    commit(): Promise<void>;
    rollback(): Promise<void>;
}

/**
 * Claims the revision or throws a conflict when another writer holds the same revision. The claim reads
 * the record's whole family, so commit also removes older revisions left by crashes or by a writer who
 * built on a claim that was then withdrawn.
 */
export async function claimRevision(
    persistence: IPersistence,
    reader: IPersistenceRead,
    record: Revisioned,
    slot: RevisionSlot,
): Promise<PendingRevision> {
    const [pending] = await claimRevisions(persistence, reader, [{ record, slot }]);
    if (!pending) {
        throw conflict();
    }
    return pending;
}

/**
 * Claims several revisions of different records at once (see claimAll): undefined for each one another writer
 * holds. With `shared`, an association every revision of every one of these records carries, all families are
 * read back in one read.
 */
export async function claimRevisions(
    persistence: IPersistence,
    reader: IPersistenceRead,
    items: { record: Revisioned; slot: RevisionSlot }[],
    shared?: RocketChatAssociationRecord,
): Promise<(PendingRevision | undefined)[]> {
    const claims = await claimAll<Revisioned>(
        persistence,
        reader,
        items.map(({ record, slot }) => ({
            record,
            associations: slot.associations,
            family: slot.family,
            owns: slot.owns,
            rules: {
                isRival: (other) => other.revision === record.revision,
                isNewer: (other) => other.revision > record.revision,
            },
        })),
        shared,
    );
    return claims.map((claimed, i) =>
        claimed
            ? {
                  commit: async () => {
                      await Promise.all(
                          claimed.others.filter((other) => other.revision < items[i].record.revision).map(items[i].slot.remove),
                      );
                  },
                  rollback: () => claimed.release(),
              }
            : undefined,
    );
}

export async function saveRevision(
    persistence: IPersistence,
    reader: IPersistenceRead,
    record: Revisioned,
    slot: RevisionSlot,
): Promise<void> {
    await (await claimRevision(persistence, reader, record, slot)).commit();
}

/** Newer revision first; within one revision (left by a crash), the smallest write id, so every reader picks the same. */
function isBefore(a: Revisioned, b: Revisioned): boolean {
    return a.revision > b.revision || (a.revision === b.revision && (a.writeId ?? '') < (b.writeId ?? ''));
}

/** The newest revision of one record. */
export function newestRevision<T extends Revisioned>(records: T[]): T | undefined {
    return records.reduce<T | undefined>((best, r) => (!best || isBefore(r, best) ? r : best), undefined);
}

/** The newest revision of each record, for look-ups that return many. */
export function newestRevisions<T extends Revisioned>(records: T[], idOf: (record: T) => string): T[] {
    const byId = new Map<string, T>();
    for (const record of records) {
        const seen = byId.get(idOf(record));
        if (!seen || isBefore(record, seen)) {
            byId.set(idOf(record), record);
        }
    }
    return [...byId.values()];
}

/** The records a repair removes: every one but the newest (older revisions, and losers left by a crash). */
export function supersededRevisions<T extends Revisioned>(records: T[]): T[] {
    const newest = newestRevision(records);
    return records.filter((r) => r !== newest);
}

/** The handle that removes one superseded record: its own write, or its revision for records saved before write ids. */
export function handleOf(
    record: Revisioned,
    revisionAssociation: (revision: number) => RocketChatAssociationRecord,
): RocketChatAssociationRecord {
    return record.writeId ? Assoc.write(record.writeId) : revisionAssociation(record.revision);
}

/**
 * Runs a read-modify-save again when it lost a revision to another writer (an event and the backfill, or
 * two server instances, indexing the same contact): it reads the winner's revision and applies its change
 * on top. Indexing is idempotent, so a retry never counts a room twice.
 */
export async function retryOnConflict<T>(save: () => Promise<T>, attempts = 6): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await save();
        } catch (error) {
            if (!isKind(error, 'conflict') || attempt >= attempts) {
                throw error;
            }
            // Two writers who saw each other both withdrew: a random pause lets one of them go first next time.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        }
    }
}
