/** The state a Next / Previous button carries. It comes back from the client: parsed strictly. */
export interface PageState {
    q: string;
    p: number;
}

export const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 200;

export function encodePage(state: PageState): string {
    return JSON.stringify(state);
}

export function decodePage(value: unknown): PageState {
    try {
        const parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
        const q = typeof parsed?.q === 'string' ? parsed.q.slice(0, MAX_QUERY_LENGTH) : '';
        const p = Number.isInteger(parsed?.p) && parsed.p >= 0 && parsed.p <= MAX_PAGE ? parsed.p : 0;
        return { q, p };
    } catch {
        return { q: '', p: 0 };
    }
}
