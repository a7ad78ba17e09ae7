/**
 * The host's database seam. Bridges talk to this interface only, with Mongo query and update documents,
 * so a MongoDB-backed store can replace the in-memory one without touching the bridges.
 * Methods are async for that reason, although the in-memory store answers synchronously.
 */
/**
 * A field of a raw document. Rocket.Chat's documents are schemaless and differ by room type and version, so
 * bridges read fields as they need them; this alias is the host's one deliberate `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Field = any;
export type Doc = { _id: string; [key: string]: Field };
export type Query = Record<string, Field>;
export type Update = Record<string, Field>;
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
    sort?: Sort;
    skip?: number;
    limit?: number;
    projection?: Record<string, 0 | 1>;
}

export interface UpdateResult {
    matchedCount: number;
    modifiedCount: number;
    upsertedId?: string;
}

export interface Collection<T extends Doc = Doc> {
    readonly name: string;
    find(query?: Query, options?: FindOptions): Promise<T[]>;
    findOne(query?: Query, options?: FindOptions): Promise<T | undefined>;
    count(query?: Query): Promise<number>;
    /** Returns the inserted _id (generated when the document has none). */
    insertOne(doc: Omit<T, '_id'> & { _id?: string }): Promise<string>;
    insertMany(docs: Array<Omit<T, '_id'> & { _id?: string }>): Promise<string[]>;
    /** `update` is a Mongo modifier ({ $set, $unset, $push, ... }) or a replacement document. */
    updateOne(query: Query, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
    updateMany(query: Query, update: Update): Promise<UpdateResult>;
    deleteOne(query: Query): Promise<number>;
    deleteMany(query: Query): Promise<number>;
}

export interface Store {
    collection<T extends Doc = Doc>(name: string): Collection<T>;
    collectionNames(): string[];
    /**
     * Tells `listener` how many documents each query examined under Mongo's best plan, where the store can say
     * (the in-memory store models it; see EqualityIndex). Returns the function that stops it.
     */
    onExamined?(listener: (collection: string, examined: number) => void): () => void;
}

/** Rocket.Chat's own collection names, so seeded data and queries look like production. */
export const Collections = {
    users: 'users',
    rooms: 'rocketchat_room',
    visitors: 'rocketchat_livechat_visitor',
    /** Rocket.Chat 7.1+ contacts (ILivechatContact); rooms point at them with `contactId`. */
    contacts: 'rocketchat_livechat_contact',
    inquiries: 'rocketchat_livechat_inquiry',
    subscriptions: 'rocketchat_subscription',
    uploads: 'rocketchat_uploads',
    readReceipts: 'rocketchat_message_read_receipt',
    messages: 'rocketchat_message',
    departments: 'rocketchat_livechat_department',
    tags: 'rocketchat_livechat_tag',
    customFields: 'rocketchat_livechat_custom_field',
    persistence: 'apps_persistence',
    settings: 'rocketchat_settings',
    roles: 'rocketchat_roles',
    apps: 'rocketchat_apps',
    appSources: 'rocketchat_apps_source',
    appLogs: 'rocketchat_apps_logs',
    scheduler: 'rocketchat_apps_scheduler',
} as const;
