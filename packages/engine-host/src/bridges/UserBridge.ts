import type { IUser, IUserCreationOptions, UserType } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertUser } from '../converters';
import { Collections } from '../store/Store';
import type { HostContext } from './context';

export class HostUserBridge extends UserBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get users() {
        return this.ctx.store.collection(Collections.users);
    }

    protected async getById(id: string): Promise<IUser> {
        return convertUser(await this.users.findOne({ _id: id })) as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        return convertUser(await this.users.findOne({ username })) as IUser;
    }

    async getAppUser(appId?: string): Promise<IUser | undefined> {
        return convertUser(await this.users.findOne({ appId, type: 'app' }));
    }

    async getActiveUserCount(): Promise<number> {
        return this.users.count({ active: true, type: { $nin: ['app', 'bot'] } });
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        const rooms = await this.ctx.store.collection(Collections.rooms).find({ uids: userId }, { projection: { _id: 1 } });
        return rooms.map((r) => r._id);
    }

    async create(data: Partial<IUser>, appId: string, _options?: IUserCreationOptions): Promise<string> {
        return this.users.insertOne({
            username: data.username,
            name: data.name,
            roles: data.roles ?? ['user'],
            type: data.type ?? 'user',
            active: data.isEnabled ?? true,
            status: data.status ?? 'offline',
            emails: data.emails ?? [],
            createdAt: this.ctx.now(),
            _updatedAt: this.ctx.now(),
            ...(data.appId && { appId: data.appId ?? appId }),
        });
    }

    async remove(user: IUser): Promise<boolean> {
        return (await this.users.deleteOne({ _id: user.id })) > 0;
    }

    protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
        const $set: Record<string, unknown> = { _updatedAt: this.ctx.now() };
        if (updates.name !== undefined) $set.name = updates.name;
        if (updates.statusText !== undefined) $set.statusText = updates.statusText;
        if (updates.status !== undefined) $set.status = updates.status;
        if (updates.customFields !== undefined) $set.customFields = updates.customFields;
        return (await this.users.updateOne({ _id: user.id }, { $set })).matchedCount > 0;
    }

    protected async deleteUsersCreatedByApp(appId: string, type: UserType.APP | UserType.BOT): Promise<boolean> {
        return (await this.users.deleteMany({ appId, type })) > 0;
    }

    protected async deactivate(userId: string): Promise<boolean> {
        return (await this.users.updateOne({ _id: userId }, { $set: { active: false } })).matchedCount > 0;
    }
}
