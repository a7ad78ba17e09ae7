import type { ILogger, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ContactCenterError } from '../domain/errors';
import { noteMissingPermission } from '../store/Health';

/**
 * A bridge call the admin did not grant answers nothing instead of failing. Where the app meets such an
 * answer it throws error_permission_missing; here that is logged for the admin and recorded for the
 * admins' notice on the Contacts tab. Other errors pass by.
 */
export async function noticeMissingPermission(persistence: IPersistence, reader: IPersistenceRead, logger: ILogger | undefined, error: unknown): Promise<void> {
    if (!(error instanceof ContactCenterError) || error.key !== 'error_permission_missing') {
        return;
    }
    const permission = String(error.args.permission);
    logger?.error(`Contact Center: the permission "${permission}" was not granted to the app; grant it in Administration > Apps > Contact Center`);
    await noteMissingPermission(persistence, reader, permission).catch((again) => logger?.error('Contact Center: could not record the missing permission', again));
}
