import { intIn } from './decode';

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
}

/** A position as a button or a request carries it: the page, and the first index only when it is not the page's own. */
export interface ListPlace {
    page: number;
    offset?: number;
}

/** One page of a list: its items, how many match (a lower bound when `more`), and whether the list stops at a cap. */
export interface ListPage<T> {
    items: T[];
    total: number;
    /** More match than were read: the newest are shown, Next reads further back. */
    more: boolean;
    /** The unfiltered list holds only the most recent entries. */
    capped: boolean;
}

export const FIRST_PAGE: ListPlace = { page: 0 };

export const listAt = (place: ListPlace, size: number): ListAt => ({ page: place.page, start: place.offset ?? place.page * size });

export const placeOf = (at: ListAt, size: number): ListPlace =>
    at.start === at.page * size ? { page: at.page } : { page: at.page, offset: at.start };

/** A place read from client values: a page and an offset out of bounds read as absent. */
export function readPlace(page: unknown, offset: unknown): ListPlace {
    const o = intIn(offset, 0, LIST_LIMITS.start);
    return { page: intIn(page, 0, LIST_LIMITS.page) ?? 0, ...(o !== undefined ? { offset: o } : {}) };
}

export const previousOf = (at: ListAt, size: number): ListAt | undefined =>
    at.start > 0 ? { page: Math.max(0, at.page - 1), start: Math.max(0, at.start - size) } : undefined;

/** The page after one that shows `shown` of `total` items (a lower bound when `more`), if there is one. */
export const nextOf = (at: ListAt, shown: number, list: { total: number; more?: boolean }): ListAt | undefined =>
    at.start + shown < list.total || list.more ? { page: at.page + 1, start: at.start + shown } : undefined;
