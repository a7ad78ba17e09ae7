import { spawnSync } from 'child_process';
import * as path from 'path';
import { packagedZip } from './driver';

/**
 * `npm run load` in small: a few agents edit shared contacts while rooms close. Its checks (no lost update, no
 * contact with two records, every closed room indexed) read the app's records and the agents' screens, so a change
 * to either can silently blind them: this runs it in CI and holds it to having checked real edits.
 */
describe('npm run load, small', () => {
    it('edits contacts from several agents at once and finds nothing lost, doubled or unindexed', () => {
        const root = path.resolve(__dirname, '../..');
        const run = spawnSync(
            process.execPath,
            ['-r', 'ts-node/register/transpile-only', 'test/load/run.ts', '--zip', packagedZip(), '--agents', '6', '--seconds', '4'],
            { cwd: root, encoding: 'utf8', timeout: 110_000 },
        );
        const output = `${run.stdout}\n${run.stderr}`;
        expect({ status: run.status, output }).toMatchObject({ status: 0 });
        const edited = Number(/contacts edited: (\d+)/.exec(output)?.[1] ?? 0);
        const saved = Number(/edits: (\d+) saved/.exec(output)?.[1] ?? 0);
        expect(edited).toBeGreaterThan(5);
        expect(saved).toBeGreaterThanOrEqual(edited);
        expect(output).toMatch(/errors: 0; lost updates: 0; contacts with two records: 0; closed rooms not indexed: 0/);
    });
});
