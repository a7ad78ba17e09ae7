import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { AppDetailChangesBridge, ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges';

import { Collections, Doc } from '../store/Store';
import type { HostContext } from './context';

const toSetting = (doc: Doc): ISetting => ({
    id: doc._id,
    type: doc.type,
    packageValue: doc.packageValue,
    value: doc.value,
    required: false,
    public: !!doc.public,
    hidden: !!doc.hidden,
    i18nLabel: doc.i18nLabel ?? doc._id,
    createdAt: doc.ts,
    updatedAt: doc._updatedAt,
});

/** Workspace settings (rocketchat_settings). Hidden and secret settings are not readable, as in Rocket.Chat. */
export class HostServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get settings() {
        return this.ctx.store.collection(Collections.settings);
    }

    protected async getAll(): Promise<ISetting[]> {
        return (await this.settings.find({ secret: { $ne: true } })).map(toSetting);
    }

    protected async getOneById(id: string): Promise<ISetting> {
        if (!(await this.isReadableById(id))) throw new Error(`The setting "${id}" is not readable.`);
        return toSetting((await this.settings.findOne({ _id: id }))!);
    }

    protected async hideGroup(name: string): Promise<void> {
        await this.settings.updateMany({ group: name }, { $set: { hidden: true } });
    }

    protected async hideSetting(id: string): Promise<void> {
        await this.settings.updateOne({ _id: id }, { $set: { hidden: true } });
    }

    protected async isReadableById(id: string): Promise<boolean> {
        const doc = await this.settings.findOne({ _id: id, hidden: { $ne: true } });
        return !!doc && !doc.secret;
    }

    protected async updateOne(setting: ISetting): Promise<void> {
        await this.settings.updateOne({ _id: setting.id }, { $set: { value: setting.value, _updatedAt: this.ctx.now() } });
    }

    protected async incrementValue(id: string, value: number): Promise<void> {
        await this.settings.updateOne({ _id: id }, { $inc: { value } });
    }
}

/** Rocket.Chat pushes app-setting changes to clients; tests read the store or host.appSetting() instead. */
export class HostAppDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {}
}
