import * as fs from 'fs';
import * as path from 'path';
import { Collections, makeAdmin, makeAgent, makeLivechatRoom, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, startApp, texts } from './driver';

jest.setTimeout(120_000);

/**
 * The admin refused two permissions at install. The host does not throw on a denied call: it answers
 * nothing. The app must say so to the agent (in the view, naming the permission) and to the admin (log and
 * a notice on the Contact Center), instead of failing silently.
 */
describe('Missing permissions', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const root = makeAdmin({ username: 'root' });
    const vera = makeVisitor({ name: 'Vera Perm' });
    const room = makeLivechatRoom({ visitor: vera, agent: alice, open: false, ts: new Date(Date.UTC(2026, 9, 1, 10)) });
    const refused = ['livechat-visitor.write', 'room.system.view-all'];
    const declared = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../app.json'), 'utf8')).permissions as { name: string }[];

    // Each test starts from this workspace on a host of its own.
    beforeEach(async () => {
        host = await startApp({ permissionsGranted: declared.filter((p) => !refused.includes(p.name)) });
        await host.store.collection(Collections.users).insertMany([alice, root]);
        await host.store.collection(Collections.visitors).insertOne(vera);
        await host.store.collection(Collections.rooms).insertOne(room);
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
    });
    afterEach(() => host?.stop());

    /** Alice tries to rename Vera: the save needs livechat-visitor.write. */
    const renameVera = async () => {
        const agent = new Agent(host, alice._id as string);
        await agent.openContactCenter();
        await agent.openRow('Vera Perm');
        await agent.click('Edit');
        await agent.submit({ name: 'Vera Renamed' });
        return agent;
    };

    it('tells the agent which permission is missing when a save needs it, and changes nothing', async () => {
        const agent = await renameVera();
        const callout = (
            agent.view?.blocks as { type: string; text?: { text: string; i18n?: { key: string; args?: Record<string, string> } } }[]
        ).find((b) => b.type === 'callout');
        expect(callout?.text?.i18n).toEqual({ key: 'error_permission_missing', args: { permission: 'livechat-visitor.write' } });
        expect(callout?.text?.text).toContain('“livechat-visitor.write”');
        const stored = await host.store.collection(Collections.persistence).find({ 'associations.id': `cc:contact:${vera._id}` });
        expect(stored.map((r) => (r.data as { name: string }).name)).toEqual(['Vera Perm']);
    });

    it('tells the admin in the log and on the Contact Center, including what only a background job met', async () => {
        // An agent's save met the missing livechat-visitor.write, as in the test above.
        await renameVera();
        // The backfill needs room.system.view-all to list rooms: the host answers nothing.
        const runs = await host.runJobs();
        expect(runs.map((r) => r.name)).toContain(`cc-backfill_${host.appId}`);
        const logs = JSON.stringify(await host.appLogs());

        for (const permission of refused) expect(logs).toContain(`the permission \\"${permission}\\" was not granted`);
        const admin = new Agent(host, root._id as string);
        await admin.openContactCenter();
        const shown = texts(admin.view);
        for (const permission of refused) {
            expect(shown).toContain(
                `The app was not granted the permission “${permission}”: what needs it does not work. Grant it in Administration > Apps > Contact Center.`,
            );
        }
        // Agents are not shown the admins' notice.
        const agent = new Agent(host, alice._id as string);
        await agent.openContactCenter();
        expect(texts(agent.view).join(' ')).not.toContain('was not granted');
    });
});
