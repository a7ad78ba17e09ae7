import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Assoc } from './associations';
import { readAll } from './read';

/** The saved progress of a background job, so that it resumes where it stopped after a restart. */
export async function readJobState<T extends object>(reader: IPersistenceRead, name: string): Promise<T | undefined> {
    const [record] = await readAll<T>(reader, Assoc.job(name));
    return record;
}

export async function writeJobState<T extends object>(persistence: IPersistence, name: string, state: T): Promise<void> {
    await persistence.updateByAssociation(Assoc.job(name), state, true);
}
