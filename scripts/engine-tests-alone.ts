/**
 * Runs every engine test on its own, one Jest run each, and reports those that fail alone. Each engine test must
 * set up what it needs: run alone (`-t '<its full name>'`), it must give the result it gives in its whole file.
 * A tool for maintainers, not part of `npm test` (it takes a while: one Jest run per test).
 *
 *   npx ts-node --transpile-only scripts/engine-tests-alone.ts [test/engine/foo.test.ts ...] [--grep <text>]
 *
 * The tests are listed by a Jest run whose name filter matches nothing: every test is reported as skipped, with
 * its file and full name, and no setup runs. Each test then runs as
 * `jest --selectProjects engine --runTestsByPath <file> -t '^<its full name, escaped>$'`, which must report exactly
 * one test, passed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

interface JestJson {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

/** Runs Jest on the engine project with `args`, returns its JSON report (and its output, for a failure). */
function runJest(args: string[]): { json?: JestJson; output: string } {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-alone-')), 'result.json');
    const run = spawnSync(process.execPath, [jest, '--selectProjects', 'engine', '--json', '--outputFile', out, ...args], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const json = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson) : undefined;
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    return { json, output };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function main(): number {
    const argv = process.argv.slice(2);
    const grepAt = argv.indexOf('--grep');
    const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
    const files = argv.filter((_, i) => grepAt < 0 || (i !== grepAt && i !== grepAt + 1));
    const listed = runJest([...(files.length > 0 ? ['--runTestsByPath', ...files] : []), '-t', '^a name no test has$']);
    if (!listed.json) {
        process.stderr.write(listed.output);
        return 2;
    }
    const tests = listed.json.testResults
        .flatMap((file) => file.assertionResults.map((t) => ({ file: path.relative(root, file.name), name: t.fullName })))
        .filter((t) => !grep || t.name.includes(grep) || t.file.includes(grep))
        .sort((a, b) => a.file.localeCompare(b.file));
    const started = Date.now();
    process.stdout.write(`${tests.length} engine tests in ${new Set(tests.map((t) => t.file)).size} files, each run alone\n`);
    const failed: { file: string; name: string; why: string }[] = [];
    for (const [i, test] of tests.entries()) {
        const t0 = Date.now();
        const { json, output } = runJest(['--runTestsByPath', test.file, '-t', `^${escape(test.name)}$`]);
        const ok = !!json && json.numPassedTests === 1 && json.numFailedTests === 0 && json.numTotalTests >= 1;
        const seconds = ((Date.now() - t0) / 1000).toFixed(1);
        process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${i + 1}/${tests.length} ${test.file} › ${test.name} (${seconds} s)\n`);
        if (!ok) {
            // The test's own failure, else the file's (a setup that failed, a suite that did not run), else Jest's output.
            const own = json?.testResults.flatMap((f) => f.assertionResults.flatMap((a) => a.failureMessages ?? [])) ?? [];
            const file = json?.testResults.map((f) => f.message ?? '').filter((m) => m !== '') ?? [];
            const why =
                [own, file].find((m) => m.length > 0)?.join('\n') ??
                (json ? `${json.numPassedTests} passed of ${json.numTotalTests}` : output);
            failed.push({ ...test, why });
        }
    }
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    process.stdout.write(`\n${tests.length - failed.length} of ${tests.length} engine tests pass alone (${minutes} min)\n`);
    for (const f of failed) process.stdout.write(`\nFAILS ALONE: ${f.file} › ${f.name}\n${f.why.slice(0, 4000)}\n`);
    return failed.length > 0 ? 1 : 0;
}

process.exitCode = main();
