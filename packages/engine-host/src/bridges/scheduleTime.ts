// Agenda (Rocket.Chat's scheduler) accepts a Date, a human interval ("5 minutes", "in 10 seconds"), a number of
// milliseconds, or a 5-field cron expression. This covers those forms; anything else is refused loudly rather
// than silently run at a guessed time.
const UNIT_MS: Record<string, number> = {
    ms: 1,
    millisecond: 1,
    second: 1000,
    sec: 1000,
    minute: 60_000,
    min: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    week: 604_800_000,
};

/** Milliseconds of a human interval, or undefined when the text is not one. */
export function humanIntervalMs(text: string): number | undefined {
    const m = /^\s*(?:in\s+)?(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$/i.exec(text);
    if (!m) return undefined;
    const unit = UNIT_MS[m[2].toLowerCase()];
    return unit === undefined ? undefined : Number(m[1]) * unit;
}

function cronFieldMatches(field: string, value: number, min: number): boolean {
    return field.split(',').some((part) => {
        const [range, stepText] = part.split('/');
        const step = stepText ? Number(stepText) : 1;
        let lo: number;
        let hi: number;
        if (range === '*') [lo, hi] = [min, Number.MAX_SAFE_INTEGER];
        else if (range.includes('-')) [lo, hi] = range.split('-').map(Number) as [number, number];
        else [lo, hi] = [Number(range), stepText ? Number.MAX_SAFE_INTEGER : Number(range)];
        return value >= lo && value <= hi && (value - lo) % step === 0;
    });
}

/** Next minute strictly after `from` matching a 5-field cron expression (local time, like Agenda's default). */
export function nextCron(expr: string, from: Date): Date | undefined {
    const fields = expr.trim().split(/\s+/);
    if (fields.length !== 5) return undefined;
    const t = new Date(from.getTime());
    t.setSeconds(0, 0);
    for (let i = 0; i < 366 * 24 * 60; i++) {
        t.setMinutes(t.getMinutes() + 1);
        const [mi, h, dom, mon, dow] = fields;
        if (
            cronFieldMatches(mi, t.getMinutes(), 0) &&
            cronFieldMatches(h, t.getHours(), 0) &&
            cronFieldMatches(dom, t.getDate(), 1) &&
            cronFieldMatches(mon, t.getMonth() + 1, 1) &&
            cronFieldMatches(dow, t.getDay(), 0)
        ) {
            return new Date(t.getTime());
        }
    }
    return undefined;
}

/** When a one-time job given `when` first runs. */
export function firstRun(when: string | Date, now: Date): Date {
    if (when instanceof Date) return when;
    const ms = humanIntervalMs(when);
    if (ms !== undefined) return new Date(now.getTime() + ms);
    const date = new Date(when);
    if (!Number.isNaN(date.getTime())) return date;
    throw new Error(`Unsupported schedule "${when}"`);
}

/** The run after `from` for a recurring interval. */
export function nextRun(interval: string | number, from: Date): Date {
    if (typeof interval === 'number') return new Date(from.getTime() + interval);
    const ms = humanIntervalMs(interval);
    if (ms !== undefined) return new Date(from.getTime() + ms);
    const cron = nextCron(interval, from);
    if (cron) return cron;
    throw new Error(`Unsupported interval "${interval}"`);
}
