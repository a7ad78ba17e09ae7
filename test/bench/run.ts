/**
 * `npm run bench`: the cost of each agent action through the real Apps-Engine, at two workspace sizes.
 *   npm run bench                 20,000 contacts / 100,000 chats, then 200,000 / 1,000,000
 *   npm run bench -- --quick      2,000 / 10,000, then 20,000 / 100,000
 *   --small / --large             only the first / the second of the two sizes
 *   --backfill                    only the backfill throughput and the key walk
 *   --windows                     only the window reads by pace (simulated: test/bench/windows.ts)
 *   --objects                     the host keeps documents as objects on its heap (for comparison; default: serialized)
 *   BENCH_SLOWEST=n (environment) logs, for each action, where its n slowest samples' time went
 *   BENCH_ALLOCATIONS=text (environment) logs, for the actions whose name holds the text, where the host allocated
 *                                 during their samples, untimed setup included (V8's sampling heap profiler)
 * For each action: p50 and p95 latency, host round trips and records transferred; then indexing, backfill
 * throughput, the app's memory, and a naive baseline (read the whole directory and filter it).
 */
import * as fs from 'fs';
import { Session } from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { PerformanceObserver, constants as perfConstants, performance } from 'perf_hooks';
import { packageApp } from '../../scripts/package';
import {
    EngineHost,
    MemoryStore,
    Collections,
    makeLivechatRoom,
    makeVisitor,
    makeAgent,
    packageApp as packageFixture,
} from '@contact-center/engine-host';
import { BACKFILL_JOB } from '../../src/services/backfill';
import { REKEY_JOB, type RekeyState } from '../../src/services/keysReady';
import { RECONCILE_JOB } from '../../src/services/reconcile';
import { Assoc } from '../../src/store/associations';
import { ViewIds, baseViewId } from '../../src/ui/ids';
import { Agent, buttons } from '../engine/driver';
import { seedWorkspace, type Workspace } from './seed';
import { percentile } from './stats';
import { windowReport } from './windows';

const quick = process.argv.includes('--quick');
/** The host store's documents: serialized outside the heap (as a database keeps them), or objects on it. */
const newStore = () => new MemoryStore(process.argv.includes('--objects') ? { documents: 'objects' } : {});
const ALL_SIZES = quick
    ? [
          { contacts: 2_000, chats: 10_000 },
          { contacts: 20_000, chats: 100_000 },
      ]
    : [
          { contacts: 20_000, chats: 100_000 },
          { contacts: 200_000, chats: 1_000_000 },
      ];
// --small or --large runs one of the two sizes (the large one seeds for several minutes).
const windowsOnly = process.argv.includes('--windows');
const SIZES =
    process.argv.includes('--backfill') || windowsOnly
        ? []
        : process.argv.includes('--small')
          ? ALL_SIZES.slice(0, 1)
          : process.argv.includes('--large')
            ? ALL_SIZES.slice(1)
            : ALL_SIZES;
const flags = process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .join(' ');
/** Samples per action: enough for the p95 to be the 95th of 100, not the slowest of a few. */
const REPEAT = 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
    action: string;
    p50: number;
    p95: number;
    trips: number;
    records: number;
    /** Documents the database examines for the action under Mongo's best plan (the host's model; worst sample). */
    examined: number;
    /** The host's garbage collection during the timed samples, in all (ms). */
    gcMs: number;
    /** Page faults during the timed samples, in all: the host process's, and the app runtime's (Deno). */
    faults: { host: number; runtime: number };
    /** CPU time during the timed samples (ms, in all): the host's main thread, its helper threads (concurrent GC), the app runtime. */
    cpu: { main: number; helpers: number; runtime: number };
    /** Time the host's main thread and the app runtime waited for a core while runnable, during the timed samples (ms). */
    waited: { main: number; runtime: number };
}

/** The host process's garbage collections, as performance entries: their time inside a timed window is summed. */
const gcPauses: Array<{ start: number; end: number; kind: number }> = [];
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
        gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration, kind });
    }
    if (gcPauses.length > 10_000) gcPauses.splice(0, gcPauses.length - 10_000);
}).observe({ entryTypes: ['gc'] });
/** Collection time inside [start, end], of the given kinds only (perf_hooks' NODE_PERFORMANCE_GC_* bits) if asked. */
const gcBetween = (start: number, end: number, kinds?: number) =>
    gcPauses.reduce(
        (sum, p) => (kinds === undefined || p.kind & kinds ? sum + Math.max(0, Math.min(end, p.end) - Math.max(start, p.start)) : sum),
        0,
    );
const { NODE_PERFORMANCE_GC_MINOR: GC_MINOR, NODE_PERFORMANCE_GC_MAJOR: GC_MAJOR } = perfConstants;

