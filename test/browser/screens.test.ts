import type { Demo } from '../../preview/demo';
import { ROW, withPreview, type PreviewPage } from './previewPage';

/** How the Contact Center's screens fit a 1440×900 screen, and how they read to a screen reader. */
describe('Contact Center screens at 1440×900', () => {
    let demo: Demo;
    let ui: PreviewPage;
    withPreview((started) => ({ demo, ui } = started));

    const rowButtonNames = () =>
        ui.modal
            .locator(`${ROW} > .rcx-grid > .rcx-grid__item > button`)
            .evaluateAll((els) => els.map((el) => (el.textContent ?? '').trim()));

    it('shows at least 10 contacts, one line each', async () => {
        await ui.page.setViewportSize({ width: 1440, height: 900 });
        await ui.as('agent1');
        await ui.openContactCenter();
        const visible = await ui.fullyVisible(ROW);
        console.log(`contacts fully visible at 1440×900: ${visible}`);
        expect(visible).toBeGreaterThanOrEqual(10);
    });

    it('names the contact each row’s button opens', async () => {
        const names = await rowButtonNames();
        const rows = await ui.rows();
        expect(names).toHaveLength(rows.length);
        expect(new Set(names).size).toBe(names.length);
        names.forEach((name, i) => expect(name).toBe(`Open ${rows[i]}`));
        // The accessible name finds exactly one button.
        await ui.act(() => ui.modal.getByRole('button', { name: names[0], exact: true }).click());
        await ui.sees('Edit');
    });

    it('titles a contact with its name, as the view’s heading', async () => {
        await ui.click('Back');
        const [first] = await ui.rows();
        await ui.openRow(first);
        await ui.modal.getByRole('heading', { level: 2, name: first, exact: true }).waitFor({ timeout: 3000 });
        // Said once: the heading, not a body line repeating it.
        expect(await ui.modal.getByText(first, { exact: true }).count()).toBe(1);
    });

    it('shows at least 10 chats, one line each, and names the chat each button opens', async () => {
        await ui.click('Chats');
        await ui.sees(/^1–25 of \d+$/);
        const visible = await ui.fullyVisible(ROW);
        console.log(`chats fully visible at 1440×900: ${visible}`);
        expect(visible).toBeGreaterThanOrEqual(10);
        const names = await rowButtonNames();
        expect(names.length).toBeGreaterThanOrEqual(10);
        expect(new Set(names).size).toBe(names.length);
        names.forEach((name) => expect(name).toMatch(/^Open chat of \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/));
    });

    it('runs the Chats tab’s contact search on Enter, keeping the rest of the filter', async () => {
        await ui.click('Filter');
        await ui.pick('Tag', 'support');
        await ui.submit('Search');
        const support = await ui.rows();
        expect(support.length).toBeGreaterThan(1);
        await ui.fill('chats-search', 'Joana');
        await ui.act(() => ui.modal.locator('[name="chats-search"]').press('Enter'));
        expect(await ui.rows()).toEqual(['Joana Prado']);
        await ui.sees('Tag: support');
        await ui.click('Filter');
        expect(await ui.picked('Tag')).toBe('support');
        expect(await ui.modal.locator('[name="filter-name"]').inputValue()).toBe('Joana');
        await ui.click('Cancel');
        await ui.click('Clear filters');
        expect((await ui.rows()).length).toBe(25);
    });

    it('shows more of a transcript on one screen', async () => {
        await ui.fill('chats-search', 'Joana');
        await ui.act(() => ui.modal.locator('[name="chats-search"]').press('Enter'));
        await ui.openRow('Joana Prado');
        await ui.click('View full conversation');
        await ui.sees('Page 1');
        const texts = [...new Set(demo.data!.messages.filter((m) => m.rid === demo.data!.longRoomId).map((m) => String(m.msg)))];
        const visible = await ui.fullyVisible('*', texts);
        console.log(`transcript messages fully visible at 1440×900: ${visible}`);
        expect(visible).toBeGreaterThanOrEqual(12);
        // The agent's lines are marked as the agent's; the contact's carry the contact's name.
        await ui.sees(/^Alice Ferreira \(agent\) · \d{2}:\d{2}: /);
        await ui.sees(/^Joana Prado · \d{4}-\d{2}-\d{2} \d{2}:\d{2}: /);
    });
});
