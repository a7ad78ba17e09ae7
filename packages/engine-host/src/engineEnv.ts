import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime';

import { DENO_DIR, NODE_BIN, PACKAGE_ROOT, TEMP_DIR } from './enginePaths';
import type { Metrics } from './metrics';

/**
 * Process-wide settings the engine reads from the environment at call time:
 * - DENO_DIR: the cache primed by scripts/setup.js (the engine runs `deno run --cached-only`).
 * - PATH: the engine spawns `deno` from PATH; node_modules/.bin holds the `deno` npm package's binary.
 * - NODE_ENV: the engine's AppPermissionManager grants EVERY permission when NODE_ENV is 'test' (Jest's default),
 *   which would hide a missing app.json permission. The real server never runs with 'test'.
 * Returns a function restoring the previous values.
 */
export function enterEngineEnvironment(): () => void {
    const saved = { DENO_DIR: process.env.DENO_DIR, PATH: process.env.PATH, NODE_ENV: process.env.NODE_ENV };
    ensureEngineSetup();
    process.env.DENO_DIR = DENO_DIR;
    const pathParts = (process.env.PATH ?? '').split(path.delimiter);
    if (!pathParts.includes(NODE_BIN)) process.env.PATH = [NODE_BIN, ...pathParts].join(path.delimiter);
    if (process.env.NODE_ENV === 'test') process.env.NODE_ENV = 'development';
    return () => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    };
}

/** postinstall normally did this; run it here too so a clone that skipped scripts still works (needs the registry). */
function ensureEngineSetup(): void {
    const primed = fs.existsSync(path.join(DENO_DIR, '.primed')) && fs.existsSync(path.join(TEMP_DIR, 'deno-runtime', 'main.ts'));
    if (!primed) execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', 'setup.js')], { stdio: 'inherit' });
}

let activeMetrics: Metrics | undefined;
let hooked = false;

/**
 * Counts every request the app's Deno process makes to the host (accessor and bridge calls): in production each
 * is a msgpack round trip over stdio. Instruments the controller class in memory; no engine file is changed.
 */
export function countRoundTrips(metrics: Metrics | undefined): void {
    activeMetrics = metrics;
    if (hooked) return;
    hooked = true;
    type Incoming = { payload?: { method?: string } };
    const proto = DenoRuntimeSubprocessController.prototype as unknown as { handleIncomingMessage(m: Incoming): Promise<void> };
    const original = proto.handleIncomingMessage;
    proto.handleIncomingMessage = function counted(this: unknown, message: Incoming) {
        const method: string | undefined = message?.payload?.method;
        if (activeMetrics && method && (method.startsWith('accessor:') || method.startsWith('bridges:'))) {
            activeMetrics.roundTrip(method);
        }
        return original.call(this, message);
    };
}
