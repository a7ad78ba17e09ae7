/**
 * How the window reader (src/domain/recency.ts) reads when the matches come at different paces: simulated, without
 * the engine, so that every instant of two weeks can be tried. `npm run bench` prints it at the end;
 * `npm run bench -- --windows` prints only this.
 *
 * The seeded workspaces of the bench spread their chats evenly over the day and the week. A contact center's are not:
 * with office hours (Monday to Friday, 8:00 to 20:00 UTC here) and agents searching in those hours, a search early in
 * the day finds nothing in its first windows (the night), and windows sized in hours then reach into the busy day
 * before it. Each case is read twice: with the windows sized in hours, and in the scope's records by its recent list
 * (the newest 500 of the scope's records, as the Contacts and Chats tabs list them; services/activity.ts).
 */
import { seeded } from '@contact-center/engine-host';
import { AGENT_FIRST_LEVEL, FIRST_LEVEL, RECORD_BUDGET, readNewest } from '../../src/domain/recency';

const HOUR = 3_600_000;
const PAGE = 25;
const BUDGET = RECORD_BUDGET * PAGE;
/** The simulated searches' now: a Wednesday; each search is made at one of 400 instants over the two weeks after it. */
const START = Date.parse('2026-11-25T12:34:56Z');
const SEEDS = 12;
const INSTANTS = 400;

export type Pace = 'around the clock' | 'office hours';

const inOffice = (t: number): boolean => {
    const day = new Date(t).getUTCDay();
    const hour = new Date(t).getUTCHours();
    return day !== 0 && day !== 6 && hour >= 8 && hour < 20;
};

/**
 * Times averaging `perHour` over the `hours` before the end of the searches' two weeks, at any hour or in office hours.
 */
function times(pace: Pace, perHour: number, hours: number, seed: number): number[] {
    const random = seeded(seed);
    const last = START + 15 * 24 * HOUR;
    const found: number[] = [];
    while (found.length < Math.round(perHour * hours)) {
        const t = last - Math.floor(hours * HOUR * random.next());
        if (pace === 'office hours' && !inOffice(t)) continue;
        found.push(t);
    }
    return found.sort((a, b) => a - b);
}

/** The scope's records an hour (all of them, matching or not): a million chats over two years; one agent's of 20. */
const SCOPE_PACE: Record<'manager' | 'agent', number> = { manager: 60, agent: 3 };
/** Entries of a scope's recent list (store/RecentList.ts, RECENT_CAPACITY). */
const LISTED = 500;
/** The stretch simulated record by record (the two weeks of searches and the weeks before that the lists reach). */
const RECORD_HOURS = 60 * 24;
/** Matches older than that, at the same pace: two years of them, at most the newest 6,000. */
const OLDER_MATCHES = 6_000;

/**
 * The scope's records (sorted) and the matches: within the stretch simulated record by record, each record of the scope
 * is a match with the share the pace asks for; before it, matches at that pace.
 */
function workspace(pace: Pace, scope: 'manager' | 'agent', perHour: number, seed: number): { records: number[]; matches: number[] } {
    const records = times(pace, SCOPE_PACE[scope], RECORD_HOURS, seed * 89 + 5);
    const share = seeded(seed * 13 + 1);
    const olderHours = Math.min(2 * 8760, OLDER_MATCHES / perHour);
    const older = times(pace, perHour, RECORD_HOURS + olderHours, seed * 97 + Math.round(perHour * 1000)).filter((t) => t < records[0]);
    return { records, matches: [...older, ...records.filter(() => share.next() < perHour / SCOPE_PACE[scope])] };
}

/** The scope's list at `end`: its newest LISTED records. */
function listedAt(records: number[], end: number): number[] {
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (records[mid] <= end) lo = mid + 1;
        else hi = mid;
    }
    return records.slice(Math.max(0, lo - LISTED), lo);
}

