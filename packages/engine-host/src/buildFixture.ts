import * as fs from 'fs';
import * as path from 'path';

import { ENGINE_HOME, NODE_MODULES, PACKAGE_ROOT } from './enginePaths';

/**
 * The compiler checks the main class by requiring `<appDir>/node_modules/@rocket.chat/apps-engine/...`, so an app
 * kept in the source tree is staged under .engine/ next to a node_modules link (a link in the tree would be
 * committed: .gitignore's `node_modules/` only ignores directories).
 */
function copyDir(from: string, to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const [src, dest] = [path.join(from, entry.name), path.join(to, entry.name)];
        if (entry.isDirectory()) copyDir(src, dest);
        else fs.copyFileSync(src, dest);
    }
}

function stage(appDir: string): string {
    const staged = path.join(ENGINE_HOME, 'build', path.basename(appDir));
    fs.rmSync(staged, { recursive: true, force: true });
    fs.mkdirSync(staged, { recursive: true });
    copyDir(appDir, staged);
    fs.symlinkSync(NODE_MODULES, path.join(staged, 'node_modules'), 'dir');
    return staged;
}

// Compiles and zips an app directory with the same compiler rc-apps uses. Cached on the sources' mtime so a
// test run compiles at most once.
export async function packageApp(appDir: string, outFile: string): Promise<string> {
    const sources = fs
        .readdirSync(appDir)
        .filter((f) => !f.startsWith('.'))
        .map((f) => path.join(appDir, f));
    const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs));
    if (fs.existsSync(outFile) && fs.statSync(outFile).mtimeMs > newest) return outFile;
    appDir = stage(appDir);

    const { AppsCompiler } = require('@rocket.chat/apps-compiler');
    const compiler = new AppsCompiler({ tool: 'test-host', version: '0', when: new Date() }, require('typescript'));
    // The compiler ignores tsconfig.json; @types/node and TypeScript 5.9's DOM lib clash on AbortSignal otherwise.
    compiler.compilerOptions.skipLibCheck = true;
    const result = await compiler.compile(appDir);
    if (result.diagnostics.length) {
        const lines = result.diagnostics.map(
            (d: { filename: string; line: number; message: string }) => `${d.filename}:${d.line}: ${d.message}`,
        );
        throw new Error(`Compiling ${appDir} failed:\n${lines.join('\n')}`);
    }
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    await compiler.outputZip(outFile);
    return outFile;
}

export const FIXTURE_APP_DIR = path.join(PACKAGE_ROOT, 'fixture-app');
export const FIXTURE_ZIP = path.join(ENGINE_HOME, 'fixture-app.zip');

export const buildFixtureApp = () => packageApp(FIXTURE_APP_DIR, FIXTURE_ZIP);
