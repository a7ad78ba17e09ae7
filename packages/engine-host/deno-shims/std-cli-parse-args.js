// Stand-in for jsr:@std/cli/parse-args (jsr.io is unreachable here). The runtime calls it without options on
// `--subprocess <appId> --spawnId <n> [--metricsReportFrequencyInMs <n>]`; like @std/cli, numeric values become
// numbers, `--k=v` is accepted, a flag without value is true and positionals land in `_`.
const NUMERIC = /^-?\d+(\.\d+)?$/;
const toValue = (raw) => (NUMERIC.test(raw) ? Number(raw) : raw);

/** @param {string[]} args */
export function parseArgs(args) {
    const out = { _: [] };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--') {
            out._.push(...args.slice(i + 1).map(toValue));
            break;
        }
        if (!arg.startsWith('--')) {
            out._.push(toValue(arg));
            continue;
        }
        const body = arg.slice(2);
        const eq = body.indexOf('=');
        if (eq >= 0) out[body.slice(0, eq)] = toValue(body.slice(eq + 1));
        else if (i + 1 < args.length && !args[i + 1].startsWith('--')) out[body] = toValue(args[++i]);
        else out[body] = true;
    }
    return out;
}
