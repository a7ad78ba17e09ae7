import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import { Collections } from '../store/Store';
import type { HostContext } from './context';

/** IMessage -> rocketchat_message document (Rocket.Chat's convertAppMessage, the fields apps set). */
export function toMessageDoc(message: IMessage, now: Date): Record<string, unknown> {
    const doc: Record<string, unknown> = {
        rid: message.room?.id,
        msg: message.text ?? '',
        u: message.sender && { _id: message.sender.id, username: message.sender.username, name: message.sender.name },
        ts: message.createdAt ?? now,
        _updatedAt: now,
        tmid: message.threadId,
        alias: message.alias,
        avatar: message.avatarUrl,
        emoji: message.emoji,
        attachments: message.attachments,
        blocks: message.blocks,
        groupable: message.groupable,
        parseUrls: message.parseUrls,
        customFields: message.customFields,
        t: message.type,
    };
    return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

export class HostMessageBridge extends MessageBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    private get messages() {
        return this.ctx.store.collection(Collections.messages);
    }

    protected async create(message: IMessage): Promise<string> {
        const now = this.ctx.now();
        const doc = toMessageDoc(message, now);
        const _id = await this.messages.insertOne(doc);
        await this.ctx.store
            .collection(Collections.rooms)
            .updateOne({ _id: doc.rid as string }, { $set: { lastMessage: { _id, ...doc }, lm: now }, $inc: { msgs: 1 } });
        return _id;
    }

    protected async update(message: IMessage): Promise<void> {
        const { ts: _ts, ...doc } = toMessageDoc(message, this.ctx.now());
        await this.messages.updateOne({ _id: message.id }, { $set: { ...doc, editedAt: this.ctx.now() } });
    }

    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        this.ctx.outbox.push({ kind: 'notifyUser', at: this.ctx.now(), to: user.id, payload: message });
    }

    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        this.ctx.outbox.push({ kind: 'notifyRoom', at: this.ctx.now(), to: room.id, payload: message });
    }

    protected async typing(): Promise<void> {}

    protected async getById(messageId: string): Promise<IMessage> {
        return (await this.ctx.converters.message(await this.messages.findOne({ _id: messageId })))!;
    }

    protected async delete(message: IMessage): Promise<void> {
        await this.messages.deleteOne({ _id: message.id });
    }

    protected async addReaction(messageId: string, userId: string, reaction: string): Promise<void> {
        const user = await this.ctx.store.collection(Collections.users).findOne({ _id: userId });
        await this.messages.updateOne({ _id: messageId }, { $addToSet: { [`reactions.${reaction}.usernames`]: user?.username } });
    }

    protected async removeReaction(messageId: string, userId: string, reaction: string): Promise<void> {
        const user = await this.ctx.store.collection(Collections.users).findOne({ _id: userId });
        await this.messages.updateOne({ _id: messageId }, { $pull: { [`reactions.${reaction}.usernames`]: user?.username } });
    }
}
