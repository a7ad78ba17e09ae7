import { isId } from '../domain/ids';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { validateFilter, type ChatFilter } from '../domain/chat';
import { ContactCenterError } from '../domain/errors';
import { backfillStatus } from '../services/backfill';
import { canSeeChat, chatsOfContact, getVisibleChat, listChats, transcript } from '../services/chatService';
import { ChatRepository } from '../store/ChatRepository';
import { getVisibleContact, searchContacts } from '../services/contactService';
import type { Contact } from '../domain/contact';
import { buildChatView, type ListPosition } from '../ui/chatView';
import { buildChatsView } from '../ui/chatsView';
import { buildContactForm } from '../ui/contactForm';
import { buildContactView } from '../ui/contactView';
import { buildContactsView, type AdminNotice } from '../ui/contactsView';
import { REPAIR_ROLE, repairStatus, startRepairAsAdmin } from '../services/repair';
import { noticeMissingPermission } from '../services/health';
import { clearHealth, readHealth } from '../store/Health';
import { buildMessageView } from '../ui/messageView';
import { buildTagsForm } from '../ui/tagsForm';
import { buildTranscriptView } from '../ui/transcriptView';
import { listAt, type TranscriptState } from '../ui/paging';
import type { ActionContext } from './context';
import { departmentName } from '../host/departments';
import { contactHistory } from '../services/history';
import { buildHistoryView } from '../ui/historyView';

/** The screens of the Contact Center, each computed for the checked caller (refused without a scope). */
export type Screen = (ctx: ActionContext & { scope: NonNullable<ActionContext['scope']> }) => Promise<IUIKitModalViewParam>;

export async function screen(ctx: ActionContext, build: Screen): Promise<IUIKitModalViewParam> {
    if (!ctx.scope) {
        return refusedScreen(ctx);
    }
    try {
        return await build({ ...ctx, scope: ctx.scope });
    } catch (error) {
        await logFailure(ctx, error);
        return errorScreen(ctx, error);
    }
}

/** Unexpected errors and missing permissions reach the log (and the admins' notice); refusals do not. */
export async function logFailure(ctx: ActionContext, error: unknown): Promise<void> {
    if (!(error instanceof ContactCenterError)) {
        ctx.logger?.error('Contact Center action failed', error);
    }
    await noticeMissingPermission(ctx.persistence, ctx.read.getPersistenceReader(), ctx.logger, error);
}

export const contactsScreen =
    (query: string, page: number, offset?: number, repairStarted = false): Screen =>
    async (ctx) => {
        const front = ctx.scope.kind === 'all' && !query;
        const at = listAt(page, ctx.config.pageSize, offset);
        const [result, backfill, admin] = await Promise.all([
            searchContacts(ctx.read, ctx.scope, query, at, ctx.config),
            front ? backfillStatus(ctx.read) : undefined,
            front && ctx.caller.roles.includes(REPAIR_ROLE) ? adminNotice(ctx, repairStarted) : undefined,
        ]);
        const indexing = backfill ? { done: backfill.done, rooms: backfill.skip } : undefined;
        const canBroadcast = ctx.caller.roles.some((role) => ctx.config.broadcastRoles.includes(role));
        const canImport = ctx.scope.kind === 'all';
        return buildContactsView(ctx.appId, { query, at, pageSize: ctx.config.pageSize, ...result, indexing, canBroadcast, canImport, admin }, ctx.caller.utcOffset);
    };

/** Admins only, on the unfiltered list: two reads of small records. */
async function adminNotice(ctx: Parameters<Screen>[0], started: boolean): Promise<AdminNotice> {
    const [health, repair] = await Promise.all([readHealth(ctx.read.getPersistenceReader()), repairStatus(ctx.read)]);
    return { missing: Object.keys(health.missing).sort(), repair: repair && { done: repair.done, fixed: repair.fixed, rooms: repair.skip }, started };
}

