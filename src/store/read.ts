import type { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Every record carrying all the given associations. The host answers nothing (not an empty list) when it cannot
 * read, so a missing answer reads as no record; records are whatever the app wrote under these associations.
 */
export async function readAll<T>(reader: IPersistenceRead, ...associations: RocketChatAssociationRecord[]): Promise<T[]> {
    const records =
        associations.length === 1 ? await reader.readByAssociation(associations[0]) : await reader.readByAssociations(associations);
    return (records as T[] | undefined) ?? [];
}
