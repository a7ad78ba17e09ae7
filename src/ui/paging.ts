import type { ListAt } from '../domain/listAt';

export { listAt, nextOf, previousOf, type ListAt } from '../domain/listAt';

/** The state a Next / Previous button carries. It comes back from the client: parsed strictly. */
export interface PageState {
    q: string;
    p: number;
    /** The index of the page's first item, when it is not p x page size (a short page came before). */
    o?: number;
}

export const MAX_PAGE = 10_000;
export const MAX_START = MAX_PAGE * 100;
export const MAX_QUERY_LENGTH = 200;

/** A page and its offset as a button carries them: the offset only when there is one. */
export const pageState = (page: number, offset?: number): { p: number; o?: number } => (offset === undefined ? { p: page } : { p: page, o: offset });

/** The list a transcript returns to, as its state carries it (TranscriptState's lp / lo): the offset only when there is one. */
export const listReturn = (page: number, offset?: number): { lp: number; lo?: number } => (offset === undefined ? { lp: page } : { lp: page, lo: offset });

/** A position as a button carries it: the offset only when it is not the page's own. */
export const positionState = (at: ListAt, size: number): { p: number; o?: number } => pageState(at.page, at.start === at.page * size ? undefined : at.start);

const offsetOf = (value: unknown): { o?: number } => (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_START ? { o: value as number } : {});

export function encodePage(state: PageState): string {
    return JSON.stringify(state);
}

export function decodePage(value: unknown): PageState {
    try {
        const parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
        const q = typeof parsed?.q === 'string' ? parsed.q.slice(0, MAX_QUERY_LENGTH) : '';
        const p = Number.isInteger(parsed?.p) && parsed.p >= 0 && parsed.p <= MAX_PAGE ? parsed.p : 0;
        return { q, p, ...offsetOf(parsed?.o) };
    } catch {
        return { q: '', p: 0 };
    }
}

/** Chats: the filter and page a button carries, and the chat a transcript page belongs to. */
export interface ChatsState {
    f: Record<string, string>;
    p: number;
    /** The chat opened from that list, if any. */
    r?: string;
    /** As in PageState. */
    o?: number;
}

export function encodeChats(state: ChatsState): string {
    return JSON.stringify(state);
}

/** The filter is returned raw: the caller validates it again, as any client value. */
export function decodeChats(value: unknown): { filter: Record<string, unknown>; page: number; offset?: number; roomId?: string } {
    try {
        const parsed = typeof value === 'string' && value.length < 2000 ? JSON.parse(value) : undefined;
        const filter = parsed?.f && typeof parsed.f === 'object' && !Array.isArray(parsed.f) ? (parsed.f as Record<string, unknown>) : {};
        const page = Number.isInteger(parsed?.p) && parsed.p >= 0 && parsed.p <= MAX_PAGE ? parsed.p : 0;
        const { o } = offsetOf(parsed?.o);
        return { filter, page, ...(o !== undefined ? { offset: o } : {}), ...(typeof parsed?.r === 'string' ? { roomId: parsed.r } : {}) };
    } catch {
        return { filter: {}, page: 0 };
    }
}

export interface TranscriptState {
    r: string;
    p: number;
    /** The list the chat was opened from, to go back to it: its filter, page and offset (as in ChatsState). */
    f?: Record<string, string>;
    lp?: number;
    lo?: number;
}

export function encodeTranscript(state: TranscriptState): string {
    return JSON.stringify(state);
}

export function decodeTranscript(value: unknown): TranscriptState | undefined {
    try {
        const parsed = typeof value === 'string' && value.length < 2000 ? JSON.parse(value) : undefined;
        const page = Number.isInteger(parsed?.p) && parsed.p >= 0 && parsed.p <= MAX_PAGE ? parsed.p : 0;
        const list = decodeChats(JSON.stringify({ f: parsed?.f, p: parsed?.lp, o: parsed?.lo }));
        return typeof parsed?.r === 'string' ? { r: parsed.r, p: page, f: list.filter as Record<string, string>, ...listReturn(list.page, list.offset) } : undefined;
    } catch {
        return undefined;
    }
}

/** A contact's history page: the contact (checked again by the screen) and the page. */
export function encodeHistory(contactId: string, page: number): string {
    return JSON.stringify({ c: contactId, p: page });
}

export function decodeHistory(value: unknown): { contactId: unknown; page: number } {
    try {
        const parsed = typeof value === 'string' && value.length < 200 ? JSON.parse(value) : undefined;
        const page = Number.isInteger(parsed?.p) && parsed.p >= 0 && parsed.p <= MAX_PAGE ? parsed.p : 0;
        return { contactId: parsed?.c, page };
    } catch {
        return { contactId: undefined, page: 0 };
    }
}
