import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { recordRoom } from '../services/archive';
import { factsOfRoom, indexRoom, indexVisitor } from '../services/indexer';
import { repairAfterFailure } from '../services/repair';
import type { AppConfig } from '../services/settings';

export interface EventContext {
    read: IRead;
    persistence: IPersistence;
    /** Rocket.Chat passes it to these events; without it a failure is only logged. */
    modify?: IModify;
    config: AppConfig;
    logger?: ILogger;
}

/**
 * An event is not delivered twice: if indexing fails half-way, the room would be missing from the index
 * until someone notices. The failure schedules a repair, which indexes every room again.
 */
async function orRepair(ctx: EventContext, what: string, work: () => Promise<unknown>): Promise<void> {
    try {
        await work();
    } catch (error) {
        if (ctx.modify) {
            await repairAfterFailure(ctx.persistence, ctx.modify.getScheduler(), ctx.logger, what, error);
        } else {
            ctx.logger?.error(`Contact Center: ${what} failed; an admin can start a repair from the Contacts tab`, error);
        }
    }
}

/** A closed room updates its contact (last chat, who served it, the count of chats) and enters the archive. */
export async function onRoomClosed(ctx: EventContext, room: ILivechatRoom): Promise<void> {
    const facts = factsOfRoom(room);
    if (facts) {
        await orRepair(ctx, 'indexing a closed conversation', () =>
            recordRoom(ctx.read, ctx.persistence, ctx.config, { ...facts, open: false, closedAt: facts.closedAt ?? new Date().toISOString() }),
        );
    }
}

/** A new conversation makes its visitor a contact right away, visible to the agent serving it. */
export async function onRoomStarted(ctx: EventContext, room: ILivechatRoom): Promise<void> {
    const facts = factsOfRoom(room);
    if (facts) {
        await orRepair(ctx, 'indexing a new conversation', () => indexRoom(ctx.read, ctx.persistence, ctx.config, { ...facts, open: true }));
    }
}

/** An agent edited the visitor in Rocket.Chat: search must find the new name at once. */
export async function onGuestSaved(ctx: EventContext, visitor: IVisitor): Promise<void> {
    await orRepair(ctx, 'indexing an edited visitor', () => indexVisitor(ctx.read, ctx.persistence, ctx.config, visitor));
}
