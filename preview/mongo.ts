/**
 * Lets the preview keep its data in MongoDB (set MONGO_URL) instead of the in-memory store it loses on exit,
 * for instance a copy of a real workspace's database.
 */
import { Collections, type Collection, type Doc, type Store } from '@contact-center/engine-host';
import { MongoStore } from '@contact-center/engine-host/mongo';

/**
 * The engine's own bookkeeping (installed apps, their packages, logs, scheduled jobs) goes to collections of the
 * preview's own, so that a Rocket.Chat database's installed apps are neither loaded nor touched, and its
 * scheduler never sees the preview's jobs. Visitors, rooms, messages, users and apps_persistence are shared.
 */
export const PREVIEW_ENGINE_COLLECTIONS: Record<string, string> = {
    [Collections.apps]: 'contact_center_preview_apps',
    [Collections.appSources]: 'contact_center_preview_apps_source',
    [Collections.appLogs]: 'contact_center_preview_apps_logs',
    [Collections.scheduler]: 'contact_center_preview_apps_scheduler',
};

/** A Store that answers some collection names from other collections of the same database. */
export class RenamedCollections implements Store {
    constructor(
        readonly inner: Store,
        private readonly renames: Record<string, string>,
    ) {}

    collection<T extends Doc = Doc>(name: string): Collection<T> {
        return this.inner.collection<T>(this.renames[name] ?? name);
    }

    collectionNames(): string[] {
        const back = Object.fromEntries(Object.entries(this.renames).map(([from, to]) => [to, from]));
        const own = new Set(Object.keys(this.renames));
        return this.inner
            .collectionNames()
            .filter((n) => !own.has(n))
            .map((n) => back[n] ?? n);
    }
}

export interface MongoPreviewStore {
    store: Store;
    databaseName: string;
    close(): Promise<void>;
}

/**
 * The preview's store on MongoDB when MONGO_URL is set, else undefined (the caller keeps its MemoryStore). The
 * database is the one named in the URL's path; MONGO_DB, when set, wins.
 */
export async function storeFromEnv(env: Record<string, string | undefined> = process.env): Promise<MongoPreviewStore | undefined> {
    const url = env.MONGO_URL;
    if (!url) return undefined;
    const mongo = await MongoStore.connect(url, env.MONGO_DB || undefined);
    return {
        store: new RenamedCollections(mongo, PREVIEW_ENGINE_COLLECTIONS),
        databaseName: mongo.databaseName,
        close: () => mongo.close(),
    };
}

/** Where a URL points, without its credentials, for the console. */
export function redactedUrl(url: string): string {
    try {
        const parsed = new URL(url);
        if (parsed.password) parsed.password = '***';
        return parsed.toString();
    } catch {
        return 'the MONGO_URL given';
    }
}
