import type { Demo } from '../../preview/demo';
import { Collections } from '@contact-center/engine-host';
import { withPreview, type PreviewPage } from './previewPage';

/** The flows an agent and a manager finish in one go: New Contact, Edit from a chat, a Broadcast sent and reported. */
describe('Contact Center flows in the browser', () => {
    let demo: Demo;
    let ui: PreviewPage;
    withPreview((started) => ({ demo, ui } = started));

    it('New Contact: filled in and saved, it opens and appears in search', async () => {
        await ui.as('agent1');
        await ui.openContactCenter();
        await ui.click('New Contact');
        await ui.modal.locator('input[name="name"]').waitFor();
        await ui.fill('name', 'Carla Nova');
        await ui.fill('emails', 'carla.nova@example.com');
        await ui.fill('phones', '(11) 91234-5678');
        await ui.fill('company', 'Nova Ltda');
        await ui.submit('Save');
        await ui.sees('carla.nova@example.com');
        await ui.sees('+55 11 91234 5678');
        await ui.sees('Nova Ltda');

        await ui.click('Contacts');
        expect(await ui.search('nova')).toContain('Carla Nova');
        expect(await ui.search('carla nov')).toEqual(['Carla Nova']);
        expect(await ui.search('11912345678')).toEqual(['Carla Nova']);
        expect(await ui.search('CARLA.NOVA@EXAMPLE.COM')).toEqual(['Carla Nova']);
    });

    it('Edit from a closed chat: the contact changes and the chat shows the new name', async () => {
        await ui.click('Chats');
        await ui.click('Filter');
        await ui.fill('filter-name', 'Kenji');
        await ui.submit('Search');
        // Kenji was served by agent2: agent1 does not see that chat.
        expect(await ui.rows()).toEqual([]);
        await ui.closeModal();

        await ui.as('agent2');
        await ui.openContactCenter();
        await ui.click('Chats');
        await ui.click('Filter');
        await ui.fill('filter-name', 'Kenji');
        await ui.submit('Search');
        expect(await ui.rows()).toEqual(['Kenji Watanabe']);
        await ui.openRow('Kenji Watanabe');
        await ui.sees('Room information');
        await ui.click('Edit');
        await ui.modal.locator('input[name="name"]').waitFor();
        await ui.fill('name', 'Kenji Watanabe Sato');
        await ui.fill('phones', '+81 90-1234-5678');
        await ui.submit('Save');
        await ui.sees('+81 90 1234 5678');

        await ui.click('Chats');
        await ui.click('Filter');
        await ui.fill('filter-name', 'Sato');
        await ui.submit('Search');
        expect(await ui.rows()).toContain('Kenji Watanabe Sato');
        await ui.closeModal();
    });

    it('Broadcast: the manager previews a message to a tag’s contacts, sends it, and reads the report', async () => {
        await ui.as('manager');
        await ui.openContactCenter();
        await ui.click('Broadcast');
        await ui.click('New broadcast');
        await ui.fill('tag', 'vip');
        await ui.fill('message', 'Hello {first_name}, your account manager has news.');
        await ui.submit('Preview');
        await ui.sees(/^\d+ of \d+ contacts will receive it\.$/);
        await ui.sees('Hello Kenji, your account manager has news.');
        await ui.shot('broadcast-preview');

        const summary = await ui.modal.getByText(/contacts will receive it\.$/).innerText();
        const [deliverable] = summary.split(' ').map(Number);
        expect(deliverable).toBeGreaterThan(0);
        // The confirmation starts unticked: Send without it says so beside the box.
        await ui.submit('Send');
        await ui.sees('Tick this box to send the message.');
        await ui.modal.getByText(`Send this message to ${deliverable} contacts`, { exact: true }).click();
        await ui.submit('Send');
        await ui.sees('The broadcast started: it is sent in the background.');

        // The preview's job runner sends in the background; Refresh shows the progress until it is finished.
        for (let i = 0; i < 60 && !(await ui.modal.getByText('Finished', { exact: true }).count()); i++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            await ui.click('Refresh');
        }
        await ui.sees('Finished');
        await ui.sees(new RegExp(`^Sent ${deliverable} · failed 0 · skipped \\d+ of \\d+$`));
        // Its Report button names it by when it was created.
        await ui.act(() =>
            ui.modal
                .getByRole('button', { name: /^Report of \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ })
                .first()
                .click(),
        );
        await ui.sees('Kenji Watanabe Sato');
        await ui.shot('broadcast-report');

        // Sent as "a new conversation from you": one conversation per recipient, opened by the app (the demo also
        // has conversations another app, WhatsApp, opened).
        expect(await demo.host.store.collection(Collections.rooms).count({ 'source.type': 'app', 'source.id': demo.host.appId })).toBe(
            deliverable,
        );
        await ui.closeModal();
    });

    it('speaks the agent’s language: German labels, and the app’s own form errors in German', async () => {
        await ui.as('agent1');
        await ui.page.locator('#preview-language').click();
        await ui.page.getByRole('option', { name: 'Deutsch' }).click();
        await ui.openContactCenter();
        await ui.modal.getByRole('button', { name: 'Kontakte', exact: true }).waitFor();
        await ui.click('Neuer Kontakt');
        await ui.fill('emails', 'carla@@example');
        await ui.submit('Speichern');
        await ui.sees('Geben Sie einen Namen ein.');
        await ui.sees('„carla@@example“ ist keine gültige E-Mail-Adresse.');
        await ui.shot('contact-form-error-de');
        await ui.closeModal();

        await ui.page.locator('#preview-language').click();
        await ui.page.getByRole('option', { name: 'English' }).click();
        await ui.openContactCenter();
        await ui.modal.getByRole('button', { name: 'Contacts', exact: true }).waitFor();
        await ui.closeModal();
    });
});
