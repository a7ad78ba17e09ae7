import type { Collection, Doc, Store } from './store/Store';

/**
 * Fault injection around any Store (the store itself is not changed): a plan of rules consulted by every
 * collection call the bridges make. A matching rule makes the call fail (as a dropped database connection
 * would) or hang for a while and then fail (as a timed-out one would), before the store is touched.
 */
export type StoreOp = 'find' | 'findOne' | 'count' | 'insertOne' | 'insertMany' | 'updateOne' | 'updateMany' | 'deleteOne' | 'deleteMany';

export interface FaultRule {
    /** A short name for the report. */
    label: string;
    collection: string;
    ops: StoreOp[];
    /** Only calls whose arguments (query, document, update) satisfy this. */
    when?: (args: unknown[]) => boolean;
    /** Skip this many matching calls first (0: the first one fails). */
    after?: number;
    /** How many matching calls fail (default 1). */
    times?: number;
    /**
     * 'fail' throws at once; 'hang' waits `ms` and then throws; 'delay' waits `ms` and then lets the call go
     * through (a slow write); 'hold' keeps the call waiting until `until` settles, then lets it go through (a
     * test decides exactly when a write lands, to build one interleaving).
     */
    action?: 'fail' | 'hang' | 'delay' | 'hold';
    ms?: number;
    until?: Promise<unknown>;
}

export interface InjectedFault {
    label: string;
    collection: string;
    op: StoreOp;
    action: NonNullable<FaultRule['action']>;
}

export class FaultPlan {
    private readonly rules: { rule: FaultRule; seen: number; fired: number }[] = [];
    readonly injected: InjectedFault[] = [];

    add(rule: FaultRule): this {
        this.rules.push({ rule, seen: 0, fired: 0 });
        return this;
    }

    /** Rules not yet used up (a test asserts its fault really happened). */
    pending(): string[] {
        return this.rules.filter((r) => r.fired < (r.rule.times ?? 1)).map((r) => r.rule.label);
    }

    clear(): void {
        this.rules.length = 0;
    }

    async check(collection: string, op: StoreOp, args: unknown[]): Promise<void> {
        for (const entry of this.rules) {
            const { rule } = entry;
            if (rule.collection !== collection || !rule.ops.includes(op) || (rule.when && !rule.when(args))) continue;
            entry.seen += 1;
            if (entry.seen <= (rule.after ?? 0) || entry.fired >= (rule.times ?? 1)) continue;
            entry.fired += 1;
            const action = rule.action ?? 'fail';
            this.injected.push({ label: rule.label, collection, op, action });
            if (action === 'hold') {
                await rule.until;
                return;
            }
            if (action !== 'fail') await new Promise((resolve) => setTimeout(resolve, rule.ms ?? 1000));
            if (action === 'delay') return;
            throw new Error(`injected fault: ${rule.label} (${collection}.${op} ${action === 'hang' ? 'timed out' : 'failed'})`);
        }
    }
}

/** The same store, with every call checked against the plan first. */
export function faultyStore(inner: Store, plan: FaultPlan): Store {
    const wrapped = new Map<string, Collection<Doc>>();
    return {
        collectionNames: () => inner.collectionNames(),
        onExamined: inner.onExamined?.bind(inner),
        collection<T extends Doc = Doc>(name: string): Collection<T> {
            let col = wrapped.get(name);
            if (!col) {
                const target = inner.collection<Doc>(name);
                col = new Proxy(target, {
                    get(obj, prop, receiver) {
                        const value = Reflect.get(obj, prop, receiver);
                        if (typeof value !== 'function') return value;
                        return async (...args: unknown[]) => {
                            await plan.check(name, prop as StoreOp, args);
                            return value.apply(obj, args);
                        };
                    },
                });
                wrapped.set(name, col);
            }
            return col as unknown as Collection<T>;
        },
    };
}

/** True when a persistence document or query carries an association id starting with `prefix` (e.g. 'cc:contact:'). */
export function touchesAssociation(prefix: string): (args: unknown[]) => boolean {
    return (args) => JSON.stringify(args[0] ?? null).includes(`"id":"${prefix}`);
}
