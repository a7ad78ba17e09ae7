/**
 * The real app with demo data, for `npm start` and the browser tests: seeds a store, starts the packaged
 * zip in the Apps-Engine on it, waits until the app's backfill has indexed every room, serves the page.
 */
import { Collections, EngineHost, MemoryStore, type Store } from '@contact-center/engine-host';
import { EngineBackend } from './engineBackend';
import { demoData, seedDemo, type DemoData, type DemoSize } from './seed';
import { startPreviewServer, type PreviewServer } from './server';

export interface DemoOptions {
    zipPath: string;
    size?: DemoSize;
    /** 0 picks a free port. */
    port?: number;
    /** Called while the backfill runs: rooms indexed so far, of total. */
    onProgress?: (indexed: number, total: number) => void;
    /** Serve the page only once every room is indexed (default); false serves at once and indexes meanwhile. */
    waitForIndexing?: boolean;
    /**
     * The workspace's database (default: a new in-memory store). Demo data is seeded only into an empty one: a
     * store that already holds livechat rooms or visitors (a copy of a real workspace) is used as it is.
     */
    store?: Store;
}

export interface Demo {
    host: EngineHost;
    backend: EngineBackend;
    server: PreviewServer;
    /** The demo data seeded, or undefined when the store already held a workspace. */
    data?: DemoData;
    /** Livechat rooms in the store when the app started (what the backfill indexes). */
    rooms: number;
    timings: { seedMs: number; startMs: number };
    /** Resolves with the time the backfill took once every room is indexed. */
    indexed: Promise<number>;
    stop(): Promise<void>;
}

const JOB_STATE = 'cc:job:cc-backfill';
const POLL_MS = 50;

/** Waits for the app's backfill job (run by the host's timer) to report done; fails when it stops moving. */
async function waitForBackfill(
    host: EngineHost,
    total: number,
    onProgress: DemoOptions['onProgress'],
    cancelled: () => boolean,
    stallMs = 120_000,
): Promise<void> {
    const records = host.store.collection(Collections.persistence);
    let last = -1;
    let lastMove = Date.now();
    for (;;) {
        const record = await records.findOne({ appId: host.appId, 'associations.id': JOB_STATE });
        const state = record?.data as { skip?: number; done?: boolean } | undefined;
        const skip = state?.skip ?? 0;
        if (skip !== last) {
            last = skip;
            lastMove = Date.now();
            onProgress?.(skip, total);
        }
        if (state?.done) return;
        if (cancelled()) throw new Error('Stopped before the backfill finished');
        if (Date.now() - lastMove > stallMs) {
            const failures = (await host.store.collection(Collections.scheduler).find({ failReason: { $exists: true } })).map(
                (j) => j.failReason,
            );
            throw new Error(`The backfill stopped at ${skip} of ${total} rooms${failures.length ? `: ${failures.join('; ')}` : ''}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** A workspace is there when the database has visitors or livechat rooms of its own. */
async function holdsWorkspace(store: Store): Promise<boolean> {
    return !!(
        (await store.collection(Collections.rooms).findOne({ t: 'l' })) ?? (await store.collection(Collections.visitors).findOne({}))
    );
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
    const t0 = Date.now();
    const store = options.store ?? new MemoryStore();
    const data = (await holdsWorkspace(store)) ? undefined : demoData(options.size ?? 'full');
    if (data) await seedDemo(store, data);
    const rooms = await store.collection(Collections.rooms).count({ t: 'l' });
    const t1 = Date.now();
    // A store kept between runs holds the app installed by an earlier run: replace it with this package.
    const host = await EngineHost.start({
        zipPath: options.zipPath,
        store,
        updateInstalled: true,
        realTimers: { pollMs: POLL_MS },
        ...(data && { settings: { cc_default_country: 'BR' } }),
    });
    const t2 = Date.now();
    let stopped = false;
    const indexed = waitForBackfill(host, rooms, options.onProgress, () => stopped).then(() => Date.now() - t2);
    indexed.catch(() => undefined);
    try {
        if (options.waitForIndexing !== false) await indexed;
        const backend = await EngineBackend.create(host);
        const server = await startPreviewServer(backend, options.port ?? 3000);
        let stopping: Promise<void> | undefined;
        const stop = () =>
            (stopping ??= (async () => {
                stopped = true;
                await server.close();
                await host.stop();
            })());
        return { host, backend, server, data, rooms, timings: { seedMs: t1 - t0, startMs: t2 - t1 }, indexed, stop };
    } catch (error) {
        stopped = true;
        await host.stop();
        throw error;
    }
}
