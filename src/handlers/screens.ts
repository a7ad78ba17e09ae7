import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { ContactCenterError } from '../domain/errors';
import { getVisibleContact, searchContacts, PAGE_SIZE } from '../services/contactService';
import { buildContactForm } from '../ui/contactForm';
import { buildContactView } from '../ui/contactView';
import { buildContactsView } from '../ui/contactsView';
import { buildMessageView } from '../ui/messageView';
import type { ActionContext } from './context';

/** The screens of the Contact Center, each computed for the checked caller. */
export async function contactsScreen(ctx: ActionContext, query: string, page: number): Promise<IUIKitModalViewParam> {
    if (!ctx.scope) {
        return refusedScreen(ctx);
    }
    const result = await searchContacts(ctx.read, ctx.scope, query, page, ctx.config);
    return buildContactsView(ctx.appId, { query, page, pageSize: PAGE_SIZE, ...result }, ctx.caller.utcOffset);
}

export async function contactScreen(ctx: ActionContext, contactId: unknown): Promise<IUIKitModalViewParam> {
    if (!ctx.scope) {
        return refusedScreen(ctx);
    }
    const contact = await getVisibleContact(ctx.read, ctx.scope, contactId);
    return buildContactView(ctx.appId, contact, ctx.caller.utcOffset);
}

export async function contactFormScreen(ctx: ActionContext, contactId?: unknown): Promise<IUIKitModalViewParam> {
    if (!ctx.scope) {
        return refusedScreen(ctx);
    }
    const contact = contactId === undefined ? undefined : await getVisibleContact(ctx.read, ctx.scope, contactId);
    return buildContactForm(ctx.appId, contact);
}

export function chatsScreen(ctx: ActionContext): IUIKitModalViewParam {
    return ctx.scope ? buildMessageView(ctx.appId, 'chats_placeholder', undefined, 'chats') : refusedScreen(ctx);
}

export function refusedScreen(ctx: Pick<ActionContext, 'appId'>): IUIKitModalViewParam {
    return buildMessageView(ctx.appId, 'refused_no_role');
}

/** A refusal or an error shown in place of the screen that was asked for. */
export function errorScreen(ctx: Pick<ActionContext, 'appId'>, error: unknown): IUIKitModalViewParam {
    if (error instanceof ContactCenterError) {
        return buildMessageView(ctx.appId, error.key, error.args);
    }
    return buildMessageView(ctx.appId, 'error_unexpected');
}
