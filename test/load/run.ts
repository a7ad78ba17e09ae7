/**
 * `npm run load`: many agents working at once in the real Apps-Engine while rooms keep closing.
 *   npm run load                         50 agents for 20 s
 *   npm run load -- --agents 80 --seconds 60
 *   --zip <file>                         an app already packaged (test/engine/load.test.ts runs the engine tests' own)
 * Each agent loops: search, open a contact, open the Chats tab, edit a contact shared with other agents.
 * A closer closes an open room every 100 ms (the app indexes it from the event). Reports p50/p95 per
 * action, errors, conflicts, and checks that nothing was lost: every successful save is the stored one or
 * was followed by another successful save; no contact has two records; every closed room is indexed.
 * Exits 1 if anything failed.
 */
import { performance } from 'perf_hooks';
import { packageApp } from '../../scripts/package';
import {
    Collections,
    EngineHost,
    makeAgent,
    makeLivechatRoom,
    makeVisitor,
    seeded,
    withContacts,
    type Doc,
} from '@contact-center/engine-host';
import { Agent, buttons, rows } from '../engine/driver';
import { readContactOpen } from '../../src/ui/paging';

const option = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number) => Number(option(name) ?? fallback);
const AGENTS = arg('agents', 50);
const SECONDS = arg('seconds', 20);
const log = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function main(): Promise<void> {
    const zip = option('zip') ?? (await packageApp());
    const rng = seeded(7);
    const host = await EngineHost.start({ zipPath: zip, settings: { cc_default_country: 'BR' } });
    try {
        const agents = Array.from({ length: AGENTS }, (_, i) => makeAgent({ username: `agent${i}` }));
        const visitors = Array.from({ length: AGENTS * 6 }, (_, i) => makeVisitor({ name: `Load Customer ${i}` }));
        // Each visitor was served by two neighbouring agents, so edits of the same contact can collide.
        const closed: Doc[] = [];
        visitors.forEach((visitor, i) => {
            const a = Math.floor(i / 6);
            for (const agent of [agents[a], agents[(a + 1) % AGENTS]]) {
                closed.push(makeLivechatRoom({ visitor, agent, open: false, ts: new Date(Date.now() - (1 + rng.int(60)) * 86_400_000) }));
            }
        });
        const open = visitors.map((visitor, i) =>
            makeLivechatRoom({ visitor, agent: agents[Math.floor(i / 6)], open: true, ts: new Date(Date.now() - 3_600_000) }),
        );
        // A Rocket.Chat 7.1+ workspace: every room has its visitor's contact.
        const contacts = withContacts({ visitors, rooms: [...closed, ...open] });
        await host.store.collection(Collections.users).insertMany(agents);
        await host.store.collection(Collections.visitors).insertMany(visitors);
        await host.store.collection(Collections.contacts).insertMany(contacts);
        await host.store.collection(Collections.rooms).insertMany([...closed, ...open]);
        const indexStart = Date.now();
        for (let i = 0; i < 40 && (await host.runJobs()).length > 0; i++);
        log(
            `seeded ${agents.length} agents, ${visitors.length} contacts, ${closed.length} closed and ${open.length} open rooms; indexed in ${Date.now() - indexStart} ms`,
        );

        const latency: Record<string, number[]> = { search: [], openContact: [], chats: [], edit: [], closeRoom: [] };
        const problems: string[] = [];
        const saves = new Map<string, { name: string; at: number }[]>();
        let conflicts = 0;
        let closedDuring = 0;
        const deadline = Date.now() + SECONDS * 1000;
        const timed = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
            const started = performance.now();
            try {
                return await work();
            } finally {
                latency[action].push(performance.now() - started);
            }
        };
        const check = (agent: Agent, action: string) => {
            const shown = JSON.stringify(agent.view ?? {});
            if (shown.includes('error_unexpected')) problems.push(`${action}: unexpected error for ${agent.userId}`);
        };

        const work = async (index: number) => {
            const agent = new Agent(host, agents[index]._id as string);
            let n = 0;
            while (Date.now() < deadline) {
                n++;
                try {
                    // Every other round in the previous agent's range: both agents served those contacts, so their edits can collide.
                    const range = n % 2 ? (index + AGENTS - 1) % AGENTS : index;
                    const target = `Load Customer ${range * 6 + (Math.floor(n / 2) % 6)}`;
                    await timed('search', async () => {
                        await agent.openContactCenter();
                        await agent.search(target.toLowerCase());
                    });
                    check(agent, 'search');
                    const row = rows(agent.view, 'cc-contact-open')[0];
                    if (row) {
                        await timed('openContact', () => agent.press('cc-contact-open', row.value));
                        check(agent, 'openContact');
                        if (buttons(agent.view).some((b) => b.label === 'Edit')) {
                            await agent.click('Edit');
                            // The name keeps the searched words, so the next rounds still find the contact.
                            const name = `${target} ${index}-${n}`;
                            const answer = (await timed('edit', () => agent.submit({ name }))) as {
                                type?: string;
                                errors?: Record<string, string>;
                            };
                            if (answer?.type === 'errors') {
                                if (/Someone else changed/.test(answer.errors?.name ?? '')) conflicts++;
                                else problems.push(`edit refused: ${JSON.stringify(answer.errors)}`);
                            } else {
                                check(agent, 'edit');
                                // The row's Open carries the list it was opened from as well as the contact's id.
                                const contactId = String(readContactOpen(row.value).contactId);
                                saves.set(contactId, [...(saves.get(contactId) ?? []), { name, at: Date.now() }]);
                            }
                        }
                    }
                    await timed('chats', () => agent.press('cc-tab-chats'));
                    check(agent, 'chats');
                } catch (error) {
                    problems.push(`agent ${index}: ${(error as Error).message}`);
                }
            }
        };
        const closer = async () => {
            for (const room of open) {
                if (Date.now() >= deadline) break;
                await timed('closeRoom', async () => {
                    await host.store
                        .collection(Collections.rooms)
                        .updateOne({ _id: room._id }, { $unset: { open: 1 }, $set: { closedAt: new Date(), closer: 'user' } });
                    await host.fireEvent('IPostLivechatRoomClosed', room._id);
                });
                closedDuring++;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        };
        const started = Date.now();
        await Promise.all([...agents.map((_, i) => work(i)), closer()]);
        await host.settle();
        const elapsed = (Date.now() - started) / 1000;

        // Nothing lost: one record per contact; a contact saved successfully holds one of its saved names.
        const records = await host.store.collection(Collections.persistence).find({ 'associations.id': 'cc:contact' });
        const byContact = new Map<string, Doc[]>();
        for (const r of records) byContact.set((r.data as { id: string }).id, [...(byContact.get((r.data as { id: string }).id) ?? []), r]);
        const duplicated = [...byContact.values()].filter((list) => list.length > 1).length;
        let lost = 0;
        for (const [contactId, list] of saves) {
            // A saved contact the store does not hold at all (a lost contact, or a check reading the wrong id) is an error too.
            if (!byContact.has(contactId)) problems.push(`saved contact ${contactId} has no record`);
            const stored = (byContact.get(contactId)?.[0]?.data as { name?: string } | undefined)?.name;
            if (!list.some((s) => s.name === stored)) lost++;
        }
        const closedIds = new Set(open.slice(0, closedDuring).map((r) => r._id));
        const archived = new Set(
            (await host.store.collection(Collections.persistence).find({ 'associations.id': 'cc:chat' })).map(
                (r) => (r.data as { roomId: string }).roomId,
            ),
        );
        const missingRooms = [...closedIds].filter((id) => !archived.has(id)).length;

        const actions = Object.values(latency).reduce((n, l) => n + l.length, 0);
        log(
            `load: ${AGENTS} agents for ${elapsed.toFixed(1)} s: ${actions} actions (${(actions / elapsed).toFixed(0)}/s), ${closedDuring} rooms closed meanwhile`,
        );
        for (const [action, values] of Object.entries(latency)) {
            log(
                `  ${action.padEnd(12)} n=${String(values.length).padStart(5)}  p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms  max ${Math.max(0, ...values).toFixed(0)} ms`,
            );
        }
        const savedTotal = [...saves.values()].reduce((n, l) => n + l.length, 0);
        log(`  edits: ${savedTotal} saved, ${conflicts} refused with a conflict (told, reloadable); contacts edited: ${saves.size}`);
        log(
            `  errors: ${problems.length}; lost updates: ${lost}; contacts with two records: ${duplicated}; closed rooms not indexed: ${missingRooms}`,
        );
        for (const p of problems.slice(0, 10)) log(`    ${p}`);
        if (problems.length || lost || duplicated || missingRooms) process.exitCode = 1;
    } finally {
        await host.stop();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
