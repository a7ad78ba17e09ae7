/** Date and time in the viewer's UTC offset (IUser.utcOffset, in hours), e.g. "2026-11-25 14:05". */
export function formatDateTime(iso: string | undefined, utcOffsetHours = 0): string {
    if (!iso) {
        return '—';
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return '—';
    }
    const shifted = new Date(date.getTime() + utcOffsetHours * 3600_000);
    return shifted.toISOString().slice(0, 16).replace('T', ' ');
}

/** "1 h 05 min", "3 min 20 s", or a dash when unknown. */
export function formatDuration(seconds: number | undefined): string {
    if (seconds === undefined) {
        return '—';
    }
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    if (h > 0) {
        return `${h} h ${String(m).padStart(2, '0')} min`;
    }
    return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}
