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
/**
 * Reads per search or filtered list, "any time" included: four host calls at most (#8). A read that would not
 * fit the records budget is not made: the newest matches already read are shown, Next reads further back.
 */
export const MAX_READS = 4;
/** Records one page may transfer, in pages: the first page of a search reads at most about 4 x page size. */
export const RECORD_BUDGET = 4;

const bucketOf = (ms: number, level: number) => Math.floor(ms / UNIT_MS / 2 ** level);
const label = (level: number, bucket: number) => `${level}:${bucket}`;

/**
 * The labels a record carries for its time (a contact's last chat, a chat's closing), from `fromLevel` up: a set of
 * records no read starts below a level for (an agent's) needs no labels below it.
 */
export function windowLabels(at: string | undefined, fromLevel = FIRST_LEVEL): string[] {
    const ms = at ? Date.parse(at) : NaN;
    if (Number.isNaN(ms)) {
        return [];
    }
    const labels: string[] = [];
    for (let level = fromLevel; level <= LAST_LEVEL; level++) {
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
 * per its span, so one 64 times longer holds a few dozen at most; the budget may shorten it.
 */
const JUMP = 6;
/** Aim a quarter above a page: a window slightly short costs one more read, one too long costs records. */
const MARGIN = 1.25;
/**
 * How many records a window may hold, for the budget: the density measured plus half a standard deviation of
 * what a few records say about it (a window sized from 2 matches is often twice too long).
 */
const expected = (found: number, spanMs: number, windowMs: number) => ((found + 1 + 0.5 * Math.sqrt(found + 1)) / spanMs) * windowMs;
/** How far past the records left the last read may aim. */
const LAST_STRETCH = 1.5;
const fits = (found: number, spanMs: number, windowMs: number, remaining: number) => expected(found, spanMs, windowMs) <= remaining;

/**
 * The next window, from `found` matches among `records` in the last window spanning `spanMs`: the smallest level
 * whose window ending at `end` should hold `needed` matches with a margin (JUMP levels up when nothing was found),
 * shortened while its records would not fit the `remaining` ones. A level number, "any time" (undefined: no level
 * is long enough), or null when not even the next level fits: stop.
 */
export function nextLevel(
    current: number,
    found: number,
    records: number,
    spanMs: number,
    needed: number,
    end: number,
    remaining: number,
): number | undefined | null {
    const span = (level: number) => end - windowAt(level, end).from;
    let aim: number | undefined;
    if (found === 0) {
        aim = current + JUMP <= LAST_LEVEL ? current + JUMP : undefined;
    } else {
        const wanted = ((needed * MARGIN) / (found + 1)) * spanMs;
        for (let level = current + 1; level <= LAST_LEVEL && aim === undefined; level++) {
            if (span(level) >= wanted) aim = level;
        }
    }
    let level = aim ?? LAST_LEVEL;
    while (level > current + 1 && !fits(records, spanMs, span(level), remaining)) level--;
    if (!fits(records, spanMs, span(level), remaining)) {
        return null;
    }
    return aim === undefined && level === LAST_LEVEL ? undefined : level;
}

export interface WindowRead<T> {
    /** The newest matches, all of those in the period read. */
    items: T[];
    /** The period read covered everything asked for: nothing older matches. */
    complete: boolean;
}

export interface NewestQuery<T> {
    /** Reads the records of a window (undefined: any time), as stored; `keep` then drops those that do not match. */
    read: (window: Window | undefined) => Promise<T[]>;
    keep?: (item: T) => boolean;
    /** Matches wanted: the page's last one, plus one to know whether there are more. */
    needed: number;
    /** Records all the reads may transfer, together. */
    budget: number;
    /** Windows end here: now, or the end of a date range. */
    end: number;
    /** An item's time (a contact's last chat, a chat's closing), to measure how dense the matches are. */
    timeOf: (item: T) => number;
    /** The start of the period asked for (a date range), if any: a window reaching back past it holds everything. */
    since?: number;
    firstLevel?: number;
}

/**
 * Reads windows ending at `end`, each sized from what the last one held, until one holds `needed` matches: at most
 * MAX_READS reads, "any time" (or the whole date range) included, and no read that would not fit the budget. When
 * the reads stop short, the items are still the newest matches there are, only fewer than asked for.
 */
export async function readNewest<T>(query: NewestQuery<T>): Promise<WindowRead<T>> {
    const { read, keep = () => true, needed, budget, end, timeOf, since = -Infinity } = query;
    let window: Window | undefined = windowAt(query.firstLevel ?? FIRST_LEVEL, end);
    let records = 0;
    for (let reads = 1; ; reads++) {
        const found = await read(window);
        records += found.length;
        const items = found.filter(keep);
        if (!window) {
            return { items, complete: true };
        }
        const complete = window.from <= since;
        if (items.length >= needed || complete || reads === MAX_READS) {
            return { items, complete };
        }
        const from = Math.max(window.from, since);
        const inWindow = items.filter((item) => timeOf(item) >= from).length;
        // The last read may aim a little past the budget: stopping a few rows short of a page costs the user more.
        const last = reads + 1 === MAX_READS;
        let level = nextLevel(
            window.level,
            inWindow,
            found.length,
            end - from,
            needed,
            end,
            (last ? LAST_STRETCH : 1) * (budget - records),
        );
        // The last read reads "any time" unless that would spend twice the budget left: few matches, however old,
        // are then all found rather than cut short (a window's estimate of what lies further back is rough). The
        // estimate is the window's density, or, when the records thin out towards its start, that of the stretch
        // with none at its start: past the last match there is then little or nothing, and a page past the end
        // reads it rather than offering Next forever.
        const anyTime = end - windowAt(LAST_LEVEL, end).from;
        if (
            last &&
            (fits(found.length, end - from, anyTime, 2 * (budget - records)) ||
                fitsPastGap(found, timeOf, from, end, anyTime, 2 * (budget - records)))
        ) {
            level = undefined;
        }
        if (level === null) {
            if (items.length > 0) {
                return { items, complete: false };
            }
            // The budget went on records that were not matches: an empty page helps no one, so read on as the
            // density asks, past the budget (without one, nextLevel always answers a level or "any time").
            level = nextLevel(window.level, inWindow, found.length, end - from, needed, end, Infinity) ?? undefined;
        }
        // "Any time" for a date range is the shortest window covering it: a range is never read without a window.
        window = level !== undefined ? windowAt(level, end) : since > -Infinity ? covering(end, since) : undefined;
    }
}

/**
 * Whether an "any time" read fits, estimated from the stretch at the start of the window read that holds no record:
 * the records read again, and beyond the window as few as one more in a stretch that long would suggest.
 */
function fitsPastGap<T>(found: T[], timeOf: (item: T) => number, from: number, end: number, anyTime: number, remaining: number): boolean {
    const oldest = found.reduce((min, item) => Math.min(min, timeOf(item)), end);
    const gap = oldest - from;
    return gap > 0 && found.length + expected(0, gap, anyTime - (end - from)) <= remaining;
}

/** The shortest window ending at `end` that reaches back to `since`. */
function covering(end: number, since: number): Window {
    for (let level = FIRST_LEVEL; level < LAST_LEVEL; level++) {
        const window = windowAt(level, end);
        if (window.from <= since) {
            return window;
        }
    }
    return windowAt(LAST_LEVEL, end);
}
