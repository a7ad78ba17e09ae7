#!/usr/bin/env node
/*
 * Makes @rocket.chat/apps-engine 1.62.0's Deno runtime runnable on machines that reach only the npm registry
 * (jsr.io unreachable). The repository's `postinstall` runs it; idempotent and quick when already done.
 *
 * 1. Points the runtime's deno.jsonc import map at local stand-ins (deno-shims/) for the three jsr:@std
 *    functions it uses (jsr.io is unreachable) and for the one value import from the unshipped src/.
 * 2. Creates the symlink the engine itself would create (<tempFilePath>/deno-runtime -> runtime dir), because Deno
 *    refuses to run code under node_modules, and primes a DENO_DIR through it with `deno cache`, since the engine
 *    spawns `deno run --cached-only`. Both live in this package's .engine/ (git-ignored); the host passes the same
 *    paths.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script: npm runs it before anything is built */

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ENGINE_HOME = path.join(ROOT, '.engine');
// Keep these three in sync with src/enginePaths.ts.
const DENO_DIR = path.join(ENGINE_HOME, 'deno-dir');
const TEMP_DIR = path.join(ENGINE_HOME, 'tmp');
const SHIMS_DIR = path.join(ROOT, 'deno-shims');
const PRIMED_MARKER = path.join(DENO_DIR, '.primed');

const log = (msg) => console.log(`[engine-host setup] ${msg}`);

function engineDir() {
    return path.dirname(require.resolve('@rocket.chat/apps-engine/package.json', { paths: [ROOT] }));
}

/** The `deno` npm package's binary, linked into the .bin folder of the node_modules that holds it (hoisted or not). */
function denoBinary() {
    const local = path.join(path.dirname(require.resolve('deno/package.json', { paths: [ROOT] })), '..', '.bin', 'deno');
    return fs.existsSync(local) ? local : 'deno';
}

/** deno.jsonc is plain JSON in 1.62.0; strip line comments defensively in case a patch release adds some. */
function readJsonc(file) {
    const text = fs.readFileSync(file, 'utf8');
    return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
}

function patchImportMap(runtimeDir) {
    const configPath = path.join(runtimeDir, 'deno.jsonc');
    const config = readJsonc(configPath);
    const rel = (file) => {
        const r = path.relative(runtimeDir, path.join(SHIMS_DIR, file)).split(path.sep).join('/');
        return r.startsWith('.') ? r : `./${r}`;
    };
    const imports = { ...config.imports };
    // Drop the jsr entries so nothing ever tries to reach jsr.io; the subpath the runtime imports gets its own key.
    delete imports['@std/cli'];
    imports['@std/cli/parse-args'] = rel('std-cli-parse-args.js');
    imports['@std/io'] = rel('std-io.js');
    imports['@std/streams'] = rel('std-streams.js');
    // Exact key beats the "@rocket.chat/apps-engine/" -> "../src/" prefix; the prefix itself must stay, because
    // the runtime's require() resolves through it and strips "src/".
    imports['@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts'] = rel('AppsEngineException.js');
    const next = `${JSON.stringify({ ...config, imports }, null, '\t')}\n`;
    if (fs.readFileSync(configPath, 'utf8') !== next) {
        fs.writeFileSync(configPath, next);
        log(`patched import map in ${path.relative(ROOT, configPath)}`);
    }
    return configPath;
}

/** Same link the engine makes in its constructor; it tolerates EEXIST, so a correct link made here is reused. */
function ensureRuntimeLink(runtimeDir) {
    fs.mkdirSync(TEMP_DIR, { recursive: true });
    const link = path.join(TEMP_DIR, 'deno-runtime');
    let current = null;
    try {
        current = fs.readlinkSync(link);
    } catch (e) {
        if (e.code !== 'ENOENT') throw e;
    }
    if (current !== runtimeDir) {
        fs.rmSync(link, { force: true, recursive: true });
        fs.symlinkSync(runtimeDir, link, 'dir');
    }
    return link;
}

/** What the primed cache depends on. deno.lock is included: `deno cache` rewrites it, and a fresh `npm ci` restores it. */
function fingerprint(runtimeDir, configPath, deno) {
    const hash = crypto.createHash('sha256');
    hash.update(childProcess.execFileSync(deno, ['--version']).toString());
    hash.update(fs.readFileSync(configPath));
    const lock = path.join(runtimeDir, 'deno.lock');
    if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
    hash.update(runtimeDir);
    for (const f of fs.readdirSync(SHIMS_DIR).sort()) hash.update(fs.readFileSync(path.join(SHIMS_DIR, f)));
    return hash.digest('hex');
}

function primeCache(runtimeDir, configPath, link) {
    const deno = denoBinary();
    if (fs.existsSync(PRIMED_MARKER) && fs.readFileSync(PRIMED_MARKER, 'utf8') === fingerprint(runtimeDir, configPath, deno)) {
        return false;
    }
    fs.mkdirSync(DENO_DIR, { recursive: true });
    log(`priming ${path.relative(ROOT, DENO_DIR)} (npm: specifiers come from the npm registry)`);
    childProcess.execFileSync(deno, ['cache', `--config=${configPath}`, path.join(link, 'main.ts')], {
        stdio: 'inherit',
        env: { ...process.env, DENO_DIR },
    });
    fs.writeFileSync(PRIMED_MARKER, fingerprint(runtimeDir, configPath, deno));
    return true;
}

function main() {
    const runtimeDir = path.join(engineDir(), 'deno-runtime');
    const configPath = patchImportMap(runtimeDir);
    const link = ensureRuntimeLink(runtimeDir);
    const primed = primeCache(runtimeDir, configPath, link);
    log(primed ? 'engine ready' : 'engine already set up');
}

if (require.main === module) {
    try {
        main();
    } catch (e) {
        console.error('[engine-host setup] failed:', e && e.message ? e.message : e);
        process.exit(1);
    }
}

module.exports = { DENO_DIR, TEMP_DIR, ENGINE_HOME, main };