/** Times `run` (after `before`, untimed: the screen the action starts from). */
async function measure(
    host: EngineHost,
    action: string,
    run: () => Promise<unknown>,
    repeat = REPEAT,
    pauseMs = 0,
    before?: () => Promise<unknown>,
): Promise<Row> {
    // A full collection first, as benchmark harnesses do between trials: each action pays for its own garbage, not for
    // what the seed or the actions before it left.
    (global as { gc?: () => void }).gc?.();
    await before?.();
    await run();
    const windows: Array<[number, number]> = [];
    let trips = 0;
    let records = 0;
    let examined = 0;
    const faults = { host: 0, runtime: 0 };
    const cpu = { main: 0, helpers: 0, runtime: 0 };
    const waited = { main: 0, runtime: 0 };
    const samples: Array<{ ms: number; main: number; helpers: number; runtime: number; waitMain: number; waitRuntime: number }> = [];
    const runtime = denoPids();
    const profiling =
        process.env.BENCH_ALLOCATIONS && action.includes(process.env.BENCH_ALLOCATIONS) ? await startAllocations() : undefined;
    for (let i = 0; i < repeat; i++) {
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        await before?.();
        host.resetMetrics();
        const faultsBefore = pageFaults(runtime);
        const cpuBefore = schedTime(runtime);
        const started = performance.now();
        await run();
        const ended = performance.now();
        const cpuAfter = schedTime(runtime);
        const faultsAfter = pageFaults(runtime);
        const ns = (k: 'main' | 'helpers' | 'runtime', f: 'run' | 'wait') => (cpuAfter[k][f] - cpuBefore[k][f]) / 1e6;
        const sample = {
            ms: ended - started,
            main: ns('main', 'run'),
            helpers: ns('helpers', 'run'),
            runtime: ns('runtime', 'run'),
            waitMain: ns('main', 'wait'),
            waitRuntime: ns('runtime', 'wait'),
        };
        samples.push(sample);
        cpu.main += sample.main;
        cpu.helpers += sample.helpers;
        cpu.runtime += sample.runtime;
        waited.main += sample.waitMain;
        waited.runtime += sample.waitRuntime;
        faults.host += faultsAfter.host - faultsBefore.host;
        faults.runtime += faultsAfter.runtime - faultsBefore.runtime;
        windows.push([started, ended]);
        const m = host.metrics();
        trips = Math.max(trips, m.roundTrips);
        records = Math.max(records, m.recordsReturned);
        examined = Math.max(examined, m.docsExamined);
    }
    if (profiling) await logAllocations(profiling, action, repeat);
    // GC entries arrive after the fact: read them once the samples are over.
    await new Promise((resolve) => setImmediate(resolve));
    const gcMs = windows.reduce((sum, [start, end]) => sum + gcBetween(start, end), 0);
    if (process.env.BENCH_SLOWEST) {
        // Where the slowest samples' time went (ms): run and waited on each side, and the host's collections in it.
        // Sample i was timed over windows[i].
        const slowest = [...samples.keys()].sort((a, b) => samples[b].ms - samples[a].ms);
        for (const i of slowest.slice(0, Number(process.env.BENCH_SLOWEST))) {
            const x = samples[i];
            const at = windows[i];
            log(
                `  slow ${action}: ${fmt(x.ms)} ms (sample ${i + 1} of ${repeat}); host main ran ${fmt(x.main)} waited ${fmt(x.waitMain)} (of it host GC ${fmt(gcBetween(...at))}: scavenges ${fmt(gcBetween(...at, GC_MINOR))}, mark-compact ${fmt(gcBetween(...at, GC_MAJOR))}), helpers ran ${fmt(x.helpers)}, runtime ran ${fmt(x.runtime)} waited ${fmt(x.waitRuntime)}`,
            );
        }
    }
    const times = samples.map((s) => s.ms);
    return { action, p50: percentile(times, 50), p95: percentile(times, 95), trips, records, examined, gcMs, faults, cpu, waited };
}

/** Starts V8's sampling heap profiler on this process, counting objects a collection freed since, as well. */
async function startAllocations(): Promise<Session> {
    const session = new Session();
    session.connect();
    await post(session, 'HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
    });
    return session;
}

