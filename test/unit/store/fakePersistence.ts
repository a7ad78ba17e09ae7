import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * App persistence as Rocket.Chat keeps it: records carrying associations; reads and removals match "all of these",
 * updates match the association list exactly. Every call yields to the event loop first, so calls that run side
 * by side interleave as they would over the wire; `calls` counts them by method.
 */
export function fakePersistence() {
    const records: { ids: string[]; data: Record<string, unknown> }[] = [];
    const calls: Record<string, number> = {};
    const id = (a: RocketChatAssociationRecord) => (a as unknown as { id: string }).id;
    const tick = async (method: string) => {
        calls[method] = (calls[method] ?? 0) + 1;
        await new Promise((resolve) => setImmediate(resolve));
    };
    const matching = (ids: string[]) => records.filter((r) => ids.every((i) => r.ids.includes(i)));
    const persistence = {
        createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[]) => {
            await tick('create');
            records.push({ ids: associations.map(id), data: JSON.parse(JSON.stringify(data)) });
            return String(records.length);
        },
        updateByAssociations: async (associations: RocketChatAssociationRecord[], data: object, upsert: boolean) => {
            await tick('update');
            const ids = associations.map(id);
            const found = records.find((r) => r.ids.length === ids.length && r.ids.every((x, i) => x === ids[i]));
            if (found) found.data = JSON.parse(JSON.stringify(data));
            else if (upsert) records.push({ ids, data: JSON.parse(JSON.stringify(data)) });
            return '';
        },
        removeByAssociation: async (association: RocketChatAssociationRecord) => {
            await tick('remove');
            for (let i = records.length - 1; i >= 0; i--) if (records[i].ids.includes(id(association))) records.splice(i, 1);
            return [];
        },
    } as unknown as IPersistence & { updateByAssociation: unknown };
    (persistence as unknown as Record<string, unknown>).updateByAssociation = (
        a: RocketChatAssociationRecord,
        data: object,
        upsert: boolean,
    ) =>
        (
            persistence as unknown as { updateByAssociations: (a: RocketChatAssociationRecord[], d: object, u: boolean) => Promise<string> }
        ).updateByAssociations([a], data, upsert);
    const reader = {
        readByAssociation: async (association: RocketChatAssociationRecord) => {
            await tick('read');
            return matching([id(association)]).map((r) => JSON.parse(JSON.stringify(r.data)));
        },
        readByAssociations: async (associations: RocketChatAssociationRecord[]) => {
            await tick('read');
            return matching(associations.map(id)).map((r) => JSON.parse(JSON.stringify(r.data)));
        },
    } as unknown as IPersistenceRead;
    return { persistence, reader, records, calls, matching };
}
