import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright-core';
import { startDemo, type Demo } from '../../preview/demo';

const root = path.resolve(__dirname, '../..');
/**
 * `npm run screenshots` refreshes the README's pictures; an ordinary test run keeps its screenshots in test-results/,
 * so that `npm test` leaves the work tree as it found it.
 */
export const SHOTS_DIR =
    process.env.UPDATE_SCREENSHOTS === '1' ? path.join(root, 'docs', 'screenshots') : path.join(root, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-gpu',
    '--no-first-run',
    '--disable-component-update',
    '--disable-sync',
];
/** The DOM as the page-side callbacks use it (the project compiles without the DOM library). */
interface Shown {
    innerText: string;
    children: ArrayLike<unknown>;
    querySelector(selector: string): Shown | null;
}
declare const document: { querySelector(selector: string): Shown | null };
/** A list row: a section whose accessory is a button (a contact, a chat). */
export const ROW = '.rcx-grid__wrapper:has(> .rcx-grid > .rcx-grid__item > button)';
/** A row's text (the first cell of its grid). */
const ROW_TEXT = '.rcx-grid__item:first-child > span';
const EN: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'i18n', 'en.json'), 'utf8'));

/** The real app (small demo data) behind the preview page, and a headless Chromium on it. */
export async function launch(): Promise<{ demo: Demo; browser: Browser; ui: PreviewPage; close: () => Promise<void> }> {
    const zipPath = process.env.CONTACT_CENTER_ZIP;
    if (!zipPath) throw new Error('CONTACT_CENTER_ZIP is not set: run through jest (the browser project packages the app)');
    const demo = await startDemo({ zipPath, size: 'small', port: 0 });
    // A browser that cannot start (Chromium not installed) stops the demo too, or its engine keeps jest from exiting.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }).catch(async (error: unknown) => {
        await demo.stop();
        throw error;
    });
    const close = async () => {
        await browser.close();
        await demo.stop();
    };
    try {
        const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
        const ui = new PreviewPage(page, demo);
        await ui.watch();
        return { demo, browser, ui, close };
    } catch (error) {
        await close();
        throw error;
    }
}

/** Starts the demo and Chromium before a file's tests (handing them to `use`) and stops both after them. */
export function withPreview(use: (started: { demo: Demo; ui: PreviewPage }) => void): void {
    let launching: ReturnType<typeof launch> | undefined;
    beforeAll(async () => {
        launching = launch();
        use(await launching);
    });
    afterAll(async () => (await launching?.catch(() => undefined))?.close());
}

/** Rocket.Chat's client as a person uses it: pick who you are, open menus, click what the app shows. */
export class PreviewPage {
    readonly modal: Locator;
    readonly problems: string[] = [];
    private userId?: string;

    constructor(
        readonly page: Page,
        readonly demo: Demo,
    ) {
        this.modal = page.locator('[data-qa="uikit-modal"]');
        page.setDefaultTimeout(15_000);
    }

    /** Page errors, console errors and requests outside the preview server are collected as problems. */
    async watch(): Promise<void> {
        const base = this.demo.server.url.replace('localhost', '127.0.0.1');
        this.page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
        this.page.on('console', (m) => m.type() === 'error' && this.problems.push(`console: ${m.text()}`));
        await this.page.route('**/*', (route) => {
            const url = route.request().url();
            if (url.startsWith(this.demo.server.url) || url.startsWith(base) || url.startsWith('data:')) return route.continue();
            this.problems.push(`request outside the preview: ${url}`);
            return route.abort();
        });
        await this.page.goto(this.demo.server.url);
    }

    /** "Preview as": the sidebar's user picker. */
    async as(username: string): Promise<void> {
        const user = (await this.demo.backend.users()).find((u) => u.username === username);
        if (!user) throw new Error(`No demo user ${username}`);
        await this.page.locator('#preview-user').click();
        await this.page.getByRole('option', { name: new RegExp(`^${user.name} \\(`) }).click();
        await this.page.getByRole('button', { name: 'User menu' }).waitFor();
        this.userId = user.id;
    }

    async openUserMenu(): Promise<void> {
        await this.page.getByRole('button', { name: 'User menu' }).click();
        await this.page.getByRole('menu').waitFor();
    }

    async openContactCenter(): Promise<void> {
        await this.openUserMenu();
        await this.act(() => this.page.getByRole('menuitem', { name: 'Contact Center', exact: true }).click());
        await this.modal.waitFor();
    }

