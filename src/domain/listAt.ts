import { intIn, isId } from './decode';

/** The furthest page a list pages to, the furthest first index, the longest search text. */
export const LIST_LIMITS = { page: 10_000, start: 1_000_000, query: 200 } as const;

/**
 * Where a list page is: its number, and the index of its first item. That is page x page size unless a page
 * before it was short (a search stops reading when the next read would not fit its records budget, and shows
 * the newest matches it has): Next then starts right after the last item shown, so nothing is skipped.
 */
export interface ListAt {
    page: number;
    start: number;
    /** The last item of the page before, when the list reads on from it (Next): the page is read from there, not from the top. */
    after?: Cursor;
}

/**
 * Where an item stands in a list ordered by time, newest first, then by id: its time (ms) and its id. A list that
 * reads time windows reads the page after one from the time of that page's last item, as cheaply as its first page.
 */
export interface Cursor {
    at: number;
    id: string;
}

/** A position as a button or a request carries it: the page, the first index only when it is not the page's own, and the cursor. */
export interface ListPlace {
    page: number;
    offset?: number;
    after?: Cursor;
}

/** One page of a list: its items, how many match (a lower bound when `more`), and whether the list stops at a cap. */
export interface ListPage<T> {
    items: T[];
    total: number;
    /** More match than were read: the newest are shown, Next reads further back. */
    more: boolean;
    /** The unfiltered list holds only the most recent entries. */
    capped: boolean;
    /** The last item shown, for a list that reads the page after it from there. */
    last?: Cursor;
}

export const FIRST_PAGE: ListPlace = { page: 0 };

export const listAt = (place: ListPlace, size: number): ListAt => ({
    page: place.page,
    start: place.offset ?? place.page * size,
    ...(place.after ? { after: place.after } : {}),
});

export const placeOf = (at: ListAt, size: number): ListPlace => ({
    page: at.page,
    ...(at.start === at.page * size ? {} : { offset: at.start }),
    ...(at.after ? { after: at.after } : {}),
});

/** The latest time a cursor may carry (year 2286): past it, a value is not one the app wrote. */
const MAX_CURSOR_MS = 9_999_999_999_999;

/** A cursor read from a client value ([time, id]): anything else reads as absent. */
export function readCursor(value: unknown): Cursor | undefined {
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const at = intIn(value[0], 1, MAX_CURSOR_MS);
    return at !== undefined && isId(value[1]) ? { at, id: value[1] } : undefined;
}

/** A place read from client values: a page, an offset and a cursor out of bounds read as absent. */
export function readPlace(page: unknown, offset: unknown, after?: unknown): ListPlace {
    const o = intIn(offset, 0, LIST_LIMITS.start);
    const cursor = readCursor(after);
    return { page: intIn(page, 0, LIST_LIMITS.page) ?? 0, ...(o !== undefined ? { offset: o } : {}), ...(cursor ? { after: cursor } : {}) };
}

export const previousOf = (at: ListAt, size: number): ListAt | undefined =>
    at.start > 0 ? { page: Math.max(0, at.page - 1), start: Math.max(0, at.start - size) } : undefined;

/** The page after one that shows `shown` of `total` items (a lower bound when `more`), if there is one. */
export const nextOf = (at: ListAt, shown: number, list: { total: number; more?: boolean; last?: Cursor }): ListAt | undefined =>
    at.start + shown < list.total || list.more
        ? { page: at.page + 1, start: at.start + shown, ...(list.last ? { after: list.last } : {}) }
        : undefined;
