import { Collections, makeAgent, makeLivechatRoom, makeManager, makeVisitor, type EngineHost } from '@contact-center/engine-host';
import { Agent, startApp, texts } from './driver';

type AuditData = {
    kind: string;
    subject: { kind: string; id: string };
    action: string;
    actor: { username: string };
    at: string;
    changes: { field: string; from?: unknown; to?: unknown }[];
};

const misc = (id: string) => ({ model: 'misc', id });
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** The audit trail through the packaged app: what an edit, a tag change and a broadcast record, who reads it, how long it is kept. */
describe('Audit', () => {
    let host: EngineHost;
    const alice = makeAgent({ username: 'alice' });
    const bob = makeAgent({ username: 'bob' });
    const mona = makeManager({ username: 'mona' });
    const ana = makeVisitor({ name: 'Ana Lima', visitorEmails: [{ address: 'ana@example.com' }] });
    const room = makeLivechatRoom({ visitor: ana, agent: alice, open: false, ts: daysAgo(2) });

    const entries = async (subjectKind: string, id: string): Promise<AuditData[]> =>
        (
            await host.store
                .collection<{ _id: string; associations: { id: string }[]; data: AuditData }>(Collections.persistence)
                .find({ appId: host.appId, 'associations.id': `cc:audit:${subjectKind}:${id}` })
        ).map((r) => r.data);

    let clock = Date.now();

    // Each test starts from this workspace on a host of its own, its clock at the present: no test sees another's entries.
    beforeEach(async () => {
        clock = Date.now();
        host = await startApp({ settings: { cc_default_country: 'BR', cc_audit_retention_days: 30 }, now: () => new Date(clock) });
        await host.store.collection(Collections.users).insertMany([alice, bob, mona]);
        await host.store.collection(Collections.visitors).insertMany([ana]);
        await host.store.collection(Collections.rooms).insertMany([room]);
        await host.fireEvent('IPostLivechatRoomClosed', room._id);
        // The jobs due when the app starts (the backfill, the first purge) run now: the purge test counts its own reads.
        clock = Date.now() + 1_000;
        await host.runJobs();
    });
    afterEach(() => host?.stop());

    const as = (user: typeof alice) => new Agent(host, user._id as string);
    /** Alice renames Ana to Ana Souza and gives her a company, as the first test does: the state several tests start from. */
    const editAna = async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.openRow('Ana Lima');
        await agent.click('Edit');
        await agent.submit({ name: 'Ana Souza', emails: 'ana@example.com', phones: '', company: 'ACME' });
    };

    it('an edit records who changed which fields, old and new, and the history shows it', async () => {
        await editAna();
        const agent = as(alice);

        const [entry] = await entries('contact', ana._id as string);
        expect(entry).toMatchObject({ action: 'contact.updated', actor: { username: 'alice' } });
        expect(entry.changes).toEqual([
            { field: 'name', from: 'Ana Lima', to: 'Ana Souza' },
            { field: 'company', from: '', to: 'ACME' },
        ]);

        await agent.click('History');
        expect(agent.view?.id).toBe('cc-contact-history');
        const shown = texts(agent.view);
        expect(shown.some((t) => t.startsWith('Edited by alice on '))).toBe(true);
        expect(shown).toEqual(
            expect.arrayContaining(['Name', 'Ana Lima → Ana Souza', 'Company', '— → ACME', 'Changes are kept for 30 days.']),
        );
    });

    it('a new contact records its fields; an edit that changes nothing records nothing', async () => {
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('New Contact');
        await agent.submit({ name: 'Carla Nova', emails: 'carla@example.com', phones: '' });
        const [record] = await host.store
            .collection<{ _id: string; data: AuditData }>(Collections.persistence)
            .find({ appId: host.appId, 'data.kind': 'audit', 'data.action': 'contact.created' });
        const created = { id: record.data.subject.id };
        const [entry] = await entries('contact', created.id);
        expect(entry).toMatchObject({
            action: 'contact.created',
            changes: [
                { field: 'name', to: 'Carla Nova' },
                { field: 'emails', to: ['carla@example.com'] },
            ],
        });

        await agent.click('Edit');
        await agent.submit({ name: 'Carla Nova', emails: 'carla@example.com', phones: '' });
        expect(await entries('contact', created.id)).toHaveLength(1);
    });

    it('an edit made in Rocket.Chat itself is recorded as such; the same values again record nothing', async () => {
        await editAna();
        const visitor = {
            id: ana._id,
            token: ana.token,
            username: ana.username,
            name: 'Ana Souza Lima',
            visitorEmails: [{ address: 'ana@example.com' }],
            livechatData: {},
        };
        await host.fireEvent('IPostLivechatGuestSaved', visitor);
        await host.fireEvent('IPostLivechatGuestSaved', visitor);
        const synced = (await entries('contact', ana._id as string)).filter((e) => e.action === 'contact.synced');
        expect(synced).toEqual([
            expect.objectContaining({
                actor: expect.objectContaining({ username: 'Rocket.Chat' }),
                changes: [{ field: 'name', from: 'Ana Souza', to: 'Ana Souza Lima' }],
            }),
        ]);
    });

    it('a tag change records the tags before and after', async () => {
        await editAna();
        const agent = as(alice);
        await agent.openContactCenter();
        await agent.click('Chats');
        await agent.openRow('Ana Souza', 'cc-chat-open');
        await agent.click('Tags');
        await agent.submit({ tags: 'vip\nrefund' });
        const [entry] = await entries('room', room._id as string);
        expect(entry).toMatchObject({
            action: 'chat.tags',
            actor: { username: 'alice' },
            changes: [{ field: 'tags', from: [], to: ['vip', 'refund'] }],
        });
    });

    it('an agent who may not see the contact is refused its history; a manager reads it', async () => {
        await editAna();
        const other = as(bob);
        await other.openContactCenter();
        await other.press('cc-contact-history', JSON.stringify({ c: ana._id, p: 0 }));
        expect(texts(other.view)).toContain('This contact does not exist or you may not see it.');
        expect(texts(other.view).join(' ')).not.toContain('Ana Souza');

        const manager = as(mona);
        await manager.openContactCenter();
        await manager.press('cc-contact-history', JSON.stringify({ c: ana._id, p: 0 }));
        expect(manager.view?.id).toBe('cc-contact-history');
        expect(texts(manager.view)).toContain('Ana Lima → Ana Souza');
    });

    it('a forged page or id is read strictly', async () => {
        const manager = as(mona);
        await manager.press('cc-contact-history', JSON.stringify({ c: { $ne: null }, p: -5 }));
        expect(texts(manager.view)).toContain('This contact does not exist or you may not see it.');
        await manager.press('cc-contact-history', 'not json');
        expect(texts(manager.view)).toContain('This contact does not exist or you may not see it.');
    });

    it('the daily purge removes whole days past the retention, reading day markers only; old entries are never shown', async () => {
        const contactId = ana._id as string;
        const seed = async (at: Date, to: string) => {
            const day = at.toISOString().slice(0, 10);
            const entry = {
                kind: 'audit',
                id: `seed${to}`,
                subject: { kind: 'contact', id: contactId },
                action: 'contact.updated',
                actor: { id: 'x', username: 'old-agent' },
                at: at.toISOString(),
                changes: [{ field: 'notes', from: '', to }],
            };
            await host.store.collection(Collections.persistence).insertMany([
                { appId: host.appId, associations: [misc(`cc:audit:contact:${contactId}`), misc(`cc:audit-day:${day}`)], data: entry },
                {
                    appId: host.appId,
                    associations: [misc('cc:audit-days'), misc(`cc:audit-days:${day}`)],
                    data: { kind: 'audit-day', day },
                },
            ]);
        };
        await seed(daysAgo(45), 'too old');
        await seed(daysAgo(10), 'recent');
        const manager = as(mona);
        await manager.press('cc-contact-history', JSON.stringify({ c: contactId, p: 0 }));
        expect(texts(manager.view)).toContain('— → recent');
        expect(texts(manager.view)).not.toContain('— → too old');

        // A day later the purge is due again (with the daily export clean-up, which finds no export).
        clock = Math.max(clock, Date.now()) + 24 * 3_600_000 + 1_000;
        host.resetMetrics();
        const runs = await host.runJobs();
        expect(runs.filter((r) => r.name.startsWith('cc-audit-purge'))).toEqual([expect.objectContaining({ ok: true })]);
        const notes = (await entries('contact', contactId)).flatMap((e) => e.changes.filter((c) => c.field === 'notes').map((c) => c.to));
        expect(notes).toEqual(['recent']);
        // The purge read the day markers (a handful of records), not the entries.
        expect(host.metrics().bridges['persistence.readByAssociations']?.records ?? 0).toBeLessThanOrEqual(10);
    });
});