const post = (session: Session, method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

interface ProfileNode {
    callFrame: { functionName: string; url: string; lineNumber: number };
    selfSize: number;
    children: ProfileNode[];
}

/**
 * Logs where the host allocated during the samples: the bytes allocated per sample in all, and the 16 places that
 * allocated most (the function with its nearest caller in a file, so that a JSON.parse or Node's inspect says whose).
 */
async function logAllocations(session: Session, action: string, repeat: number): Promise<void> {
    const { profile } = (await post(session, 'HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
    session.disconnect();
    const bySite = new Map<string, number>();
    const frame = (n: ProfileNode) =>
        `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    let total = 0;
    // Whose: the nearest caller in a file of its own (not Node's internals, not a builtin), past the node's own.
    const own = (n: ProfileNode) => /^(file:\/\/)?\//.test(n.callFrame.url);
    const walk = (node: ProfileNode, stack: ProfileNode[]) => {
        if (node.selfSize > 0) {
            const caller = [...stack].reverse().find((n) => own(n) && frame(n) !== frame(node));
            const site = `${frame(node)} < ${caller ? frame(caller) : '(root)'}`;
            bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
            total += node.selfSize;
        }
        for (const child of node.children) walk(child, [...stack, node]);
    };
    walk(profile.head, []);
    const kb = (bytes: number) => fmt(bytes / repeat / 1024);
    log(`  allocations ${action}: ${kb(total)} KiB a sample`);
    for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 16)) log(`    ${kb(bytes)} KiB  ${site}`);
}

/** A row of the actions table. */
const tableLine = (r: Row) =>
    `| ${r.action} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${r.trips} | ${r.records} | ${r.examined} | ${fmt(r.gcMs)} | ${fmt(r.cpu.main)} / ${fmt(r.cpu.helpers)} / ${fmt(r.cpu.runtime)} | ${fmt(r.waited.main)} / ${fmt(r.waited.runtime)} | ${r.faults.host} / ${r.faults.runtime} |`;

/** The app's Deno processes: children of this bench (not other programs' on the machine). */
function denoPids(): string[] {
    const pids: string[] = [];
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
            if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('deno')) continue;
            const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
            if (Number(/PPid:\s+(\d+)/.exec(status)?.[1]) === process.pid) pids.push(pid);
        } catch {
            // the process ended meanwhile
        }
    }
    return pids;
}

/**
 * Page faults so far (minor and major) of this process and of the given ones (/proc/<pid>/stat fields 10 and 12):
 * a page the kernel maps again on first touch, e.g. after memory was handed back, shows here and not as GC.
 */
function pageFaults(runtime: string[]): { host: number; runtime: number } {
    const usage = process.resourceUsage();
    let others = 0;
    for (const pid of runtime) {
        try {
            const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
            // fields[0] is the state (field 3): minflt is field 10, majflt field 12
            others += Number(fields[7]) + Number(fields[9]);
        } catch {
            // the process ended meanwhile
        }
    }
    return { host: usage.minorPageFault + usage.majorPageFault, runtime: others };
}

/** Time a thread ran, and waited runnable for a core, so far (ns; /proc/.../schedstat). */
interface Sched {
    run: number;
    wait: number;
}

const schedOf = (file: string): Sched => {
    const [run, wait] = fs.readFileSync(file, 'utf8').split(' ').map(Number);
    return { run, wait };
};

/**
 * The scheduler's account so far of this process's main thread, of its other threads (V8's concurrent marking and
 * sweeping run there, so their work shows neither as a GC pause nor on the main thread) and of the app runtime's
 * processes (Deno, every thread): time run, and time waited for a core while runnable.
 */
function schedTime(runtime: string[]): { main: Sched; helpers: Sched; runtime: Sched } {
    const main = schedOf(`/proc/self/task/${process.pid}/schedstat`);
    const helpers = { run: 0, wait: 0 };
    const others = { run: 0, wait: 0 };
    const add = (to: Sched, file: string) => {
        try {
            const s = schedOf(file);
            to.run += s.run;
            to.wait += s.wait;
        } catch {
            // the thread ended meanwhile
        }
    };
    // Node names every thread "node": all but the main one (V8's platform workers, libuv's pool).
    for (const tid of fs.readdirSync('/proc/self/task')) if (Number(tid) !== process.pid) add(helpers, `/proc/self/task/${tid}/schedstat`);
    for (const pid of runtime) {
        try {
            for (const tid of fs.readdirSync(`/proc/${pid}/task`)) add(others, `/proc/${pid}/task/${tid}/schedstat`);
        } catch {
            // the process ended meanwhile
        }
    }
    return { main, helpers, runtime: others };
}

/** Resident memory of the app's Deno processes, in MiB. */
function denoMemory(): number {
    let kb = 0;
    for (const pid of denoPids()) {
        try {
            const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
            kb += match ? Number(match[1]) : 0;
        } catch {
            // the process ended meanwhile
        }
    }
    return Math.round(kb / 1024);
}

async function actions(host: EngineHost, ws: Workspace): Promise<Row[]> {
    const agentDoc = ws.agents[0];
    const agent = new Agent(host, agentDoc._id);
    const manager = new Agent(host, ws.manager._id);
    const visitor = ws.visitors[0];
    const email = (visitor.visitorEmails as { address: string }[])[0].address.toUpperCase();
    const phone = (visitor.phone as { phoneNumber: string }[])[0].phoneNumber.replace(/^\+55(\d\d)(\d{5})(\d{4})$/, '($1) $2-$3');
    const chatOf = (a: Agent, roomId: string) => a.press('cc-chat-open', JSON.stringify({ f: {}, p: 0, r: roomId }));
    // The first sample fills the filter form (opened, untimed, from the Chats tab); the next ones submit the filtered
    // list it shows, whose Filter button carries the filter and whose search input the contact name: the same request
    // to the app, the filter read and listed again. Opening the tab and the form before each sample would leave two
    // more interactions' garbage in the host to be collected during the timed submits (about two thirds of a sample's
    // allocations, measured with BENCH_ALLOCATIONS). Every sample must list chats under that filter, or the row would
    // time a filter that did nothing.
    const chatsFilter = (action: string, a: Agent, filter: Record<string, string>) => {
        const shown = () => {
            const button = buttons(a.view).find((b) => b.actionId === 'cc-chats-filter');
            return button?.value ? (JSON.parse(button.value) as { f?: Record<string, string> }).f : undefined;
        };
        const listsFilter = () => {
            const f = shown() ?? {};
            return Object.keys(f).length === Object.keys(filter).length && Object.entries(filter).every(([k, v]) => f[k] === v);
        };
        return measure(
            host,
            action,
            async () => {
                await a.submit(listsFilter() ? {} : Object.fromEntries(Object.entries(filter).map(([k, v]) => [`filter-${k}`, v])));
                const listed = buttons(a.view).filter((b) => b.actionId === 'cc-chat-open').length;
                if (listed === 0 || a.view?.errors) throw new Error(`${action}: no chat listed (${JSON.stringify(a.view?.errors ?? {})})`);
                if (!listsFilter()) throw new Error(`${action}: the list shows the filter ${JSON.stringify(shown())}`);
            },
            REPEAT,
            0,
            async () => {
                if (listsFilter()) return;
                await a.press('cc-tab-chats', 'chats');
                await a.click('Filter');
            },
        );
    };
    const search = async (a: Agent, q: string) => {
        if (!a.view || baseViewId(a.view.id) !== ViewIds.contacts) await a.openContactCenter();
        return a.search(q);
    };
    const month = (ws.longRoom.closedAt as Date).toISOString().slice(0, 7);
    return [
        // Closing the Contact Center left open by the sample before is the user's own click, not timed.
        await measure(
            host,
            'open the Contact Center (contacts list)',
            () => agent.openContactCenter(),
            REPEAT,
            0,
            () => agent.close(),
        ),
        await measure(host, 'search a name fragment, agent', () => search(agent, 'silva')),
        await measure(host, 'search a name fragment, manager', () => search(manager, 'silva')),
        // Next from the third page of a search, as for the tag filter below: read on from the last contact shown.
        await (async () => {
            await search(manager, 'silva');
            await manager.click('Next');
            await manager.click('Next');
            const next = buttons(manager.view).find((b) => b.label === 'Next');
            if (!next) throw new Error('name search, third page: no Next');
            return measure(host, 'search a name fragment, manager: Next to the fourth page', async () => {
                await manager.press(next.actionId, next.value, next.blockId);
                const listed = buttons(manager.view).filter((b) => b.actionId === 'cc-contact-open').length;
                if (listed === 0) throw new Error('name search, fourth page: no contact listed');
            });
        })(),
        await measure(host, 'search two name fragments, manager', () => search(manager, 'ana sil')),
        // Four digits of a phone (in many of the seed's numbers, 10000000 on), and the first letters of a name: shared
        // keys, like trigrams.
        await measure(host, 'search a phone fragment, agent', () => search(agent, '0001')),
        await measure(host, 'search two letters, agent', () => search(agent, 'ma')),
        await measure(host, 'search a phone in another format, manager', () => search(manager, phone)),
        await measure(host, 'search an email in another case, manager', () => search(manager, email)),
        await measure(host, 'open a contact', () => manager.press('cc-contact-open', ws.entryOf(visitor).id)),
        await measure(host, 'Chats tab, agent', () => agent.press('cc-tab-chats', 'chats')),
        await measure(host, 'Chats tab, manager', () => manager.press('cc-tab-chats', 'chats')),
        await chatsFilter('Chats filtered by tag, agent', agent, { tag: 'vip' }),
        await chatsFilter('Chats filtered by tag, manager', manager, { tag: 'vip' }),
        // Next from the third page: read on from the last chat shown (domain/listAt.ts, Cursor). The third page is
        // reached once, before the samples (its garbage collected with the rest before they start), and each sample
        // sends the click its Next button sends: the same request, whatever page the last sample left on screen.
        await (async () => {
            await manager.press('cc-tab-chats', 'chats');
            await manager.click('Filter');
            await manager.submit({ 'filter-tag': 'vip' });
            await manager.click('Next');
            await manager.click('Next');
            const next = buttons(manager.view).find((b) => b.label === 'Next');
            if (!next) throw new Error('tag filter, third page: no Next');
            return measure(host, 'Chats filtered by tag, manager: Next to the fourth page', async () => {
                await manager.press(next.actionId, next.value, next.blockId);
                const listed = buttons(manager.view).filter((b) => b.actionId === 'cc-chat-open').length;
                if (listed === 0) throw new Error('tag filter, fourth page: no chat listed');
            });
        })(),
        await chatsFilter('Chats filtered by a month, manager', manager, { from: `${month}-01`, to: `${month}-28` }),
        await chatsFilter('Chats filtered by agent, manager', manager, { agent: agentDoc.username }),
        await chatsFilter('Chats filtered by contact name, agent', agent, { name: 'silva' }),
        await chatsFilter('Chats filtered by contact name, manager', manager, { name: 'silva' }),
        await measure(host, 'open a chat', () => chatOf(manager, ws.longRoom._id)),
        await measure(host, 'first page of a 10,000-message conversation', () =>
            manager.press('cc-transcript', JSON.stringify({ r: ws.longRoom._id, p: 0 })),
        ),
    ];
}

/** Persistence writes and time to index one more closed room of a known contact. */
async function indexing(host: EngineHost, ws: Workspace): Promise<{ writes: number; ms: number }> {
    const entry = ws.entryOf(ws.visitors[1]);
    const room = {
        ...makeLivechatRoom({ visitor: ws.visitors[1], agent: ws.agents[1], open: false, ts: new Date() }),
        ...(entry.keyedBy === 'contact' ? { contactId: entry.id } : {}),
    };
    await host.store.collection(Collections.rooms).insertOne(room);
    host.resetMetrics();
    const started = Date.now();
    await host.fireEvent('IPostLivechatRoomClosed', room._id);
    const bridges = host.metrics().bridges;
    const writes = [
        'persistence.createWithAssociations',
        'persistence.updateByAssociations',
        'persistence.removeByAssociations',
        'persistence.create',
    ].reduce((sum, k) => sum + (bridges[k]?.calls ?? 0), 0);
    return { writes, ms: Date.now() - started };
}

/**
 * Rooms a second the backfill indexes: `rooms` closed rooms of rooms / 5 contacts, each contact's 5 rooms in a row
 * (the best case: one contact save for the 5) or spread over the whole run (as over time in a real workspace:
 * each room of a contact in another page, one contact save each).
 */
async function backfillThroughput(zip: string, rooms: number, order: 'in a row' | 'spread'): Promise<number> {
    const store = newStore();
    const agent = makeAgent({ username: 'bf' });
    const visitors = Array.from({ length: rooms / 5 }, (_, i) => makeVisitor({ name: `Backfill ${i}` }));
    await store.collection(Collections.users).insertOne(agent);
    await store.collection(Collections.visitors).insertMany(visitors);
    const visitorOf = (i: number) => (order === 'in a row' ? visitors[Math.floor(i / 5)] : visitors[i % visitors.length]);
    await store
        .collection(Collections.rooms)
        .insertMany(Array.from({ length: rooms }, (_, i) => makeLivechatRoom({ visitor: visitorOf(i), agent, open: false })));
    const host = await EngineHost.start({ zipPath: zip, store });
    const started = Date.now();
    await runJobsUntilDone(host, store, BACKFILL_JOB, rooms);
    const seconds = (Date.now() - started) / 1000;
    await host.stop();
    return Math.round(rooms / seconds);
}

const appId = (): string => JSON.parse(fs.readFileSync(path.join(__dirname, '../../app.json'), 'utf8')).id as string;

/** The query for a job's saved state (store/JobState.ts). */
const jobState = (jobId: string) => ({ associations: { $all: [Assoc.job(jobId)] } });

/** Runs the app's due jobs again and again until the job's state says it is done (at most `runs` times); its state. */
async function runJobsUntilDone<T extends { done?: boolean }>(
    host: EngineHost,
    store: MemoryStore,
    jobId: string,
    runs = Infinity,
): Promise<T | undefined> {
    let state: T | undefined;
    for (let run = 0; run < runs && !state?.done; run++) {
        await host.runJobs();
        state = (await store.collection(Collections.persistence).findOne(jobState(jobId)))?.data as T | undefined;
    }
    return state;
}

/** Runs of each backfill order: the figure is their median (a run's throughput varies by a third on these machines). */
const BACKFILL_RUNS = 3;

async function backfillThroughputs(zip: string, rooms: number): Promise<{ order: string; median: number; runs: number[] }[]> {
    const results = [];
    for (const order of ['in a row', 'spread'] as const) {
        const runs: number[] = [];
        for (let run = 0; run < BACKFILL_RUNS; run++) runs.push(await backfillThroughput(zip, rooms, order));
        results.push({ order, median: percentile(runs, 50), runs });
    }
    return results;
}

/** Entries of the workspace the key walk is timed on (see keyWalk). */
const KEY_WALK_CONTACTS = 20_000;

/**
 * The walk an upgrade runs to give every entry the current search keys (services/rekey.ts): a workspace of
 * KEY_WALK_CONTACTS seeded as an earlier version left it (the walk's state absent), the app started, its jobs run until
 * the walk is done. Entries a second and host calls an entry over the walk's runs (the other jobs' included).
 */
async function keyWalk(zip: string): Promise<{ entries: number; seconds: number; perSecond: number; callsPerEntry: number }> {
    const store = newStore();
    await seedWorkspace(store, appId(), { contacts: KEY_WALK_CONTACTS, chats: KEY_WALK_CONTACTS * 5 }, () => undefined);
    await store.collection(Collections.persistence).deleteMany(jobState(REKEY_JOB));
    (global as { gc?: () => void }).gc?.();
    const host = await EngineHost.start({ zipPath: zip, store });
    try {
        host.resetMetrics();
        const started = Date.now();
        const state = await runJobsUntilDone<RekeyState>(host, store, REKEY_JOB);
        const seconds = (Date.now() - started) / 1000;
        const entries = state?.saved ?? 0;
        return {
            entries,
            seconds,
            perSecond: Math.round(entries / seconds),
            callsPerEntry: host.metrics().roundTrips / Math.max(1, entries),
        };
    } finally {
        await host.stop().catch(() => undefined);
    }
}

async function baseline(ws: Workspace, seeded: MemoryStore): Promise<Row> {
    const zip = await packageFixture(path.join(__dirname, 'baseline-app'), path.join(__dirname, '../../.engine/naive-directory.zip'));
    const store = newStore();
    await store.collection(Collections.users).insertOne(ws.manager);
    const visitors = await seeded.collection(Collections.visitors).find({});
    await store.collection(Collections.visitors).insertMany(visitors);
    const host = await EngineHost.start({ zipPath: zip, store });
    try {
        // A naive read of a large directory keeps the app's process busy for seconds: the engine restarts a process
        // that misses four pings in a row (one every 10 s), so at that size a few runs are measured, 11 s apart.
        const large = visitors.length > 50_000;
        return await measure(
            host,
            'baseline: read the whole directory and filter (naive app)',
            () => host.clickActionButton({ user: ws.manager._id, actionId: 'naive-search' }),
            large ? 5 : REPEAT,
            large ? 11_000 : 0,
        );
    } finally {
        await host.stop().catch(() => undefined);
    }
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function main(): Promise<void> {
    if (windowsOnly) {
        await windowReport((line) => process.stdout.write(`${line}\n`));
        return;
    }
    const zip = await packageApp();
    const lines: string[] = [];
    const out = (line: string) => {
        lines.push(line);
        process.stdout.write(`${line}\n`);
    };
    out(
        `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; command: npm run bench${flags ? ` -- ${flags}` : ''}`,
    );
    // First, in a fresh process: the large store's heap would otherwise weigh on the host's every call.
    const backfillRooms = quick ? 2_000 : 5_000;
    const throughputs = await backfillThroughputs(zip, backfillRooms);
    for (const size of SIZES) {
        try {
            await measureSize(zip, size, out);
        } catch (error) {
            out('');
            out(
                `### ${size.contacts.toLocaleString('en')} contacts, ${size.chats.toLocaleString('en')} closed chats: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
            );
        }
    }
    out('');
    out(`Backfill throughput (${backfillRooms} rooms of ${backfillRooms / 5} contacts, pages of 100; median of ${BACKFILL_RUNS} runs):`);
    for (const t of throughputs) {
        out(
            `- each contact's rooms ${t.order === 'in a row' ? 'in a row' : 'spread over the run'}: ${t.median} rooms/s (runs: ${t.runs.join(', ')}; target ≥ 1,000) ${t.median >= 1_000 ? 'met' : 'MISSED'}`,
        );
    }
    const spread = throughputs.find((t) => t.order === 'spread');
    if (spread) {
        out(
            `- 1,000,000 closed rooms, spread, at that rate: ${(1_000_000 / spread.median / 60).toFixed(0)} minutes (from the ${backfillRooms.toLocaleString('en')}-room runs; the host's page of rooms skips the ones before it, which a larger workspace pays more for)`,
        );
    }
    const walk = await keyWalk(zip);
    out(
        `Key walk of an upgrade (every entry saved again with the current search keys, services/rekey.ts; ${KEY_WALK_CONTACTS.toLocaleString('en')} contacts): ${walk.entries} entries in ${walk.seconds.toFixed(1)} s, ${walk.perSecond} entries/s, ${walk.callsPerEntry.toFixed(1)} host calls an entry; a 200,000-contact directory at that rate: ${(200_000 / walk.perSecond / 60).toFixed(0)} minutes (an agent's search reads everyone's keys meanwhile, as before)`,
    );
    if (SIZES.length > 0) await windowReport(out);
    fs.mkdirSync(path.join(__dirname, '../../.engine'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '../../.engine/bench-results.md'), `${lines.join('\n')}\n`);
}

