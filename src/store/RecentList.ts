import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Scope } from '../domain/access';
import { Assoc } from './associations';

/** How many entries the unfiltered list of a scope can page through; beyond that, agents search or filter. */
export const RECENT_CAPACITY = 500;

const scopeName = (scope: Scope): string => (scope.kind === 'all' ? 'all' : scope.agentId);

/**
 * The newest entries of one kind (contacts, chats) for one scope, in a single record, so that an
 * unfiltered list reads one record instead of the directory. It is a cache of the main records:
 * an entry lost in a race between two writers is restored by the reindex job.
 */
export class RecentList<T> {
    constructor(
        private readonly reader: IPersistenceRead,
        private readonly kind: string,
        private readonly idOf: (entry: T) => string,
        private readonly order: (a: T, b: T) => number,
    ) {}

    async list(scope: Scope): Promise<T[]> {
        const [record] = ((await this.reader.readByAssociation(Assoc.recent(`${this.kind}:${scopeName(scope)}`))) as { entries: T[] }[] | undefined) ?? [];
        return record ? record.entries : [];
    }

    /** Puts the entry in place in each scope's list, or takes it out when `remove` is set. */
    async record(persistence: IPersistence, scopes: Scope[], entry: T, remove = false): Promise<void> {
        await this.recordMany(persistence, [{ scopes, entry, remove }]);
    }

    /** Many changes at once: one read and one write per scope, whatever the number of entries. */
    async recordMany(persistence: IPersistence, changes: RecentChange<T>[]): Promise<void> {
        const byScope = new Map<string, { scope: Scope; changes: RecentChange<T>[] }>();
        for (const change of changes) {
            for (const scope of change.scopes) {
                const name = scopeName(scope);
                const group = byScope.get(name) ?? { scope, changes: [] };
                group.changes.push(change);
                byScope.set(name, group);
            }
        }
        await Promise.all(
            [...byScope.entries()].map(async ([name, group]) => {
                const entries = new Map((await this.list(group.scope)).map((e) => [this.idOf(e), e]));
                for (const change of group.changes) {
                    if (change.remove) {
                        entries.delete(this.idOf(change.entry));
                    } else {
                        entries.set(this.idOf(change.entry), change.entry);
                    }
                }
                const sorted = [...entries.values()].sort(this.order).slice(0, RECENT_CAPACITY);
                await persistence.updateByAssociation(Assoc.recent(`${this.kind}:${name}`), { entries: sorted }, true);
            }),
        );
    }
}

export interface RecentChange<T> {
    scopes: Scope[];
    entry: T;
    remove?: boolean;
}
