import type { IUIKitResponse, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { ContactCenterError, ValidationError, isKind } from '../domain/errors';
import { translate } from '../domain/translate';
import { noticeMissingPermission } from '../services/health';
import { buildMessageView } from '../ui/messageView';
import type { ActionContext, ScreenContext } from './context';

/** A screen of the Contact Center, computed for the checked caller. */
export type Screen = (ctx: ScreenContext) => Promise<IUIKitModalViewParam>;

/** The screen a click asks for; a caller without an omnichannel role, a refusal or an error shows in its place. */
export async function screen(ctx: ActionContext, build: Screen): Promise<IUIKitModalViewParam> {
    if (!ctx.scope) {
        return buildMessageView(ctx.appId, 'refused_no_role');
    }
    try {
        return await build({ ...ctx, scope: ctx.scope });
    } catch (error) {
        await logFailure(ctx, error);
        return errorScreen(ctx, error);
    }
}

export interface FormFields {
    /** The input of a field named by validation (forms whose inputs carry a prefix). */
    inputOf?: (name: string) => string;
    /** Where "someone else changed this" shows on this form. */
    conflictField?: string;
}

/**
 * A submit: the next screen in the same modal (same view id). Bad input, and a conflict on a form that names where
 * it shows, come back as errors next to the fields, in the caller's language; anything else as a screen.
 */
export async function submitted(
    ctx: ActionContext,
    context: UIKitViewSubmitInteractionContext,
    build: Screen,
    form: FormFields = {},
): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const inputOf = form.inputOf ?? ((name: string) => name);
    const show = (next: IUIKitModalViewParam) => responder.updateModalViewResponse({ ...next, id: view.id });
    if (!ctx.scope) {
        return show(buildMessageView(ctx.appId, 'refused_no_role'));
    }
    try {
        return show(await build({ ...ctx, scope: ctx.scope }));
    } catch (error) {
        const language = ctx.caller.language;
        if (error instanceof ValidationError) {
            const errors = Object.fromEntries(
                Object.entries(error.fields).map(([name, e]) => [inputOf(name), translate(e.key, e.args, language)]),
            );
            return responder.viewErrorResponse({ viewId: view.id, errors });
        }
        if (isKind(error, 'conflict') && form.conflictField) {
            return responder.viewErrorResponse({
                viewId: view.id,
                errors: { [form.conflictField]: translate(error.key, error.args, language) },
            });
        }
        await logFailure(ctx, error);
        return show(errorScreen(ctx, error));
    }
}

/** Unexpected errors and missing permissions reach the log (and the admins' notice); refusals do not. */
async function logFailure(ctx: ActionContext, error: unknown): Promise<void> {
    if (!(error instanceof ContactCenterError)) {
        ctx.logger?.error('Contact Center action failed', error);
    }
    await noticeMissingPermission(ctx, error);
}

/** A refusal or an error shown in place of the screen that was asked for; what an admin must fix stands out. */
function errorScreen(ctx: Pick<ActionContext, 'appId'>, error: unknown): IUIKitModalViewParam {
    if (error instanceof ContactCenterError) {
        return buildMessageView(ctx.appId, error.key, error.args, undefined, error.kind === 'unavailable');
    }
    return buildMessageView(ctx.appId, 'error_unexpected');
}