async function measureSize(zip: string, size: { contacts: number; chats: number }, out: (line: string) => void): Promise<void> {
    {
        log(`Seeding ${size.contacts} contacts / ${size.chats} closed chats…`);
        // Seed before the engine starts: a long synchronous seed would starve the engine's liveness pings.
        const store = newStore();
        const seedStarted = Date.now();
        const ws = await seedWorkspace(store, appId(), size, log);
        // Build the store's association index now (a real Mongo keeps it up to date), not in the first timed call.
        await store
            .collection(Collections.persistence)
            .find({ appId: appId(), associations: { $all: [{ model: 'misc', id: 'warm-up' }] } });
        // The seed leaves gigabytes of garbage in this process: collect it now, not during the first timed actions.
        (global as { gc?: () => void }).gc?.();
        const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
        // What every full collection of the host walks from now on: its heap, and the time one takes.
        const gcStarted = performance.now();
        (global as { gc?: () => void }).gc?.();
        const heap = { mib: Math.round(process.memoryUsage().heapUsed / 2 ** 20), fullGcMs: Math.round(performance.now() - gcStarted) };
        log(`  index built (${seedSeconds} s in all)`);
        // The host clock runs ahead on demand, so that the minute's reconciliation can be run without waiting.
        const clock = { ahead: 0 };
        const host = await EngineHost.start({
            zipPath: zip,
            store,
            settings: { cc_default_country: 'BR' },
            now: () => new Date(Date.now() + clock.ahead),
        });
        let rows: Row[];
        let index: { writes: number; ms: number };
        let memory: number;
        let reconciled: Reconciled;
        let during: { row: Row; runs: number };
        try {
            rows = await actions(host, ws);
            index = await indexing(host, ws);
            reconciled = await reconciliation(host, clock);
            during = await duringReconciliation(host, ws, clock);
            memory = denoMemory();
        } finally {
            await host.stop().catch(() => undefined);
        }
        out('');
        out(`### ${size.contacts.toLocaleString('en')} contacts, ${size.chats.toLocaleString('en')} closed chats`);
        out('');
        out(
            '| action | p50 ms | p95 ms | host round trips | records transferred | records examined (Mongo) | host GC ms in 100 samples | CPU ms in 100 samples, host main / host helpers / runtime | waited for a core, ms in 100 samples, host / runtime | page faults in 100 samples, host / runtime |',
        );
        out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
        for (const r of rows) out(tableLine(r));
        const base = await baseline(ws, store);
        const search = rows.find((r) => r.action === 'search a name fragment, manager') as Row;
        out(tableLine(base));
        out('');
        out(
            `Indexing one closed room: ${index.writes} persistence writes, ${index.ms} ms. App (Deno) memory after the runs: ${memory} MiB. Host heap after seeding: ${heap.mib} MiB, a full collection of it ${heap.fullGcMs} ms.`,
        );
        out(
            `Name search vs the naive baseline: ${(base.p50 / search.p50).toFixed(0)}× faster at p50. Seeding and indexing the host store: ${seedSeconds} s.`,
        );
        out(
            `Reconciliation with Rocket.Chat's contacts (default 600 a minute): ${reconciled.runs} runs checked ${reconciled.checked} contacts in ${fmt(reconciled.seconds)} s of work (${fmt(reconciled.checked / Math.max(reconciled.seconds, 0.001))} contacts/s while running), ${fmt(reconciled.trips / Math.max(reconciled.checked, 1))} host calls per contact; a round over ${size.contacts.toLocaleString('en')} contacts takes ${fmt(Math.max(size.contacts / 600, 10))} minutes at the default rate (target: within a day, ${Math.max(size.contacts / 600, 10) <= 24 * 60 ? 'met' : 'MISSED'}).`,
        );
        out(
            `While the reconciliation runs back to back (${during.runs} runs started during the samples, far more than its one run a minute): ${during.row.action} p50 ${fmt(during.row.p50)} ms, p95 ${fmt(during.row.p95)} ms (alone: p50 ${fmt(search.p50)}, p95 ${fmt(search.p95)}).`,
        );
        const timed = rows.reduce((sum, r) => sum + r.gcMs, 0);
        out(
            `Host garbage collection during the timed samples: ${fmt(timed)} ms in all over ${rows.length} actions × ${REPEAT} samples; worst action ${fmt(Math.max(...rows.map((r) => r.gcMs)))} ms.`,
        );
        targets(rows, index, base, search, out);
    }
}

