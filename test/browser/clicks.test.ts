import * as fs from 'fs';
import * as path from 'path';
import { ROW, withPreview, type PreviewPage } from './previewPage';

/**
 * Clicks per common task, counted in the browser: every press of the mouse on the page (typing and Enter are not
 * clicks). Starts from the Rocket.Chat home with nothing open; ends when the task's result is on screen. The
 * README's table comes from here (and from this file run on an earlier commit, for "before").
 */
describe('Clicks per common task', () => {
    let ui: PreviewPage;
    withPreview((started) => ({ ui } = started));
    const counted: Record<string, number> = {};

    type Counter = { __clicks?: number };
    const start = () => ui.page.evaluate(() => ((globalThis as unknown as Counter).__clicks = 0));
    const clicks = () => ui.page.evaluate(() => (globalThis as unknown as Counter).__clicks ?? 0);

    /** User menu → Contact Center, then a search submitted with Enter. */
    async function searchContacts(query: string): Promise<void> {
        await ui.openUserMenu();
        await ui.act(() => ui.page.getByRole('menuitem', { name: 'Contact Center', exact: true }).click());
        await ui.modal.waitFor();
        await ui.fill('cc-query', query);
        await ui.act(() => ui.modal.locator('[name="cc-query"]').press('Enter'));
    }

    beforeAll(async () => {
        await ui.page.addInitScript(() => {
            const counter = globalThis as unknown as Counter & {
                document: { addEventListener(t: string, f: (e: { isTrusted: boolean }) => void, c: boolean): void };
            };
            counter.__clicks = 0;
            counter.document.addEventListener('mousedown', (e) => e.isTrusted && (counter.__clicks = (counter.__clicks ?? 0) + 1), true);
        });
        await ui.page.reload();
    });

    afterAll(() => {
        console.log(
            Object.entries(counted)
                .map(([task, n]) => `${task}: ${n}`)
                .join('\n'),
        );
        const out = path.resolve(__dirname, '../../test-results');
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, 'clicks.json'), JSON.stringify(counted, null, 4));
    });

    it('find a contact and open their last chat', async () => {
        await ui.as('agent1');
        await start();
        await searchContacts('Joana Prado');
        await ui.openRow('Joana Prado');
        // The contact's closed conversations, newest first.
        await ui.act(() => ui.modal.locator(ROW).first().locator('button').click());
        await ui.sees('Room information');
        counted['Find a contact and open their last chat'] = await clicks();
        expect(counted['Find a contact and open their last chat']).toBeLessThanOrEqual(4);
        await ui.closeModal();
    });

    it('tag an old chat, from the contact', async () => {
        await start();
        await searchContacts('Joana Prado');
        await ui.openRow('Joana Prado');
        await ui.act(() => ui.modal.locator(ROW).nth(1).locator('button').click());
        await ui.sees('Room information');
        await ui.click('Tags');
        await ui.fill('tags', 'callback');
        await ui.submit('Save');
        await ui.sees('Room information');
        counted['Tag an old chat (from the contact)'] = await clicks();
        expect(counted['Tag an old chat (from the contact)']).toBeLessThanOrEqual(6);
        await ui.closeModal();
    });

    it('tag an old chat, from the Chats list', async () => {
        await start();
        await ui.openUserMenu();
        await ui.act(() => ui.page.getByRole('menuitem', { name: 'Contact Center', exact: true }).click());
        await ui.click('Chats');
        if (await ui.modal.locator('[name="chats-search"]').count()) {
            // The contact search above the list, run with Enter.
            await ui.fill('chats-search', 'Joana');
            await ui.act(() => ui.modal.locator('[name="chats-search"]').press('Enter'));
        } else {
            // The filter's inputs, shown at once (earlier versions) or behind Filter.
            if (await ui.modal.getByRole('button', { name: 'Filter', exact: true }).count()) await ui.click('Filter');
            await ui.fill('filter-name', 'Joana');
            await ui.submit('Search');
        }
        await ui.act(() => ui.modal.locator(ROW).nth(1).locator('button').click());
        await ui.sees('Room information');
        await ui.click('Tags');
        await ui.fill('tags', 'callback-2');
        await ui.submit('Save');
        await ui.sees('Room information');
        counted['Tag an old chat (from the Chats list)'] = await clicks();
        expect(counted['Tag an old chat (from the Chats list)']).toBeLessThanOrEqual(6);
        await ui.closeModal();
    });

    it('broadcast to a search', async () => {
        await ui.as('manager');
        await start();
        await searchContacts('kenji');
        await ui.click('Broadcast');
        await ui.click('New broadcast');
        await ui.fill('message', 'Hello {first_name}');
        await ui.submit('Preview');
        await ui.sees(/contacts? will receive it\.$/);
        const confirm = ui.modal.locator('input[type="checkbox"]').first();
        if (!(await confirm.isChecked())) await ui.modal.getByText(/^Send this message to \d+ contacts?$/).click();
        await ui.submit('Send');
        await ui.sees('The broadcast started: it is sent in the background.');
        counted['Broadcast to a search'] = await clicks();
        // Includes ticking the confirmation, which starts unticked on purpose.
        expect(counted['Broadcast to a search']).toBeLessThanOrEqual(7);
        await ui.closeModal();
    });
});
