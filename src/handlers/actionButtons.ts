import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIKitResponse, UIKitActionButtonInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { FIRST_PAGE } from '../domain/listAt';
import { entryOfRoom } from '../services/archive';
import { ActionIds } from '../ui/ids';
import { contactCard } from '../services/cards';
import { buildRoomContactBar } from '../ui/contactView';
import { contactsScreen } from './contactScreens';
import type { ActionContext } from './context';
import { screen } from './respond';

/**
 * The user menu opens the Contact Center (a modal); the livechat room toolbar opens the room's contact in the
 * contextual bar beside the conversation, as Rocket.Chat shows room information.
 */
export async function onActionButton(ctx: ActionContext, context: UIKitActionButtonInteractionContext): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const room =
        data.actionId === ActionIds.openFromRoom && data.room?.type === RoomType.LIVE_CHAT ? (data.room as ILivechatRoom) : undefined;
    if (!room) {
        // The view is the answer to the click: no separate call to the server to open it.
        return responder.openModalViewResponse(await screen(ctx, contactsScreen('', FIRST_PAGE)));
    }
    const view = await screen(ctx, async (checked) => {
        const card = await contactCard(checked, await entryOfRoom(checked, room, checked.caller.id));
        return buildRoomContactBar(checked.appId, card.contact, checked.caller.utcOffset, card.chats, card.department);
    });
    return responder.openContextualBarViewResponse(view);
}
