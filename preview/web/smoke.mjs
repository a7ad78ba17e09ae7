// Browser check of the preview page with the fake backend: `node preview/web/smoke.mjs` (after build.mjs).
// Starts the server on a free port, drives Chromium through the main paths, screenshots each step.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = process.env.SHOTS_DIR ?? '/tmp/preview-shots';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(shots, { recursive: true });

const freePort = () => new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
    });
});

async function startServer(port) {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'preview/runFake.ts'], {
        cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('listening') && resolve());
        child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
        sleep(30000).then(() => reject(new Error('server did not start in 30 s')));
    });
    return child;
}

let passed = 0;
let failed = 0;
async function step(name, page, fn) {
    try {
        await fn();
        passed += 1;
        console.log(`ok - ${name}`);
    } catch (error) {
        failed += 1;
        console.log(`not ok - ${name}: ${error.message.split('\n')[0]}`);
    }
    await page.screenshot({ path: join(shots, `${String(passed + failed).padStart(2, '0')}-${name}.png`) });
}

const port = await freePort();
const server = await startServer(port);
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const outside = [];
const problems = [];
try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    page.setDefaultTimeout(5000);
    await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
        outside.push(url);
        return route.abort();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));

    const modal = page.locator('[data-qa="uikit-modal"]');
    const bar = page.locator('[data-qa="uikit-contextual-bar"]');
    const pickUser = async (label) => {
        await page.locator('#preview-user').click();
        await page.getByRole('option', { name: label }).click();
    };
    const openContactCenter = async () => {
        await page.getByRole('button', { name: 'User menu' }).click();
        await page.getByRole('menuitem', { name: 'Contact Center' }).click();
        await modal.waitFor();
    };

    await step('home', page, async () => {
        await page.goto(base);
        await page.getByText('Welcome to Contact Center').waitFor();
    });
    await step('pick-agent', page, async () => {
        await pickUser('Alice Agent');
        await page.getByRole('listitem', { name: 'Ana Lima' }).waitFor();
    });
    await step('user-menu', page, async () => {
        await page.getByRole('button', { name: 'User menu' }).click();
        await page.getByRole('menuitem', { name: 'Contact Center' }).waitFor();
    });
    await step('contacts-modal', page, async () => {
        await page.getByRole('menuitem', { name: 'Contact Center' }).click();
        await modal.getByRole('button', { name: 'Contacts' }).waitFor();
        await modal.getByRole('button', { name: 'Chats' }).waitFor();
        await modal.getByText('1–3 of 5').waitFor();
    });
    await step('next-page', page, async () => {
        await modal.getByRole('button', { name: 'Next' }).click();
        await modal.getByText('4–5 of 5').waitFor();
        await modal.getByRole('button', { name: 'Previous' }).click();
        await modal.getByText('1–3 of 5').waitFor();
    });
    await step('search', page, async () => {
        await modal.getByPlaceholder('Name, email or phone').fill('an');
        await modal.getByRole('button', { name: 'Search' }).click();
        await modal.getByText('Dmitri Ivanov').waitFor();
        await modal.getByText('1–2 of 2').waitFor();
    });
    await step('open-contact', page, async () => {
        await modal.getByRole('button', { name: 'Open' }).first().click();
        await modal.getByText('lima ltda', { exact: false }).waitFor();
    });
    await step('edit-form', page, async () => {
        await modal.getByRole('button', { name: 'Edit' }).click();
        await modal.getByText('This contact asked not to receive broadcasts').scrollIntoViewIfNeeded();
    });
    await step('form-errors', page, async () => {
        await modal.locator('input[name="name"]').fill('');
        await modal.locator('textarea[name="emails"]').fill('ana@example.com\nnot-an-email');
        await modal.getByRole('button', { name: 'Save' }).click();
        await modal.getByText('A name is required.').waitFor();
        await modal.getByText('“not-an-email” is not an email address.').waitFor();
    });
    await step('form-saved', page, async () => {
        await modal.locator('input[name="name"]').fill('Ana Lima Souza');
        await modal.locator('textarea[name="emails"]').fill('ana@example.com');
        await modal.getByText('This contact asked not to receive broadcasts').click();
        await modal.getByRole('button', { name: 'Save' }).click();
        await modal.getByText('Ana Lima Souza').first().waitFor();
        await modal.getByText('Yes').waitFor();
    });
    await step('contextual-bar', page, async () => {
        await modal.getByRole('button', { name: 'Show in side panel' }).click();
        await bar.getByText('ana@example.com').waitFor();
        await page.getByRole('listitem', { name: 'Ana Lima' }).click();
        await page.getByRole('heading', { name: 'Ana Lima', exact: true }).waitFor();
    });
    await step('contextual-bar-closed', page, async () => {
        await bar.getByRole('button', { name: 'Close' }).last().click();
        await bar.waitFor({ state: 'detached' });
    });
    await step('room-action', page, async () => {
        await page.getByRole('listitem', { name: 'Ben Okafor' }).click();
        await page.getByRole('toolbar', { name: 'Room toolbar' }).getByRole('button', { name: 'Contact Center' }).click();
        await modal.getByText('Okafor & Sons', { exact: false }).waitFor();
        await modal.getByRole('button', { name: 'Close' }).click();
        await modal.waitFor({ state: 'detached' });
    });
    await step('archive-grows', page, async () => {
        await page.getByRole('button', { name: 'Close chat with Ben Okafor' }).click();
        await page.getByRole('listitem', { name: 'Ben Okafor' }).waitFor({ state: 'detached' });
        await openContactCenter();
        await modal.getByRole('button', { name: 'Chats' }).click();
        await modal.getByText('Ben Okafor').waitFor();
        await modal.getByText('Closed by alice.agent', { exact: false }).waitFor();
    });
    await step('no-role-user', page, async () => {
        await page.keyboard.press('Escape');
        await modal.waitFor({ state: 'detached' });
        await pickUser('Uma User');
        await page.getByRole('button', { name: 'User menu' }).click();
        await page.getByRole('menu').waitFor();
        if (await page.getByRole('menuitem', { name: 'Contact Center', exact: true }).count()) throw new Error('Contact Center offered to a user without role');
    });
} finally {
    await browser.close();
    server.kill('SIGTERM');
}
if (outside.length) {
    failed += 1;
    console.log(`not ok - requests outside the preview server: ${outside.join(', ')}`);
}
for (const p of problems) console.log(`# ${p}`);
console.log(`screenshots in ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
