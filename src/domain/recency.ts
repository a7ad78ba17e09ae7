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

/**
 * A window: the records carrying `label` are those whose time is at or after `from` and before `to` (two buckets of
 * its level).
 */
export interface Window {
    level: number;
    label: string;
    from: number;
    to: number;
}

/** The window of `level` whose newer bucket holds `at`: it reaches back from `at` one to two buckets. */
export function windowAt(level: number, at: number): Window {
    const bucket = bucketOf(at, level);
    const size = 2 ** level * UNIT_MS;
    return { level, label: label(level, bucket), from: (bucket - 1) * size, to: (bucket + 1) * size };
}

/**
 * Reaches back 64 times further after windows that held no match: nothing found says the matches are sparser than
 * about one per the span read, so 64 times that span holds a few dozen at most; the budget may shorten it.
 */
const JUMP = 64;
/** Aim a quarter above a page: a window slightly short costs one more read, one too long costs records. */
const MARGIN = 1.25;
/**
 * A window is checked with two and a half deviations: one sized from 2 matches is often twice too long, and one too
 * long costs the records of a page or more where one too short costs a read.
 */
const WINDOW_DEVIATIONS = 2.5;
/**
 * Records a stretch not read yet may hold, for the budget: the density measured from `found` records over `spanMs`,
 * plus `deviations` standard deviations of what a few records say about it (half a deviation at most when none was
 * found: nothing says little either way, and sparse matches need long windows).
 */
const expected = (found: number, spanMs: number, stretchMs: number, deviations = WINDOW_DEVIATIONS) =>
    stretchMs <= 0 ? 0 : ((found + 1 + (found === 0 ? Math.min(deviations, 0.5) : deviations) * Math.sqrt(found + 1)) / spanMs) * stretchMs;
/**
 * "Any time" is checked with half a standard deviation only: it may spend twice the budget left, and reading every
 * match there is when they are few is worth it.
 */
const ANY_TIME_DEVIATIONS = 0.5;
/**
 * How far past the records left a window may reach when every shorter one would read a quiet stretch only (a night or a
 * weekend, by the scope's list; see NextWindow.quiet): the windows fall on the clock's buckets, so the shortest one
 * reaching back past a night may hold a few hours of the busy day before it, and stopping there leaves a page short.
 */
const OVERRUN = 2;
/** Listed records whose time before a stretch says whether the stretch is quiet (see activityMeasure). */
const QUIET_RECORDS = 16;
/** How far past the records left the last read may reach, and with what margin for its estimate. */
const LAST_STRETCH = 1.5;
const LAST_DEVIATIONS = 0.5;

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
    /** The newest time wanted: now, the end of a date range, or the chat a page ended with. */
    end: number;
    /** An item's time (a contact's last chat, a chat's closing), to measure how dense the matches are. */
    timeOf: (item: T) => number;
    /** The start of the period asked for (a date range), if any: a window reaching back past it holds everything. */
    since?: number;
    /** The level reads start at. */
    firstLevel?: number;
    /** The lowest level the records carry labels for (default: firstLevel): a later window may be that short. */
    labelsFrom?: number;
    /**
     * The scope's newest records (its recent list), when known: stretches are then measured in the scope's records
     * rather than in hours (see activityMeasure), so a quiet night or weekend does not look like sparse matches.
     */
    activity?: Activity;
}

/** The times of a scope's newest records, and when they were listed. */
export interface Activity {
    times: number[];
    listedAt: number;
}

/**
 * How much a stretch [from, to) weighs when matches are counted over it and expected in another: its time, or its
 * records by the scope's list (activityMeasure), which also tells the stretches the list shows quiet.
 */
interface Measure {
    (from: number, to: number): number;
    /** Whether the stretch is quiet by the scope's list (see activityMeasure); a measure in hours knows no quiet. */
    quiet?: (from: number, to: number) => boolean;
}

const elapsed: Measure = (from, to) => Math.max(0, to - from);

/**
 * A stretch measured by the scope's records in it, in records: those of the list exactly, and before its oldest and
 * after it was listed, at the pace of its busiest quarter. The matches of a name or a filter come at the pace the
 * scope's records come: early in an office day, the night before weighs nothing and the busy day before it weighs what
 * it holds. A list of fewer than two records says nothing: time, then.
 */
