import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { recordAudit } from './audit';
import { isId } from '../domain/decode';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { canSeeChat, type Scope } from '../domain/access';
import {
    byClosedAt,
    matchesFilter,
    summarizeChat,
    tagKey,
    validateTags,
    type Chat,
    type ChatFilter,
    type ChatSummary,
    type Choice,
    type FilterChoices,
} from '../domain/chat';
import { ValidationError, conflict, notFound } from '../domain/errors';
import { departmentNamed, departmentNames } from '../host/departments';
import { trigrams } from '../domain/text';
import { Assoc } from '../store/associations';
import { AGENT_TAG_FIRST_LEVEL, ChatRepository, RecentChats, TAG_FIRST_LEVEL, chatScopeAssociation } from '../store/ChatRepository';
import { isCapped } from '../store/RecentList';
import { Vocabulary, type Term, type TermKind } from '../store/Vocabulary';
import { FIRST_LEVEL, RECORD_BUDGET, firstLevel, readNewest } from '../domain/recency';
import type { Cursor, ListAt, ListPage } from '../domain/listAt';
import type { ActorContext, ScopedContext, ServiceContext } from './context';
import { agentNamesReady, backfillProgress, tagWindowsReady } from './backfill';
import { recentActivity, rememberActivity } from './activity';

export const TRANSCRIPT_PAGE_SIZE = 50;
const MAX_NAME_KEYS = 6;

/**
 * One page of the caller's closed chats, newest first, `at` its position. Without a filter: the scope's recent list (one
 * read). A manager's filter on one agent alone: that agent's recent list, the one their own Chats tab shows, while the
 * page lies within it. Other filters: association look-ups that intersect the filters inside the caller's scope, in
 * time windows ending now (or at the end of the date range), stopping as soon as the page is full; a tag is read
 * within the window (the agent's, for an agent or with an agent filter), so Mongo examines its matches only. The page size
 * is the setting's, passed by every caller.
 */
export async function listChats(ctx: ScopedContext, filter: ChatFilter, at: ListAt, now = new Date()): Promise<ListPage<ChatSummary>> {
    const { read, scope } = ctx;
    const pageSize = ctx.config.pageSize;
    const reader = read.getPersistenceReader();
    const { start } = at;
    const slice = (all: ChatSummary[]) => all.slice(start, start + pageSize);
    if (Object.keys(filter).length === 0) {
        const listing = await new RecentChats(reader).list(scope);
        rememberActivity('chats', scope, listing.entries.map(closedTime));
        return { items: slice(listing.entries), total: listing.entries.length, more: false, capped: isCapped(listing) };
    }
    const { resolved, base, tagWindows } = await planFilteredRead(read, scope, filter);
    if (resolved.agentId && onlyAgent(filter)) {
        // The newest chats of the agent (500 at most), from a base record and its few change records: what Mongo
        // examines stays that handful at any size. Past them, the windows below read further back.
        const agentScope: Scope = { kind: 'agent', agentId: resolved.agentId };
        const { entries, truncated } = await new RecentChats(reader).list(agentScope);
        rememberActivity('chats', agentScope, entries.map(closedTime));
        // A list not known to be all of the agent's chats (folded by an earlier version) serves only the pages it holds.
        if (truncated === false || start + pageSize <= entries.length) {
            return { items: slice(entries), total: entries.length, more: truncated !== false, capped: false };
        }
    }
    const { inWindow, anyTime, fromLevel } = windowAssociations(scope, resolved, tagWindows ? filter.tag : undefined);
    const repository = new ChatRepository(reader);
    // Next reads on from the last chat of the page before, as a first page does from now; Previous and a page asked
    // for by its number read from the top: the page's matches and those before it.
    const { after } = at;
    const skipped = after ? 0 : start;
    const needed = skipped + pageSize + 1;
    // Windows ending now, or at the end of the date range, newest first: the one holding a full page holds the newest matches.
    const since = filter.from ? Date.parse(`${filter.from}T00:00:00Z`) : undefined;
    const end = Math.min(now.getTime(), filter.to ? Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS - 1 : Infinity, after?.at ?? Infinity);
    const { items, complete } = await readNewest({
        read: (window) => repository.find([...base, ...(window ? [inWindow(window.label)] : anyTime)]),
        keep: (chat) => matchesFilter(chat, filter) && (!after || isAfter(chat, after)),
        needed,
        // Grows with the page number, not the start: Next after a short page reads further back. From a cursor the
        // windows are sized for one page all the same; the budget lets the read that finds the list's end ("any time",
        // which holds the newer chats too) be made, so the last page does not offer Next to empty pages.
        budget: RECORD_BUDGET * (at.page + 1) * pageSize,
        end,
        timeOf: closedTime,
        since,
        firstLevel: Math.max(firstLevel(scope), fromLevel),
        labelsFrom: fromLevel,
        // A first page, from now or the end of a date range, sized in the records of the agent filtered on (when listed
        // lately), else of the caller's scope: the matches are some of them. Next reads from a cursor further back.
        activity: after
            ? undefined
            : ((resolved.agentId ? recentActivity('chats', { kind: 'agent', agentId: resolved.agentId }) : undefined) ??
              recentActivity('chats', scope)),
    });
    const found = items.map(summarizeChat).sort(byClosedAt);
    const shown = found.slice(skipped, skipped + pageSize);
    const last = shown[shown.length - 1];
    return {
        items: shown,
        total: start - skipped + found.length,
        more: !complete,
        capped: false,
        ...(last ? { last: { at: Date.parse(last.closedAt), id: last.roomId } } : {}),
    };
}

