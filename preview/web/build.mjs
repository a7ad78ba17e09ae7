// Bundles the preview page into preview/web/dist (run from anywhere: `node preview/web/build.mjs`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const modules = join(here, 'node_modules', '@rocket.chat');
const production = !process.argv.includes('--dev');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'fonts'), { recursive: true });

await build({
    entryPoints: [join(here, 'src', 'main.tsx')],
    outfile: join(dist, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
    minify: production,
    sourcemap: true,
    jsx: 'transform',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    logLevel: 'warning',
});

for (const file of readdirSync(join(here, 'static'))) copyFileSync(join(here, 'static', file), join(dist, file));
copyFileSync(join(modules, 'fuselage', 'dist', 'fuselage.css'), join(dist, 'fuselage.css'));
for (const font of ['rocketchat.woff2', 'rocketchat.woff']) {
    copyFileSync(join(modules, 'icons', 'dist', 'font', font), join(dist, 'fonts', font));
}
console.log(`preview page built in ${dist}`);
