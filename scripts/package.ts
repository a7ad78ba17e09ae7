/**
 * Builds dist/<nameSlug>_<version>.zip, the package an admin installs.
 *
 * 1. Rocket.Chat's app compiler (@rocket.chat/apps-compiler) type-checks and compiles the app, checks
 *    the permissions and finds the interfaces the main class implements (app.json "implements").
 *    It reads every .ts file under its folder, so it works on a staged copy of the app's sources only.
 * 2. esbuild bundles the compiled files and their npm dependencies into the one main file, as the
 *    current apps CLI does: the Deno runtime gets a single file and no node_modules.
 * 3. The zip holds app.json, the bundle, icon and i18n files.
 *
 * A zip built from the same sources (the app's files, the lock file, the compiler settings and this script) is
 * reused: its sources' hash is kept beside it, so tests that package the app again cost nothing until a file changes.
 */
import { AppsCompiler } from '@rocket.chat/apps-compiler';
import { createHash } from 'crypto';
import { build as bundle } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import * as yazl from 'yazl';

const root = path.resolve(__dirname, '..');
const APP_SOURCES = ['app.json', 'icon.png', 'ContactCenterApp.ts', 'src', 'i18n'];

/** Everything a package is built from, besides the installed dependencies the lock file pins. */
const BUILD_INPUTS = [...APP_SOURCES, 'package-lock.json', 'tsconfig.json', 'scripts/package.ts'];

export async function packageApp(outDir = path.join(root, 'dist')): Promise<string> {
    const info = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
    const zipPath = path.join(outDir, `${info.nameSlug}_${info.version}.zip`);
    const hashPath = `${zipPath}.sources`;
    const hash = sourcesHash();
    if (fs.existsSync(zipPath) && fs.existsSync(hashPath) && fs.readFileSync(hashPath, 'utf8') === hash) {
        return zipPath;
    }
    // Per process: tests and tools may package at the same time.
    const work = path.join(root, '.engine', `package-${process.pid}`);
    try {
        const built = await build(work, outDir);
        fs.writeFileSync(hashPath, hash);
        return built;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

function sourcesHash(): string {
    const hash = createHash('sha256');
    const add = (file: string) => {
        if (fs.statSync(file).isDirectory()) {
            fs.readdirSync(file)
                .sort()
                .forEach((entry) => add(path.join(file, entry)));
        } else {
            hash.update(path.relative(root, file))
                .update('\0')
                .update(new Uint8Array(fs.readFileSync(file)))
                .update('\0');
        }
    };
    BUILD_INPUTS.map((entry) => path.join(root, entry))
        .filter((file) => fs.existsSync(file))
        .forEach(add);
    return hash.digest('hex');
}

/**
 * The compiler checks the main class by evaluating the compiled modules, each in a new VM context, and keeps no module
 * cache: a module is evaluated once per import path that reaches it, not once (about 25,000 contexts for this app, held
 * until the check ends, enough to exhaust the heap of a test process as the app grows). Its `requireCompiled` answers
 * here from a cache, as Node's own require does: each module once, whatever the number of paths to it.
 */
function evaluateModulesOnce(compiler: AppsCompiler): void {
    const loader = compiler as unknown as { requireCompiled: (file: string) => object };
    const evaluate = loader.requireCompiled.bind(compiler);
    const evaluated = new Map<string, object>();
    loader.requireCompiled = (file) => {
        const held = evaluated.get(file) ?? evaluate(file);
        evaluated.set(file, held);
        return held;
    };
}

async function build(work: string, outDir: string): Promise<string> {
    const stage = path.join(work, 'stage');
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    for (const entry of APP_SOURCES) {
        copy(path.join(root, entry), path.join(stage, entry));
    }
    // The compiler loads the engine from <app>/node_modules to check the main class.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const info = JSON.parse(fs.readFileSync(path.join(stage, 'app.json'), 'utf8'));
    const compiler = new AppsCompiler(
        { tool: 'contact-center/scripts/package', version: info.version, when: new Date() },
        require('typescript'),
    );
    // The compiler's built-in options predate strict mode and DOM-free libs; use the project's own.
    const ts = require('typescript');
    const own = ts.convertCompilerOptionsFromJson(
        JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions,
        root,
    ).options;
    Object.assign(compiler as unknown as { compilerOptions: object }, {
        compilerOptions: {
            ...(compiler as unknown as { compilerOptions: object }).compilerOptions,
            ...own,
            types: ['node'],
            noEmit: false,
            declaration: false,
            // The compiler's module host cannot follow this package's nested package.json to its types.
            baseUrl: root,
            paths: { ...own.paths, 'libphonenumber-js/max': ['node_modules/libphonenumber-js/max/index.d.ts'] },
        },
    });
    evaluateModulesOnce(compiler);
    const result = await compiler.compile(stage);
    if (result.diagnostics.length > 0) {
        throw new Error(`The app does not compile:\n${result.diagnostics.map((d) => d.message).join('\n')}`);
    }

    const compiledDir = path.join(work, 'compiled');
    fs.rmSync(compiledDir, { recursive: true, force: true });
    for (const [name, code] of Object.entries(compiler.output())) {
        const file = path.join(compiledDir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, code);
    }
    // Local requires resolve from the compiled folder; the i18n JSON files are required from ../../i18n.
    copy(path.join(root, 'i18n'), path.join(compiledDir, 'i18n'));
    const mainJs = info.classFile.replace(/\.ts$/, '.js');
    const bundled = await bundle({
        entryPoints: [path.join(compiledDir, mainJs)],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
        target: 'es2020',
        external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
        nodePaths: [path.join(root, 'node_modules')],
        legalComments: 'none',
    });

    info.implements = compiler.getImplemented();
    const zipPath = path.join(outDir, `${info.nameSlug}_${info.version}.zip`);
    const partial = `${zipPath}.${process.pid}.part`;
    fs.mkdirSync(outDir, { recursive: true });
    const zip = new yazl.ZipFile();
    zip.addBuffer(
        Buffer.from(JSON.stringify({ tool: 'contact-center/scripts/package', version: info.version, when: new Date() })),
        '.packagedby',
    );
    zip.addBuffer(Buffer.from(JSON.stringify(info, null, 4)), 'app.json');
    zip.addBuffer(Buffer.from(bundled.outputFiles[0].text), mainJs);
    zip.addFile(path.join(root, info.iconFile), info.iconFile);
    for (const file of fs.readdirSync(path.join(root, 'i18n'))) {
        zip.addFile(path.join(root, 'i18n', file), `i18n/${file}`);
    }
    zip.end();
    await new Promise<void>((resolve, reject) => {
        zip.outputStream.pipe(fs.createWriteStream(partial)).on('close', resolve).on('error', reject);
    });
    fs.renameSync(partial, zipPath);
    return zipPath;
}

function copy(from: string, to: string): void {
    if (fs.statSync(from).isDirectory()) {
        fs.mkdirSync(to, { recursive: true });
        for (const entry of fs.readdirSync(from)) {
            copy(path.join(from, entry), path.join(to, entry));
        }
    } else {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
    }
}

if (require.main === module) {
    packageApp(process.argv[2]).then(
        (zip) => console.log(`Packaged ${path.relative(process.cwd(), zip)}`),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
