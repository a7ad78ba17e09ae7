import * as path from 'path';

// Same locations as scripts/setup-engine.js (which primes them at postinstall); keep the two in sync.
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const ENGINE_HOME = path.join(PROJECT_ROOT, '.engine');
export const DENO_DIR = path.join(ENGINE_HOME, 'deno-dir');
/** AppManager's tempFilePath: the engine symlinks the Deno runtime here, outside node_modules. */
export const TEMP_DIR = path.join(ENGINE_HOME, 'tmp');
export const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');
export const NODE_BIN = path.join(NODE_MODULES, '.bin');
