import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIKitResponse, UIKitActionButtonInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { FIRST_PAGE } from '../domain/listAt';
import { entryOfRoom } from '../services/archive';
import { ActionIds } from '../ui/ids';
import { contactScreen, contactsScreen } from './contactScreens';
import type { ActionContext } from './context';
import { screen } from './respond';

/** The user menu opens the Contact Center; the livechat room toolbar opens the room's contact. */
export async function onActionButton(ctx: ActionContext, context: UIKitActionButtonInteractionContext): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    const room =
        data.actionId === ActionIds.openFromRoom && data.room?.type === RoomType.LIVE_CHAT ? (data.room as ILivechatRoom) : undefined;
    const view = await screen(ctx, async (checked) => {
        if (!room) {
            return contactsScreen('', FIRST_PAGE)(checked);
        }
        return contactScreen(await entryOfRoom(checked, room, checked.caller.id))(checked);
    });
    // The view is the answer to the click: no separate call to the server to open it.
    return context.getInteractionResponder().openModalViewResponse(view);
}
