import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Scope } from '../domain/access';
import { Assoc } from './associations';
import { claimAll, newWriteId, type Claimed } from './claims';
import { readAll } from './read';

/** How many entries the unfiltered list of a scope can page through; beyond that, agents search or filter. */
export const RECENT_CAPACITY = 500;

/** A list is compacted once this many change records have piled up on top of its base: a list read holds at most about this many records more. */
export const COMPACT_AFTER = 16;
/** How long a compacted list remembers that an entry was taken out (a late write of it then stays out). */
const REMOVAL_MEMORY_MS = 24 * 3_600_000;

const scopeName = (scope: Scope): string => (scope.kind === 'all' ? 'all' : scope.agentId);

/** One change of a list: an entry put in place (with the revision of the record it shows) or taken out. */
interface Change<T> {
    id: string;
    entry?: T;
    revision?: number;
    removed?: true;
    /** When it was written (ms). */
    at: number;
}

/** The records of a list: one base (claimed as revisions) and the changes written since, one record per write. */
interface ListRecord<T> extends Claimed {
    list: 'base' | 'changes';
    /** The base's revision. */
    revision?: number;
    /**
     * A base: whether the list has left entries out at its capacity, now or before (it stays so). Absent from the bases
     * of app versions that did not record it.
     */
    truncated?: boolean;
    changes: Change<T>[];
}

/** A list as read: its entries, newest first, and whether it left older ones out. */
export interface Listing<T> {
    entries: T[];
    /**
     * Entries were left out at the capacity, now or before: the list holds the newest entries down to its last one, and
     * older ones exist beyond it even when an entry taken out since left it below its capacity. Undefined for a list
     * whose base an earlier version of the app folded without saying, until it overflows again.
     */
    truncated: boolean | undefined;
}

/** Whether the unfiltered tab should say that only the newest entries are listed (an earlier version's base: when full). */
export const isCapped = (listing: Listing<unknown>): boolean => listing.truncated ?? listing.entries.length >= RECENT_CAPACITY;

export interface RecentChange<T> {
    scopes: Scope[];
    entry: T;
    /** The revision of the record the entry shows: of two entries for one id, the higher revision wins. */
    revision?: number;
    remove?: boolean;
}

/**
 * Which of two changes of one entry stands: a removal or an entry put back after one, the later write; of two
 * versions of an entry, the higher revision (a writer that read an older revision may write last), then the later.
 */
function wins<T>(a: Change<T>, b: Change<T>): boolean {
    if (!a.removed && !b.removed && a.revision !== undefined && b.revision !== undefined && a.revision !== b.revision) {
        return a.revision > b.revision;
    }
    return a.at >= b.at;
}

/**
 * The newest entries of one kind (contacts, chats) for one scope, so that an unfiltered list reads one association
 * instead of the directory. Writers never read-modify-write a shared record: each write adds a record of changes,
 * and a reader applies them over the list's base (the winner of each entry by the rule above), so writers on any
 * number of instances lose nothing. A writer that sees many change records folds them into a new base, claimed
 * like a revision (one writer keeps it), then removes the records it folded.
 */
export class RecentList<T> {
    constructor(
        protected readonly reader: IPersistenceRead,
        private readonly kind: string,
        private readonly idOf: (entry: T) => string,
        private readonly order: (a: T, b: T) => number,
    ) {}

    /** The list's entries, newest first, and whether it is all of its scope. */
    async list(scope: Scope): Promise<Listing<T>> {
        const { entries, truncated } = await this.read(this.keyOf(scope));
        return { entries, truncated };
    }

    /** Puts the entry in place in each scope's list, or takes it out when `remove` is set. */
    async record(persistence: IPersistence, scopes: Scope[], entry: T, revision?: number, remove = false): Promise<void> {
        await this.recordMany(persistence, [{ scopes, entry, revision, remove }]);
    }

    /**
     * Takes an entry out of the scopes' lists and compacts them at once, so that no record of the lists keeps the
     * entry's values (the erasure of a person).
     */
    async forgetId(persistence: IPersistence, scopes: Scope[], id: string): Promise<void> {
        const at = Date.now();
        for (const scope of scopes) {
            const key = this.keyOf(scope);
            const record: ListRecord<T> = { list: 'changes', changes: [{ id, removed: true, at }], writeId: newWriteId() };
            await persistence.createWithAssociations(record, [Assoc.recentList(key), Assoc.write(record.writeId as string)]);
            await this.compact(persistence, key, await this.read(key));
        }
    }

