/**
 * Where a list page is: its number, and the index of its first item. That is page x page size unless a page
 * before it was short (a search stops reading when the next read would not fit its records budget, and shows
 * the newest matches it has): Next then starts right after the last item shown, so nothing is skipped.
 */
export interface ListAt {
    page: number;
    start: number;
}

export const listAt = (page: number, size: number, offset?: number): ListAt => ({ page, start: offset ?? page * size });

export const previousOf = (at: ListAt, size: number): ListAt | undefined => (at.start > 0 ? { page: Math.max(0, at.page - 1), start: Math.max(0, at.start - size) } : undefined);

/** The page after one that shows `shown` of `total` items (a lower bound when `more`), if there is one. */
export const nextOf = (at: ListAt, shown: number, list: { total: number; more?: boolean }): ListAt | undefined =>
    at.start + shown < list.total || list.more ? { page: at.page + 1, start: at.start + shown } : undefined;
