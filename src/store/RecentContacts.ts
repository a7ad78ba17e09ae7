import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { byRecency, type ContactSummary } from '../domain/contact';
import type { Scope } from '../domain/access';
import { Assoc } from './associations';

/** How many contacts the unfiltered list of a scope can page through; beyond that, agents search. */
export const RECENT_CAPACITY = 500;

interface RecentRecord {
    entries: ContactSummary[];
}

const scopeName = (scope: Scope): string => (scope.kind === 'all' ? 'all' : scope.agentId);

/**
 * The unfiltered Contacts list reads one record per scope instead of the directory. The list is a
 * cache of the contact records: losing an entry in a race is repaired by the reindex job.
 */
export class RecentContacts {
    constructor(private readonly reader: IPersistenceRead) {}

    async list(scope: Scope): Promise<ContactSummary[]> {
        const [record] = ((await this.reader.readByAssociation(Assoc.recent(scopeName(scope)))) as RecentRecord[] | undefined) ?? [];
        return record ? record.entries : [];
    }

    /** Puts the summary in place in each scope's list (removing it when `remove` is set). */
    async record(persistence: IPersistence, scopes: Scope[], summary: ContactSummary, remove = false): Promise<void> {
        await Promise.all(
            scopes.map(async (scope) => {
                const entries = (await this.list(scope)).filter((e) => e.id !== summary.id);
                if (!remove) {
                    entries.push(summary);
                    entries.sort(byRecency);
                }
                await persistence.updateByAssociation(
                    Assoc.recent(scopeName(scope)),
                    { entries: entries.slice(0, RECENT_CAPACITY) },
                    true,
                );
            }),
        );
    }
}
