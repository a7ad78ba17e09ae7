import { parse } from 'csv-parse/sync';
import { Collections, makeLivechatRoom, makeManager, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { startApp } from './driver';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An import changes only the columns it carries; the app's extra fields are columns too; a CSV round trip is exact. */
describe('Import columns', () => {
    const mona = makeManager({ username: 'mona' });
    const rita = makeVisitor({ name: 'Rita Plan', visitorEmails: [{ address: 'rita@example.org' }], phone: [] });
    let host: EngineHost;
    let headers: Record<string, string>;
    const call = async (path: string, request: { method?: string; content?: unknown; query?: Record<string, string> } = {}) =>
        (await host.callEndpoint(path, { method: 'get', ...request, headers })) as { status: number; content: Json };
    const contactOf = async (email: string) => {
        const found = await call('contacts', { query: { q: email } });
        return (await call(`contacts/${found.content.items[0].id}`)).content.contact;
    };
    const importFile = async (csv: string) => {
        const started = await call('imports', { method: 'post', content: { csv, dryRun: false } });
        expect(started.status).toBe(202);
        await host.runJobs();
        return (await call(`imports/${started.content.import.id}`)).content.import;
    };

    beforeEach(async () => {
        host = await startApp({ settings: { cc_default_country: 'BR', cc_extra_fields: 'Plan:select(Free|Pro):required\nRegion:text' } });
        await host.store.collection(Collections.users).insertOne(mona);
        await host.store.collection(Collections.visitors).insertOne(rita);
        const room = makeLivechatRoom({ visitor: rita, agent: mona, open: false });
        await host.store.collection(Collections.rooms).insertOne(room);
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
        headers = await host.loginHeaders(mona._id as string);
        // Rita's extra fields, set through the form.
        const id = (await contactOf('rita@example.org')).id;
        const view = {
            id: `cc-contact-edit:${id}:${(await contactOf('rita@example.org')).revision}`,
            blocks: [],
            title: { type: 'plain_text', text: 'x' },
        };
        const state = { name: 'Rita Plan', emails: 'rita@example.org', company: 'Old Co', 'x-plan': 'Pro', 'x-region': 'South' };
        await host.submitView({
            user: mona._id as string,
            view: view as never,
            state: Object.fromEntries(Object.entries(state).map(([k, v]) => [k, { [k]: v }])),
        });
        expect((await contactOf('rita@example.org')).extra.fields).toEqual({ Plan: 'Pro', Region: 'South' });
    });
    afterEach(() => host?.stop());

    it('a row that updates a contact keeps the columns the file does not carry and the cells it leaves empty', async () => {
        const result = await importFile('name,emails,notes,Plan\nRita Renamed,rita@example.org,Called back,');
        expect(result).toMatchObject({ status: 'done', counts: { create: 0, update: 1, reject: 0 } });
        const rita = await contactOf('rita@example.org');
        expect(rita).toMatchObject({
            name: 'Rita Renamed',
            extra: { company: 'Old Co', notes: 'Called back', fields: { Plan: 'Pro', Region: 'South' } },
        });
    });

    it('extra fields are columns: a file may set them, and creates a contact with its required ones', async () => {
        const result = await importFile('name,emails,Plan,region\nRita Plan,rita@example.org,Free,\nNew Person,new@example.org,Pro,North');
        expect(result).toMatchObject({ status: 'done', counts: { create: 1, update: 1, reject: 0 } });
        expect((await contactOf('rita@example.org')).extra.fields).toEqual({ Plan: 'Free', Region: 'South' });
        expect((await contactOf('new@example.org')).extra.fields).toEqual({ Plan: 'Pro', Region: 'North' });
        const bad = await call('imports', { method: 'post', content: { csv: 'name,emails,plan\nX,x@example.org,Gold' } });
        expect(bad.content.rows[0]).toMatchObject({ action: 'reject', errors: { Plan: { key: 'error_option_invalid' } } });
    });

    it('a file without a required field’s column is refused once, naming the column', async () => {
        const res = await call('imports', {
            method: 'post',
            content: { csv: 'name,emails\nSomeone,someone@example.org\nOther,other@example.org' },
        });
        expect(res.status).toBe(400);
        expect(res.content.error).toMatchObject({
            code: 'error_import_required_column',
            field: 'csv',
            message: 'Add a column “Plan”: it is a required contact field.',
        });
    });

    it('a value that starts with an apostrophe and a formula sign comes back exactly from an export', async () => {
        const tricky = ["'=1+1", '=2+2', "''+3", '@here'];
        const csv = ['name,emails,notes,Plan', ...tricky.map((notes, i) => `Tricky ${i},tricky${i}@example.org,"${notes}",Free`)].join(
            '\n',
        );
        expect(await importFile(csv)).toMatchObject({ counts: { create: 4, reject: 0 } });
        // The import reads a leading apostrophe before a formula sign as the spreadsheet's guard: "'=1+1" is "=1+1".
        const stored = await Promise.all(tricky.map((_, i) => contactOf(`tricky${i}@example.org`)));
        expect(stored.map((c) => c.extra.notes)).toEqual(['=1+1', '=2+2', "'+3", '@here']);
        // What the app writes, it reads back unchanged.
        const started = await call('exports', { method: 'post', content: { kind: 'contacts', query: 'tricky' } });
        await host.runJobs();
        const job = (await call(`exports/${started.content.export.id}`)).content.export;
        const url = new URL(job.downloadUrl, 'https://chat.example.com');
        const file = String(
            (
                await host.callEndpoint(url.pathname.replace(`/api/apps/public/${host.appId}/`, ''), {
                    method: 'get',
                    query: { token: url.searchParams.get('token') as string },
                })
            ).content,
        );
        const rows = parse(file) as string[][];
        const header = rows[0];
        expect(header).toEqual(expect.arrayContaining(['Plan', 'Region']));
        const back = await importFile(file);
        expect(back).toMatchObject({ counts: { create: 0, update: 4, reject: 0 } });
        const again = await Promise.all(tricky.map((_, i) => contactOf(`tricky${i}@example.org`)));
        expect(again.map((c) => c.extra.notes)).toEqual(['=1+1', '=2+2', "'+3", '@here']);
    });
});
