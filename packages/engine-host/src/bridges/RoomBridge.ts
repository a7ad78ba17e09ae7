import type { IMessage, IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { GetMessagesOptions, GetRoomsFilters, GetRoomsOptions } from '@rocket.chat/apps-engine/server/bridges/RoomBridge';

import { convertMessageRaw, convertRoomRaw, convertUser } from '../converters';
import { Collections, Doc } from '../store/Store';
import type { HostContext } from './context';

// Pages are capped at 100 on the server too (the engine's accessor checks first; a host that accepted more
// would hide a bug if the accessor check ever moved). getAllRooms has no open/closed or agent filter.
function checkLimit(limit: number | undefined, what: string) {
    if (limit !== undefined && (!Number.isFinite(limit) || limit <= 0 || limit > 100)) {
        throw new Error(`Invalid limit provided for ${what}. Expected number between 1 and 100, got ${limit}`);
    }
}

export class HostRoomBridge extends RoomBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get rooms() {
        return this.ctx.store.collection(Collections.rooms);
    }

    private async usersOf(roomId: string, field: 'uids'): Promise<IUser[]> {
        const room = await this.rooms.findOne({ _id: roomId });
        const users = await this.ctx.store.collection(Collections.users).find({ _id: { $in: room?.[field] ?? [] } });
        return users.map((u) => convertUser(u) as IUser);
    }

    protected async create(room: IRoom, members: string[]): Promise<string> {
        const now = this.ctx.now();
        return this.rooms.insertOne({
            t: room.type,
            name: room.slugifiedName,
            fname: room.displayName ?? room.slugifiedName,
            u: room.creator && { _id: room.creator.id, username: room.creator.username },
            usernames: members,
            ts: now,
            _updatedAt: now,
            lm: now,
            msgs: 0,
            ro: room.isReadOnly ?? false,
            default: room.isDefault ?? false,
            ...(room.description && { description: room.description }),
            ...(room.customFields && { customFields: room.customFields }),
        });
    }

    protected async getById(roomId: string): Promise<IRoom> {
        return (await this.ctx.converters.room(await this.rooms.findOne({ _id: roomId })))!;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        return (await this.ctx.converters.room(await this.rooms.findOne({ name: roomName })))!;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        return this.ctx.converters.userById((await this.rooms.findOne({ _id: roomId }))?.u?._id);
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        return this.ctx.converters.userById((await this.rooms.findOne({ name: roomName }))?.u?._id);
    }

    protected async getDirectByUsernames(usernames: string[]): Promise<IRoom | undefined> {
        const room = await this.rooms.findOne({ t: 'd', usernames: { $all: usernames, $size: usernames.length } });
        return this.ctx.converters.room(room);
    }

    protected getMembers(roomId: string): Promise<IUser[]> {
        return this.usersOf(roomId, 'uids');
    }

    protected async getAllRooms(filters: GetRoomsFilters = {}, options: GetRoomsOptions = {}): Promise<IRoomRaw[]> {
        const { limit = 100, skip = 0 } = options;
        checkLimit(limit, 'getAllRooms');
        const query: Doc | Record<string, unknown> = {};
        if (filters.types?.length) query.t = { $in: filters.types };
        if (filters.discussions === true) query.prid = { $exists: true };
        if (filters.discussions === false) query.prid = { $exists: false };
        if (filters.teams === true) query.teamMain = true;
        if (filters.teams === false) query.teamMain = { $ne: true };
        const docs = await this.rooms.find(query, { skip, limit });
        return docs.map(convertRoomRaw);
    }

    protected async update(room: IRoom): Promise<void> {
        const $set: Record<string, unknown> = { _updatedAt: this.ctx.now() };
        if (room.displayName !== undefined) $set.fname = room.displayName;
        if (room.slugifiedName !== undefined) $set.name = room.slugifiedName;
        if (room.description !== undefined) $set.description = room.description;
        if (room.customFields !== undefined) $set.customFields = room.customFields;
        if (room.livechatData !== undefined) $set.livechatData = room.livechatData;
        if (room.isReadOnly !== undefined) $set.ro = room.isReadOnly;
        await this.rooms.updateOne({ _id: room.id }, { $set });
    }

    protected async createDiscussion(
        room: IRoom,
        _parent: IMessage | undefined,
        _reply: string | undefined,
        members: string[],
    ): Promise<string> {
        const id = await this.create(room, members);
        await this.rooms.updateOne({ _id: id }, { $set: { prid: room.parentRoom?.id } });
        return id;
    }

    protected async delete(roomId: string): Promise<void> {
        await this.rooms.deleteOne({ _id: roomId });
    }

    protected async getModerators(): Promise<IUser[]> {
        return [];
    }

    protected async getOwners(roomId: string): Promise<IUser[]> {
        const creator = await this.getCreatorById(roomId);
        return creator ? [creator] : [];
    }

    protected async getLeaders(): Promise<IUser[]> {
        return [];
    }

    /** Visible, non-system messages only: system messages carry a `t` field. */
    protected async getMessages(roomId: string, options: GetMessagesOptions): Promise<IMessageRaw[]> {
        const { limit = 100, skip = 0, sort = { createdAt: 'asc' }, showThreadMessages = true } = options ?? {};
        checkLimit(limit, 'getMessages');
        const query: Record<string, unknown> = { rid: roomId, _hidden: { $ne: true }, t: { $exists: false } };
        if (!showThreadMessages) query.tmid = { $exists: false };
        const docs = await this.ctx.store.collection(Collections.messages).find(query, {
            sort: { ts: sort.createdAt === 'desc' ? -1 : 1 },
            skip,
            limit,
        });
        return docs.map(convertMessageRaw);
    }

    protected async removeUsers(roomId: string, usernames: string[]): Promise<void> {
        const users = await this.ctx.store.collection(Collections.users).find({ username: { $in: usernames } });
        await this.rooms.updateOne({ _id: roomId }, { $pull: { uids: { $in: users.map((u) => u._id) }, usernames: { $in: usernames } } });
    }

    protected async getUnreadByUser(): Promise<IMessageRaw[]> {
        return [];
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }
}
