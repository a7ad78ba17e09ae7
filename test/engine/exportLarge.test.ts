import { parse } from 'csv-parse/sync';
import { Collections, MemoryStore, generateDataset, seedStore, type EngineHost } from '@contact-center/engine-host';
import { copyStore, startApp } from './driver';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An export larger than one chunk (500 rows): several chunks in order, each contact once, only what the caller sees. */
describe('CSV export of a whole directory', () => {
    let host: EngineHost;
    const data = generateDataset({ seed: 5, visitors: 1200, rooms: 1300, agents: 4, messagesPerRoom: 1 });
    const manager = data.managers[0];
    const agent = data.agents[0];

    let indexed: MemoryStore;

    // The workspace is seeded and indexed once; each test starts a host of its own on a copy of it (as after a
    // restart), so no test sees another's exports.
    beforeAll(async () => {
        indexed = new MemoryStore();
        await seedStore(indexed, data);
        const indexing = await startApp({ store: indexed });
        try {
            // The first indexing of the seeded rooms, run to the end.
            for (let i = 0; i < 200 && (await indexing.runJobs()).length > 0; i++);
        } finally {
            await indexing.stop();
        }
    });
    beforeEach(async () => {
        host = await startApp({ store: await copyStore(indexed) });
    });
    afterEach(() => host?.stop());

    const exportAll = async (userId: string): Promise<{ rows: string[][]; job: Json }> => {
        const headers = await host.loginHeaders(userId);
        const started = (await host.callEndpoint('exports', { method: 'post', headers, content: { kind: 'contacts' } })) as {
            content: Json;
        };
        for (let i = 0; i < 20 && (await host.runJobs()).length > 0; i++);
        const job = ((await host.callEndpoint(`exports/${started.content.export.id}`, { method: 'get', headers })) as { content: Json })
            .content.export;
        const url = new URL(job.downloadUrl, 'http://localhost');
        const file = await host.callEndpoint(`exports/${job.id}/download`, {
            method: 'get',
            query: { token: url.searchParams.get('token') as string },
        });
        return { rows: parse(String(file.content)) as string[][], job };
    };

    it('writes every contact once, in chunks, newest first', async () => {
        const indexed = await host.store
            .collection(Collections.persistence)
            .count({ 'data.token': { $exists: true }, 'data.servedBy': { $exists: true } });
        const { rows, job } = await exportAll(manager._id as string);
        expect(job).toMatchObject({ status: 'done', percent: 100 });
        expect(job.total).toBeGreaterThan(500);
        expect(job.chunks).toBe(Math.ceil(job.total / 500));
        const [header, ...body] = rows;
        expect(header[0]).toBe('name');
        expect(body).toHaveLength(job.total);
        expect(new Set(body.map((r) => r[9])).size).toBe(body.length);
        expect(body.length).toBe(indexed);
        const lastChats = body.map((r) => r[7]).filter((d) => d !== '');
        expect(lastChats).toEqual([...lastChats].sort().reverse());
    });

    it('an agent’s export holds exactly the contacts that agent served', async () => {
        // The contacts whose record names the agent among those who served them (the app's visibility rule).
        const records = await host.store
            .collection(Collections.persistence)
            .find({ 'data.token': { $exists: true }, 'data.servedBy': agent._id });
        const served = new Set(records.map((r) => (r.data as Json).id));
        const { rows } = await exportAll(agent._id as string);
        const ids = rows.slice(1).map((r) => r[9]);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids.length).toBeLessThan(500);
        expect(new Set(ids)).toEqual(served);
        expect(ids).toHaveLength(served.size);
        // Every exported contact had a room with this agent in the workspace.
        const visitorsOfAgent = new Set(
            data.rooms.filter((r) => (r.servedBy as Json | undefined)?._id === agent._id).map((r) => (r.v as Json)._id),
        );
        expect(ids.every((id) => visitorsOfAgent.has(id))).toBe(true);
    });
});
