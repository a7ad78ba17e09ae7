import type { Scope } from './access';

/**
 * Time windows that bound what a search or a filtered list reads, whatever the size of the workspace.
 * Time is cut into buckets of 2^k half hours for each level k. A record carries, for every level, the label of
 * the bucket its time falls in AND of the next bucket, so the label of one bucket selects a contiguous window:
 * that bucket and the previous one. A reader starts with a small window ending now (or at the end of a date
 * range) and, from how many matches it held, picks the level expected to hold a page: the newest matches are
 * read, and about a page of them, at any size.
 */
const UNIT_MS = 1_800_000;
/**
 * The first window read: buckets of half an hour, so it reaches 30 to 60 minutes back; even a million chats
 * over two years (about 60 an hour) then fill one page, not several.
 */
export const FIRST_LEVEL = 0;
/**
 * An agent sees the contacts and chats they served, a small share of the workspace (about one agent's in a
 * team): their matches are much sparser, so their first window reaches 8 to 16 hours back, saving the reads that
 * would come back empty.
 */
export const AGENT_FIRST_LEVEL = 4;

export const firstLevel = (scope: Scope): number => (scope.kind === 'all' ? FIRST_LEVEL : AGENT_FIRST_LEVEL);
/** Buckets of 2^16 half hours (3.7 years): a window of this level covers any date range the Chats filter accepts. */
export const LAST_LEVEL = 16;
/** Windows read before falling back to "any time": with that last read, a search or a filtered list makes at most four reads. */
export const MAX_WINDOWS = 3;

const bucketOf = (ms: number, level: number) => Math.floor(ms / UNIT_MS / 2 ** level);
const label = (level: number, bucket: number) => `${level}:${bucket}`;

/** The labels a record carries for its time (a contact's last chat, a chat's closing). */
export function windowLabels(at: string | undefined): string[] {
    const ms = at ? Date.parse(at) : NaN;
    if (Number.isNaN(ms)) {
        return [];
    }
    const labels: string[] = [];
    for (let level = FIRST_LEVEL; level <= LAST_LEVEL; level++) {
        const bucket = bucketOf(ms, level);
        labels.push(label(level, bucket), label(level, bucket + 1));
    }
    return labels;
}

/** A window ending at `end`: its label and where it starts (records at or after `from`, up to `end`, carry the label). */
export interface Window {
    level: number;
    label: string;
    from: number;
}

export function windowAt(level: number, end: number): Window {
    const bucket = bucketOf(end, level);
    return { level, label: label(level, bucket), from: (bucket - 1) * 2 ** level * UNIT_MS };
}

/**
 * Levels up after an empty window: 64 times longer. An empty window says the matches are sparser than about one
 * per its span, so one 64 times longer holds a few dozen at most, and its count sizes the last window.
 */
const JUMP = 6;
/** Aim a quarter above a page: a window slightly short costs one more read, one too long costs records. */
const MARGIN = 1.25;
const LAST_MARGIN = 2.5;

/**
 * The level of the next window, from `found` matches in the last window spanning `spanMs`: the smallest whose
 * window ending at `end` should hold `needed` with a margin; JUMP levels up when nothing was found.
 * Undefined means "any time": no level is long enough.
 */
export function nextLevel(current: number, found: number, spanMs: number, needed: number, end: number, margin = MARGIN): number | undefined {
    if (found === 0) {
        return current + JUMP <= LAST_LEVEL ? current + JUMP : undefined;
    }
    const wanted = ((needed * margin) / (found + 1)) * spanMs;
    for (let level = current + 1; level <= LAST_LEVEL; level++) {
        if (end - windowAt(level, end).from >= wanted) {
            return level;
        }
    }
    return undefined;
}

export interface WindowRead<T> {
    items: T[];
    /** The window read last covered the whole period asked for: nothing older matches. */
    complete: boolean;
}

/**
 * Reads windows ending at `end` until one holds `needed` matches, at most MAX_WINDOWS of them, then "any time"
 * (window undefined). `since` is the start of the period asked for (a date range), if any: a window reaching
 * back past it holds everything. `timeOf` gives an item's time, to measure how dense the matches are.
 */
export async function readNewest<T>(
    read: (window: Window | undefined) => Promise<T[]>,
    needed: number,
    end: number,
    timeOf: (item: T) => number,
    since = -Infinity,
    firstLevel = FIRST_LEVEL,
): Promise<WindowRead<T>> {
    let level: number | undefined = firstLevel;
    for (let reads = 0; reads < MAX_WINDOWS && level !== undefined; reads++) {
        const window = windowAt(level, end);
        const items = await read(window);
        const complete = window.from <= since;
        if (items.length >= needed || complete) {
            return { items, complete };
        }
        const from = Math.max(window.from, since);
        const found = items.filter((item) => timeOf(item) >= from).length;
        // The last window allowed aims well past a page: falling back to "any time" would read every match.
        level = nextLevel(level, found, end - from, needed, end, reads + 2 === MAX_WINDOWS ? LAST_MARGIN : MARGIN);
    }
    return { items: await read(since > -Infinity ? covering(end, since) : undefined), complete: true };
}

/** The shortest window ending at `end` that reaches back to `since` (a date range is never read without a window). */
function covering(end: number, since: number): Window {
    for (let level = FIRST_LEVEL; level < LAST_LEVEL; level++) {
        const window = windowAt(level, end);
        if (window.from <= since) {
            return window;
        }
    }
    return windowAt(LAST_LEVEL, end);
}
