import {
    MongoClient,
    type Collection as DriverCollection,
    type Db,
    type Document,
    type Filter,
    type UpdateResult as DriverUpdateResult,
} from 'mongodb';

import { randomId } from './MemoryStore';
import { Collections, type Collection, type Doc, type FindOptions, type Query, type Store, type Update, type UpdateResult } from './Store';

type IndexKey = Record<string, 1 | -1>;

/** Rocket.Chat's indexes on the fields the host queries, so a fresh database answers bridge calls as fast as production. */
export const HOST_INDEXES: Record<string, IndexKey[]> = {
    [Collections.persistence]: [{ appId: 1, associations: 1 }],
    [Collections.rooms]: [{ t: 1, open: 1 }, { 'v._id': 1 }, { contactId: 1 }],
    [Collections.messages]: [{ rid: 1, ts: 1 }],
    [Collections.visitors]: [{ token: 1 }, { 'visitorEmails.address': 1 }, { 'phone.phoneNumber': 1 }],
    // LivechatContacts' visitorAssociation, emails, phones and preRegistration keys (Rocket.Chat adds a case-insensitive
    // collation to emails and partial filters; the keys are what the contact queries use).
    [Collections.contacts]: [
        { 'channels.visitor.visitorId': 1, 'channels.visitor.source.type': 1, 'channels.visitor.source.id': 1 },
        { 'emails.address': 1 },
        { 'phones.phoneNumber': 1 },
        { preRegistration: 1 },
    ],
    [Collections.users]: [{ username: 1 }],
};

/** A Rocket.Chat database already has these keys indexed under its own names and options: that is good enough. */
const INDEX_EXISTS_DIFFERENTLY = new Set([85 /* IndexOptionsConflict */, 86 /* IndexKeySpecsConflict */]);

async function ensureIndexes(db: Db): Promise<void> {
    for (const [name, keys] of Object.entries(HOST_INDEXES)) {
        for (const key of keys) {
            await db
                .collection(name)
                .createIndex(key)
                .catch((e: { code?: number }) => {
                    if (!INDEX_EXISTS_DIFFERENTLY.has(e.code ?? 0)) throw e;
                });
        }
    }
}

const isModifier = (update: Update) => Object.keys(update).some((k) => k.startsWith('$'));
const isPlainValue = (v: unknown) => v === null || typeof v !== 'object' || v instanceof Date;

function toResult(r: DriverUpdateResult): UpdateResult {
    const result: UpdateResult = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
    if (r.upsertedId != null) result.upsertedId = String(r.upsertedId);
    return result;
}

function driverFindOptions({ sort, skip, limit, projection }: FindOptions) {
    return { ...(sort && { sort }), ...(skip && { skip }), ...(limit && { limit }), ...(projection && { projection }) };
}

/**
 * Without an `_id` the server would give an upserted document an ObjectId; Rocket.Chat's ids are strings, so the
 * id is chosen here unless the query's equality on `_id` or the update itself supplies one.
 */
function withUpsertId(query: Query, update: Update): Update {
    if ('_id' in query && isPlainValue(query._id)) return update;
    if (update.$setOnInsert?._id !== undefined || update.$set?._id !== undefined) return update;
    return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: randomId() } };
}

class MongoCollection<T extends Doc> implements Collection<T> {
    constructor(
        readonly name: string,
        private readonly col: DriverCollection<Document>,
    ) {}

    async find(query: Query = {}, options: FindOptions = {}): Promise<T[]> {
        return (await this.col.find(query as Filter<Document>, driverFindOptions(options)).toArray()) as unknown as T[];
    }

    async findOne(query: Query = {}, options: FindOptions = {}): Promise<T | undefined> {
        return ((await this.col.findOne(query as Filter<Document>, driverFindOptions(options))) ?? undefined) as T | undefined;
    }

    async count(query: Query = {}): Promise<number> {
        return this.col.countDocuments(query as Filter<Document>);
    }

