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
        const id = this.idOf(entry);
        await Promise.all(
            scopes.map(async (scope) => {
                const entries = (await this.list(scope)).filter((e) => this.idOf(e) !== id);
                if (!remove) {
                    entries.push(entry);
                    entries.sort(this.order);
                }
                await persistence.updateByAssociation(Assoc.recent(`${this.kind}:${scopeName(scope)}`), { entries: entries.slice(0, RECENT_CAPACITY) }, true);
            }),
        );
    }
}
