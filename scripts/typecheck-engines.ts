/**
 * `npm run typecheck:engines`: type-checks the app (ContactCenterApp.ts and src/) against the Apps-Engine definitions
 * of the oldest engine app.json's requiredApiVersion admits and of the newest on the registry, so that a call a
 * supported server lacks fails the build. The definitions are fetched from the npm registry once (npm pack, no
 * install scripts) into node_modules/.cache/engines.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The lowest version `requiredApiVersion` admits (Rocket.Chat 8.0), and the newest published definitions. */
export const ENGINE_VERSIONS = ['1.59.0', '1.66.0'];

const root = path.join(__dirname, '..');
const cache = path.join(root, 'node_modules', '.cache', 'engines');

function definitions(version: string): string {
    const dir = path.join(cache, version);
    if (!fs.existsSync(path.join(dir, 'package', 'definition'))) {
        fs.mkdirSync(dir, { recursive: true });
        const tarball = execFileSync('npm', ['pack', `@rocket.chat/apps-engine@${version}`, '--pack-destination', dir, '--silent'], {
            cwd: dir,
            encoding: 'utf8',
        }).trim();
        execFileSync('tar', [
            'xzf',
            path.join(dir, tarball.split('\n').pop() as string),
            '-C',
            dir,
            'package/definition',
            'package/package.json',
        ]);
    }
    return path.join(dir, 'package');
}

function check(version: string): void {
    const pkg = definitions(version);
    const config = path.join(cache, `tsconfig.${version}.json`);
    const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    fs.writeFileSync(
        config,
        JSON.stringify(
            {
                extends: path.join(root, 'tsconfig.json'),
                compilerOptions: {
                    types: ['node'],
                    baseUrl: root,
                    paths: {
                        ...(base.compilerOptions.paths as Record<string, string[]>),
                        '@rocket.chat/apps-engine/*': [`${pkg}/*`],
                    },
                },
                include: [path.join(root, 'ContactCenterApp.ts'), path.join(root, 'src/**/*.ts')],
            },
            null,
            2,
        ),
    );
    try {
        execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], { stdio: 'inherit' });
    } catch {
        process.stderr.write(`The app does not type-check against Apps-Engine ${version} (see above).\n`);
        process.exit(1);
    }
    process.stdout.write(`The app type-checks against Apps-Engine ${version}.\n`);
}

for (const version of ENGINE_VERSIONS) {
    check(version);
}