/**
 * An agent action timed while the reconciliation job runs again and again (the host clock a minute ahead each time):
 * what agents feel of it, at its worst.
 */
async function duringReconciliation(host: EngineHost, ws: Workspace, clock: { ahead: number }): Promise<{ row: Row; runs: number }> {
    const manager = new Agent(host, ws.manager._id);
    await manager.openContactCenter();
    let running = true;
    let runs = 0;
    const loop = (async () => {
        while (running) {
            clock.ahead += 61_000;
            runs++;
            await host.runJobs();
        }
    })();
    try {
        const row = await measure(host, 'search a name fragment, manager', () => manager.search('silva'));
        return { row, runs };
    } finally {
        running = false;
        await loop;
    }
}

interface Reconciled {
    runs: number;
    checked: number;
    seconds: number;
    trips: number;
}

/**
 * The reconciliation job, run minute after minute by the host clock (10 runs): contacts checked, the time its runs
 * took, and host calls per contact. Nothing else is due meanwhile (the daily jobs ran at start).
 */
async function reconciliation(host: EngineHost, clock: { ahead: number }): Promise<Reconciled> {
    const state = async () =>
        ((await host.store.collection(Collections.persistence).findOne(jobState(RECONCILE_JOB)))?.data ?? {}) as Record<string, number>;
    await host.runJobs();
    let checked = 0;
    let seconds = 0;
    let trips = 0;
    const runs = 10;
    for (let i = 0; i < runs; i++) {
        const before = await state();
        clock.ahead += 61_000;
        host.resetMetrics();
        const started = process.hrtime.bigint();
        await host.runJobs();
        seconds += Number(process.hrtime.bigint() - started) / 1e9;
        trips += host.metrics().roundTrips;
        const after = await state();
        // A round that ended during the run counts its last part, then the new round's start.
        const newRound = (after.round ?? 1) > (before.round ?? 1);
        checked += newRound
            ? (after.lastRoundChecked ?? 0) - (before.checked ?? 0) + (after.checked ?? 0)
            : (after.checked ?? 0) - (before.checked ?? 0);
    }
    log(`  reconciliation state: ${JSON.stringify(await state())}`);
    return { runs, checked, seconds, trips };
}