const closedTime = (chat: Pick<ChatSummary, 'closedAt'>): number => Date.parse(chat.closedAt);

/** Whether a chat comes after a cursor in the list's order (byClosedAt). */
const isAfter = (chat: Pick<Chat, 'closedAt' | 'roomId'>, cursor: Cursor): boolean =>
    byClosedAt(chat, { closedAt: new Date(cursor.at).toISOString(), roomId: cursor.id }) > 0;

const DAY_MS = 86_400_000;

/**
 * What a filtered read adds for its time window, and for "any time": the window alone; with a tag (and chats that carry
 * it within windows), the tag within the window, the agent's (the caller's, or the filter's) when there is one, so
 * that the rarest association of the read is its matches and Mongo examines about those. A tag's windows start at a
 * level of their own (store/ChatRepository.ts, TAG_FIRST_LEVEL): its reads start there.
 */
function windowAssociations(
    scope: Scope,
    resolved: ResolvedFilter,
    tag: string | undefined,
): { inWindow: (label: string) => RocketChatAssociationRecord; anyTime: RocketChatAssociationRecord[]; fromLevel: number } {
    if (!tag) {
        return { inWindow: Assoc.recency, anyTime: [], fromLevel: FIRST_LEVEL };
    }
    const key = tagKey(tag);
    const agentId = agentOfRead(scope, resolved);
    return agentId
        ? {
              inWindow: (label) => Assoc.chatAgentTagWindow(agentId, key, label),
              anyTime: [Assoc.chatAgentTag(agentId, key)],
              fromLevel: AGENT_TAG_FIRST_LEVEL,
          }
        : { inWindow: (label) => Assoc.chatTagWindow(key, label), anyTime: [], fromLevel: TAG_FIRST_LEVEL };
}

/**
 * Every chat of the caller's scope that matches the filter, newest first: the look-up of listChats without
 * its page bound and without recency windows. For exports, which need every row.
 */
export async function findChats(ctx: ScopedContext, filter: ChatFilter): Promise<Chat[]> {
    const { base } = await planFilteredRead(ctx.read, ctx.scope, filter);
    const chats = await new ChatRepository(ctx.read.getPersistenceReader()).find(base);
    return chats.filter((chat) => matchesFilter(chat, filter)).sort(byClosedAt);
}

/** What a filtered read of the caller's chats asks for, whether a page of them (listChats) or all (findChats). */
interface FilteredRead {
    resolved: ResolvedFilter;
    /** The associations every read of the filter asks for: the caller's scope and each condition that has one. */
    base: RocketChatAssociationRecord[];
    /** Whether the tag is read within each time window (every chat carries it so). */
    tagWindows: boolean;
}

/**
 * The filter's agent and department resolved, and what its reads ask for. A tag is read within each window, and a name
 * on an agent's chats with the agent, when every chat carries those associations (the backfill's state, read until this
 * process has seen it finished); during the walk that adds them to the chats of an earlier version, the tag and the
 * window, the name alone.
 */