/** The admin's Repair button: starts the repair and shows the list with a notice. */
export const repairScreen: Screen = async (ctx) => {
    await startRepairAsAdmin(ctx.persistence, ctx.modify.getScheduler(), ctx.caller);
    await clearHealth(ctx.persistence);
    return contactsScreen('', 0, undefined, true)(ctx);
};

/**
 * A contact and its chats. After a save, `saved` is the revision this caller just kept: shown as is, since a
 * read at that moment could still meet a rival's claim of the same revision that is about to withdraw.
 */
export const contactScreen =
    (contactId: unknown, saved?: Contact): Screen =>
    async (ctx) => {
        const [contact, history] = await Promise.all([
            saved && saved.id === contactId ? saved : getVisibleContact(ctx.read, ctx.scope, contactId),
            typeof contactId === 'string' ? chatsOfContact(ctx.read, ctx.scope, contactId) : [],
        ]);
        const department = await departmentName(ctx.read, contact.department);
        return buildContactView(ctx.appId, contact, ctx.caller.utcOffset, history, department, ctx.config.extraFields);
    };

export const historyScreen =
    (contactId: unknown, page: number): Screen =>
    async (ctx) => {
        const days = ctx.config.auditRetentionDays;
        const found = await contactHistory(ctx.read, ctx.scope, days, contactId, page);
        return buildHistoryView(ctx.appId, { id: found.contactId, name: found.contactName }, found.history, days, ctx.caller.utcOffset);
    };

export const contactFormScreen =
    (contactId?: unknown): Screen =>
    async (ctx) => {
        const contact = contactId === undefined ? undefined : await getVisibleContact(ctx.read, ctx.scope, contactId);
        return buildContactForm(ctx.appId, contact, ctx.config.extraFields);
    };

/** A filter that comes back in a button value is checked again; an invalid one falls back to none. */
export function filterOrNone(raw: Record<string, unknown>): ChatFilter {
    try {
        return validateFilter(raw);
    } catch {
        return {};
    }
}

export const chatsScreen =
    (filter: ChatFilter, page: number, offset?: number): Screen =>
    async (ctx) => {
        const at = listAt(page, ctx.config.pageSize, offset);
        const result = await listChats(ctx.read, ctx.scope, filter, at, ctx.config.pageSize);
        return buildChatsView(
            ctx.appId,
            { filter, at, pageSize: ctx.config.pageSize, ...result, canFilterAgent: ctx.scope.kind === 'all' },
            ctx.caller.utcOffset,
        );
    };

export const chatScreen =
    (roomId: unknown, from: ListPosition): Screen =>
    async (ctx) => {
        const chat = await getVisibleChat(ctx.read, ctx.persistence, ctx.scope, roomId);
        const department = await departmentName(ctx.read, chat.departmentId);
        return buildChatView(ctx.appId, chat, from, ctx.caller.utcOffset, department);
    };

/** The archive record and the messages are read together: two host calls for any conversation length. */
export const transcriptScreen =
    (state: TranscriptState): Screen =>
    async (ctx) => {
        if (!isId(state.r)) {
            throw new ContactCenterError('error_chat_not_found');
        }
        const [visible, page] = await Promise.all([canSee(ctx, state.r), transcript(ctx.read, state.r, state.p)]);
        if (!visible) {
            throw new ContactCenterError('error_chat_not_found');
        }
        return buildTranscriptView(ctx.appId, state, page.messages, page.hasNext, ctx.caller.utcOffset);
    };

async function canSee(ctx: Parameters<Screen>[0], roomId: string): Promise<boolean> {
    const chat = await new ChatRepository(ctx.read.getPersistenceReader()).get(roomId);
    return !!chat && canSeeChat(ctx.scope, chat);
}

export const tagsFormScreen =
    (roomId: unknown): Screen =>
    async (ctx) => {
        const chat = await getVisibleChat(ctx.read, ctx.persistence, ctx.scope, roomId);
        return buildTagsForm(ctx.appId, chat, ctx.config.tagMode === 'list' ? ctx.config.tagList : undefined);
    };

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