/** The issue's targets against this size's figures: met or missed, by how much. */
function targets(rows: Row[], index: { writes: number }, base: Row, search: Row, out: (line: string) => void): void {
    const max = (list: Row[], pick: (r: Row) => number) => Math.max(...list.map(pick));
    const searches = rows.filter((r) => r.action.startsWith('search'));
    const filters = rows.filter((r) => r.action.startsWith('Chats'));
    const transcript = rows.find((r) => r.action.startsWith('first page')) as Row;
    const check = (what: string, value: number, limit: number, atLeast = false) =>
        `${what}: ${fmt(value)} (target ${atLeast ? '≥' : '≤'} ${limit}) ${(atLeast ? value >= limit : value <= limit) ? 'met' : 'MISSED'}`;
    out('');
    out('Targets:');
    for (const line of [
        check(
            'search p95, worst of the searches, ms',
            max(searches, (r) => r.p95),
            25,
        ),
        check(
            'search host round trips, worst',
            max(searches, (r) => r.trips),
            4,
        ),
        check(
            'search records transferred, worst',
            max(searches, (r) => r.records),
            100,
        ),
        check(
            'Chats tab with a filter p95, worst, ms',
            max(filters, (r) => r.p95),
            25,
        ),
        check(
            'search records examined by Mongo, worst (4 pages of 25)',
            max(searches, (r) => r.examined),
            100,
        ),
        check(
            'Chats filter records examined by Mongo, worst (4 pages of 25)',
            max(filters, (r) => r.examined),
            100,
        ),
        check('first transcript page host round trips', transcript.trips, 2),
        check('indexing a closed room, persistence writes', index.writes, 10),
        check('name search vs baseline, times faster at p50', base.p50 / search.p50, 50, true),
    ]) {
        out(`- ${line}`);
    }
}

// A host stopped after a failure may still ping its dead Deno process once: report it, do not die of it.
process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
        log(`ignored: ${error.message} (a stopped engine's liveness ping)`);
        return;
    }
    throw error;
});

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
