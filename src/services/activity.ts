import type { Scope } from '../domain/access';
import type { Activity } from '../domain/recency';

/**
 * The times of each scope's newest records, as this process last listed them: the unfiltered Contacts and Chats tabs
 * read the scope's recent list (store/RecentList.ts), and a search or a filter made soon after sizes its time windows
 * in the scope's records rather than in hours (domain/recency.ts, activityMeasure). No host call of its own: a scope
 * not listed lately (another process, a REST call) is read with windows sized in hours, as before.
 */
const seen = new Map<string, Activity>();
/** A list older than this is not used: the scope's pace may have changed (the measure also assumes its pace after it). */
const FRESH_MS = 10 * 60_000;
/** Scopes remembered at most (each about 500 numbers): the oldest remembered goes first. */
const SCOPES = 1_000;

export type ListKind = 'contacts' | 'chats';

const keyOf = (kind: ListKind, scope: Scope): string => `${kind}:${scope.kind === 'all' ? '*' : scope.agentId}`;

/** Remembers the times of a scope's list as just read (records without a time are left out). */
export function rememberActivity(kind: ListKind, scope: Scope, times: number[], now = Date.now()): void {
    const key = keyOf(kind, scope);
    seen.delete(key);
    seen.set(key, { times: times.filter((t) => Number.isFinite(t) && t > 0), listedAt: now });
    if (seen.size > SCOPES) {
        seen.delete(seen.keys().next().value as string);
    }
}

/** The scope's list as last read by this process, when read lately. */
export function recentActivity(kind: ListKind, scope: Scope, now = Date.now()): Activity | undefined {
    const activity = seen.get(keyOf(kind, scope));
    return activity && now - activity.listedAt <= FRESH_MS ? activity : undefined;
}
