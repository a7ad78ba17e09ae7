import { parse } from 'csv-parse/sync';
import {
    Cluster,
    Collections,
    FaultPlan,
    MemoryStore,
    faultyStore,
    makeLivechatRoom,
    makeManager,
    makeVisitor,
    touchesAssociation,
    type EngineHost,
} from '@contact-center/engine-host';
import { packagedZip, startApp } from './driver';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Every background job (import, export, audit purge, and the export clean-up) runs under a lease and resumes
 * after a failed run; two instances never do the same work twice. Each test has its own host.
 */
const csvOf = (count: number, from = 0) =>
    ['name,emails,phones', ...Array.from({ length: count }, (_, i) => `Imported Person ${from + i},imported${from + i}@example.com,`)].join(
        '\n',
    );

async function call(host: EngineHost, userId: string, path: string, request: { method?: string; content?: unknown } = {}) {
    return (await host.callEndpoint(path, { method: 'get', ...request, headers: await host.loginHeaders(userId) })) as {
        status: number;
        content: Json;
    };
}

describe('Import jobs', () => {
    const mona = makeManager({ username: 'mona' });
    let clock = Date.now();
    /** Runs the due jobs, the host clock moved past the 30-second retry pause each time. */
    const drain = async (host: EngineHost, rounds = 8) => {
        for (let i = 0; i < rounds; i++) {
            clock = Math.max(clock, Date.now()) + 31_000;
            await host.runJobs();
        }
    };

    it('a run that fails on a Rocket.Chat write is retried and the import finishes', async () => {
        const plan = new FaultPlan();
        const host = await startApp({ store: faultyStore(new MemoryStore(), plan), now: () => new Date(clock) });
        try {
            await host.store.collection(Collections.users).insertOne(mona);
            plan.add({ label: 'visitor write of the third row fails', collection: Collections.visitors, ops: ['insertOne'], after: 2 });
            const started = await call(host, mona._id as string, 'imports', { method: 'post', content: { csv: csvOf(6), dryRun: false } });
            expect(started.status).toBe(202);
            await drain(host);
            expect(plan.injected.map((f) => f.label)).toEqual(['visitor write of the third row fails']);
            const status = await call(host, mona._id as string, `imports/${started.content.import.id}`);
            expect(status.content.import).toMatchObject({ status: 'done', done: 6, counts: { create: 6, update: 0, reject: 0 } });
            expect(await host.store.collection(Collections.visitors).count({ name: /^Imported Person/ })).toBe(6);
        } finally {
            await host.stop();
        }
    });

    it('a run that steps aside for a lease whose holder died does not end the job', async () => {
        const host = await startApp();
        try {
            await host.store.collection(Collections.users).insertOne(mona);
            const started = await call(host, mona._id as string, 'imports', { method: 'post', content: { csv: csvOf(3), dryRun: false } });
            const id = started.content.import.id as string;
            // Another server took the lease and crashed: its lease is live for six more seconds (ample for the first run to
            // meet it on a busy machine).
            await host.store.collection(Collections.persistence).insertOne({
                appId: host.appId,
                associations: [
                    { model: 'misc', id: `cc:lease:cc-import:${id}` },
                    { model: 'misc', id: 'cc:wr:dead-server' },
                ],
                data: { owner: 'dead-server', expiresAt: new Date(Date.now() + 6_000).toISOString(), writeId: 'dead-server' },
            });
            await host.runJobs();
            expect((await call(host, mona._id as string, `imports/${id}`)).content.import).toMatchObject({ status: 'running', done: 0 });
            await new Promise((resolve) => setTimeout(resolve, 7_500));
            for (let i = 0; i < 3; i++) {
                await host.runJobs();
            }
            expect((await call(host, mona._id as string, `imports/${id}`)).content.import).toMatchObject({ status: 'done', done: 3 });
        } finally {
            await host.stop();
        }
    });

    it('two instances running the same import and the same export never duplicate a row', async () => {
        const cluster = await Cluster.start(2, { zipPath: packagedZip(), settings: { cc_default_country: 'BR' } });
        try {
            const [a] = cluster.hosts;
            await cluster.store.collection(Collections.users).insertOne(mona);
            const started = await call(a, mona._id as string, 'imports', { method: 'post', content: { csv: csvOf(120), dryRun: false } });
            const jobs = cluster.store.collection(Collections.scheduler);
            // Both servers have the import's job due (as after both restarted): two documents for the same work.
            const [job] = await jobs.find({ name: /^cc-import/ });
            const { _id: _ignored, ...copy } = job;
            await jobs.insertOne(copy);
            for (let i = 0; i < 10; i++) {
                await jobs.updateMany(
                    { name: /^cc-import/, nextRunAt: { $ne: null } },
                    { $set: { nextRunAt: new Date(Date.now() - 1000) } },
                );
                await cluster.runJobsEverywhere();
            }
            const status = await call(a, mona._id as string, `imports/${started.content.import.id}`);
            expect(status.content.import).toMatchObject({ status: 'done', done: 120, counts: { create: 120, update: 0, reject: 0 } });
            const visitors = await cluster.store.collection(Collections.visitors).find({ name: /^Imported Person/ });
            expect(visitors).toHaveLength(120);
            const emails = visitors.flatMap((v) => (v.visitorEmails as { address: string }[]).map((e) => e.address));
            expect(new Set(emails).size).toBe(120);

            const exported = await call(a, mona._id as string, 'exports', { method: 'post', content: { kind: 'contacts', query: '' } });
            const [exportJob] = await jobs.find({ name: /^cc-export/ });
            const { _id: _other, ...exportCopy } = exportJob;
            await jobs.insertOne(exportCopy);
            for (let i = 0; i < 6; i++) {
                await jobs.updateMany(
                    { name: /^cc-export/, nextRunAt: { $ne: null } },
                    { $set: { nextRunAt: new Date(Date.now() - 1000) } },
                );
                await cluster.runJobsEverywhere();
            }
            const done = (await call(a, mona._id as string, `exports/${exported.content.export.id}`)).content.export;
            expect(done).toMatchObject({ status: 'done', total: 120 });
            const url = new URL(done.downloadUrl, 'https://chat.example.com');
            const file = await a.callEndpoint(url.pathname.replace(`/api/apps/public/${a.appId}/`, ''), {
                method: 'get',
                query: { token: url.searchParams.get('token') as string },
            });
            const rows = (parse(String(file.content)) as string[][]).slice(1);
            expect(rows).toHaveLength(120);
            expect(new Set(rows.map((r) => r[9])).size).toBe(120);
        } finally {
            await cluster.stop();
        }
    });
});

