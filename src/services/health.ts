import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { isKind } from '../domain/errors';
import { clearHealth, noteMissingPermission, readHealth } from '../store/Health';
import type { EventContext } from './context';

/**
 * A bridge call the admin did not grant answers nothing instead of failing. Where the app meets such an
 * answer it throws an 'unavailable' error naming the permission; here that is logged for the admin and
 * recorded for the admins' notice on the Contacts tab. Other errors pass by.
 */
export async function noticeMissingPermission(ctx: Pick<EventContext, 'read' | 'persistence' | 'logger'>, error: unknown): Promise<void> {
    if (!isKind(error, 'unavailable') || error.args.permission === undefined) {
        return;
    }
    const permission = String(error.args.permission);
    ctx.logger?.error(
        `Contact Center: the permission "${permission}" was not granted to the app; grant it in Administration > Apps > Contact Center`,
    );
    await noteMissingPermission(ctx.persistence, ctx.read.getPersistenceReader(), permission).catch((again) =>
        ctx.logger?.error('Contact Center: could not record the missing permission', again),
    );
}

/** The permissions found missing, for the admins' notice. */
export async function missingPermissions(read: IRead): Promise<string[]> {
    return Object.keys((await readHealth(read.getPersistenceReader())).missing).sort();
}

/** Cleared when an admin starts a repair: whatever is still missing is found and recorded again. */
export async function clearNotices(persistence: IPersistence): Promise<void> {
    await clearHealth(persistence);
}
