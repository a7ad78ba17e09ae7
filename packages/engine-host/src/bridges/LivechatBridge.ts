import type { IExtraRoomParams } from '@rocket.chat/apps-engine/definition/accessors/ILivechatCreator';
import type {
    IDepartment,
    ILivechatMessage,
    ILivechatRoom,
    ILivechatTransferData,
    IVisitor,
} from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { LivechatBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertDepartment, convertVisitor } from '../converters';
import { startRoom } from '../rocketchat/roomStart';
import { registerGuestData, setContactsCustomField } from '../rocketchat/visitorData';
import { randomId } from '../store/MemoryStore';
import { Collections, Field } from '../store/Store';
import type { HostContext } from './context';
import { toMessageDoc } from './MessageBridge';

// After apps/meteor/app/apps/server/bridges/livechat.ts and the livechat models it calls. Deliberately as
// strict as the server: room lists are OPEN rooms only, visitor look-ups are exact, a visitor upsert keeps one
// email and one phone, custom fields must exist in the workspace.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class HostLivechatBridge extends LivechatBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get clock() {
        return { now: this.ctx.now };
    }

    private col(name: string) {
        return this.ctx.store.collection(name);
    }

    private async rooms(query: Record<string, unknown>): Promise<ILivechatRoom[]> {
        const docs = await this.col(Collections.rooms).find({ t: 'l', open: true, ...query });
        return Promise.all(docs.map((d) => this.ctx.converters.room(d) as Promise<ILivechatRoom>));
    }

    private async visitor(query: Record<string, unknown>): Promise<IVisitor | undefined> {
        return convertVisitor(await this.col(Collections.visitors).findOne(query));
    }

    protected isOnline(): boolean {
        return true;
    }

    protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
        const query: Record<string, unknown> = { roles: 'livechat-agent', statusLivechat: 'available', status: { $ne: 'offline' } };
        if (departmentId) {
            const dept = await this.col(Collections.departments).findOne({ _id: departmentId });
            query._id = { $in: dept?.agentIds ?? [] };
        }
        return (await this.col(Collections.users).count(query)) > 0;
    }

    /** A livechat message is sent AS THE VISITOR and needs the visitor's token. */
    protected async createMessage(message: ILivechatMessage): Promise<string> {
        const guest = message.token ? await this.col(Collections.visitors).findOne({ token: message.token }) : undefined;
        if (!guest || (message.visitor && message.visitor.token !== message.token)) {
            throw new Error('Invalid token for livechat message');
        }
        const now = this.ctx.now();
        const doc: Record<string, Field> = {
            ...toMessageDoc(message, now),
            u: { _id: guest._id, username: guest.username, name: guest.name },
            token: guest.token,
        };
        const _id = await this.col(Collections.messages).insertOne(doc);
        await this.col(Collections.rooms).updateOne(
            { _id: doc.rid },
            { $set: { lastMessage: { _id, ...doc }, lm: now }, $inc: { msgs: 1 } },
        );
        return _id;
    }

    protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
        return (await this.ctx.converters.message(await this.col(Collections.messages).findOne({ _id: messageId }))) as ILivechatMessage;
    }

    protected async updateMessage(message: ILivechatMessage): Promise<void> {
        await this.col(Collections.messages).updateOne({ _id: message.id }, { $set: { msg: message.text, editedAt: this.ctx.now() } });
    }

    protected async createVisitor(visitor: IVisitor): Promise<string> {
        return (await this.createAndReturnVisitor(visitor))!.id as string;
    }

    /**
     * registerGuest: upsert by token; only the first email and first phone are registered. Then (registerGuestData)
     * the name, email, phone and username are merged into the visitor's existing contacts; no contact is made here.
     */
    protected async createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor | undefined> {
        if (typeof visitor.token !== 'string' || !visitor.token) throw new Error('Match error: Expected string, got undefined (token)');
        const $set: Record<string, unknown> = { token: visitor.token, status: 'online', _updatedAt: this.ctx.now() };
        if (visitor.name) $set.name = visitor.name;
        const phone = visitor.phone?.[0]?.phoneNumber;
        if (phone) $set.phone = [{ phoneNumber: phone }];
        const email = visitor.visitorEmails?.[0]?.address?.trim().toLowerCase();
        if (email) {
            if (!EMAIL.test(email)) throw new Error(`Invalid email ${email}`);
            $set.visitorEmails = [{ address: email }];
        }
        if (visitor.department) {
            const dept = await this.col(Collections.departments).findOne({
                $or: [{ _id: visitor.department }, { name: visitor.department }],
            });
            if (dept) $set.department = dept._id;
        }
        const visitors = this.col(Collections.visitors);
        const existing = await visitors.findOne({ token: visitor.token });
        if (existing) {
            await visitors.updateOne({ _id: existing._id }, { $set });
        } else {
            const count = await visitors.count({});
            await visitors.insertOne({ ...$set, username: visitor.username || `guest-${count + 1}`, ts: this.ctx.now() });
        }
        const saved = (await visitors.findOne({ token: visitor.token }))!;
        await registerGuestData(this.ctx.store, { name: visitor.name, phone, email, username: visitor.username }, saved, this.clock);
        return convertVisitor(saved);
    }

    protected async findVisitors(query: object): Promise<IVisitor[]> {
        const docs = await this.col(Collections.visitors).find({ ...query, disabled: { $ne: true } });
        return docs.map((d) => convertVisitor(d) as IVisitor);
    }

    protected findVisitorById(id: string) {
        return this.visitor({ _id: id });
    }

    protected findVisitorByEmail(email: string) {
        return this.visitor({ 'visitorEmails.address': String(email).toLowerCase() });
    }

    protected findVisitorByToken(token: string) {
        return this.visitor({ token });
    }

    protected findVisitorByPhoneNumber(phoneNumber: string) {
        return this.visitor({ 'phone.phoneNumber': phoneNumber });
    }

    protected async resolveVisitor(): Promise<IVisitor | undefined> {
        return undefined;
    }

    protected async transferVisitor(visitor: IVisitor, transferData: ILivechatTransferData): Promise<boolean> {
        const { currentRoom, targetAgent, targetDepartment } = transferData;
        const $set: Record<string, unknown> = {};
        if (targetAgent) $set.servedBy = { _id: targetAgent.id, username: targetAgent.username, ts: this.ctx.now() };
        if (targetDepartment) $set.departmentId = targetDepartment;
        const { matchedCount } = await this.col(Collections.rooms).updateOne({ _id: currentRoom.id, open: true }, { $set });
        return matchedCount > 0;
    }

    protected async updateVisitorExternalId(): Promise<IVisitor | undefined> {
        return undefined;
    }

    /**
     * The server always records the source as the app, whatever the app passes. The room starts as any room does
     * (rocketchat/roomStart.ts): the contact of that visitor and source, made if needed, is stamped on it.
     */
    protected async createRoom(visitor: IVisitor, agent: IUser, appId: string, extra?: IExtraRoomParams): Promise<ILivechatRoom> {
        const guest = await this.col(Collections.visitors).findOne({ token: visitor.token });
        if (!guest) throw new Error('error-invalid-visitor');
        const now = this.ctx.now();
        const extraSource = (extra?.source as Field)?.type === 'app' ? extra?.source : {};
        const { room } = await startRoom(
            this.ctx.store,
            {
                _id: randomId(),
                t: 'l',
                fname: guest.name || guest.username,
                msgs: 0,
                usersCount: agent ? 2 : 1,
                ts: now,
                lm: now,
                _updatedAt: now,
                v: { _id: guest._id, username: guest.username, token: guest.token, status: guest.status ?? 'online' },
                ...(agent && { servedBy: { _id: agent.id, username: agent.username, ts: now } }),
                open: true,
                waitingResponse: true,
                cl: false,
                source: { ...extraSource, type: 'app', id: appId },
                ...(guest.department && { departmentId: guest.department }),
                ...(extra?.customFields && { livechatData: extra.customFields }),
            },
            this.clock,
        );
        return (await this.ctx.converters.room(room)) as ILivechatRoom;
    }

    protected async closeRoom(room: ILivechatRoom, comment: string, closer: IUser | undefined): Promise<boolean> {
        const rooms = this.col(Collections.rooms);
        const doc = await rooms.findOne({ _id: room.id, t: 'l' });
        if (!doc || !doc.open) return false;
        const now = this.ctx.now();
        const closedBy = closer ? { _id: closer.id, username: closer.username } : { _id: doc.v._id, username: doc.v.username };
        await rooms.updateOne(
            { _id: room.id },
            {
                $set: {
                    closedAt: now,
                    closedBy,
                    closer: closer ? 'user' : 'visitor',
                    'v.status': 'offline',
                    _updatedAt: now,
                    chatDuration: (now.getTime() - new Date(doc.ts).getTime()) / 1000,
                    ...(comment && { closingMessage: comment }),
                },
                $unset: { open: 1 },
            },
        );
        this.ctx.onLivechatRoomClosed(room.id);
        return true;
    }

    protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
        return this.col(Collections.rooms).count({ t: 'l', open: true, 'servedBy._id': agentId });
    }

    protected findOpenRoomsByAgentId(agentId: string): Promise<ILivechatRoom[]> {
        return this.rooms({ 'servedBy._id': agentId });
    }

    protected findRooms(visitor: IVisitor, departmentId: string | null): Promise<ILivechatRoom[]> {
        return this.rooms({ 'v.token': visitor.token, ...(departmentId && { departmentId }) });
    }

    protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        return convertDepartment(await this.col(Collections.departments).findOne({ $or: [{ _id: value }, { name: value }] }));
    }

    protected async findDepartmentsEnabledWithAgents(): Promise<IDepartment[]> {
        const docs = await this.col(Collections.departments).find({ enabled: true, numAgents: { $gt: 0 } });
        return docs.map((d) => convertDepartment(d) as IDepartment);
    }

    protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<IMessage[]> {
        const docs = await this.col(Collections.messages).find({ rid: roomId, _hidden: { $ne: true } }, { sort: { ts: 1 } });
        return Promise.all(docs.map((d) => this.ctx.converters.message(d) as Promise<IMessage>));
    }

    /**
     * Only fields defined in the workspace, and values matching the field's regexp; room-scoped fields go to the
     * visitor's open rooms. A visitor-scoped value also goes to the visitor's contacts (setContactsCustomField).
     */
    protected async setCustomFields(data: { token: string; key: string; value: string; overwrite: boolean }): Promise<number> {
        const { token, key, value, overwrite } = data;
        const field = await this.col(Collections.customFields).findOne({ _id: key });
        if (!field) throw new Error('invalid-custom-field');
        if (field.regexp && !new RegExp(field.regexp).test(value)) throw new Error('error-invalid-custom-field-value');
        const guard = overwrite ? {} : { [`livechatData.${key}`]: { $exists: false } };
        if (field.scope === 'room') {
            return (
                await this.col(Collections.rooms).updateMany(
                    { t: 'l', open: true, 'v.token': token, ...guard },
                    { $set: { [`livechatData.${key}`]: value } },
                )
            ).modifiedCount;
        }
        const visitors = this.col(Collections.visitors);
        const { modifiedCount } = await visitors.updateOne({ token, ...guard }, { $set: { [`livechatData.${key}`]: value } });
        const visitor = await visitors.findOne({ token });
        if (visitor) await setContactsCustomField(this.ctx.store, visitor._id, { key, value, overwrite }, this.clock);
        return modifiedCount;
    }
}
