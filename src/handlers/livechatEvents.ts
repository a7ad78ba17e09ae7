import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { recordRoom } from '../services/archive';
import { factsOfRoom, indexRoom, indexVisitor } from '../services/indexer';
import type { AppConfig } from '../services/settings';

/** A closed room updates its contact (last chat, who served it, the count of chats) and enters the archive. */
export async function onRoomClosed(read: IRead, persistence: IPersistence, config: AppConfig, room: ILivechatRoom): Promise<void> {
    const facts = factsOfRoom(room);
    if (facts) {
        await recordRoom(read, persistence, config, { ...facts, open: false, closedAt: facts.closedAt ?? new Date().toISOString() });
    }
}

/** A new conversation makes its visitor a contact right away, visible to the agent serving it. */
export async function onRoomStarted(read: IRead, persistence: IPersistence, config: AppConfig, room: ILivechatRoom): Promise<void> {
    const facts = factsOfRoom(room);
    if (facts) {
        await indexRoom(read, persistence, config, { ...facts, open: true });
    }
}

/** An agent edited the visitor in Rocket.Chat: search must find the new name at once. */
export async function onGuestSaved(read: IRead, persistence: IPersistence, config: AppConfig, visitor: IVisitor): Promise<void> {
    await indexVisitor(read, persistence, config, visitor);
}