async function planFilteredRead(read: IRead, scope: Scope, filter: ChatFilter): Promise<FilteredRead> {
    const [resolved, state] = await Promise.all([
        resolveFilter(read, scope, filter),
        filter.tag || filter.name ? backfillProgress(read) : undefined,
    ]);
    const agentNames = !!filter.name && agentNamesReady(state);
    return {
        resolved,
        base: [chatScopeAssociation(scope), ...filterAssociations(scope, resolved, filter, agentNames)],
        tagWindows: !!filter.tag && tagWindowsReady(state),
    };
}

/** The agent whose chats a filtered read is within: the filter's, else the caller when an agent. */
const agentOfRead = (scope: Scope, resolved: ResolvedFilter): string | undefined =>
    resolved.agentId ?? (scope.kind === 'agent' ? scope.agentId : undefined);

/** A filter's agent and department, as ids. */
interface ResolvedFilter {
    agentId?: string;
    departmentId?: string;
}

/** A filter on one agent and nothing else. */
const onlyAgent = (filter: ChatFilter): boolean =>
    !!filter.agent && Object.entries(filter).every(([field, value]) => field === 'agent' || !value);

/** Filters by agent and department name are resolved to ids by the host; an unknown one is refused beside its field. */
async function resolveFilter(read: IRead, scope: Scope, filter: ChatFilter): Promise<ResolvedFilter> {
    if (filter.agent && scope.kind !== 'all') {
        throw new ValidationError({ agent: { key: 'error_filter_agent_managers' } });
    }
    const [agent, found] = await Promise.all([
        filter.agent ? read.getUserReader().getByUsername(filter.agent) : undefined,
        filter.department ? departmentNamed(read, filter.department) : undefined,
    ]);
    const department = found?.department;
    if ((filter.agent && !agent) || (filter.department && !department)) {
        const known = found?.known.slice(0, 8).join(', ');
        throw new ValidationError({
            ...(filter.agent && !agent ? { agent: { key: 'error_agent_unknown', args: { value: filter.agent } } } : {}),
            ...(filter.department && !department
                ? {
                      department: known
                          ? { key: 'error_department_unknown_known', args: { value: filter.department, known } }
                          : { key: 'error_department_unknown', args: { value: filter.department } },
                  }
                : {}),
        });
    }
    return { ...(agent ? { agentId: agent.id } : {}), ...(department ? { departmentId: department.id } : {}) };
}

/**
 * The look-up of a filter: every condition that has an association. A name within one agent's chats (the caller's, or
 * the filter's) is read with that agent's name keys once every chat carries them (`agentNames`), so that the rarest of
 * them holds that agent's chats with the trigram.
 */
function filterAssociations(
    scope: Scope,
    resolved: ResolvedFilter,
    filter: ChatFilter,
    agentNames: boolean,
): RocketChatAssociationRecord[] {
    const nameKeys = filter.name ? trigrams(filter.name).slice(0, MAX_NAME_KEYS) : [];
    const agentId = agentOfRead(scope, resolved);
    return [
        ...(resolved.agentId ? [Assoc.chatAgent(resolved.agentId)] : []),
        ...(resolved.departmentId ? [Assoc.chatDepartment(resolved.departmentId)] : []),
        ...(filter.tag ? [Assoc.chatTag(tagKey(filter.tag))] : []),
        ...nameKeys.map((gram) => (agentId && agentNames ? Assoc.chatAgentName(agentId, gram) : Assoc.chatName(gram))),
    ];
}

/**
 * A chat the caller may see, checked against the host: a room deleted or reopened since it was
 * archived leaves the archive instead of being shown as a stale closed chat.
 */
export async function getVisibleChat(ctx: ScopedContext, roomId: unknown): Promise<Chat> {
    return (await visibleChatAndRoom(ctx, roomId)).chat;
}

