import { parse } from 'csv-parse/sync';
import { Collections, EngineHost, makeAgent, makeLivechatRoom, makeManager, makeVisitor } from '@contact-center/engine-host';
import { Agent, buttons, startApp, texts } from './driver';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** CSV export and import through the packaged app: file contents cell by cell, scope, dry run, idempotent import. */
describe('CSV export and import', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const jose = makeVisitor({
        name: 'José Ñúñez',
        visitorEmails: [{ address: 'jose@example.org' }],
        phone: [{ phoneNumber: '+5511987654321' }],
    });
    const evil = makeVisitor({ name: '=HYPERLINK("http://x","y")', visitorEmails: [{ address: 'evil@example.org' }], phone: [] });
    const eva = makeVisitor({ name: 'Eva Bob', visitorEmails: [{ address: 'eva@example.org' }], phone: [] });
    const day = (iso: string) => new Date(`${iso}T10:00:00.000Z`);
    const joseRoom = makeLivechatRoom({
        visitor: jose,
        agent: alice,
        open: false,
        ts: day('2026-03-10'),
        durationMinutes: 15,
        tags: ['vip'],
    });
    const evilRoom = makeLivechatRoom({ visitor: evil, agent: alice, open: false, ts: day('2026-02-01') });
    const evaRoom = makeLivechatRoom({ visitor: eva, agent: bob, open: false, ts: day('2026-04-02') });
    const login: Record<string, Record<string, string>> = {};

    // Each test starts from this workspace on a host of its own: no test sees another's exports or imports.
    beforeEach(async () => {
        host = await startApp();
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.visitors).insertMany([jose, evil, eva]);
        await host.store.collection(Collections.rooms).insertMany([joseRoom, evilRoom, evaRoom]);
        await host.store
            .collection(Collections.settings)
            .insertOne({ _id: 'Site_Url', value: 'https://chat.example.com/', type: 'string', public: true });
        for (const room of [joseRoom, evilRoom, evaRoom]) {
            await host.fireEvent('IPostLivechatRoomClosed', room._id);
        }
        for (const user of [alice, bob, mona]) {
            login[user.username as string] = await host.loginHeaders(user._id as string);
        }
    });
    afterEach(() => host?.stop());

    const call = async (as: string, path: string, request: { method?: string; content?: unknown; query?: Record<string, string> } = {}) =>
        (await host.callEndpoint(path, { method: 'get', ...request, headers: login[as] })) as { status: number; content: Json };

    /** Runs an export to the end and downloads the file through its link. */
    async function exportFile(as: string, subject: Json): Promise<string> {
        const started = await call(as, 'exports', { method: 'post', content: subject });
        expect(started.status).toBe(202);
        await host.runJobs();
        const status = await call(as, `exports/${started.content.export.id}`);
        expect(status.content.export.status).toBe('done');
        const url = new URL(status.content.export.downloadUrl);
        expect(url.origin).toBe('https://chat.example.com');
        const file = await host.callEndpoint(url.pathname.replace(`/api/apps/public/${host.appId}/`, ''), {
            method: 'get',
            query: { token: url.searchParams.get('token') as string },
        });
        expect(file.status).toBe(200);
        return String(file.content);
    }

    it('exports the agent’s contacts only, as RFC 4180 UTF-8 CSV with CRLF, and formulas neutralised', async () => {
        const text = await exportFile('alice', { kind: 'contacts', query: '' });
        expect(text.startsWith('name,emails,phones,company,notes,do_not_contact,first_chat,last_chat,channels,id\r\n')).toBe(true);
        expect(text.endsWith('\r\n')).toBe(true);
        const rows: string[][] = parse(text, { bom: true });
        expect(rows).toHaveLength(3);
        const [header, first, second] = rows;
        expect(header).toEqual([
            'name',
            'emails',
            'phones',
            'company',
            'notes',
            'do_not_contact',
            'first_chat',
            'last_chat',
            'channels',
            'id',
        ]);
        // Newest first: José's chat closed in March, the formula-named contact's in February. Eva is Bob's.
        expect(first).toEqual([
            'José Ñúñez',
            'jose@example.org',
            "'+5511987654321",
            '',
            '',
            'no',
            expect.stringMatching(/^2026-03-10T/),
            expect.stringMatching(/^2026-03-10T/),
            expect.any(String),
            jose._id,
        ]);
        expect(second[0]).toBe('\'=HYPERLINK("http://x","y")');
        expect(second[1]).toBe('evil@example.org');
        expect(second[9]).toBe(evil._id);
        // The raw file quotes the cell that holds quotes, doubling them.
        expect(text).toContain('"\'=HYPERLINK(""http://x"",""y"")"');
        expect(text).not.toContain('Eva Bob');
    });

    it('exports the current search and the Chats filter of a manager', async () => {
        const search = parse(await exportFile('mona', { kind: 'contacts', query: 'eva' }), { bom: true }) as string[][];
        expect(search.slice(1).map((r) => r[0])).toEqual(['Eva Bob']);
        const chats = parse(await exportFile('mona', { kind: 'chats', filter: { tag: 'VIP' } }), { bom: true }) as string[][];
        expect(chats[0]).toEqual([
            'room_id',
            'contact_id',
            'contact_name',
            'agent',
            'department_id',
            'source',
            'tags',
            'started_at',
            'closed_at',
            'duration_seconds',
            'closed_by',
            'messages',
        ]);
        expect(chats).toHaveLength(2);
        expect(chats[1].slice(0, 4)).toEqual([joseRoom._id, jose._id, 'José Ñúñez', 'alice']);
        expect(chats[1][6]).toBe('vip');
        expect(chats[1][9]).toBe('900');
    });

    it('refuses the download after the link expires (410), and once a newer export replaced it (404)', async () => {
        const started = await call('bob', 'exports', { method: 'post', content: { kind: 'contacts' } });
        await host.runJobs();
        const job = (await call('bob', `exports/${started.content.export.id}`)).content.export;
        const token = new URL(job.downloadUrl).searchParams.get('token') as string;
        const path = `exports/${job.id}/download`;
        const records = host.store.collection(Collections.persistence);
        const [record] = await records.find({ 'data.kind': 'export', 'data.id': job.id });
        await records.updateOne({ _id: record._id }, { $set: { 'data.expiresAt': new Date(Date.now() - 1000).toISOString() } });
        expect((await host.callEndpoint(path, { method: 'get', query: { token } })).status).toBe(410);
        await call('bob', 'exports', { method: 'post', content: { kind: 'contacts' } });
        expect((await host.callEndpoint(path, { method: 'get', query: { token } })).status).toBe(404);
        expect(await records.count({ 'data.kind': 'export', 'data.ownerId': bob._id })).toBe(1);
    });

    const importCsv = [
        'name,emails,phones,company,do_not_contact',
        'Zé Novo,ze@example.org,,Acme,no', // 1 create
        'José N.,,(11) 98765-4321,,yes', // 2 update: José by his phone in another format
        'Bad Mail,not-an-email,,,', // 3 reject: emails
        'Twin,ze@example.org,,,', // 4 reject: same email as row 1
        'No Key,,,,', // 5 reject: neither email nor phone
        'Flag,flag@example.org,,,maybe', // 6 reject: do_not_contact
        '"Ana ""Quoted"", Jr",ana.q@example.org;ana2@example.org,,"=1+2",', // 7 create, formula text kept as text
    ].join('\r\n');

    it('dry-runs an import: per row what would be created, updated or rejected and why, writing no contact', async () => {
        const before = await host.store.collection(Collections.visitors).count({});
        const res = await call('mona', 'imports', { method: 'post', content: { csv: importCsv } });
        expect(res.status).toBe(200);
        expect(res.content.counts).toEqual({ create: 2, update: 1, reject: 4 });
        const byRow = Object.fromEntries((res.content.rows as Json[]).map((r) => [r.row, r]));
        expect(byRow[1]).toMatchObject({ action: 'create', name: 'Zé Novo' });
        expect(byRow[2]).toMatchObject({ action: 'update', contactId: jose._id });
        expect(byRow[3]).toMatchObject({ action: 'reject', errors: { emails: { key: 'error_email_invalid' } } });
        expect(byRow[4]).toMatchObject({ action: 'reject', errors: { emails: { key: 'error_import_duplicate_row', args: { row: 1 } } } });
        expect(byRow[5]).toMatchObject({ action: 'reject', errors: { emails: { key: 'error_import_no_key' } } });
        expect(byRow[6]).toMatchObject({ action: 'reject', errors: { do_not_contact: { key: 'error_import_flag' } } });
        expect(byRow[7]).toMatchObject({ action: 'create', name: 'Ana "Quoted", Jr' });
        expect(await host.store.collection(Collections.visitors).count({})).toBe(before);
    });

    it('refuses a file with an unknown column as a whole (400, field csv)', async () => {
        const res = await call('mona', 'imports', { method: 'post', content: { csv: 'name,email\nA,a@example.org', dryRun: false } });
        expect(res.status).toBe(400);
        expect(res.content.error).toMatchObject({ code: 'error_import_unknown_column', field: 'csv' });
    });

    it('imports as a job that resumes after a restart, and importing the same file again creates no duplicate', async () => {
        const started = await call('mona', 'imports', { method: 'post', content: { csv: importCsv, dryRun: false } });
        expect(started.status).toBe(202);
        const id = started.content.import.id as string;
        // The server restarts before the job runs: the job and its rows are in persistence.
        const store = host.store;
        await host.stop();
        host = await startApp({ store });
        for (const user of [alice, bob, mona]) {
            login[user.username as string] = await host.loginHeaders(user._id as string);
        }
        await host.runJobs();
        const status = await call('mona', `imports/${id}`);
        expect(status.content.import).toMatchObject({ status: 'done', total: 7, done: 7, counts: { create: 2, update: 1, reject: 4 } });
        const visitors = host.store.collection(Collections.visitors);
        const ze = await visitors.findOne({ 'visitorEmails.address': 'ze@example.org' });
        expect(ze?.name).toBe('Zé Novo');
        expect((await host.store.collection(Collections.visitors).findOne({ _id: jose._id }))?.name).toBe('José N.');
        const count = await visitors.count({});

        const again = await call('mona', 'imports', { method: 'post', content: { csv: importCsv, dryRun: false } });
        await host.runJobs();
        const second = await call('mona', `imports/${again.content.import.id}`);
        expect(second.content.import.counts).toEqual({ create: 0, update: 3, reject: 4 });
        expect(await visitors.count({})).toBe(count);

        const contact = await call('mona', 'contacts', { query: { q: 'ana.q@example.org' } });
        expect(contact.content.items.map((c: Json) => c.name)).toEqual(['Ana "Quoted", Jr']);
        const full = await call('mona', `contacts/${contact.content.items[0].id}`);
        expect(full.content.contact.extra.company).toBe('=1+2');
        expect(full.content.contact.emails).toEqual(['ana.q@example.org', 'ana2@example.org']);
    });

    it('Export CSV on the Contacts tab shows progress, then a download button with the link', async () => {
        const agent = new Agent(host, alice._id as string);
        await agent.openContactCenter();
        await agent.click('Export CSV');
        expect(agent.view?.id).toBe('cc-export');
        expect(texts(agent.view)).toContain('Preparing the file…');
        await host.runJobs();
        await agent.click('Refresh');
        expect(texts(agent.view)).toContain('The file is ready: 2 rows.');
        const download = (agent.view?.blocks as Json[])
            .flatMap((b) => b.elements ?? [])
            .find((e: Json) => e.actionId === 'cc-export-download');
        expect(download.url).toMatch(
            new RegExp(`^https://chat.example.com/api/apps/public/${host.appId}/exports/[0-9a-f]+/download\\?token=[0-9a-f]{40}$`),
        );
    });

    it('Export CSV on the Chats tab exports the filter the list shows', async () => {
        const agent = new Agent(host, alice._id as string);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.click('Filter');
        await agent.submit({ 'filter-tag': 'vip' });
        await agent.click('Export CSV');
        await host.runJobs();
        await agent.click('Refresh');
        expect(texts(agent.view)).toContain('The file is ready: 1 rows.');
        const started = await call(
            'alice',
            `exports/${(agent.view?.blocks as Json[]).flatMap((b) => b.elements ?? []).find((e: Json) => e.actionId === 'cc-export-download').value}`,
        );
        expect(started.content.export.subject).toEqual({ kind: 'chats', filter: { tag: 'vip' } });
    });

    it('Import CSV: a manager pastes text, checks the report, confirms, and follows the progress', async () => {
        const agentView = new Agent(host, alice._id as string);
        await agentView.openContactCenter();
        expect(buttons(agentView.view).map((b) => b.label)).not.toContain('Import CSV');

        const manager = new Agent(host, mona._id as string);
        await manager.openContactCenter();
        await manager.click('Import CSV');
        expect(manager.view?.id).toBe('cc-import');
        await manager.submit({ csv: 'name,emails\nLia Nova,lia@example.org\nBad,nope' });
        expect(texts(manager.view)).toEqual(
            expect.arrayContaining([
                'Would create 1, update 0, reject 1.',
                'Row 1: create Lia Nova',
                'Row 2: rejected (Bad)',
                '“nope” is not a valid email address.',
            ]),
        );
        // Import without the tick: said beside the box, the report kept, nothing imported.
        await manager.submit({ csv: 'name,emails\nLia Nova,lia@example.org\nBad,nope' });
        expect(manager.view?.errors).toEqual({ 'import-confirm': 'Tick this box to import these rows.' });
        expect(texts(manager.view)).toContain('Would create 1, update 0, reject 1.');
        expect(await host.store.collection(Collections.visitors).count({ name: 'Lia Nova' })).toBe(0);
        await manager.submit({ csv: 'name,emails\nLia Nova,lia@example.org\nBad,nope', 'import-confirm': ['yes'] });
        expect(texts(manager.view)).toContain('Importing: 0 of 2 rows. Created 0, updated 0, rejected 0.');
        // The figures say when they were taken (apps cannot push a view; Refresh reads them again).
        expect(
            texts(manager.view).some((text) => /^Progress as of \d{4}-\d\d-\d\d \d\d:\d\d: Refresh shows the latest\.$/.test(text)),
        ).toBe(true);
        await host.runJobs();
        await manager.click('Refresh');
        expect(texts(manager.view)).toContain('Import finished: created 1, updated 0, rejected 1.');

        await manager.openContactCenter();
        await manager.click('Import CSV');
        await manager.submit({ csv: 'name,email\nX,x@example.org' });
        expect(manager.view?.errors).toEqual({
            csv: 'Unknown column "email". Known columns: name, emails, phones, company, notes, do_not_contact.',
        });
    });
});
