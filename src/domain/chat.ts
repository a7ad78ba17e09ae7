import { fold, tidy } from './text';
import { FieldErrors, ValidationError } from './errors';
import type { Scope } from './access';

/** A closed conversation as the app archives it. */
export interface Chat {
    roomId: string;
    contactId: string;
    contactName: string;
    agentId?: string;
    /** The agent's username (the agent filter matches it). */
    agentName?: string;
    /** The agent's name as Rocket.Chat shows it, when known. */
    agentDisplayName?: string;
    departmentId?: string;
    source?: string;
    topic?: string;
    /** Tags Rocket.Chat itself recorded on the room, when readable. */
    coreTags: string[];
    /** Tags set in the Contact Center; Rocket.Chat does not let apps write a room's own tags. */
    tags: string[];
    tagHistory: TagChange[];
    startedAt?: string;
    closedAt: string;
    closedBy?: string;
    messageCount: number;
    lastMessage?: string;
    revision: number;
    /**
     * Which associations the record was saved with (store/ChatRepository.ts, CHAT_LABELS); absent: those of the app
     * versions before tags within time windows.
     */
    labels?: number;
    /** Tells apart two records of one revision (see store/claims.ts). */
    writeId?: string;
}

export interface TagChange {
    by: string;
    at: string;
    added: string[];
    removed: string[];
}

export interface ChatSummary {
    roomId: string;
    contactName: string;
    agentName?: string;
    agentDisplayName?: string;
    closedAt: string;
    tags: string[];
}

export const TAG_LIMITS = { length: 40, count: 20 } as const;

/** The scopes whose Chats list shows this chat: everything, and the agent who served it. */
export function chatScopes(chat: Pick<Chat, 'agentId'>): Scope[] {
    return [{ kind: 'all' }, ...(chat.agentId ? [{ kind: 'agent' as const, agentId: chat.agentId }] : [])];
}

export function summarizeChat(chat: Chat): ChatSummary {
    return {
        roomId: chat.roomId,
        contactName: chat.contactName,
        agentName: chat.agentName,
        ...(chat.agentDisplayName ? { agentDisplayName: chat.agentDisplayName } : {}),
        closedAt: chat.closedAt,
        tags: allTags(chat),
    };
}

/** How a chat names its agent: by name when known, else by username. */
export function agentLabel(chat: Pick<ChatSummary, 'agentName' | 'agentDisplayName'>): string {
    return chat.agentDisplayName || chat.agentName || '—';
}

export function allTags(chat: Pick<Chat, 'coreTags' | 'tags'>): string[] {
    return [...new Set([...chat.coreTags, ...chat.tags])];
}

export function byClosedAt(a: Pick<ChatSummary, 'closedAt' | 'roomId'>, b: Pick<ChatSummary, 'closedAt' | 'roomId'>): number {
    return a.closedAt === b.closedAt ? a.roomId.localeCompare(b.roomId) : a.closedAt < b.closedAt ? 1 : -1;
}

