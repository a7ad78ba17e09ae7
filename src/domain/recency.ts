/**
 * Recency windows of a search. A contact record carries labels for the calendar week, month and year of
 * its last chat AND the following ones, so that the label of the current period selects a contiguous
 * window of the most recent contacts (this and the previous week, month or year). Searching the smallest
 * window first bounds what a common name costs: the newest matches come first, and older windows are
 * read only when the newer ones hold too few.
 */
const DAY_MS = 86_400_000;

/** Weeks counted from the Unix epoch, starting on Mondays (1970-01-01 was a Thursday). */
function isoWeek(date: Date): string {
    return `w${Math.floor((Math.floor(date.getTime() / DAY_MS) + 3) / 7)}`;
}

const month = (date: Date) => `${date.getUTCFullYear()}m${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
const year = (date: Date) => `${date.getUTCFullYear()}y`;

/** The labels of one moment: its week, month and year. */
export function periodsOf(date: Date): string[] {
    return [isoWeek(date), month(date), year(date)];
}

/** The labels a record carries for its last chat: that period and the next one of each kind. */
export function recencyLabels(lastChatAt: string | undefined): string[] {
    if (!lastChatAt) {
        return [];
    }
    const at = new Date(lastChatAt);
    if (Number.isNaN(at.getTime())) {
        return [];
    }
    const nextWeek = new Date(at.getTime() + 7 * DAY_MS);
    const nextMonth = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
    const nextYear = new Date(Date.UTC(at.getUTCFullYear() + 1, 0, 1));
    return [...new Set([...periodsOf(at), isoWeek(nextWeek), month(nextMonth), year(nextYear)])];
}

/** The windows to search, newest and smallest first; undefined stands for "any time". */
export function searchWindows(now: Date): (string | undefined)[] {
    return [...periodsOf(now), undefined];
}
