import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';
import type {
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { ContactCenterError, ValidationError } from '../domain/errors';
import { saveContact } from '../services/contactService';
import { factsOfLivechatRoom, indexRoom } from '../services/indexer';
import { buildContactView } from '../ui/contactView';
import { translate } from '../ui/i18n';
import { ActionIds, Fields, ViewIds, parseContactEditViewId } from '../ui/ids';
import { MAX_QUERY_LENGTH, decodePage } from '../ui/paging';
import { customFieldId } from '../domain/validation';
import type { ActionContext } from './context';
import { chatsScreen, contactFormScreen, contactScreen, contactsScreen, errorScreen, refusedScreen } from './screens';

/** The user menu or the livechat room toolbar: open the Contact Center (or the room's contact). */
export async function onActionButton(ctx: ActionContext, context: UIKitActionButtonInteractionContext): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    const view = await screenOrError(ctx, async () => {
        if (data.actionId === ActionIds.openFromRoom && data.room?.type === RoomType.LIVE_CHAT) {
            return roomContactScreen(ctx, data.room as ILivechatRoom);
        }
        return contactsScreen(ctx, '', 0);
    });
    if (view) {
        await ctx.modify.getUiController().openModalView(view, { triggerId: data.triggerId }, ctx.user);
    }
    return context.getInteractionResponder().successResponse();
}

/** The room's visitor, indexed on the spot when the room is new to the app and the caller serves it. */
async function roomContactScreen(ctx: ActionContext, room: ILivechatRoom): Promise<IUIKitModalViewParam> {
    const facts = factsOfLivechatRoom(room);
    if (facts && ctx.scope && facts.agentId === ctx.caller.id) {
        await indexRoom(ctx.read, ctx.persistence, ctx.config, facts);
    }
    return contactScreen(ctx, facts?.visitorId);
}

/** Buttons inside the Contact Center. Every value is re-checked: it comes from the client. */
export async function onBlockAction(ctx: ActionContext, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    const view = await screenOrError(ctx, () => {
        switch (data.actionId) {
            case ActionIds.tabContacts:
            case ActionIds.back:
                return contactsScreen(ctx, '', 0);
            case ActionIds.tabChats:
                return Promise.resolve(chatsScreen(ctx));
            case ActionIds.search:
            case Fields.query:
                return contactsScreen(ctx, queryOf(data.value), 0);
            case ActionIds.page: {
                const page = decodePage(data.value);
                return contactsScreen(ctx, page.q, page.p);
            }
            case ActionIds.contactOpen:
                return contactScreen(ctx, data.value);
            case ActionIds.contactEdit:
                return contactFormScreen(ctx, data.value);
            case ActionIds.contactNew:
                return contactFormScreen(ctx);
            default:
                return Promise.resolve(undefined);
        }
    });
    if (view) {
        await ctx.modify.getUiController().openModalView(view, { triggerId: data.triggerId }, ctx.user);
    }
    return context.getInteractionResponder().successResponse();
}

/** Search (the Contacts screen's submit button) and Save (the contact form). */
export async function onViewSubmit(ctx: ActionContext, context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const state = stateOf(view.state);
    if (view.id === ViewIds.contacts) {
        const screen = await screenOrError(ctx, () => contactsScreen(ctx, queryOf(state(Fields.query)), 0));
        return responder.updateModalViewResponse({ ...screen, id: view.id });
    }
    const edit = parseContactEditViewId(view.id);
    if (view.id !== ViewIds.contactNew && !edit) {
        return responder.errorResponse();
    }
    if (!ctx.scope) {
        return responder.updateModalViewResponse({ ...refusedScreen(ctx), id: view.id });
    }
    try {
        const contact = await saveContact(ctx.read, ctx.modify, ctx.persistence, ctx.config, {
            caller: ctx.caller,
            scope: ctx.scope,
            contactId: edit?.contactId,
            revision: edit?.revision,
            input: {
                name: state(Fields.name),
                emails: state(Fields.emails),
                phones: state(Fields.phones),
                company: state(Fields.company),
                notes: state(Fields.notes),
                doNotContact: state(Fields.doNotContact),
            },
            customFieldsFor: customFieldsOf(state),
        });
        return responder.updateModalViewResponse({ ...buildContactView(ctx.appId, contact, ctx.caller.utcOffset), id: view.id });
    } catch (error) {
        if (error instanceof ValidationError) {
            const errors: Record<string, string> = {};
            for (const [field, message] of Object.entries(error.fields)) {
                errors[field] = translate(message.key, message.args);
            }
            return responder.viewErrorResponse({ viewId: view.id, errors });
        }
        if (error instanceof ContactCenterError && error.key === 'error_conflict') {
            return responder.viewErrorResponse({ viewId: view.id, errors: { [Fields.name]: translate(error.key) } });
        }
        return responder.updateModalViewResponse({ ...errorScreen(ctx, error), id: view.id });
    }
}

async function screenOrError<T extends IUIKitModalViewParam | undefined>(ctx: ActionContext, build: () => Promise<T>): Promise<T | IUIKitModalViewParam> {
    try {
        return await build();
    } catch (error) {
        if (!(error instanceof ContactCenterError)) {
            ctx.logger?.error('Contact Center action failed', error);
        }
        return errorScreen(ctx, error);
    }
}

const queryOf = (value: unknown): string => (typeof value === 'string' ? value.trim().slice(0, MAX_QUERY_LENGTH) : '');

/** The custom fields the form shows are those of the stored contact; the service keeps only those keys. */
function customFieldsOf(state: (field: string) => unknown): (keys: string[]) => Record<string, unknown> {
    return (keys) => Object.fromEntries(keys.map((key) => [key, state(customFieldId(key))]));
}

/** A form value: each input's block id and action id are its field name (see ui/ids). Unknown shapes read as empty. */
function stateOf(state: unknown): (field: string) => unknown {
    return (field) => {
        if (!state || typeof state !== 'object' || !Object.prototype.hasOwnProperty.call(state, field)) {
            return undefined;
        }
        const block = (state as Record<string, unknown>)[field];
        return block && typeof block === 'object' && Object.prototype.hasOwnProperty.call(block, field) ? (block as Record<string, unknown>)[field] : undefined;
    };
}