describe('Audit purge and export clean-up jobs', () => {
    const mona = makeManager({ username: 'mona' });
    const person = makeVisitor({ name: 'Exported Person' });
    let clock = Date.now();

    it('a failed audit purge is retried; an old day is removed once', async () => {
        const plan = new FaultPlan();
        const host = await startApp({ store: faultyStore(new MemoryStore(), plan), now: () => new Date(clock) });
        try {
            const persistence = host.store.collection(Collections.persistence);
            const old = '2020-01-01';
            await persistence.insertMany([
                {
                    appId: host.appId,
                    associations: [
                        { model: 'misc', id: 'cc:audit-days' },
                        { model: 'misc', id: `cc:audit-days:${old}` },
                    ],
                    data: { day: old },
                },
                {
                    appId: host.appId,
                    associations: [{ model: 'misc', id: `cc:audit-day:${old}` }],
                    data: { kind: 'audit', at: `${old}T10:00:00.000Z` },
                },
            ]);
            plan.add({
                label: 'purge: removing the old day fails',
                collection: Collections.persistence,
                ops: ['deleteMany'],
                when: touchesAssociation('cc:audit-day:'),
            });
            await host.runJobs();
            expect(plan.pending()).toEqual([]);
            expect(await persistence.count({ 'associations.id': `cc:audit-day:${old}` })).toBe(1);
            clock = Math.max(clock, Date.now()) + 31_000;
            await host.runJobs();
            expect(await persistence.count({ 'associations.id': `cc:audit-day:${old}` })).toBe(0);
            expect(await persistence.count({ 'associations.id': `cc:audit-days:${old}` })).toBe(0);
        } finally {
            await host.stop();
        }
    });

    it('an export file is refused once its owner lost the role, and deleted once its link expired', async () => {
        const host = await startApp({ now: () => new Date(clock) });
        try {
            await host.store.collection(Collections.users).insertOne(mona);
            await host.store.collection(Collections.visitors).insertOne(person);
            const room = makeLivechatRoom({ visitor: person, agent: mona, open: false });
            await host.store.collection(Collections.rooms).insertOne(room);
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
            const download = async () => {
                const job = (await call(host, mona._id as string, `exports/${id}`)).content.export;
                const url = new URL(job.downloadUrl, 'https://chat.example.com');
                return host.callEndpoint(url.pathname.replace(`/api/apps/public/${host.appId}/`, ''), {
                    method: 'get',
                    query: { token: url.searchParams.get('token') as string },
                });
            };
            const id = (await call(host, mona._id as string, 'exports', { method: 'post', content: { kind: 'contacts', query: '' } }))
                .content.export.id as string;
            await host.runJobs();
            expect((await download()).status).toBe(200);
            const users = host.store.collection(Collections.users);
            // Demoted to agent: the file was made with a manager's scope.
            await users.updateOne({ _id: mona._id }, { $set: { roles: ['user', 'livechat-agent'] } });
            expect((await download()).status).toBe(403);
            await users.updateOne({ _id: mona._id }, { $set: { roles: mona.roles } });
            expect((await download()).status).toBe(200);
            // Deactivated: nobody downloads for them (the token alone is not enough).
            await users.updateOne({ _id: mona._id }, { $set: { active: false } });
            const token = (await host.store.collection(Collections.persistence).findOne({ 'data.kind': 'export' }))!.data.token as string;
            expect((await host.callEndpoint(`exports/${id}/download`, { method: 'get', query: { token } })).status).toBe(403);
            await users.updateOne({ _id: mona._id }, { $set: { active: true } });

            // 31 minutes later the link has expired; the clean-up removes the file.
            const persistence = host.store.collection(Collections.persistence);
            expect(await persistence.count({ 'associations.id': `cc:ex-chunk:${id}` })).toBeGreaterThan(0);
            await persistence.updateOne(
                { 'data.kind': 'export' },
                { $set: { 'data.expiresAt': new Date(Date.now() - 1000).toISOString() } },
            );
            clock = Math.max(clock, Date.now()) + 31 * 60_000;
            await host.runJobs();
            expect(await persistence.count({ 'associations.id': `cc:ex-chunk:${id}` })).toBe(0);
            expect(await persistence.count({ 'associations.id': `cc:ex-ids:${id}` })).toBe(0);
            expect((await host.callEndpoint(`exports/${id}/download`, { method: 'get', query: { token } })).status).toBe(410);
        } finally {
            await host.stop();
        }
    });
});
