import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIActionButton } from '@rocket.chat/apps-engine/definition/ui';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { UIKitIncomingInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import type { HostContext } from './bridges/context';
import type { ShownView } from './bridges/views';
import { Collections, Doc, Field } from './store/Store';

/** What the app answered: `{ success }`, maybe with a view to open/update (`type`, `view`) or field `errors`. */
export type InteractionResponse = { success?: boolean; type?: string; [key: string]: Field } | undefined;
type AnyView = ShownView | Record<string, Field>;

/** A user or room: its id, or a raw document from the store (as factories make them). */
export type Ref = string | Doc;

const ROOM_TYPE_FILTER: Record<string, string[]> = {
    l: ['livechat'],
    c: ['public_channel', 'public_team', 'public_discussion'],
    p: ['private_channel', 'private_team', 'private_discussion'],
    d: ['direct', 'direct_multiple'],
};

/**
 * The web client's side of UIKit: builds the interaction payloads Rocket.Chat's uikit endpoint hands to
 * AppListenerManager (IUIKitInteractionHandler), with a fresh trigger id per interaction, and feeds the app's
 * response into the ViewTracker under the same 5-second trigger deadline as views opened through notifyUser.
 */
export class Interactions {
    constructor(
        private readonly manager: AppManager,
        private readonly appId: string,
        private readonly ctx: HostContext,
        private readonly track: <T>(p: Promise<T>) => Promise<T>,
    ) {}

    private async user(ref: Ref): Promise<IUser> {
        const id = typeof ref === 'string' ? ref : ref._id;
        const user = await this.ctx.converters.userById(id);
        if (!user) throw new Error(`No user ${id} in the store`);
        return user;
    }

    private async room(ref?: Ref): Promise<IRoom | undefined> {
        if (!ref) return undefined;
        const id = typeof ref === 'string' ? ref : ref._id;
        const room = await this.ctx.converters.room(await this.ctx.store.collection(Collections.rooms).findOne({ _id: id }));
        if (!room) throw new Error(`No room ${id} in the store`);
        return room;
    }

    private async send(user: IUser, payload: Record<string, unknown>): Promise<InteractionResponse> {
        const triggerId = this.ctx.views.issueTrigger(user.id);
        const interaction = { appId: this.appId, triggerId, user, ...payload };
        const response = (await this.track(
            this.manager
                .getListenerManager()
                .executeListener(AppInterface.IUIKitInteractionHandler, interaction as unknown as UIKitIncomingInteraction),
        )) as InteractionResponse;
        if (response && typeof response === 'object' && response.type) {
            this.ctx.views.apply(user.id, { appId: this.appId, triggerId, ...(response as object) }, 'response');
        }
        return response;
    }

    /** The button the client would show, or an error saying why it would not be there. */
    private async button(actionId: string, user: IUser, room: IRoom | undefined, force: boolean): Promise<IUIActionButton> {
        const buttons = (await this.manager.getUIActionButtonManager().getAllActionButtons()) as IUIActionButton[];
        const button = buttons.find((b) => b.appId === this.appId && b.actionId === actionId);
        if (!button) throw new Error(`No action button "${actionId}" is registered by the app`);
        if (force) return button;
        const { roomTypes, hasOneRole, hasAllRoles } = button.when ?? {};
        if (roomTypes?.length && room && !roomTypes.some((t) => (ROOM_TYPE_FILTER[room.type] ?? []).includes(t))) {
            throw new Error(`Button "${actionId}" is not shown in a room of type ${room.type} (pass force: true to click it anyway)`);
        }
        const roles = user.roles ?? [];
        if (
            (hasOneRole?.length && !hasOneRole.some((r) => roles.includes(r))) ||
            (hasAllRoles?.length && !hasAllRoles.every((r) => roles.includes(r)))
        ) {
            throw new Error(
                `Button "${actionId}" is hidden for ${user.username} (roles ${roles.join(', ')}); pass force: true to click it anyway`,
            );
        }
        return button;
    }

    /**
     * Clicks an app action button. `force` clicks a button the client would hide (when.roomTypes / roles), as a
     * crafted request could: the app must check access itself.
     */
    async clickActionButton(args: { user: Ref; actionId: string; room?: Ref; message?: Ref; text?: string; force?: boolean }) {
        const user = await this.user(args.user);
        const room = await this.room(args.room);
        const button = await this.button(args.actionId, user, room, !!args.force);
        const message = args.message ? await this.message(args.message) : undefined;
        return this.send(user, {
            type: 'actionButton',
            actionId: args.actionId,
            room,
            ...(message && { message }),
            payload: { context: button.context, ...(args.text !== undefined && { message: args.text }) },
        });
    }

    private async message(ref: Ref) {
        const id = typeof ref === 'string' ? ref : ref._id;
        return this.ctx.converters.message(await this.ctx.store.collection(Collections.messages).findOne({ _id: id }));
    }

    /** A click or selection on an interactive element, inside a view (pass `view`) or a message. */
    async blockAction(args: {
        user: Ref;
        actionId: string;
        blockId?: string;
        value?: unknown;
        view?: { id: string };
        room?: Ref;
        message?: Ref;
        container?: { type: 'view' | 'message'; id: string };
    }) {
        const user = await this.user(args.user);
        const room = await this.room(args.room);
        const message = args.message ? await this.message(args.message) : undefined;
        const container =
            args.container ?? (args.view ? { type: 'view', id: args.view.id } : message ? { type: 'message', id: message.id } : undefined);
        return this.send(user, {
            type: 'blockAction',
            actionId: args.actionId,
            room,
            ...(message && { message }),
            container,
            payload: { blockId: args.blockId, value: args.value },
        });
    }

    /**
     * Submits a view. `state` is what the user typed, `{ [blockId]: { [actionId]: value } }` as the client sends
     * it. A successful answer closes a modal, as the client does; an `errors` answer is shown on the view.
     */
    async submitView(args: { user: Ref; view: AnyView; state?: Record<string, Record<string, unknown>>; room?: Ref }) {
        const user = await this.user(args.user);
        const { kind: _kind, errors: _errors, ...view } = args.view as ShownView;
        const state = args.state ?? view.state ?? {};
        const shownAsModal = this.ctx.views.viewsFor(user.id).modal?.id === view.id;
        const response = await this.send(user, {
            type: 'viewSubmit',
            actionId: (view.submit as Field)?.actionId,
            room: await this.room(args.room),
            payload: { view: { ...view, appId: this.appId, state } },
        });
        // The client disposes of the submitted modal unless the answer keeps it (errors or an update): it closes the
        // modal in front then, even one the answer has just opened (ActionManager.emitInteraction, disposeView).
        const kept = ['errors', 'modal.update', 'contextual_bar.update'].includes(String(response?.type));
        if (shownAsModal && response?.success && !kept) {
            const front = this.ctx.views.viewsFor(user.id).modal;
            if (front) this.ctx.views.closeById(user.id, front.id);
        }
        return response;
    }

    /** The user closes a view (X or Cancel); the client removes it at once, then tells the app. */
    async closeView(args: { user: Ref; view: AnyView; isCleared?: boolean }) {
        const user = await this.user(args.user);
        const { kind: _kind, errors: _errors, ...view } = args.view as ShownView;
        this.ctx.views.closeById(user.id, view.id);
        return this.send(user, { type: 'viewClosed', payload: { view: { ...view, appId: this.appId }, isCleared: !!args.isCleared } });
    }
}
