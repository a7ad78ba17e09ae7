import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Caller } from '../domain/access';

/**
 * The caller as the server describes them in the interaction. Rocket.Chat builds that user from its own
 * database for the authenticated session at the time of the click (the client sends only ids and values),
 * so its roles are as current as a second read would be, and that read would cost a round trip per action.
 */
export function callerOf(user: IUser | undefined): (Caller & { utcOffset: number; language?: string }) | undefined {
    if (!user || typeof user.id !== 'string' || user.id.length === 0 || !user.isEnabled) {
        return undefined;
    }
    return {
        id: user.id,
        username: user.username,
        roles: Array.isArray(user.roles) ? user.roles : [],
        utcOffset: typeof user.utcOffset === 'number' ? user.utcOffset : 0,
        language: (user.settings as { preferences?: { language?: string } } | undefined)?.preferences?.language,
    };
}

/** A user's current roles, read from the server: for background jobs, which act for a user without an interaction. */
export async function readCaller(read: IRead, userId: string): Promise<(Caller & { utcOffset: number; language?: string }) | undefined> {
    if (typeof userId !== 'string' || userId.length === 0) {
        return undefined;
    }
    return callerOf(await read.getUserReader().getById(userId));
}

/** Agents' names read recently, by id: a backfill page names its agents without a read per room. */
const NAMES = new Map<string, { name: string | undefined; until: number }>();
const NAME_TTL_MS = 10 * 60_000;

/** The names of these users (one read each, side by side, for those not read in the last ten minutes). */
export async function userNames(read: IRead, ids: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const missing = [...new Set(ids)].filter((id) => (NAMES.get(id)?.until ?? 0) <= now);
    await Promise.all(
        missing.map(async (id) => {
            const user = await read.getUserReader().getById(id);
            NAMES.set(id, {
                name: typeof user?.name === 'string' && user.name.trim() ? user.name.trim() : undefined,
                until: now + NAME_TTL_MS,
            });
        }),
    );
    const names = new Map<string, string>();
    for (const id of ids) {
        const name = NAMES.get(id)?.name;
        if (name) names.set(id, name);
    }
    return names;
}
