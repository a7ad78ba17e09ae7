/**
 * Lets the preview keep its data in MongoDB (set MONGO_URL) instead of the in-memory store it loses on exit.
 */
import type { Store } from '../test/host';
import { MongoStore } from '../test/host/store/MongoStore';

/**
 * A MongoStore when MONGO_URL is set, else undefined (the caller keeps its MemoryStore). The database is the one
 * named in the URL's path; MONGO_DB, when set, wins. Close it with `(store as MongoStore).close()` on shutdown.
 */
export async function storeFromEnv(env: Record<string, string | undefined> = process.env): Promise<Store | undefined> {
	const url = env.MONGO_URL;
	if (!url) return undefined;
	return MongoStore.connect(url, env.MONGO_DB || undefined);
}
