import * as fs from 'fs';
import * as path from 'path';
import { Collections, MemoryStore, makeAgent, makeLivechatRoom, makeVisitor, type EngineHost } from '../host';
import { seedWorkspace, type Workspace } from '../bench/seed';
import { Agent, startApp } from './driver';
import { SETTINGS } from '../../src/services/settings';

/**
 * Host calls per agent action, on the benchmark's workspace at a small size. Counts are stable where
 * times are not, so a change that adds round trips or reads more records fails here.
 */
describe('cost per agent action', () => {
    let host: EngineHost;
    let ws: Workspace;

    beforeAll(async () => {
        const store = new MemoryStore();
        const appId = JSON.parse(fs.readFileSync(path.join(__dirname, '../../app.json'), 'utf8')).id as string;
        ws = await seedWorkspace(store, appId, { contacts: 2_000, chats: 10_000 }, () => undefined);
        host = await startApp({ store });
    }, 300_000);
    afterAll(() => host?.stop());

    async function cost(run: () => Promise<unknown>) {
        host.resetMetrics();
        await run();
        const m = host.metrics();
        const writes = Object.entries(m.bridges)
            .filter(([k]) => /^persistence\.(create|update|remove)/.test(k))
            .reduce((sum, [, v]) => sum + v.calls, 0);
        return { trips: m.roundTrips, records: m.recordsReturned, writes };
    }

    it('opens the Contact Center with one read of the recent list (settings are read once, then cached; the caller comes with the click; the view is the answer)', async () => {
        const agent = new Agent(host, ws.agents[0]._id);
        expect((await cost(() => agent.openContactCenter())).trips).toBe(1 + SETTINGS.length);
        expect(await cost(() => agent.openContactCenter())).toMatchObject({ trips: 1, records: 1, writes: 0 });
    });

    it('searches a phone or an email with one exact look-up', async () => {
        const manager = new Agent(host, ws.manager._id);
        await manager.openContactCenter();
        const email = (ws.visitors[5].visitorEmails as { address: string }[])[0].address.toUpperCase();
        const searched = await cost(() => manager.search(email));
        expect(searched.trips).toBe(1);
        expect(searched.records).toBeLessThanOrEqual(2);
    });

    it('searches a common name in the newest window that holds a page: at most 4 × page size records, not the whole directory', async () => {
        for (const user of [ws.manager, ws.agents[0]]) {
            const searcher = new Agent(host, user._id);
            await searcher.openContactCenter();
            for (const query of ['silva', 'ana sil']) {
                const searched = await cost(() => searcher.search(query));
                expect(searched.trips).toBeLessThanOrEqual(4);
                expect(searched.records).toBeLessThanOrEqual(4 * 25);
            }
        }
    });

    it('filters Chats by tag, agent, name or a month reading about a page, not the archive', async () => {
        const manager = new Agent(host, ws.manager._id);
        const month = (ws.longRoom.closedAt as Date).toISOString().slice(0, 7);
        for (const filter of [{ tag: 'vip' }, { agent: ws.agents[0].username as string }, { name: 'silva' }, { from: `${month}-01`, to: `${month}-28` }]) {
            await manager.press('cc-tab-chats', 'chats');
            const filtered = await cost(() => manager.submit(Object.fromEntries(Object.entries(filter).map(([k, v]) => [`filter-${k}`, v]))));
            // About a page: windows are sized from the matches seen, so a rare tag may read a few windows (10,000 chats here).
            expect([filter, filtered.records <= 5 * 25]).toEqual([filter, true]);
            expect(filtered.trips).toBeLessThanOrEqual(5);
        }
    });

    it('opens a contact and a chat in three round trips, the first page of a 10,000-message conversation in two', async () => {
        const manager = new Agent(host, ws.manager._id);
        await manager.openContactCenter();
        // record(s), department name; the view is the answer to the click
        expect((await cost(() => manager.press('cc-contact-open', ws.visitors[0]._id))).trips).toBeLessThanOrEqual(3);
        expect((await cost(() => manager.press('cc-chat-open', JSON.stringify({ f: {}, p: 0, r: ws.longRoom._id })))).trips).toBeLessThanOrEqual(3);
        // the archive record and the messages, read together
        const page = await cost(() => manager.press('cc-transcript', JSON.stringify({ r: ws.longRoom._id, p: 0 })));
        expect(page.trips).toBeLessThanOrEqual(2);
        expect(page.records).toBeLessThanOrEqual(60);
    });

    it('indexes a closed room with at most 10 persistence writes', async () => {
        const room = makeLivechatRoom({ visitor: ws.visitors[3], agent: ws.agents[2], open: false, ts: new Date() });
        await host.store.collection(Collections.rooms).insertOne(room);
        const indexed = await cost(() => host.fireEvent('IPostLivechatRoomClosed', room._id));
        expect(indexed.writes).toBeGreaterThan(0);
        expect(indexed.writes).toBeLessThanOrEqual(10);
    });
});

describe('cost of the backfill', () => {
    // Each save is a claim (write, then read back: persistence has no compare-and-set, see store/claims.ts): a room
    // costs its chat's claim plus its share of the contact's read and claim, about three calls.
    it('backfills with at most three host calls per room: one read and one claimed save per contact, one claimed save per chat', async () => {
        const store = new MemoryStore();
        const agent = makeAgent({ username: 'bf' });
        const visitors = Array.from({ length: 60 }, (_, i) => makeVisitor({ name: `Backfill ${i}` }));
        await store.collection(Collections.users).insertOne(agent);
        await store.collection(Collections.visitors).insertMany(visitors);
        await store.collection(Collections.rooms).insertMany(visitors.flatMap((v) => Array.from({ length: 5 }, () => makeLivechatRoom({ visitor: v, agent, open: false }))));
        const backfill = await startApp({ store });
        try {
            backfill.resetMetrics();
            await backfill.runJobs();
            const m = backfill.metrics();
            const chats = (await store.collection(Collections.persistence).find({ associations: { $all: [{ model: 'misc', id: 'cc:chat' }] } })).length;
            expect(chats).toBe(300);
            expect(m.roundTrips / 300).toBeLessThanOrEqual(3);
        } finally {
            await backfill.stop();
        }
    });
});
