// The factories' seeded state, shared by factories.ts and contactFactories.ts: ids and numbers come from one
// generator, so the same calls give the same documents and a failing test reproduces.

/** mulberry32: tiny seeded PRNG. */
export function seeded(seed: number) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n: number) => Math.floor(next() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)];
    const id = (len = 17) => Array.from({ length: len }, () => '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'[int(55)]).join('');
    /** A 24-digit hex id, like the ObjectId strings Rocket.Chat gives contacts. */
    const hex = (len = 24) => Array.from({ length: len }, () => '0123456789abcdef'[int(16)]).join('');
    return { next, int, pick, id, hex };
}

let rng = seeded(42);
let counter = 0;

/** Restart id generation (call in beforeEach for fully stable ids across tests). */
export const resetFactories = (seed = 42) => {
    rng = seeded(seed);
    counter = 0;
};
export const factoryRng = () => rng;
export const nextNo = () => ++counter;
export const BASE_TIME = new Date('2025-03-03T09:00:00.000Z');
export const minutesAfter = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

export type Partial2<T> = { [K in keyof T]?: T[K] } & Record<string, unknown>;
