/**
 * `MONGO_URL=... npm start`: the preview on a MongoDB database that already holds a workspace (a copy of a real
 * Rocket.Chat database), through the real mongodb driver (MongoStandIn stands in for mongod; see
 * packages/engine-host/test/mongoStore.test.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AdmZip from 'adm-zip';
import { startDemo, type Demo } from '../../preview/demo';
import { PREVIEW_ENGINE_COLLECTIONS, storeFromEnv, type MongoPreviewStore } from '../../preview/mongo';
import { Collections, generateDataset, seedStore } from '@contact-center/engine-host';
import { MongoStandIn, MongoStore } from '@contact-center/engine-host/mongo';
import { Agent, packagedZip, rows } from './driver';

const data = generateDataset({ seed: 7, visitors: 30, rooms: 90, agents: 3, messagesPerRoom: 2 });
const closedRooms = data.rooms.filter((r) => !r.open);
const manager = data.managers[0];
/** Another app installed in the workspace, with a job of its own in Rocket.Chat's scheduler collection. */
const otherApp = { _id: 'other-app', id: 'other-app', status: 'manually_enabled', info: { id: 'other-app', name: 'Other' } };
const otherJob = { _id: 'other-job', name: 'other-app_cleanup', nextRunAt: new Date('2030-01-01T00:00:00Z') };

let standIn: MongoStandIn;
let url: string;
let workspaces = 0;
const opened: MongoPreviewStore[] = [];

async function preview(zipPath = packagedZip()): Promise<Demo> {
    const mongo = (await storeFromEnv({ MONGO_URL: url }))!;
    opened.push(mongo);
    return startDemo({ zipPath, store: mongo.store, port: 0, waitForIndexing: true });
}

/** The same app with another version number in its app.json: what an admin's update brings. */
function nextVersionZip(): string {
    const zip = new AdmZip(packagedZip());
    const info = JSON.parse(zip.readAsText('app.json'));
    zip.updateFile('app.json', Buffer.from(JSON.stringify({ ...info, version: '0.1.1' })));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-preview-')), 'next.zip');
    zip.writeZip(file);
    return file;
}

beforeAll(async () => {
    standIn = await MongoStandIn.start();
});

// Each test has a database of its own, holding the same workspace: no test sees what another's runs left in it.
beforeEach(async () => {
    url = standIn.url(`workspace${++workspaces}`);
    const raw = await MongoStore.connect(url);
    await seedStore(raw, data);
    await raw.collection(Collections.apps).insertOne(otherApp);
    await raw.collection(Collections.scheduler).insertOne(otherJob);
    await raw.close();
});

afterAll(async () => {
    await Promise.all(opened.map((m) => m.close()));
    await standIn?.stop();
});

describe('npm start with MONGO_URL', () => {
    it('uses the workspace as it is, indexes its closed chats, and neither loads nor touches the other apps', async () => {
        const demo = await preview();
        try {
            expect(demo.data).toBeUndefined();
            expect(demo.rooms).toBe(data.rooms.length);
            expect((await demo.host.manager.get()).map((a) => a.getID())).toEqual([demo.host.appId]);

            const mona = new Agent(demo.host, manager._id as string);
            await mona.openContactCenter();
            await mona.click('Chats');
            expect(rows(mona.view, 'cc-chat-open').length).toBe(Math.min(25, closedRooms.length));
        } finally {
            await demo.stop();
        }
        const raw = await MongoStore.connect(url);
        expect(await raw.collection(Collections.apps).find({})).toEqual([otherApp]);
        expect(await raw.collection(Collections.scheduler).find({})).toEqual([otherJob]);
        expect(await raw.collection(Collections.visitors).count({})).toBe(data.visitors.length);
        expect(await raw.collection(PREVIEW_ENGINE_COLLECTIONS[Collections.apps]).count({})).toBe(1);
        await raw.close();
    });

    it('keeps the workspace and the app data between runs, and a new package replaces the installed one', async () => {
        // A first run installs the app and indexes the workspace, as in the test above.
        await (await preview()).stop();
        const demo = await preview(nextVersionZip());
        try {
            expect(demo.data).toBeUndefined();
            expect(demo.host.app.getVersion()).toBe('0.1.1');
            const mona = new Agent(demo.host, manager._id as string);
            await mona.openContactCenter();
            await mona.click('Chats');
            // Already indexed by the first run: the archive survived the update, nothing was indexed twice.
            expect(rows(mona.view, 'cc-chat-open').length).toBe(Math.min(25, closedRooms.length));
            const raw = await MongoStore.connect(url);
            expect(await raw.collection(Collections.rooms).count({})).toBe(data.rooms.length);
            await raw.close();
        } finally {
            await demo.stop();
        }
    });
});