    /** Escape closes a modal in Rocket.Chat, whatever its footer says (Close, Cancel). */
    async closeModal(): Promise<void> {
        await this.act(() => this.page.keyboard.press('Escape'));
        await this.modal.waitFor({ state: 'detached' });
    }

    /** Clicks a button of the view and waits for the page to show the app's answer. */
    async click(label: string, scope: Locator = this.modal): Promise<void> {
        await this.act(() => scope.getByRole('button', { name: label, exact: true }).first().click());
    }

    /** Opens the row (contact, chat) whose text starts with `name`, with its button. */
    async openRow(name: string): Promise<void> {
        await this.act(() => this.row(name).locator('button').first().click());
    }

    /**
     * Does something that POSTs to the preview server, then waits for the page to fetch and draw what the user
     * now sees (the page POSTs, then GETs /api/view), and checks it.
     */
    async act(action: () => Promise<void>): Promise<void> {
        let stop = () => undefined as void;
        const fetched = new Promise<void>((resolve, reject) => {
            let posted = false;
            const fresh = new Set<Request>();
            const timer = setTimeout(() => {
                stop();
                reject(new Error('The page did not fetch the view after the action'));
            }, 20_000);
            const onRequest = (r: Request) => posted && r.method() === 'GET' && r.url().includes('/api/view?') && fresh.add(r);
            const onDone = (r: Request) => {
                if (r.method() === 'POST' && r.url().includes('/api/')) posted = true;
                else if (fresh.has(r)) {
                    stop();
                    resolve();
                }
            };
            stop = () => {
                clearTimeout(timer);
                this.page.off('request', onRequest).off('requestfinished', onDone).off('requestfailed', onDone);
            };
            this.page.on('request', onRequest).on('requestfinished', onDone).on('requestfailed', onDone);
        });
        try {
            await action();
        } catch (error) {
            stop();
            throw error;
        }
        await fetched;
        await this.settled();
    }

    /** The list row (a section with a button) of `name`: its text is the name, then " · " and more. */
    row(name: string): Locator {
        return this.modal
            .locator(ROW)
            .filter({ has: this.page.locator(ROW_TEXT).getByText(new RegExp(`^${escapeRegExp(name)}( · .*)?$`)) });
    }

    /** Names of the rows (contacts, chats), in order: what their text says before the first " · ". */
    async rows(): Promise<string[]> {
        const texts = await this.modal.locator(`${ROW} > .rcx-grid > ${ROW_TEXT}`).allInnerTexts();
        return texts.map((text) => text.split(' · ')[0].trim());
    }

    /** Label → value of the two-column fields (room information). */
    async fields(): Promise<Record<string, string>> {
        const pairs = await this.modal
            .locator('.rcx-grid__wrapper > .rcx-grid')
            .evaluateAll((grids) =>
                grids
                    .map((g) => [...g.children].map((c) => (c as unknown as Shown).innerText.trim()))
                    .filter((cells) => cells.length === 2),
            );
        return Object.fromEntries(pairs);
    }

    async fill(field: string, value: string): Promise<void> {
        await this.modal.locator(`[name="${field}"]`).fill(value);
    }

    /** Picks an option of the select labelled `label`, as an agent does: open it, then click the option. */
    async pick(label: string, option: string): Promise<void> {
        await this.select(label).click();
        await this.page.getByRole('option', { name: option, exact: true }).click();
    }

    /** The option a select labelled `label` shows as picked. */
    async picked(label: string): Promise<string> {
        // The select's text is the option picked, then its chevron icon (a glyph of the icon font).
        return (await this.select(label).innerText()).split('\n')[0].trim();
    }

