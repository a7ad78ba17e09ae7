import * as path from 'path';

// Same locations as scripts/setup.js (which primes them at postinstall); keep the two in sync.
export const PACKAGE_ROOT = path.resolve(__dirname, '..');
export const ENGINE_HOME = path.join(PACKAGE_ROOT, '.engine');
export const DENO_DIR = path.join(ENGINE_HOME, 'deno-dir');
/** AppManager's tempFilePath: the engine symlinks the Deno runtime here, outside node_modules. */
export const TEMP_DIR = path.join(ENGINE_HOME, 'tmp');
/** The node_modules folder that holds the engine (the workspace root's, where npm hoists it). */
export const NODE_MODULES = path.resolve(path.dirname(require.resolve('@rocket.chat/apps-engine/package.json')), '..', '..');
/** The .bin folder npm linked the `deno` package's binary into. */
export const NODE_BIN = path.join(path.dirname(require.resolve('deno/package.json')), '..', '.bin');
