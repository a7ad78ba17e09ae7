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
