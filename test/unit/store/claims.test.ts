import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { claim } from '../../../src/store/claims';
import { newestRevision } from '../../../src/store/revisions';

/** App persistence as Rocket.Chat keeps it: records carrying associations, read and removed by "all of these". */
function fakePersistence() {
    const records: { ids: string[]; data: Record<string, unknown> }[] = [];
    const id = (a: RocketChatAssociationRecord) => (a as unknown as { id: string }).id;
    const persistence = {
        createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[]) => {
            records.push({ ids: associations.map(id), data: data as Record<string, unknown> });
            return String(records.length);
        },
        removeByAssociation: async (association: RocketChatAssociationRecord) => {
            for (let i = records.length - 1; i >= 0; i--) if (records[i].ids.includes(id(association))) records.splice(i, 1);
            return [];
        },
    } as unknown as IPersistence;
    const reader = {
        readByAssociation: async (association: RocketChatAssociationRecord) => records.filter((r) => r.ids.includes(id(association))).map((r) => r.data),
    } as unknown as IPersistenceRead;
    const slot = { model: 'misc', id: 'slot' } as unknown as RocketChatAssociationRecord;
    const put = (data: Record<string, unknown>) => records.push({ ids: ['slot', `cc:w:${data.writeId}`], data });
    return { persistence, reader, records, slot, put };
}

type Rev = { revision: number; writeId?: string };
const rules = (revision: number) => ({ isRival: (o: Rev) => o.revision === revision, isNewer: (o: Rev) => o.revision > revision });

describe('claim: write, read back, withdraw on a rival', () => {
    it('keeps a slot nobody else wrote', async () => {
        const { persistence, reader, records, slot } = fakePersistence();
        const held = await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2));
        expect(held).toBeDefined();
        expect(records).toHaveLength(1);
    });

    it('withdraws at once when a rival with a smaller write id is there (it may already have won)', async () => {
        const { persistence, reader, records, slot, put } = fakePersistence();
        put({ revision: 2, writeId: '0' });
        expect(await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2))).toBeUndefined();
        expect(records.map((r) => r.data.writeId)).toEqual(['0']);
    });

    it('as the smaller of two, keeps the slot only if the other withdraws during the pause', async () => {
        const { persistence, reader, records, slot, put } = fakePersistence();
        put({ revision: 2, writeId: 'zzzz' });
        setTimeout(() => records.splice(0, 1), 5);
        expect(await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2))).toBeDefined();
    });

    it('as the smaller of two, withdraws if the other stays', async () => {
        const { persistence, reader, records, slot, put } = fakePersistence();
        put({ revision: 2, writeId: 'zzzz' });
        expect(await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2))).toBeUndefined();
        expect(records.map((r) => r.data.writeId)).toEqual(['zzzz']);
    });

    it('withdraws if a newer revision appeared meanwhile', async () => {
        const { persistence, reader, slot, put, records } = fakePersistence();
        put({ revision: 2, writeId: 'zzzz' });
        setTimeout(() => {
            records.splice(0, 1);
            put({ revision: 3, writeId: 'yyyy' });
        }, 5);
        expect(await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2))).toBeUndefined();
    });

    it('withdraws when the read-back fails', async () => {
        const { persistence, records, slot } = fakePersistence();
        const failing = { readByAssociation: async () => Promise.reject(new Error('down')) } as unknown as IPersistenceRead;
        await expect(claim<Rev>(persistence, failing, { revision: 2 }, [slot], slot, rules(2))).rejects.toThrow('down');
        expect(records).toHaveLength(0);
    });
});

describe('newestRevision', () => {
    it('takes the highest revision, then the smallest write id, so every reader picks the same record', () => {
        expect(newestRevision([{ revision: 3, writeId: 'b' }, { revision: 3, writeId: 'a' }, { revision: 2, writeId: '0' }])).toEqual({ revision: 3, writeId: 'a' });
    });
});
