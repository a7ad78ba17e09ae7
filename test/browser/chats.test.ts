import type { Demo } from '../../preview/demo';
import { withPreview, type PreviewPage } from './previewPage';

/** The Chats tab (archive of closed conversations) in the browser, with the real app behind it. */
describe('Chats in the browser', () => {
    let demo: Demo;
    let ui: PreviewPage;
    withPreview((started) => ({ demo, ui } = started));

    const closedBy = (username: string) => {
        const agent = demo.data!.agents.find((a) => a.username === username)!;
        return demo.data!.rooms.filter((r) => !r.open && r.servedBy?._id === agent._id);
    };

    it('lists only the closed chats of the agent: an open room is not there', async () => {
        await ui.as('agent1');
        await ui.openContactCenter();
        await ui.click('Chats');
        const mine = closedBy('agent1');
        await ui.sees(`1–25 of ${mine.length}`);
        const names = new Set(mine.map((r) => r.v.name));
        const rows = await ui.rows();
        expect(rows).toHaveLength(25);
        expect(rows.every((name) => names.has(name))).toBe(true);
        // An agent's own chats: one line each, the contact and its tags (no agent column: it is always them).
        expect(await ui.modal.getByText(/ · Alice Ferreira/).count()).toBe(0);
        await ui.shot('chats-list');

        await ui.click('Filter');
        await ui.fill('filter-name', 'Lucía');
        await ui.submit('Search');
        expect(await ui.rows()).toEqual([]);
    });

    it('opens a chat, reads the long conversation page by page, and goes back', async () => {
        await ui.click('Filter');
        await ui.fill('filter-name', 'Joana');
        await ui.submit('Search');
        expect(await ui.rows()).toEqual(['Joana Prado', 'Joana Prado']);
        await ui.openRow('Joana Prado');
        await ui.sees('Room information');
        expect(await ui.fields()).toMatchObject({
            Contact: 'Joana Prado',
            Agent: 'Alice Ferreira',
            'Closed by': 'Alice Ferreira',
            Messages: '120',
        });
        await ui.shot('room-information');

        await ui.click('View full conversation');
        await ui.sees('Page 1');
        await ui.sees(/^Alice Ferreira \(agent\) · \d{2}:\d{2}: Hi Joana, this is Alice\. Sorry about that! Which version are you on\?$/);
        await ui.click('Next');
        await ui.sees('Page 2');
        await ui.shot('transcript');
        await ui.click('Next');
        await ui.sees('Page 3');
        expect(await ui.modal.getByRole('button', { name: 'Next', exact: true }).count()).toBe(0);
        await ui.click('Back');
        await ui.sees('Room information');
    });

    it('adds a tag to a chat, and the tag filter finds it', async () => {
        await ui.click('Tags');
        await ui.modal.locator('textarea[name="tags"]').waitFor();
        await ui.fill('tags', 'escalated');
        await ui.submit('Save');
        await ui.sees('Room information');
        expect((await ui.fields()).Tags).toMatch(/(^|, )escalated$/);

        await ui.click('Chats');
        await ui.click('Filter');
        await ui.pick('Tag', 'escalated');
        await ui.submit('Search');
        expect(await ui.rows()).toEqual(['Joana Prado']);
        await ui.sees(/^Joana Prado · \w+ \+1$/);
        await ui.closeModal();
    });

    it('filters backfilled chats by their Rocket.Chat tags', async () => {
        await ui.openContactCenter();
        await ui.click('Chats');
        await ui.click('Filter');
        await ui.pick('Tag', 'support');
        await ui.submit('Search');
        const supportRooms = closedBy('agent1').filter((r) => r.tags?.includes('support'));
        expect(await ui.rows()).toHaveLength(supportRooms.length);
    });

    it('archives a room closed from the sidebar at once', async () => {
        if (await ui.modal.count()) await ui.closeModal();
        await ui.page.getByRole('button', { name: 'Close chat with Pedro Alves' }).click();
        await ui.page
            .getByRole('dialog', { name: 'Close the chat with Pedro Alves?' })
            .getByRole('button', { name: 'Close chat', exact: true })
            .click();
        await ui.page.getByRole('listitem', { name: 'Pedro Alves' }).waitFor({ state: 'detached' });
        await ui.openContactCenter();
        await ui.click('Chats');
        const mine = closedBy('agent1');
        await ui.sees(`1–25 of ${mine.length + 1}`);
        expect((await ui.rows())[0]).toBe('Pedro Alves');
        await ui.openRow('Pedro Alves');
        expect(await ui.fields()).toMatchObject({ Contact: 'Pedro Alves', 'Closed by': 'Alice Ferreira' });
    });
});
