// Stand-in for the unshipped src/definition/exceptions/AppsEngineException.ts: re-export the compiled class from
// definition/. The path is resolved the way the runtime's own lib/require.ts does it (import map, then drop
// "src/"), so the same module instance is shared and `instanceof` agrees. A bare require() from here would
// search deno-shims/node_modules, outside what the engine lets Deno read.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const compiled = import.meta
    .resolve('@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.js')
    .replace('file://', '')
    .replace('apps-engine/src/', 'apps-engine/');

export const { AppsEngineException } = require(compiled);