    async insertOne(doc: Omit<T, '_id'> & { _id?: string }): Promise<string> {
        const _id = doc._id ?? randomId();
        await this.col.insertOne({ ...doc, _id } as Document);
        return _id;
    }

    async insertMany(docs: Array<Omit<T, '_id'> & { _id?: string }>): Promise<string[]> {
        if (!docs.length) return [];
        const withIds = docs.map((doc) => ({ ...doc, _id: doc._id ?? randomId() }));
        await this.col.insertMany(withIds as Document[]);
        return withIds.map((d) => d._id);
    }

    async updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
        if (!isModifier(update)) return this.replaceOne(query, update, !!options.upsert);
        const modifier = options.upsert ? withUpsertId(query, update) : update;
        return toResult(await this.col.updateOne(query as Filter<Document>, modifier, { upsert: !!options.upsert }));
    }

    /** A replacement keeps the matched document's `_id`, as in MemoryStore; an upserted one gets a string id. */
    private async replaceOne(query: Query, replacement: Update, upsert: boolean): Promise<UpdateResult> {
        const { _id: _ignored, ...fields } = replacement;
        const replaced = toResult(await this.col.replaceOne(query as Filter<Document>, fields));
        if (replaced.matchedCount || !upsert) return replaced;
        // A replacement has no $setOnInsert to carry the id, hence the second call. Should another writer insert a
        // match in between, this call fails on the immutable _id instead of creating a duplicate.
        const _id = typeof query._id === 'string' ? query._id : randomId();
        return toResult(await this.col.replaceOne(query as Filter<Document>, { ...fields, _id }, { upsert: true }));
    }

    /** Modifiers only: MongoDB has no multi-document replacement (the driver throws), unlike MemoryStore. */
    async updateMany(query: Query, update: Update): Promise<UpdateResult> {
        return toResult(await this.col.updateMany(query as Filter<Document>, update));
    }

    async deleteOne(query: Query): Promise<number> {
        return (await this.col.deleteOne(query as Filter<Document>)).deletedCount;
    }

    async deleteMany(query: Query): Promise<number> {
        return (await this.col.deleteMany(query as Filter<Document>)).deletedCount;
    }
}

/** The Store on a real MongoDB (e.g. a copy of a Rocket.Chat database, or one kept between runs). */
export class MongoStore implements Store {
    private readonly collections = new Map<string, MongoCollection<Doc>>();
    private readonly names: Set<string>;

    private constructor(
        private readonly client: MongoClient,
        private readonly db: Db,
        existing: string[],
    ) {
        this.names = new Set(existing);
    }

    /** `dbName` defaults to the database in the URL's path (the driver's rule), else 'test'. */
    static async connect(url: string, dbName?: string): Promise<MongoStore> {
        // ignoreUndefined: fields set to undefined are dropped, as MemoryStore drops them, instead of stored as null.
        // promoteBuffers: binary fields come back as Buffers, not the driver's Binary class.
        const client = new MongoClient(url, { ignoreUndefined: true, promoteBuffers: true });
        await client.connect();
        try {
            const db = client.db(dbName);
            await ensureIndexes(db);
            const existing = await db.listCollections({}, { nameOnly: true }).toArray();
            return new MongoStore(
                client,
                db,
                existing.map((c) => c.name).filter((n) => !n.startsWith('system.')),
            );
        } catch (e) {
            await client.close();
            throw e;
        }
    }

    get databaseName(): string {
        return this.db.databaseName;
    }

    collection<T extends Doc = Doc>(name: string): Collection<T> {
        let col = this.collections.get(name);
        if (!col) {
            col = new MongoCollection<Doc>(name, this.db.collection(name));
            this.collections.set(name, col);
            this.names.add(name);
        }
        return col as unknown as Collection<T>;
    }

    /** Collections present at connect plus those used since (the interface is synchronous, so no fresh listing). */
    collectionNames(): string[] {
        return [...this.names];
    }

    async close(): Promise<void> {
        await this.client.close();
    }
}
