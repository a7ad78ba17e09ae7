import { Collections } from '@contact-center/engine-host';
import type { Demo } from '../../preview/demo';
import { withPreview, type PreviewPage } from './previewPage';

/** The preview page around the app: who you are, the URL, closing a chat, selects, scrolling to a new page. */
describe('The preview page', () => {
    let ui: PreviewPage;
    let demo: Demo;
    withPreview((started) => ({ demo, ui } = started));

    const picker = () => ui.page.locator('#preview-user');

    it('shows the whole name and role of who you preview as', async () => {
        await ui.page.setViewportSize({ width: 1440, height: 900 });
        await ui.as('manager');
        await picker().getByText('Marta Lindqvist (manager)', { exact: true }).waitFor();
        // Nothing in the picker is cut ("Marta Lindqvi…").
        const cut = await picker().evaluate((el) =>
            [el, ...Array.from(el.querySelectorAll('*'))]
                .filter((e) => !e.closest('[aria-hidden="true"]') && e.scrollWidth > e.clientWidth + 1)
                .map((e) => e.outerHTML.slice(0, 200)),
        );
        expect(cut).toEqual([]);
        // Nor in its list of people.
        await picker().click();
        const options = ui.page.getByRole('option');
        await options.first().waitFor();
        const cutOptions = await options.evaluateAll(
            (els) =>
                els.flatMap((el) => [el, ...Array.from(el.querySelectorAll('*'))]).filter((e) => e.scrollWidth > e.clientWidth + 1).length,
        );
        expect(await options.count()).toBeGreaterThan(5);
        await ui.page.keyboard.press('Escape');
        expect(cutOptions).toBe(0);
    });

    it('keeps ?user= in step with the picker, and a reload keeps the user', async () => {
        await ui.as('agent2');
        expect(new URL(ui.page.url()).searchParams.get('user')).toBe('agent2');
        await ui.page.reload();
        await picker().getByText('Bruno Costa (agent)', { exact: true }).waitFor();
        await ui.as('agent1');
        expect(new URL(ui.page.url()).searchParams.get('user')).toBe('agent1');
        await ui.page.reload();
        await picker().getByText('Alice Ferreira (agent)', { exact: true }).waitFor();
    });

    it('asks before closing a chat from the sidebar; Cancel keeps it open', async () => {
        const close = ui.page.getByRole('button', { name: 'Close chat with Chloé Rossi' });
        const dialog = ui.page.getByRole('dialog', { name: 'Close the chat with Chloé Rossi?' });
        await close.click();
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog.waitFor({ state: 'detached' });
        await ui.page.getByRole('listitem', { name: 'Chloé Rossi' }).waitFor();
        await close.click();
        await dialog.getByRole('button', { name: 'Close chat', exact: true }).click();
        await ui.page.getByRole('listitem', { name: 'Chloé Rossi' }).waitFor({ state: 'detached' });
    });

    it('shows a recipient’s name as given in the recipients select, never as HTML', async () => {
        await ui.as('manager');
        await ui.openContactCenter();
        await ui.click('New Contact');
        await ui.fill('name', "José O'Brien");
        await ui.fill('emails', 'jose.obrien@example.com');
        await ui.submit('Save');
        await ui.sees('jose.obrien@example.com');
        await ui.click('Contacts');
        await ui.click('Broadcast');
        await ui.click('New broadcast');
        await ui.fill('query', "o'brien");
        await ui.fill('message', 'Hello {first_name}');
        await ui.submit('Preview');
        await ui.sees(/contacts will receive it\.$/);
        const shown = await ui.modal.innerText();
        expect(shown).toContain("José O'Brien");
        expect(shown).not.toContain('&#x27;');
        await ui.closeModal();
    });

    it('shows an input’s placeholder as given, never as HTML', async () => {
        // With no agent recorded yet (an install whose chats predate the agent picker), the agent filter is typed.
        await demo.host.store
            .collection(Collections.persistence)
            .deleteMany({ associations: { $all: [{ model: 'misc', id: 'cc:terms:agent' }] } });
        await ui.openContactCenter();
        await ui.click('Chats');
        await ui.click('Filter');
        const agent = ui.modal.locator('input[name="filter-agent"]');
        expect(await agent.getAttribute('placeholder')).toBe("Agent's username");
        await ui.closeModal();
    });

    it('starts a new page at its top (Next in a long transcript)', async () => {
        await ui.as('agent1');
        await ui.openContactCenter();
        await ui.click('Chats');
        await ui.click('Filter');
        await ui.fill('filter-name', 'Joana');
        await ui.submit('Search');
        await ui.openRow('Joana Prado');
        await ui.click('View full conversation');
        await ui.sees('Page 1');
        const content = ui.page.locator('.rcx-modal__content');
        await content.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        expect(await content.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
        await ui.click('Next');
        await ui.sees('Page 2');
        expect(await content.evaluate((el) => el.scrollTop)).toBe(0);
        await ui.closeModal();
    });
});