/** Duration in whole seconds, when both ends are known. */
export function durationSeconds(chat: Pick<Chat, 'startedAt' | 'closedAt'>): number | undefined {
    if (!chat.startedAt) {
        return undefined;
    }
    const seconds = Math.round((Date.parse(chat.closedAt) - Date.parse(chat.startedAt)) / 1000);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** The key under which a tag is indexed: "VIP " and "vip" are one tag. */
export const tagKey = (tag: string): string => fold(tidy(tag));

/**
 * Parses the tags field: free text (one a line or comma separated), or in list mode the multi-select's
 * values, each of which must be one of the workspace's tags (its spelling is kept). All problems at once, field "tags".
 */
export function validateTags(raw: unknown, allowed?: string[]): string[] {
    const entries = Array.isArray(raw)
        ? raw.filter((v): v is string => typeof v === 'string')
        : (typeof raw === 'string' ? raw : '').split(/[\n,]+/);
    const errors: FieldErrors = {};
    const tags: string[] = [];
    for (const entry of entries.map(tidy)) {
        if (entry.length === 0) {
            continue;
        }
        if (entry.length > TAG_LIMITS.length) {
            errors.tags = { key: 'error_tag_too_long', args: { value: entry.slice(0, 60), max: TAG_LIMITS.length } };
            break;
        }
        const known = allowed ? allowed.find((a) => tagKey(a) === tagKey(entry)) : entry;
        if (known === undefined) {
            errors.tags = { key: 'error_tag_unknown', args: { value: entry.slice(0, 60) } };
            break;
        }
        if (!tags.some((t) => tagKey(t) === tagKey(known))) {
            tags.push(known);
        }
    }
    if (!errors.tags && tags.length > TAG_LIMITS.count) {
        errors.tags = { key: 'error_too_many', args: { max: TAG_LIMITS.count } };
    }
    if (Object.keys(errors).length > 0) {
        throw new ValidationError(errors);
    }
    return tags;
}

/** The filters of the Chats tab. Client values: every field is checked and bounded. */
/** A value a filter picker offers, and how it shows it. */
export interface Choice {
    value: string;
    label: string;
}

/** What the Chats filter offers to pick from; a list left out (none known, or too many to list) is typed instead. */
export interface FilterChoices {
    departments: Choice[];
    agents?: Choice[];
    tags?: Choice[];
}

export interface ChatFilter {
    name?: string;
    agent?: string;
    department?: string;
    tag?: string;
    from?: string;
    to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_MONTHS = 24;

export function validateFilter(input: Record<string, unknown>): ChatFilter {
    const errors: FieldErrors = {};
    const str = (v: unknown, max: number) => (typeof v === 'string' ? tidy(v).slice(0, max) : '');
    const filter: ChatFilter = {};
    const name = str(input.name, 120);
    const agent = str(input.agent, 120).replace(/^@/, '');
    const department = str(input.department, 120);
    const tag = str(input.tag, TAG_LIMITS.length);
    const from = str(input.from, 10);
    const to = str(input.to, 10);
    if (name) filter.name = name;
    if (agent) filter.agent = agent;
    if (department) filter.department = department;
    if (tag) filter.tag = tag;
    for (const [field, value] of [
        ['from', from],
        ['to', to],
    ] as const) {
        if (value && (!DAY.test(value) || Number.isNaN(Date.parse(value)))) {
            errors[field] = { key: 'error_date_invalid' };
        } else if (value) {
            filter[field] = value;
        }
    }
    if (filter.name && filter.name.length < 3) {
        errors.name = { key: 'error_name_short', args: { min: 3 } };
    }
    // A range is always closed, so that a look-up is bounded by the months it spans.
    if (filter.from && !filter.to && !errors.from) {
        errors.to = { key: 'error_date_both' };
    } else if (filter.to && !filter.from && !errors.to) {
        errors.from = { key: 'error_date_both' };
    } else if (filter.from && filter.to && filter.to < filter.from) {
        errors.to = { key: 'error_range_reversed' };
    } else if (filter.from && filter.to && !monthsOf(filter)) {
        errors.from = { key: 'error_range_too_long', args: { max: MAX_RANGE_MONTHS } };
    }
    if (Object.keys(errors).length > 0) {
        throw new ValidationError(errors);
    }
    return filter;
}

/** A filter that comes back from the client in a button value is checked again; an invalid one reads as no filter. */
export function filterOrNone(raw: unknown): ChatFilter {
    try {
        return raw && typeof raw === 'object' && !Array.isArray(raw) ? validateFilter(raw as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/** Months (yyyy-mm) a date range touches, newest first; undefined when the range is open-ended. */
export function monthsOf(filter: ChatFilter): string[] | undefined {
    if (!filter.from || !filter.to) {
        return undefined;
    }
    const months: string[] = [];
    let [y, m] = filter.to.slice(0, 7).split('-').map(Number);
    const end = filter.from.slice(0, 7);
    while (months.length <= MAX_RANGE_MONTHS) {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        months.push(month);
        if (month <= end) {
            return months;
        }
        m -= 1;
        if (m === 0) {
            m = 12;
            y -= 1;
        }
    }
    return undefined;
}

export function matchesFilter(chat: Chat, filter: ChatFilter): boolean {
    if (filter.name && !fold(chat.contactName).includes(fold(filter.name))) {
        return false;
    }
    if (filter.tag && !allTags(chat).some((t) => tagKey(t) === tagKey(filter.tag as string))) {
        return false;
    }
    const day = chat.closedAt.slice(0, 10);
    if (filter.from && day < filter.from) {
        return false;
    }
    return !(filter.to && day > filter.to);
}