export interface WindowStats {
    pace: Pace;
    scope: 'manager' | 'agent';
    perHour: number;
    searches: number;
    /** Share of the searches whose reads transferred more than the records budget of the first page (4 pages). */
    overBudget: number;
    /** The same, of the searches made in the first two hours of an office day (8:00 to 10:00 UTC). */
    overBudgetEarly: number;
    worstRecords: number;
    meanRecords: number;
    meanReads: number;
    /** Share of the searches whose page showed fewer rows than asked for while older matches remained (Next). */
    short: number;
}

/** How the windows are sized: in hours only, or in the scope's records by its recent list. */
export type Sizing = 'hours' | 'list';

export async function simulate(pace: Pace, scope: 'manager' | 'agent', perHour: number, sizing: Sizing): Promise<WindowStats> {
    let over = 0;
    let early = 0;
    let overEarly = 0;
    let short = 0;
    let worst = 0;
    let records = 0;
    let reads = 0;
    let searches = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
        const ws = workspace(pace, scope, perHour, seed);
        for (let i = 0; i < INSTANTS; i++) {
            const end = START + i * 0.84 * HOUR + seed * 7 * 60_000;
            // Agents search while they work: in office hours, where the chats come in office hours.
            if (pace === 'office hours' && !inOffice(end)) continue;
            let read = 0;
            const result = await readNewest<number>({
                read: async (window) => {
                    reads++;
                    const found = ws.matches.filter((t) => t <= end && (!window || (t >= window.from && t < window.to)));
                    read += found.length;
                    return found;
                },
                needed: PAGE + 1,
                budget: BUDGET,
                end,
                timeOf: (t) => t,
                firstLevel: scope === 'manager' ? FIRST_LEVEL : AGENT_FIRST_LEVEL,
                labelsFrom: FIRST_LEVEL,
                ...(sizing === 'list' ? { activity: { times: listedAt(ws.records, end), listedAt: end } } : {}),
            });
            searches++;
            records += read;
            worst = Math.max(worst, read);
            if (read > BUDGET) over++;
            if (inOffice(end) && new Date(end).getUTCHours() < 10) {
                early++;
                if (read > BUDGET) overEarly++;
            }
            if (result.items.length < PAGE && !result.complete) short++;
        }
    }
    return {
        pace,
        scope,
        perHour,
        searches,
        overBudget: over / searches,
        overBudgetEarly: overEarly / Math.max(1, early),
        worstRecords: worst,
        meanRecords: records / searches,
        meanReads: reads / searches,
        short: short / searches,
    };
}

/** Matches an hour, on average: a manager's from a few a month to a million chats' pace; an agent's sparser. */
const PACES: Record<'manager' | 'agent', number[]> = { manager: [0.01, 0.2, 1, 5, 20, 60], agent: [0.01, 0.2, 1, 3] };

export async function windowReport(out: (line: string) => void): Promise<void> {
    out('');
    out(
        `Window reads by pace (simulated, no engine: ${SEEDS} workspaces, searches at ${INSTANTS} instants over two weeks in each, in office hours only where the chats come in office hours; a first page of ${PAGE}, budget ${BUDGET} records; the scope's records ${SCOPE_PACE.manager} an hour for a manager, ${SCOPE_PACE.agent} for an agent; windows sized in the scope's records by its list of ${LISTED}, and in hours only for comparison):`,
    );
    out('');
    out(
        '| matches come | scope | matches an hour (average) | searches over budget | of those made 8:00 to 10:00 | worst records | mean records | mean reads | short pages | sized in hours: over budget, 8:00 to 10:00, worst, short pages |',
    );
    out('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    for (const pace of ['around the clock', 'office hours'] as const) {
        for (const scope of ['manager', 'agent'] as const) {
            for (const perHour of PACES[scope]) {
                const s = await simulate(pace, scope, perHour, 'list');
                const h = await simulate(pace, scope, perHour, 'hours');
                out(
                    `| ${pace} | ${scope} | ${perHour} | ${pct(s.overBudget)} | ${pct(s.overBudgetEarly)} | ${s.worstRecords} | ${s.meanRecords.toFixed(0)} | ${s.meanReads.toFixed(2)} | ${pct(s.short)} | ${pct(h.overBudget)}, ${pct(h.overBudgetEarly)}, ${h.worstRecords}, ${pct(h.short)} |`,
                );
            }
        }
    }
}
