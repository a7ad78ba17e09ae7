import type { ChatFilter, ChatSummary, FilterChoices } from '../domain/chat';
import { FIRST_PAGE, listAt, type ListAt, type ListPage, type ListPlace } from '../domain/listAt';
import { filterChats, filterChoices, getVisibleChat, listChats, visibleTranscript } from '../services/chatService';
import { chatCard } from '../services/cards';
import { buildChatView } from '../ui/chatView';
import { buildChatsView } from '../ui/chatsView';
import type { ChatsList, TranscriptPlace } from '../ui/paging';
import { buildTagsForm } from '../ui/tagsForm';
import { buildTranscriptView } from '../ui/transcriptView';
import type { ScreenContext } from './context';
import type { Screen } from './respond';

/** The Chats tab: the caller's closed chats, filtered or not, a page of them. */
export const chatsScreen =
    (filter: ChatFilter, place: ListPlace, editing = false): Screen =>
    async (ctx) => {
        const at = listAt(place, ctx.config.pageSize);
        // The filter form offers departments, agents and tags to pick from (read side by side, only when it is open).
        const [result, choices] = await Promise.all([listChats(ctx, filter, at), editing ? filterChoices(ctx) : undefined]);
        return chatsView(ctx, filter, at, result, choices, editing);
    };

/** The Chats tab after the Filter form is submitted: a typed agent or tag that finds nothing as typed is resolved. */
export const filteredChatsScreen =
    (typed: ChatFilter): Screen =>
    async (ctx) => {
        const at = listAt(FIRST_PAGE, ctx.config.pageSize);
        const { filter, page } = await filterChats(ctx, typed, at);
        return chatsView(ctx, filter, at, page, undefined, false);
    };

function chatsView(
    ctx: ScreenContext,
    filter: ChatFilter,
    at: ListAt,
    result: ListPage<ChatSummary>,
    choices: FilterChoices | undefined,
    editing: boolean,
): ReturnType<typeof buildChatsView> {
    return buildChatsView(
        ctx.appId,
        { filter, at, pageSize: ctx.config.pageSize, ...result, canFilterAgent: ctx.scope.kind === 'all', choices },
        ctx.caller.utcOffset,
        editing,
    );
}

/** Room information of a closed chat; `from` is the list it was opened from, for Back. */
export const chatScreen =
    (roomId: unknown, from: ChatsList, notice?: string): Screen =>
    async (ctx) => {
        const { chat, department } = await chatCard(ctx, roomId);
        return buildChatView(ctx.appId, chat, from, ctx.caller.utcOffset, department, notice);
    };

/** A page of the full conversation. */
export const transcriptScreen =
    (place: TranscriptPlace): Screen =>
    async (ctx) => {
        const page = await visibleTranscript(ctx, place.roomId, place.page);
        return buildTranscriptView(ctx.appId, place, page.messages, page.hasNext, ctx.caller.utcOffset, ctx.caller.language);
    };

export const tagsFormScreen =
    (roomId: unknown): Screen =>
    async (ctx) => {
        const chat = await getVisibleChat(ctx, roomId);
        return buildTagsForm(ctx.appId, chat, ctx.config.tagMode === 'list' ? ctx.config.tagList : undefined);
    };
