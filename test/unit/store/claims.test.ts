import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { claim, claimAll, type ClaimRequest } from '../../../src/store/claims';
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
        readByAssociation: async (association: RocketChatAssociationRecord) =>
            records.filter((r) => r.ids.includes(id(association))).map((r) => r.data),
    } as unknown as IPersistenceRead;
    const slot = { model: 'misc', id: 'slot' } as unknown as RocketChatAssociationRecord;
    const put = (data: Record<string, unknown>) => records.push({ ids: ['slot', `cc:wr:${data.writeId}`], data });
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

    it('withdraws when it lands behind a newer revision, even with no rival of its own revision left', async () => {
        // A slow writer of revision 2: meanwhile another saved revisions 2 and 3, and revision 3 removed its 2.
        const { persistence, reader, records, slot, put } = fakePersistence();
        put({ revision: 3, writeId: 'later' });
        expect(await claim<Rev>(persistence, reader, { revision: 2 }, [slot], slot, rules(2))).toBeUndefined();
        expect(records.map((r) => r.data.writeId)).toEqual(['later']);
    });

    it('withdraws when the read-back fails', async () => {
        const { persistence, records, slot } = fakePersistence();
        const failing = { readByAssociation: async () => Promise.reject(new Error('down')) } as unknown as IPersistenceRead;
        await expect(claim<Rev>(persistence, failing, { revision: 2 }, [slot], slot, rules(2))).rejects.toThrow('down');
        expect(records).toHaveLength(0);
    });
});

describe('claimAll: several claims settled by one shared read', () => {
    // Two records (a and b) of one contact: both carry the shared association, each its own family's.
    const setup = () => {
        const fake = fakePersistence();
        let reads = 0;
        const reader = {
            readByAssociation: async (association: RocketChatAssociationRecord) => {
                reads++;
                return fake.reader.readByAssociation(association);
            },
        } as unknown as IPersistenceRead;
        const assoc = (id: string) => ({ model: 'misc', id }) as unknown as RocketChatAssociationRecord;
        type Item = Rev & { key: string };
        const request = (key: string, revision: number): ClaimRequest<Item> => ({
            record: { key, revision },
            associations: [assoc('shared'), assoc(key)],
            family: assoc(key),
            rules: { isRival: (o) => o.revision === revision, isNewer: (o) => o.revision > revision },
            owns: (r) => r.key === key,
        });
        const rival = (key: string, revision: number, writeId: string) =>
            fake.records.push({ ids: ['shared', key, `cc:wr:${writeId}`], data: { key, revision, writeId } });
        return { ...fake, reader, reads: () => reads, request, rival, shared: assoc('shared') };
    };

    it('writes every record and reads them back in one read', async () => {
        const { persistence, reader, records, reads, request, shared } = setup();
        const claims = await claimAll(persistence, reader, [request('a', 1), request('b', 1)], shared);
        expect(claims.every((c) => c !== undefined)).toBe(true);
        expect(reads()).toBe(1);
        expect(records).toHaveLength(2);
    });

    it('reads each family on its own without a shared association', async () => {
        const { persistence, reader, reads, request } = setup();
        await claimAll(persistence, reader, [request('a', 1), request('b', 1)]);
        expect(reads()).toBe(2);
    });

    it('loses only the claim that has a rival; the others are kept and see only their own family', async () => {
        const { persistence, reader, records, request, rival, shared } = setup();
        rival('b', 1, '0');
        rival('a', 0, '1');
        const [a, b] = await claimAll(persistence, reader, [request('a', 1), request('b', 1)], shared);
        expect(b).toBeUndefined();
        expect(a?.others.map((o) => o.writeId)).toEqual(['1']);
        expect(records.map((r) => r.data.key).sort()).toEqual(['a', 'a', 'b']);
    });

    it('withdraws every record when one write fails', async () => {
        const { persistence, reader, records, request, shared } = setup();
        const failing = {
            ...persistence,
            createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[]) =>
                (data as { key: string }).key === 'b'
                    ? Promise.reject(new Error('write refused'))
                    : persistence.createWithAssociations(data, associations),
            removeByAssociation: persistence.removeByAssociation,
        } as unknown as IPersistence;
        await expect(claimAll(failing, reader, [request('a', 1), request('b', 1)], shared)).rejects.toThrow('write refused');
        expect(records).toHaveLength(0);
    });

    it('withdraws every record when the shared read fails', async () => {
        const { persistence, records, request, shared } = setup();
        const failing = { readByAssociation: async () => Promise.reject(new Error('down')) } as unknown as IPersistenceRead;
        await expect(claimAll(persistence, failing, [request('a', 1), request('b', 1)], shared)).rejects.toThrow('down');
        expect(records).toHaveLength(0);
    });

    it('costs nothing when there is nothing to claim', async () => {
        const { persistence, reader, reads, shared } = setup();
        expect(await claimAll(persistence, reader, [], shared)).toEqual([]);
        expect(reads()).toBe(0);
    });
});

describe('newestRevision', () => {
    it('takes the highest revision, then the smallest write id, so every reader picks the same record', () => {
        expect(
            newestRevision([
                { revision: 3, writeId: 'b' },
                { revision: 3, writeId: 'a' },
                { revision: 2, writeId: '0' },
            ]),
        ).toEqual({ revision: 3, writeId: 'a' });
    });
});
