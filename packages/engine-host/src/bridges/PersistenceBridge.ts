import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import { Collections } from '../store/Store';
import type { HostContext } from './context';

type Association = { model: string; id: string };
type PersistenceRecord = { _id: string; appId: string; associations?: Association[]; data: object };

// Rocket.Chat's apps_persistence semantics (apps/meteor/app/apps/server/bridges/persistence.ts), not kinder:
// reads and removes match records carrying ALL given associations; updates match the association array EXACTLY
// (order included); update by id is not implemented. Associations are stored as plain { model, id } objects.
// From the Deno runtime they arrive msgpack-decoded: plain { model, id } objects, not class instances.
const plain = (associations: RocketChatAssociationRecord[]): Association[] =>
    associations.map((a) => {
        const r = a as unknown as { model: string; id: string; getModel?: () => string; getID?: () => string };
        return typeof r.getModel === 'function' ? { model: r.getModel(), id: r.getID!() } : { model: r.model, id: r.id };
    });

export class HostPersistenceBridge extends PersistenceBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get col() {
        return this.ctx.store.collection<PersistenceRecord>(Collections.persistence);
    }

    protected async purge(appId: string): Promise<void> {
        await this.col.deleteMany({ appId });
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.col.insertOne({ appId, data });
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        return this.col.insertOne({ appId, associations: plain(associations), data });
    }

    protected async readById(id: string, appId: string): Promise<object> {
        const record = await this.col.findOne({ _id: id, appId });
        return record?.data as object;
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        const records = await this.col.find({ appId, associations: { $all: plain(associations) } }, { projection: { data: 1 } });
        return records.map((r) => r.data);
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const record = await this.col.findOne({ _id: id, appId });
        if (!record) return undefined;
        await this.col.deleteOne({ _id: id, appId });
        return record.data;
    }

    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        const query = { appId, associations: { $all: plain(associations) } };
        const records = await this.col.find(query);
        if (!records.length) return undefined;
        await this.col.deleteMany(query);
        return records.map((r) => r.data);
    }

    protected async update(): Promise<string> {
        throw new Error('Not implemented.');
    }

    protected async updateByAssociations(
        associations: RocketChatAssociationRecord[],
        data: object,
        upsert: boolean,
        appId: string,
    ): Promise<string> {
        const query = { appId, associations: plain(associations) };
        const record = await this.col.findOne(query, { projection: { _id: 1 } });
        if (record) {
            await this.col.updateOne({ _id: record._id }, { $set: { data } });
            return record._id;
        }
        if (!upsert) return undefined as unknown as string;
        return this.col.insertOne({ ...query, data });
    }
}
