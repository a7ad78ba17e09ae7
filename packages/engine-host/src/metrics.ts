import { performance } from 'perf_hooks';

/**
 * Cost counters. Two views of the same traffic:
 * - roundTrips: JSON-RPC requests the app's Deno process sent to the host (each one is a round trip in production),
 *   keyed by method, e.g. `accessor:getReader:getPersistenceReader:readByAssociations`.
 * - bridges: calls reaching the host's bridges (`persistence.readByAssociations`) with the records they returned
 *   (array length, 1 for a single document, 0 for nothing). Engine-internal calls (install, enable) count too,
 *   so reset after start when measuring an interaction.
 */
export interface BridgeCount {
    calls: number;
    records: number;
    /** Wall time from each call to its answer in the host (store work plus event-loop waits), excluding the Deno hop. */
    ms: number;
}

export interface MetricsSnapshot {
    roundTrips: number;
    byRoundTrip: Record<string, number>;
    bridgeCalls: number;
    recordsReturned: number;
    bridges: Record<string, BridgeCount>;
    /**
     * Documents the database examined to answer the host's queries, under Mongo's best plan (see EqualityIndex),
     * in all and by collection: on a real server this, not the records returned, is what a query costs.
     */
    docsExamined: number;
    examinedBy: Record<string, number>;
}

export class Metrics {
    private trips = new Map<string, number>();
    private calls = new Map<string, BridgeCount>();
    private examinedBy = new Map<string, number>();

    examined(collection: string, docs: number): void {
        this.examinedBy.set(collection, (this.examinedBy.get(collection) ?? 0) + docs);
    }

    roundTrip(method: string): void {
        this.trips.set(method, (this.trips.get(method) ?? 0) + 1);
    }

    bridgeCall(key: string, result: unknown, ms = 0): void {
        const entry = this.calls.get(key) ?? { calls: 0, records: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += ms;
        entry.records += Array.isArray(result) ? result.length : result === undefined || result === null ? 0 : 1;
        this.calls.set(key, entry);
    }

    reset(): void {
        this.trips.clear();
        this.calls.clear();
        this.examinedBy.clear();
    }

    snapshot(): MetricsSnapshot {
        const bridges = Object.fromEntries([...this.calls].map(([k, v]) => [k, { ...v }]));
        const byRoundTrip = Object.fromEntries(this.trips);
        return {
            roundTrips: [...this.trips.values()].reduce((a, b) => a + b, 0),
            byRoundTrip,
            bridgeCalls: Object.values(bridges).reduce((a, b) => a + b.calls, 0),
            recordsReturned: Object.values(bridges).reduce((a, b) => a + b.records, 0),
            bridges,
            docsExamined: [...this.examinedBy.values()].reduce((a, b) => a + b, 0),
            examinedBy: Object.fromEntries(this.examinedBy),
        };
    }
}

/** Wraps a bridge so every public `doXxx` call is counted as `<area>.xxx`; the engine always enters through do*. */
export function countingBridge<T extends object>(bridge: T, area: string, metrics: Metrics): T {
    return new Proxy(bridge, {
        get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            if (typeof prop !== 'string' || !/^do[A-Z]/.test(prop) || typeof value !== 'function') return value;
            const key = `${area}.${prop[2].toLowerCase()}${prop.slice(3)}`;
            // Some do* methods are synchronous (doIsOnline): keep them so.
            return function counted(this: unknown, ...args: unknown[]) {
                const start = performance.now();
                const result = value.apply(this, args);
                const elapsed = () => performance.now() - start;
                if (result instanceof Promise) {
                    return result.then(
                        (r) => (metrics.bridgeCall(key, r, elapsed()), r),
                        (e) => {
                            metrics.bridgeCall(key, undefined, elapsed());
                            throw e;
                        },
                    );
                }
                metrics.bridgeCall(key, result, elapsed());
                return result;
            };
        },
    });
}