    /** Many changes at once: one write per scope, whatever the number of entries, then a read that may compact. */
    async recordMany(persistence: IPersistence, changes: RecentChange<T>[]): Promise<void> {
        const at = Date.now();
        const byScope = new Map<string, Change<T>[]>();
        for (const change of changes) {
            const id = this.idOf(change.entry);
            const written: Change<T> = change.remove
                ? { id, removed: true, at }
                : { id, entry: change.entry, at, ...(change.revision !== undefined ? { revision: change.revision } : {}) };
            for (const scope of change.scopes) {
                const key = this.keyOf(scope);
                byScope.set(key, [...(byScope.get(key) ?? []), written]);
            }
        }
        await Promise.all(
            [...byScope.entries()].map(async ([key, scoped]) => {
                const record: ListRecord<T> = { list: 'changes', changes: scoped, writeId: newWriteId() };
                await persistence.createWithAssociations(record, [Assoc.recentList(key), Assoc.write(record.writeId as string)]);
                const state = await this.read(key);
                // Of the writers of a burst, the one whose record is the newest it read folds them: usually one writer,
                // not all of them at once.
                const newest = state.changeRecords.every((r) => (r.writeId ?? '') <= (record.writeId as string));
                if (newest && state.changeRecords.length > COMPACT_AFTER) {
                    await this.compact(persistence, key, state);
                }
            }),
        );
    }

    private keyOf(scope: Scope): string {
        return `${this.kind}:${scopeName(scope)}`;
    }

    /** The list as its records say: the newest base with every change record applied. */
    private async read(key: string): Promise<ListState<T>> {
        const records = await readAll<ListRecord<T>>(this.reader, Assoc.recentList(key));
        const bases = records.filter((r) => r.list === 'base');
        const changeRecords = records.filter((r) => r.list === 'changes');
        const base = bases.reduce<ListRecord<T> | undefined>(
            (best, r) => (!best || (r.revision ?? 0) > (best.revision ?? 0) ? r : best),
            undefined,
        );
        const winners = new Map<string, Change<T>>();
        for (const change of [...(base?.changes ?? []), ...changeRecords.flatMap((r) => r.changes)]) {
            const held = winners.get(change.id);
            if (!held || wins(change, held)) {
                winners.set(change.id, change);
            }
        }
        const present = [...winners.values()].filter((c) => !c.removed).sort((a, b) => this.order(a.entry as T, b.entry as T));
        const kept = present.slice(0, RECENT_CAPACITY);
        // No base: nothing was ever folded away. A base of an earlier version: not known.
        const truncated =
            present.length > RECENT_CAPACITY || base?.truncated === true ? true : !base || base.truncated === false ? false : undefined;
        const removals = [...winners.values()].filter((c) => c.removed);
        return { entries: kept.map((c) => c.entry as T), truncated, kept, removals, bases, base, changeRecords };
    }

    /** Folds the change records read into a new base; only the writer who keeps that base removes what it folded. */
    private async compact(persistence: IPersistence, key: string, state: ListState<T>): Promise<void> {
        const revision = (state.base?.revision ?? 0) + 1;
        const recent = Date.now() - REMOVAL_MEMORY_MS;
        const base: ListRecord<T> = {
            list: 'base',
            revision,
            ...(state.truncated !== undefined ? { truncated: state.truncated } : {}),
            changes: [...state.kept, ...state.removals.filter((r) => r.at >= recent)],
        };
        const [held] = await claimAll<ListRecord<T>>(persistence, this.reader, [
            {
                record: base,
                associations: [Assoc.recentList(key), Assoc.recentBase(key)],
                family: Assoc.recentBase(key),
                owns: () => true,
                rules: { isRival: (other) => other.revision === revision, isNewer: (other) => (other.revision ?? 0) > revision },
            },
        ]);
        if (!held) {
            return;
        }
        const folded = [...state.bases, ...state.changeRecords].filter((r) => r.writeId);
        await Promise.all(folded.map((r) => persistence.removeByAssociation(Assoc.write(r.writeId as string))));
    }
}

interface ListState<T> {
    entries: T[];
    truncated: boolean | undefined;
    kept: Change<T>[];
    removals: Change<T>[];
    bases: ListRecord<T>[];
    base?: ListRecord<T>;
    changeRecords: ListRecord<T>[];
}
