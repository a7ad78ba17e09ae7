/**
 * The few Node 20 globals the tooling uses. The project keeps @types/node 14 because Rocket.Chat's app
 * compiler type-checks the app with it (newer versions clash with its TypeScript lib files).
 */
declare class Blob {
    constructor(parts: ArrayLike<number>[] | Buffer[], options?: { type?: string });
}
declare class FormData {
    append(name: string, value: Blob | string, fileName?: string): void;
}
interface FetchResponse {
    ok: boolean;
    status: number;
    headers: { get(name: string): string | null };
    json(): Promise<unknown>;
    text(): Promise<string>;
}
declare function fetch(
    url: string | URL,
    init?: { method?: string; headers?: Record<string, string>; body?: string | FormData },
): Promise<FetchResponse>;
