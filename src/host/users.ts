import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller } from '../domain/access';

/** The caller's current roles, read from the server: roles sent along with an interaction are not trusted. */
export async function readCaller(read: IRead, userId: string): Promise<(Caller & { utcOffset: number; language?: string }) | undefined> {
    if (typeof userId !== 'string' || userId.length === 0) {
        return undefined;
    }
    const user = await read.getUserReader().getById(userId);
    if (!user || !user.isEnabled) {
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
