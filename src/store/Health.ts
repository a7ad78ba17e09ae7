import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Assoc } from './associations';
import { readAll } from './read';

/** What the app found missing on this server, for the admins' notice. */
export interface Health {
    /** Permission name to when it was last found missing. */
    missing: Record<string, string>;
}

export async function readHealth(reader: IPersistenceRead): Promise<Health> {
    const [record] = await readAll<Health>(reader, Assoc.health());
    return { missing: record?.missing ?? {} };
}

export async function noteMissingPermission(persistence: IPersistence, reader: IPersistenceRead, permission: string): Promise<void> {
    const health = await readHealth(reader);
    await persistence.updateByAssociation(Assoc.health(), { missing: { ...health.missing, [permission]: new Date().toISOString() } }, true);
}

/** Cleared when an admin starts a repair: whatever is still missing is found and recorded again. */
export async function clearHealth(persistence: IPersistence): Promise<void> {
    await persistence.removeByAssociation(Assoc.health());
}