/** getVisibleChat, with the room as the host answered it (it carries the room's Rocket.Chat contact, when enabled). */
export async function visibleChatAndRoom(ctx: ScopedContext, roomId: unknown): Promise<{ chat: Chat; room: ILivechatRoom }> {
    const { read, scope } = ctx;
    if (!isId(roomId)) {
        throw notFound('error_chat_not_found');
    }
    const chat = await new ChatRepository(read.getPersistenceReader()).get(roomId);
    if (!chat || !canSeeChat(scope, chat)) {
        throw notFound('error_chat_not_found');
    }
    const room = (await read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
    if (!room || (room.isOpen && !room.closedAt)) {
        await forgetChat(ctx, chat);
        throw notFound(room ? 'error_chat_reopened' : 'error_chat_not_found');
    }
    return { chat, room };
}

/** A chat the caller may see, with its department's name: the Room information screen. */
export async function forgetChat(ctx: Pick<ServiceContext, 'read' | 'persistence'>, chat: Chat): Promise<void> {
    await ChatRepository.remove(ctx.persistence, chat.roomId);
    await new RecentChats(ctx.read.getPersistenceReader()).removeChat(ctx.persistence, chat);
}

/** Chats of one contact, newest first (the contact's history). */
export async function chatsOfContact(ctx: ScopedContext, contactId: string): Promise<ChatSummary[]> {
    const chats = await new ChatRepository(ctx.read.getPersistenceReader()).find([
        chatScopeAssociation(ctx.scope),
        Assoc.chatContact(contactId),
    ]);
    return chats.map(summarizeChat).sort(byClosedAt);
}

export interface TranscriptPage {
    messages: IMessageRaw[];
    page: number;
    hasNext: boolean;
}

/**
 * One page of a conversation the caller may see, oldest first: the archive record (who may see it) and the
 * messages are read together, two host calls whatever the conversation's length.
 */
export async function visibleTranscript(ctx: ScopedContext, roomId: unknown, page: number): Promise<TranscriptPage> {
    if (!isId(roomId)) {
        throw notFound('error_chat_not_found');
    }
    const [chat, messages] = await Promise.all([
        new ChatRepository(ctx.read.getPersistenceReader()).get(roomId),
        transcript(ctx.read, roomId, page),
    ]);
    if (!chat || !canSeeChat(ctx.scope, chat)) {
        throw notFound('error_chat_not_found');
    }
    return messages;
}

async function transcript(read: IRead, roomId: string, page: number): Promise<TranscriptPage> {
    const messages =
        (await read.getRoomReader().getMessages(roomId, {
            limit: TRANSCRIPT_PAGE_SIZE + 1,
            skip: page * TRANSCRIPT_PAGE_SIZE,
            sort: { createdAt: 'asc' },
        })) ?? [];
    return { messages: messages.slice(0, TRANSCRIPT_PAGE_SIZE), page, hasNext: messages.length > TRANSCRIPT_PAGE_SIZE };
}

export interface TagsRequest {
    roomId: unknown;
    /** The revision the caller's form or request was built from. */
    revision: number;
    /** The tags, one a line or comma separated. */
    tags: unknown;
}

/**
 * Sets the Contact Center tags of a chat, recording who changed what and when. In list mode (a setting) only the
 * workspace's tags are accepted.
 */
export async function setTags(ctx: ActorContext, request: TagsRequest): Promise<Chat> {
    const { read, persistence, caller, config } = ctx;
    const tags = validateTags(request.tags, config.tagMode === 'list' ? config.tagList : undefined);
    const chat = await getVisibleChat(ctx, request.roomId);
    const revision = request.revision;
    if (chat.revision !== revision) {
        throw conflict();
    }
    const before = new Set(chat.tags.map(tagKey));
    const after = new Set(tags.map(tagKey));
    const added = tags.filter((t) => !before.has(tagKey(t)));
    const removed = chat.tags.filter((t) => !after.has(tagKey(t)));
    if (added.length === 0 && removed.length === 0) {
        return chat;
    }
    const updated: Chat = {
        ...chat,
        tags,
        tagHistory: [...chat.tagHistory, { by: caller.username, at: new Date().toISOString(), added, removed }].slice(-100),
        revision: chat.revision + 1,
    };
    await new ChatRepository(read.getPersistenceReader()).save(persistence, updated);
    await new RecentChats(read.getPersistenceReader()).recordChat(persistence, updated);
    await recordAudit(persistence, {
        subject: { kind: 'room', id: chat.roomId },
        action: 'chat.tags',
        actor: caller,
        changes: [{ field: 'tags', from: chat.tags, to: tags }],
    });
    return updated;
}

/**
 * A page of the chats a submitted filter finds, and the filter it ended as. A value as picked or typed whole (a username,
 * a tag) is read as it is, with no extra host call; only when it finds nothing (an agent no one is called, a tag no chat
 * carries) is it resolved as typed (resolveTypedFilter) and the page read again with what it stands for.
 */
export async function filterChats(
    ctx: ScopedContext,
    typed: ChatFilter,
    at: ListAt,
): Promise<{ filter: ChatFilter; page: ListPage<ChatSummary> }> {
    // An agent no one is called is refused by listChats: kept, to be thrown if the typed value stands for no one either.
    const asTyped = await listChats(ctx, typed, at).catch((error: unknown) => {
        if (error instanceof ValidationError && typed.agent && error.fields.agent) return error;
        throw error;
    });
    if (!(asTyped instanceof ValidationError) && (asTyped.items.length > 0 || !typed.tag)) {
        return { filter: typed, page: asTyped };
    }
    const resolved = await resolveTypedFilter(ctx, typed);
    if (resolved.agent !== typed.agent || resolved.tag !== typed.tag) {
        return { filter: resolved, page: await listChats(ctx, resolved, at) };
    }
    if (asTyped instanceof ValidationError) {
        throw asTyped;
    }
    return { filter: typed, page: asTyped };
}

/** Candidates a refusal names, at most. */
const NAMED_MAX = 5;

/**
 * A typed agent or tag (the Filter form types them when there is no list to pick from) resolved against those the
 * archived chats name: part of one name, in any case, stands for it; part of several is refused next to its field,
 * naming them; a value no chat named stays as typed (an agent's username, a whole tag).
 */
async function resolveTypedFilter(ctx: ScopedContext, filter: ChatFilter): Promise<ChatFilter> {
    const vocabulary = new Vocabulary(ctx.read.getPersistenceReader());
    const named = (kind: TermKind, typed: string | undefined) => (typed ? vocabulary.named(kind, typed) : Promise.resolve([]));
    const [agents, tags] = await Promise.all([ctx.scope.kind === 'all' ? named('agent', filter.agent) : [], named('tag', filter.tag)]);
    const several = (terms: Term[], typed: string | undefined) => ({
        key: 'error_filter_several',
        args: {
            value: typed ?? '',
            known: terms
                .slice(0, NAMED_MAX)
                .map((term) => term.label)
                .join(', '),
        },
    });
    if (agents.length > 1 || tags.length > 1) {
        throw new ValidationError({
            ...(agents.length > 1 ? { agent: several(agents, filter.agent) } : {}),
            ...(tags.length > 1 ? { tag: several(tags, filter.tag) } : {}),
        });
    }
    return {
        ...filter,
        ...(agents.length === 1 ? { agent: agents[0].value } : {}),
        ...(tags.length === 1 ? { tag: tags[0].value } : {}),
    };
}

/**
 * The departments Rocket.Chat lists (host/departments.ts), and the agents (managers only) and tags the archived chats
 * name (store/Vocabulary.ts), plus the workspace's tag list when tags are set from it: three reads side by side.
 */
export async function filterChoices(ctx: ScopedContext): Promise<FilterChoices> {
    const vocabulary = new Vocabulary(ctx.read.getPersistenceReader());
    const [departments, agents, tags] = await Promise.all([
        departmentNames(ctx.read),
        ctx.scope.kind === 'all' ? vocabulary.terms('agent') : undefined,
        vocabulary.terms('tag'),
    ]);
    const listed = ctx.config.tagMode === 'list' ? ctx.config.tagList : [];
    const tagChoices = new Map<string, Choice>(listed.map((tag) => [tagKey(tag), { value: tag, label: tag }]));
    for (const term of tags.terms) {
        if (!tagChoices.has(term.key)) tagChoices.set(term.key, { value: term.value, label: term.label });
    }
    const choices = (terms: Term[]): Choice[] => terms.map((term) => ({ value: term.value, label: term.label }));
    return {
        departments: departments.map((name) => ({ value: name, label: name })),
        ...(agents && !agents.full && agents.terms.length > 0 ? { agents: choices(agents.terms) } : {}),
        ...(!tags.full && tagChoices.size > 0 ? { tags: [...tagChoices.values()].sort((a, b) => a.label.localeCompare(b.label)) } : {}),
    };
}
