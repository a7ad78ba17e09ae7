/**
 * Runs engine tests with the clock moved, to find results that depend on the hour they run at. The lists' time
 * windows fall on absolute buckets (src/domain/recency.ts) while tests seed their chats relative to now, so what a
 * read reaches can change with the hour; CI runs at any hour. A tool for maintainers, not part of `npm test`.
 *
 *   npx ts-node --transpile-only scripts/engine-tests-shifted.ts +7h +16h [test/engine/foo.test.ts ...] [-t <name>]
 *
 * Each offset (libfaketime's syntax: +7h, -90m, +3d) moves the clock of Jest and of the app's Deno process alike:
 * Jest runs with libfaketime preloaded, and the engine, which starts `deno` from PATH with nothing of the caller's
 * environment but PATH, finds first a `deno` that preloads it too. Needs Debian's `faketime` package.
 * Without files: the engine tests that seed chats at times relative to now.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
/** The `deno` the engine starts from PATH (node_modules/.bin first, see packages/engine-host/src/engineEnv.ts). */
const bin = path.join(root, 'node_modules', '.bin');
const deno = path.join(bin, 'deno');
const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((p) =>
    fs.existsSync(p),
);
const DEFAULT_FILES = ['cost', 'api', 'chats', 'contacts'].map((name) => `test/engine/${name}.test.ts`);

function main(): number {
    const argv = process.argv.slice(2);
    const offsets = argv.filter((a) => /^[+-]\d+[smhdy]?$/.test(a));
    const rest = argv.filter((a) => !offsets.includes(a));
    const nameAt = rest.indexOf('-t');
    const name = nameAt >= 0 ? ['-t', rest[nameAt + 1]] : [];
    const files = rest.filter((_, i) => nameAt < 0 || (i !== nameAt && i !== nameAt + 1));
    if (offsets.length === 0 || !LIBFAKETIME || !fs.existsSync(deno)) {
        process.stderr.write(
            !LIBFAKETIME
                ? 'libfaketime is missing: apt-get install faketime\n'
                : !fs.existsSync(deno)
                  ? `no Deno binary at ${deno}: run npm ci\n`
                  : 'usage: engine-tests-shifted.ts <offset>... [files] [-t <name>]   (offsets such as +7h, -90m)\n',
        );
        return 2;
    }
    const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-shifted-'));
    let failed = 0;
    try {
        for (const offset of offsets) {
            const faked = { LD_PRELOAD: LIBFAKETIME, FAKETIME: offset, FAKETIME_DONT_RESET: '1' };
            const exports = Object.entries(faked)
                .map(([k, v]) => `${k}='${v}'`)
                .join(' ');
            fs.writeFileSync(path.join(wrapper, 'deno'), `#!/bin/sh\n${exports} exec '${deno}' "$@"\n`, { mode: 0o755 });
            const now = spawnSync('date', ['-u'], { env: { ...process.env, ...faked }, encoding: 'utf8' }).stdout.trim();
            process.stdout.write(`${offset} (${now})\n`);
            const run = spawnSync(
                process.execPath,
                [jest, '--selectProjects', 'engine', '--runTestsByPath', ...(files.length > 0 ? files : DEFAULT_FILES), ...name],
                {
                    cwd: root,
                    encoding: 'utf8',
                    maxBuffer: 64 * 1024 * 1024,
                    env: {
                        ...process.env,
                        ...faked,
                        PATH: [wrapper, bin, process.env.PATH].join(path.delimiter),
                    },
                },
            );
            const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
            const summary = output.split('\n').filter((line) => /^Tests:|^\s+● .* › /.test(line));
            process.stdout.write(`${[...new Set(summary)].join('\n')}\n`);
            if (run.status !== 0) failed++;
        }
    } finally {
        fs.rmSync(wrapper, { recursive: true, force: true });
    }
    process.stdout.write(failed === 0 ? 'passed at every offset\n' : `failed at ${failed} of ${offsets.length} offsets\n`);
    return failed === 0 ? 0 : 1;
}

process.exit(main());