    /** The select of the modal's field labelled `label`. */
    private select(label: string): Locator {
        const field = this.modal.locator('.rcx-field').filter({ has: this.page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
        return field.locator('.rcx-select');
    }

    async submit(label = 'Search'): Promise<void> {
        await this.act(() => this.modal.getByRole('button', { name: label, exact: true }).last().click());
    }

    async search(query: string): Promise<string[]> {
        await this.fill('cc-query', query);
        await this.submit('Search');
        return this.rows();
    }

    async sees(text: string | RegExp, exact = true): Promise<void> {
        await this.modal.getByText(text, { exact }).first().waitFor();
    }

    /**
     * Waits until the page shows the view the backend holds, then checks it is sound: every block rendered,
     * no renderer error, no page error, every label translated.
     */
    async settled(): Promise<void> {
        const view = this.currentView();
        const shown = (expected: { id: string; count: number } | undefined) => {
            const frame = document.querySelector('[data-qa="uikit-modal"], [data-qa="uikit-contextual-bar"]');
            if (!expected) return !frame;
            const form = frame?.querySelector(`[id="${expected.id}-title"]`) && frame?.querySelector('form');
            return !!form && (form.children.length === expected.count || !!frame?.querySelector('[data-qa="uikit-render-error"]'));
        };
        const expected = view && { id: view.id, count: view.blocks.length };
        // Drawn in a moment; a block the renderer drops never shows, and expectSound says which.
        await this.page.waitForFunction(shown, expected, { timeout: 3000 }).catch(() => undefined);
        await this.expectSound();
    }

    private currentView(): { id: string; blocks: unknown[] } | undefined {
        return this.userId ? (this.demo.backend.currentView(this.userId).view as { id: string; blocks: unknown[] } | undefined) : undefined;
    }

    async expectSound(): Promise<void> {
        const view = this.currentView();
        const frame = this.page.locator('[data-qa="uikit-modal"], [data-qa="uikit-contextual-bar"]');
        const rendered = view
            ? await frame.first().evaluate((el) => ({
                  blocks: el.querySelector('form')?.children.length ?? 0,
                  title: (el.querySelector('[id$="-title"]') as unknown as Shown | null)?.innerText.trim() ?? '',
                  error: (el.querySelector('[data-qa="uikit-render-error"]') as unknown as Shown | null)?.innerText,
              }))
            : undefined;
        if (view && rendered) {
            expect(rendered.error).toBeUndefined();
            expect(rendered.title).not.toBe('');
            expect({ view: view.id, blocks: rendered.blocks }).toEqual({ view: view.id, blocks: view.blocks.length });
        }
        expect(untranslated(view, await this.page.locator('body').innerText())).toEqual([]);
        expect(this.problems).toEqual([]);
    }

    /**
     * How many of the elements `selector` finds in the open view are entirely on screen: inside the viewport and
     * inside the view's scrolling content (what an agent sees without scrolling). With `texts`, only innermost
     * elements that contain one of them.
     */
    async fullyVisible(selector: string, texts?: string[]): Promise<number> {
        return this.page.evaluate(
            ({ sel, wanted }) => {
                interface Box {
                    top: number;
                    bottom: number;
                }
                interface El {
                    textContent: string | null;
                    childElementCount: number;
                    getBoundingClientRect(): Box;
                    querySelectorAll(s: string): ArrayLike<El>;
                }
                const doc = document as unknown as El & { querySelector(s: string): El | null };
                const view = (globalThis as unknown as { innerHeight: number }).innerHeight;
                const content = doc.querySelector('.rcx-modal__content, [data-qa="uikit-contextual-bar"] form');
                if (!content) return 0;
                const frame = content.getBoundingClientRect();
                const top = Math.max(0, frame.top);
                const bottom = Math.min(view, frame.bottom);
                return Array.from(content.querySelectorAll(sel)).filter((el) => {
                    if (wanted && (el.childElementCount > 0 || !wanted.some((w) => (el.textContent ?? '').includes(w)))) return false;
                    const r = el.getBoundingClientRect();
                    return r.top >= top - 0.5 && r.bottom <= bottom + 0.5 && r.bottom > r.top;
                }).length;
            },
            { sel: selector, wanted: texts },
        );
    }

    async shot(name: string): Promise<void> {
        fs.mkdirSync(SHOTS_DIR, { recursive: true });
        await this.page.locator('.rcx-modal__content').evaluateAll((els) => els.forEach((el) => el.scrollTo(0, 0)));
        await this.page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
    }
}

/** Raw i18n keys or placeholders on screen, and keys the view uses that en.json lacks. */
export function untranslated(view: unknown, screenText: string): string[] {
    const keys = new Set<string>();
    JSON.stringify(view ?? {}, (k, v) => (k === 'i18n' && v && typeof v.key === 'string' && keys.add(v.key), v));
    const missing = [...keys].filter((k) => !(k in EN)).map((k) => `missing key ${k}`);
    const lines = screenText.split('\n').map((l) => l.trim());
    const raw = lines.filter((l) => l in EN && l !== EN[l]).map((l) => `raw key on screen: ${l}`);
    // {first_name} is a broadcast placeholder the agent types, not a raw key.
    const snake = [...screenText.matchAll(/(?<!\{)\b[a-z]+(?:_[a-z0-9]+)+\b(?!\})|__[A-Za-z0-9_]+__|app-[0-9a-f-]{36}\./g)].map(
        (m) => `raw text on screen: ${m[0]}`,
    );
    return [...missing, ...raw, ...snake];
}

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
