import { ROW, withPreview, type PreviewPage } from './previewPage';

/** How the Contact Center's screens fit a 1440×900 screen, and how they read to a screen reader. */
describe('Contact Center screens at 1440×900', () => {
    let ui: PreviewPage;
    withPreview((started) => ({ ui } = started));

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

    it('shows at least 10 chats, one line each, and names the chat each button opens', async () => {
        await ui.click('Chats');
        const visible = await ui.fullyVisible(ROW);
        console.log(`chats fully visible at 1440×900: ${visible}`);
        expect(visible).toBeGreaterThanOrEqual(10);
        const names = await rowButtonNames();
        expect(names.length).toBeGreaterThanOrEqual(10);
        expect(new Set(names).size).toBe(names.length);
        names.forEach((name) => expect(name).toMatch(/^Open chat of \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/));
    });
});
