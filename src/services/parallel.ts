/**
 * `work` on every item, at most `limit` at a time; the results in the items' order. Every call in flight finishes
 * before a failure is reported (the first one), so none keeps writing after this returns.
 *
 * Host calls are answered in the order they are sent: a job that sent hundreds at once would make an agent's next
 * call wait behind all of them. A few at a time keep the host busy and let the agent's calls in between.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    let failure: { reason: unknown } | undefined;
    const worker = async () => {
        while (!failure && next < items.length) {
            const i = next++;
            try {
                results[i] = await work(items[i]);
            } catch (reason) {
                failure ??= { reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure) {
        throw failure.reason;
    }
    return results;
}
