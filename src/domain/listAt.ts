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
