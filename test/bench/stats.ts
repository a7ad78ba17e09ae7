/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export const percentile = (values: number[], p: number): number =>
    [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
