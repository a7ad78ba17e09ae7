import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { recordRoomEvent } from '../services/archive';
import type { EventContext } from '../services/context';
import { indexVisitor } from '../services/indexer';
import { repairAfterFailure } from '../services/repair';

/**
 * An event is not delivered twice: if indexing fails half-way, the room would be missing from the index
 * until someone notices. The failure schedules a repair, which indexes every room again.
 */
async function orRepair(ctx: EventContext, what: string, work: () => Promise<unknown>): Promise<void> {
    try {
        await work();
    } catch (error) {
        await repairAfterFailure(ctx, what, error);
    }
}

/** A closed room updates its contact (last chat, who served it, the count of chats) and enters the archive. */
export async function onRoomClosed(ctx: EventContext, room: ILivechatRoom): Promise<void> {
    await orRepair(ctx, 'indexing a closed conversation', () => recordRoomEvent(ctx, room, 'closed'));
}

/** A new conversation makes its visitor a contact right away, visible to the agent serving it. */
export async function onRoomStarted(ctx: EventContext, room: ILivechatRoom): Promise<void> {
    await orRepair(ctx, 'indexing a new conversation', () => recordRoomEvent(ctx, room, 'started'));
}

/** An agent edited the visitor in Rocket.Chat: search must find the new name at once. */
export async function onGuestSaved(ctx: EventContext, visitor: IVisitor): Promise<void> {
    await orRepair(ctx, 'indexing an edited visitor', () => indexVisitor(ctx, visitor));
}
