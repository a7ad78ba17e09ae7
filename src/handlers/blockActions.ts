import type { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { ActionIds } from '../ui/ids';
import { decodeChats, decodeHistory, decodePage, decodeTranscript } from '../ui/paging';
import type { ActionContext } from './context';
import {
    chatScreen,
    chatsScreen,
    contactFormScreen,
    contactScreen,
    contactsScreen,
    errorScreen,
    filterOrNone,
    historyScreen,
    screen,
    tagsFormScreen,
    transcriptScreen,
    repairScreen,
} from './screens';
import { ContactCenterError } from '../domain/errors';
import { broadcastsScreen, cancelScreen, composeScreen, reportScreen } from './broadcastScreens';
import { exportScreen, importFormScreen, importProgressScreen, startExportScreen } from './transferScreens';

/**
 * Buttons inside the Contact Center: each opens the next screen. Values come from the client and are
 * decoded strictly; every screen checks again what the caller may see.
 */
export async function onBlockAction(ctx: ActionContext, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    const { actionId, value } = context.getInteractionData();
    const view = await route(ctx, actionId, value);
    // The next screen rides on the answer to the click: no separate call to the server to open it.
    return view ? context.getInteractionResponder().openModalViewResponse(view) : context.getInteractionResponder().successResponse();
}

function route(ctx: ActionContext, actionId: string, value: unknown): Promise<IUIKitModalViewParam> | undefined {
    switch (actionId) {
        case ActionIds.tabContacts:
        case ActionIds.back:
            return screen(ctx, contactsScreen('', 0));
        case ActionIds.page: {
            const page = decodePage(value);
            return screen(ctx, contactsScreen(page.q, page.p, page.o));
        }
        case ActionIds.contactOpen:
            return screen(ctx, contactScreen(value));
        case ActionIds.contactEdit:
        case ActionIds.contactReload:
        case ActionIds.chatContactEdit:
            return screen(ctx, contactFormScreen(value));
        case ActionIds.contactNew:
            return screen(ctx, contactFormScreen());
        case ActionIds.contactHistory: {
            const at = decodeHistory(value);
            return screen(ctx, historyScreen(at.contactId, at.page));
        }
        case ActionIds.tabChats:
            return screen(ctx, chatsScreen({}, 0));
        case ActionIds.chatsPage:
        case ActionIds.chatBack: {
            const list = decodeChats(value);
            return screen(ctx, chatsScreen(filterOrNone(list.filter), list.page, list.offset));
        }
        case ActionIds.chatOpen: {
            const list = decodeChats(value);
            return screen(ctx, chatScreen(list.roomId, { filter: filterOrNone(list.filter) as Record<string, string>, page: list.page, offset: list.offset }));
        }
        case ActionIds.transcript: {
            const state = decodeTranscript(value);
            return state ? screen(ctx, transcriptScreen(state)) : Promise.resolve(errorScreen(ctx, new ContactCenterError('error_chat_not_found')));
        }
        case ActionIds.chatTags:
            return screen(ctx, tagsFormScreen(value));
        case ActionIds.repair:
            return screen(ctx, repairScreen);
        case ActionIds.broadcasts:
            return screen(ctx, broadcastsScreen(undefined, value));
        case ActionIds.broadcastNew:
            return screen(ctx, composeScreen(value));
        case ActionIds.broadcastCancel:
            return screen(ctx, cancelScreen(value));
        case ActionIds.broadcastReport:
            return screen(ctx, reportScreen(value));
        case ActionIds.exportContacts:
            return screen(ctx, startExportScreen('contacts', value));
        case ActionIds.exportChats:
            return screen(ctx, startExportScreen('chats', value));
        case ActionIds.exportRefresh:
            return screen(ctx, exportScreen(value));
        case ActionIds.importOpen:
            return screen(ctx, importFormScreen());
        case ActionIds.importRefresh:
            return screen(ctx, importProgressScreen(value));
        default:
            return undefined;
    }
}