export function activityMeasure({ times, listedAt }: Activity): Measure {
    const sorted = times.filter(Number.isFinite).sort((a, b) => a - b);
    if (sorted.length < 2) return elapsed;
    const oldest = sorted[0];
    const newest = sorted[sorted.length - 1];
    const since = Math.max(listedAt, newest);
    // Before the list and after it was read, the pace of its busiest quarter: a list reaching back over a night or a
    // weekend into a busy day would otherwise say that day was quiet, and records over-counted only shorten a window.
    const run = Math.max(2, sorted.length >> 2);
    let perMs = (sorted.length - 1) / Math.max(UNIT_MS, newest - oldest);
    for (let i = 0; i + run <= sorted.length; i++) {
        perMs = Math.max(perMs, (run - 1) / Math.max(60_000, sorted[i + run - 1] - sorted[i]));
    }
    /** Listed records before `t`. */
    const before = (t: number): number => {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (sorted[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    };
    const measure: Measure = (from, to) => {
        if (!(to > from)) return 0;
        const listed = before(to) - before(from);
        return listed + (Math.max(0, Math.min(to, oldest) - from) + Math.max(0, to - Math.max(from, since))) * perMs;
    };
    // A stretch holding none of the listed records, and longer than the QUIET_RECORDS listed just before it took: a
    // night or a weekend after a busy day, not the usual spacing of the scope's records (at random, a stretch where the
    // pace before it would put that many holds none about once in ten million).
    measure.quiet = (from, to) => {
        const older = before(from);
        return before(to) === older && older >= QUIET_RECORDS && to - from >= from - sorted[older - QUIET_RECORDS];
    };
    return measure;
}

/**
 * What the reads so far hold: every record whose time is in [from, to), read once each, whichever windows they came
 * in. The next window reaches back from `from`; what it shares with [from, to) is known, and read again.
 */
class Held<T> {
    records: T[] = [];
    from = Infinity;
    to = -Infinity;

    constructor(readonly timeOf: (item: T) => number) {}

    /** Adds a window's records not held yet. */
    add(window: Window, found: T[]): void {
        for (const item of found) {
            const t = this.timeOf(item);
            if (!(t >= this.from && t < this.to)) this.records.push(item);
        }
        this.from = Math.min(this.from, window.from);
        this.to = Math.max(this.to, window.to);
    }

    /** Held records with a time in [from, to). */
    count(from: number, to: number): number {
        let n = 0;
        for (const item of this.records) {
            const t = this.timeOf(item);
            if (t >= from && t < to) n++;
        }
        return n;
    }
}

/**
 * Reads windows back from `end`, each reaching on from where the last ones stopped and sized from the matches they
 * held, until the matches read fill `needed`: at most MAX_READS reads, "any time" (or the whole date range) included,
 * and no read that would not fit the budget. A window shares at most a bucket with what was read before, and only
 * the records not held yet count as new. When the reads stop short, the items are still the newest matches there are,
 * only fewer than asked for.
 */
export async function readNewest<T>(query: NewestQuery<T>): Promise<WindowRead<T>> {
    const { read, keep = () => true, needed, budget, end, timeOf, since = -Infinity } = query;
    const lowest = query.firstLevel ?? FIRST_LEVEL;
    const measure = query.activity ? activityMeasure(query.activity) : elapsed;
    const held = new Held(timeOf);
    let window: Window | undefined = windowAt(lowest, end);
    let records = 0;
    for (let reads = 1; ; reads++) {
        const found = await read(window);
        records += found.length;
        if (!window) {
            return { items: found.filter(keep), complete: true };
        }
        held.add(window, found);
        const items = held.records.filter(keep);
        const complete = held.from <= since;
        if (items.length >= needed || complete || reads === MAX_READS) {
            return { items, complete };
        }
        const plan = new NextWindow(held, items.length, needed, end, since, query.labelsFrom ?? lowest, measure);
        const remaining = budget - records;
        let next: Window | undefined | null;
        if (reads + 1 < MAX_READS) {
            next = plan.choose(remaining);
        } else {
            // The last read aims further back and may reach a little past the budget: stopping a few rows short of a page costs the user more. When no window that fits is
            // expected to fill the page, it reads "any time" instead if that would spend at most twice the budget
            // left: few matches, however old, are then all found rather than cut short.
            next = plan.choose(LAST_STRETCH * remaining, true);
            if (!(next && plan.fills(next)) && plan.anyTimeFits(2 * remaining)) next = undefined;
            // With no match in three reads, the density says nothing of how far back the matches are: a window sized
            // from it may still miss them, and an empty page would then offer only Next. The last read is "any time",
            // whose records are the matches there are (none of them in the stretch already read).
            if (items.length === 0) next = undefined;
        }
        if (next === null) {
            if (items.length > 0) {
                return { items, complete: false };
            }
            // The budget went on records that were not matches: an empty page helps no one, so read on as the
            // density asks, past the budget (without one, choose always answers a window or "any time").
            next = plan.choose(Infinity) ?? undefined;
        }
        // "Any time" for a date range is the shortest window covering it: a range is never read without a window.
        window = next ?? (since > -Infinity ? covering(held.from - 1, since, lowest) : undefined);
    }
}

/** The choice of the next window from what the reads so far hold. */
class NextWindow<T> {
    /** The period read that the matches are counted over (up to `end`, from the start of a date range at most). */
    private readonly span: number;
    /** Records held up to `end`, over the stretch read up to it; and past it (newer than the chat a page ended with). */
    private readonly below: number;
    private readonly belowSpan: number;
    private readonly above: number;
    private readonly aboveSpan: number;
    /** The stretch at the start of what was read that holds no record. */
    private readonly gap: number;

    constructor(
        private readonly held: Held<T>,
        private readonly matches: number,
        private readonly needed: number,
        private readonly end: number,
        since: number,
        private readonly lowest: number,
        private readonly measure: Measure = elapsed,
    ) {
        const start = Math.max(held.from, since);
        this.span = Math.max(1, measure(start, end));
        this.below = held.count(held.from, end + 1);
        this.belowSpan = Math.max(1, measure(held.from, end));
        this.above = held.count(end + 1, held.to);
        this.aboveSpan = Math.max(1, measure(end, held.to));
        this.gap = measure(
            held.from,
            held.records.reduce((min, item) => Math.min(min, held.timeOf(item)), end),
        );
    }

    /** Records the window would transfer: those held in it, and an estimate of the stretches not read yet. */
    cost(window: Window, deviations: number): number {
        const { held } = this;
        const known = held.count(Math.max(window.from, held.from), Math.min(window.to, held.to));
        // Measured in the scope's records, a stretch holds no more matches than records.
        const most = (stretch: number) => (this.measure.quiet ? stretch : Infinity);
        const olderStretch = this.measure(window.from, held.from);
        const older = Math.min(most(olderStretch), expected(this.below, this.belowSpan, olderStretch, deviations));
        // Past `end` the density is that seen there (none, when `end` is now), or the density below if lower.
        const newerStretch = this.measure(held.to, window.to);
        const newer = Math.min(
            most(newerStretch),
            expected(this.below, this.belowSpan, newerStretch, deviations),
            expected(this.above, this.aboveSpan, newerStretch, deviations),
        );
        return known + older + newer;
    }

    /**
     * The window reaching back from what was read whose new stretch should hold the matches still wanted with a
     * margin (JUMP times further when none was found), shortened while its records would not fit the `remaining`
     * ones, but not to a window whose new stretch is quiet (see quiet: that read would find nothing; the shortest
     * window past it may then reach OVERRUN times the records left). A window, "any time" (undefined: no window is long
     * enough), or null when not even the shortest fits: stop. The `last` read aims at a density a deviation below the
     * one measured, its last chance to fill the page, and checks its records with a smaller margin.
     */
    choose(remaining: number, last = false): Window | undefined | null {
        const { held, matches, needed, lowest } = this;
        const deviations = last ? LAST_DEVIATIONS : WINDOW_DEVIATIONS;
        const density = last ? Math.max(1, matches - Math.sqrt(matches)) : matches + 1;
        const wanted = matches === 0 ? JUMP * this.span : ((needed * MARGIN - matches) / density) * this.span;
        const at = (level: number) => windowAt(level, held.from - 1);
        let aim: number | undefined;
        for (let level = lowest; level <= LAST_LEVEL && aim === undefined; level++) {
            if (this.measure(at(level).from, held.from) >= wanted) aim = level;
        }
        let level = aim ?? LAST_LEVEL;
        let cost = this.cost(at(level), deviations);
        const quiet = (l: number) => this.quiet(at(l).from);
        while (level > lowest && cost > remaining && !quiet(level - 1)) cost = this.cost(at(--level), deviations);
        const overrun = level > lowest && quiet(level - 1) ? OVERRUN : 1;
        if (cost > overrun * remaining) {
            return null;
        }
        return aim === undefined && level === LAST_LEVEL ? undefined : at(level);
    }

    /** Whether the stretch from `from` to what was read is quiet by the scope's list (a night, a weekend). */
    private quiet(from: number): boolean {
        return this.measure.quiet?.(from, this.held.from) ?? false;
    }

    /**
     * Whether a window back from what was read should hold the matches still wanted, at a density a standard deviation
     * below the one measured (one match says little: it may be the last there is), unless the records stop well
     * before the start of what was read (a stretch three times their mean spacing holds none: they have likely ended).
     */
    fills(window: Window): boolean {
        const { matches, held } = this;
        if (this.gap > (3 * this.span) / Math.max(1, this.below)) return false;
        return matches + ((matches - Math.sqrt(matches)) / this.span) * this.measure(window.from, held.from) >= this.needed;
    }

    /**
     * Whether reading "any time" fits: every record held again and, for the stretch further back, the density of
     * what was read or, when the records thin out towards its start, that of the stretch with none at its start
     * (past the last match there is then little or nothing, and a page past the end reads it rather than offering
     * Next forever).
     */
    anyTimeFits(remaining: number): boolean {
        const { held, end } = this;
        const back = this.measure(windowAt(LAST_LEVEL, end).from, held.from);
        if (held.records.length + expected(this.below, this.belowSpan, back, ANY_TIME_DEVIATIONS) <= remaining) return true;
        return this.gap > 0 && held.records.length + expected(0, this.gap, back, 0) <= remaining;
    }
}

/** The shortest window reaching back from `at` past `since`. */
function covering(at: number, since: number, lowest: number): Window {
    for (let level = lowest; level < LAST_LEVEL; level++) {
        const window = windowAt(level, at);
        if (window.from <= since) {
            return window;
        }
    }
    return windowAt(LAST_LEVEL, at);
}
