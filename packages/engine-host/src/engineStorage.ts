import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import {
    AppLogStorage,
    AppMetadataStorage,
    AppSourceStorage,
    IAppLogStorageFindOptions,
    IAppStorageItem,
} from '@rocket.chat/apps-engine/server/storage';

import { Collections, Doc, Field, Store } from './store/Store';

// The engine's own storages, kept in the host store like Rocket.Chat keeps them in Mongo, so that a host
// restart on the same store reloads the installed app (AppManager.load) instead of installing it again.

type StoredItem = IAppStorageItem & { _id: string };

export class StoreMetadataStorage extends AppMetadataStorage {
    constructor(private readonly store: Store) {
        super('memory');
    }

    private get col() {
        return this.store.collection<StoredItem>(Collections.apps);
    }

    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        const now = new Date();
        const _id = await this.col.insertOne({ ...item, _id: item.id, createdAt: now, updatedAt: now } as StoredItem);
        return (await this.col.findOne({ _id })) as IAppStorageItem;
    }

    async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        return (await this.col.findOne({ id })) ?? null;
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        const items = await this.col.find({});
        return new Map(items.map((i) => [i.id, i]));
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        const items = await this.col.find({ installationSource: 'private' });
        return new Map(items.map((i) => [i.id, i]));
    }

    async remove(id: string): Promise<{ success: boolean }> {
        await this.col.deleteOne({ id });
        return { success: true };
    }

    async updatePartialAndReturnDocument(
        item: Partial<IAppStorageItem>,
        { unsetPermissionsGranted = false } = {},
    ): Promise<IAppStorageItem> {
        const { _id, ...rest } = item;
        const update: Record<string, Field> = { $set: { ...rest, updatedAt: new Date() } };
        if (unsetPermissionsGranted) {
            delete update.$set.permissionsGranted;
            update.$unset = { permissionsGranted: '' };
        }
        await this.col.updateOne({ _id }, update);
        return (await this.col.findOne({ _id })) as IAppStorageItem;
    }

    private async set(_id: string, fields: Record<string, unknown>): Promise<boolean> {
        const { matchedCount } = await this.col.updateOne({ _id }, { $set: { ...fields, updatedAt: new Date() } });
        return matchedCount > 0;
    }

    updateStatus(_id: string, status: AppStatus): Promise<boolean> {
        return this.set(_id, { status });
    }

    updateSetting(_id: string, setting: ISetting): Promise<boolean> {
        return this.set(_id, { [`settings.${setting.id}`]: setting });
    }

    updateAppInfo(_id: string, info: IAppInfo): Promise<boolean> {
        return this.set(_id, { info });
    }

    updateMarketplaceInfo(_id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        return this.set(_id, { marketplaceInfo });
    }
}

export class StoreSourceStorage extends AppSourceStorage {
    constructor(private readonly db: Store) {
        super();
    }

    private get col() {
        return this.db.collection(Collections.appSources);
    }

    async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        await this.col.updateOne({ _id: item.id }, { $set: { zip: zip.toString('base64') } }, { upsert: true });
        return `store://${item.id}`;
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const doc = await this.col.findOne({ _id: item.id });
        if (!doc) throw new Error(`No package stored for app ${item.id}`);
        return Buffer.from(doc.zip, 'base64');
    }

    update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    async remove(item: IAppStorageItem): Promise<void> {
        await this.col.deleteOne({ _id: item.id });
    }
}

export class StoreLogStorage extends AppLogStorage {
    constructor(private readonly store: Store) {
        super('memory');
    }

    private get col() {
        return this.store.collection(Collections.appLogs);
    }

    async findPaginated(query: Record<string, Field>, options: IAppLogStorageFindOptions = {}) {
        const logs = (await this.col.find(query, options)) as unknown as ILoggerStorageEntry[];
        return { logs, total: await this.col.count(query) };
    }

    async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        const _id = await this.col.insertOne({ ...entry } as unknown as Doc);
        return (await this.col.findOne({ _id })) as unknown as ILoggerStorageEntry;
    }

    async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return (await this.col.find({ appId })) as unknown as ILoggerStorageEntry[];
    }

    async removeEntriesFor(appId: string): Promise<void> {
        await this.col.deleteMany({ appId });
    }
}
