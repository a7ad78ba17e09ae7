import type { Demo } from '../../preview/demo';
import { withPreview, type PreviewPage } from './previewPage';

/** The Contacts tab in the browser: the real app (packaged zip, Apps-Engine) behind Rocket.Chat's UI Kit renderer. */
describe('Contacts in the browser', () => {
    let demo: Demo;
    let ui: PreviewPage;
    withPreview((started) => ({ demo, ui } = started));

    /** Visitors of the rooms an agent served (open or closed): the contacts that agent may see. */
    const servedBy = (username: string) => {
        const agent = demo.data!.agents.find((a) => a.username === username)!;
        const ids = new Set(demo.data!.rooms.filter((r) => r.servedBy?._id === agent._id).map((r) => r.v._id));
        return demo.data!.visitors.filter((v) => ids.has(v._id)).map((v) => v.name as string);
    };

    it('lists only the contacts the agent served', async () => {
        await ui.as('agent1');
        await ui.page.getByRole('listitem', { name: 'Lucía Fernández' }).waitFor();
        await ui.openUserMenu();
        await ui.shot('user-menu');
        await ui.act(() => ui.page.getByRole('menuitem', { name: 'Contact Center', exact: true }).click());
        await ui.modal.getByRole('button', { name: 'Chats', exact: true }).waitFor();
        const mine = servedBy('agent1');
        await ui.sees(`1–${Math.min(25, mine.length)} of ${mine.length}`);
        const rows = await ui.rows();
        expect(rows.length).toBe(Math.min(25, mine.length));
        expect(mine).toEqual(expect.arrayContaining(rows));
        expect(rows).not.toContain('Kenji Watanabe');
        await ui.shot('contacts-list');
    });

    it('searches a name fragment, opens the contact, edits its name, and search finds the new name', async () => {
        expect(await ui.search('prad')).toEqual(['Joana Prado']);
        await ui.openRow('Joana Prado');
        await ui.sees('joana.prado@example.com');
        await ui.sees('+55 11 98888 1234');
        await ui.shot('contact');

        await ui.click('Edit');
        await ui.modal.locator('input[name="name"]').waitFor();
        await ui.fill('name', 'Joana Prado Reis');
        await ui.submit('Save');
        await ui.sees('Joana Prado Reis');

        await ui.click('Contacts');
        expect(await ui.search('reis')).toEqual(['Joana Prado Reis']);
    });

    it('refuses a New Contact with a bad email, next to the field', async () => {
        await ui.click('New Contact');
        await ui.fill('name', 'Carla Nova');
        await ui.fill('emails', 'carla@@example');
        await ui.submit('Save');
        await ui.sees('“carla@@example” is not a valid email address.');
        await ui.shot('contact-form-error');
        await ui.closeModal();
    });

    it('opens the contact of an open room from the room toolbar', async () => {
        await ui.page.getByRole('listitem', { name: 'Lucía Fernández' }).click();
        await ui.page.locator('[data-qa="room-title"]', { hasText: 'Lucía Fernández' }).waitFor();
        await ui.act(() => ui.page.getByRole('toolbar', { name: 'Room toolbar' }).getByRole('button', { name: 'Contact Center' }).click());
        // Beside the conversation, in the contextual bar: the conversation stays in view.
        const bar = ui.page.locator('[data-qa="uikit-contextual-bar"]');
        await bar.getByText('Email: lucia.fernandez@example.es', { exact: true }).waitFor();
        expect(await ui.modal.count()).toBe(0);
        // The conversation stays in view, and the bar is headed by the contact's name.
        await ui.page.locator('[data-qa="room-title"]', { hasText: 'Lucía Fernández' }).waitFor();
        await bar.getByRole('heading', { name: 'Lucía Fernández' }).waitFor();
        await ui.shot('room-toolbar-contact');
        // Open in Contact Center opens the contact over the room.
        await ui.click('Open in Contact Center', bar);
        await ui.sees('lucia.fernandez@example.es');
        await ui.closeModal();
    });

    it('shows a manager the contact of another agent that the agent cannot see', async () => {
        expect(servedBy('agent1')).not.toContain('Kenji Watanabe');
        await ui.openContactCenter();
        expect(await ui.search('kenji')).toEqual([]);
        await ui.sees('No contacts match “kenji”.');
        await ui.closeModal();

        await ui.as('manager');
        await ui.openContactCenter();
        expect(await ui.search('kenji')).toEqual(['Kenji Watanabe']);
        await ui.openRow('Kenji Watanabe');
        await ui.sees('kenji@watanabe.example.jp');
        await ui.closeModal();
    });

    it('refuses a user without omnichannel role, who does not even see the button', async () => {
        await ui.as('uma');
        await ui.openUserMenu();
        expect(await ui.page.getByRole('menuitem', { name: 'Contact Center', exact: true }).count()).toBe(0);
        await ui.shot('user-menu-no-role');
        await ui.act(() => ui.page.getByRole('menuitem', { name: 'Contact Center (hidden)' }).click());
        await ui.sees('The Contact Center is for omnichannel agents and managers.');
        expect(await ui.rows()).toEqual([]);
        await ui.shot('refused');
        await ui.closeModal();
    });

    // The checks every step runs (PreviewPage.expectSound) must catch what a broken app would send.
    it.each([
        [
            'a raw i18n key',
            { type: 'section', blockId: 'x', text: { type: 'plain_text', text: 'tab_unknown', i18n: { key: 'tab_unknown' } } },
        ],
        ['a block the renderer drops', { type: 'no_such_block', blockId: 'y' }],
        ['a block the renderer cannot draw', { type: 'actions', blockId: 'z', elements: [{ type: 'button', actionId: 'a' }] }],
    ])('fails a step when the view has %s', async (_case, block) => {
        await ui.as('agent1');
        await ui.openContactCenter();
        const real = demo.backend.currentView.bind(demo.backend);
        demo.backend.currentView = (userId) => {
            const shown = real(userId) as { view: { blocks: object[] } };
            return { ...shown, view: { ...shown.view, blocks: [...shown.view.blocks, block] } };
        };
        try {
            await ui.page.reload();
            await ui.modal.waitFor();
            await expect(ui.settled()).rejects.toThrow();
        } finally {
            demo.backend.currentView = real;
            ui.problems.length = 0;
            await ui.page.reload();
            await ui.modal.waitFor();
            await ui.closeModal();
        }
    });
});
