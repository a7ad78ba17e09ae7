import type { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { FIRST_PAGE } from '../domain/listAt';
import { notFound } from '../domain/errors';
import { ActionIds, instanceViewId } from '../ui/ids';
import { readChatsList, readContactOpen, readContactsList, readHistoryPlace, readTranscript } from '../ui/paging';
import { broadcastsScreen, cancelScreen, composeScreen, reportScreen } from './broadcastScreens';
import { chatScreen, chatsScreen, tagsFormScreen, transcriptScreen } from './chatScreens';
import {
    contactFormScreen,
    contactScreen,
    contactsScreen,
    eraseConfirmScreen,
    eraseScreen,
    historyScreen,
    repairScreen,
} from './contactScreens';
import type { ActionContext } from './context';
import { exportScreen, importFormScreen, importProgressScreen, startExportScreen } from './csvScreens';
import { screen, type Screen } from './respond';

/**
 * Buttons inside the Contact Center: each opens the next screen. Values come from the client and are
 * read strictly (ui/paging, domain/decode); every screen checks again what the caller may see.
 */
export async function onBlockAction(ctx: ActionContext, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    const { actionId, value, container } = context.getInteractionData();
    const build = route(actionId, value);
    // The next screen rides on the answer to the click: no separate call to the server to open it.
    const view: IUIKitModalViewParam | undefined = build && (await screen(ctx, build));
    const responder = context.getInteractionResponder();
    // From a modal of the same screen (Next, Filter), the other instance id: the client would keep the open one as it is.
    if (!view) {
        return responder.successResponse();
    }
    return responder.openModalViewResponse(view.id ? { ...view, id: instanceViewId(view.id, container?.id) } : view);
}

function route(actionId: string, value: unknown): Screen | undefined {
    switch (actionId) {
        case ActionIds.tabContacts:
        case ActionIds.back:
            return contactsScreen('', FIRST_PAGE);
        case ActionIds.page: {
            const list = readContactsList(value);
            return contactsScreen(list.query, list.place);
        }
        case ActionIds.contactOpen: {
            const { contactId, list } = readContactOpen(value);
            return contactScreen(contactId, undefined, list);
        }
        case ActionIds.contactEdit:
        case ActionIds.contactReload:
        case ActionIds.chatContactEdit:
            return contactFormScreen(value);
        case ActionIds.contactNew:
            return contactFormScreen();
        case ActionIds.contactErase:
            return eraseConfirmScreen(value);
        case ActionIds.contactEraseConfirm:
            return eraseScreen(value);
        case ActionIds.contactHistory: {
            const at = readHistoryPlace(value);
            return historyScreen(at.contactId, at.page);
        }
        case ActionIds.tabChats:
            return chatsScreen({}, FIRST_PAGE);
        case ActionIds.chatsPage:
        case ActionIds.chatBack: {
            const list = readChatsList(value);
            return chatsScreen(list.filter, list.place);
        }
        case ActionIds.chatsFilter: {
            const list = readChatsList(value);
            return chatsScreen(list.filter, list.place, true);
        }
        case ActionIds.chatOpen: {
            const { roomId, ...list } = readChatsList(value);
            return chatScreen(roomId, list);
        }
        case ActionIds.transcript: {
            const place = readTranscript(value);
            return place ? transcriptScreen(place) : () => Promise.reject(notFound('error_chat_not_found'));
        }
        case ActionIds.chatTags:
            return tagsFormScreen(value);
        case ActionIds.repair:
            return repairScreen;
        case ActionIds.broadcasts:
            return broadcastsScreen(undefined, value);
        case ActionIds.broadcastNew:
            return composeScreen(value);
        case ActionIds.broadcastCancel:
            return cancelScreen(value);
        case ActionIds.broadcastReport:
            return reportScreen(value);
        case ActionIds.exportContacts:
            return startExportScreen('contacts', value);
        case ActionIds.exportChats:
            return startExportScreen('chats', value);
        case ActionIds.exportRefresh:
            return exportScreen(value);
        case ActionIds.importOpen:
            return importFormScreen();
        case ActionIds.importRefresh:
            return importProgressScreen(value);
        default:
            return undefined;
    }
}
