import * as path from 'path';
import type { CurrentView, PreviewActionButton, PreviewBackend, PreviewBlockAction, PreviewRoom, PreviewUser, ViewErrors } from './backend';
import {
    FAKE_APP_ID, FAKE_I18N, type FakeClosedChat, type FakeContact,
    chatsView, contactBar, contactForm, contactView, contactsView, refusedView,
} from './fakeViews';

/** In-memory stand-in for the app, to develop and test the page without the Apps-Engine. */

const OMNICHANNEL_ROLES = ['livechat-agent', 'livechat-manager', 'admin'];

const USERS: PreviewUser[] = [
    { id: 'u-alice', username: 'alice.agent', name: 'Alice Agent', roles: ['user', 'livechat-agent'] },
    { id: 'u-bruno', username: 'bruno.agent', name: 'Bruno Agent', roles: ['user', 'livechat-agent'] },
    { id: 'u-maria', username: 'maria.manager', name: 'Maria Manager', roles: ['user', 'livechat-manager'] },
    { id: 'u-uma', username: 'uma.user', name: 'Uma User', roles: ['user'] },
];

const seedContacts = (): FakeContact[] => [
    { id: 'c1', name: 'Ana Lima', emails: ['ana@example.com'], phones: ['+55 11 91234-5678'], company: 'Lima Ltda', notes: 'Prefers email.', doNotContact: false, revision: 1 },
    { id: 'c2', name: 'Ben Okafor', emails: ['ben@okafor.ng'], phones: [], company: 'Okafor & Sons', notes: '', doNotContact: false, revision: 1 },
    { id: 'c3', name: 'Chloé Martin', emails: ['chloe@martin.fr'], phones: ['+33 6 12 34 56 78'], company: '', notes: '', doNotContact: true, revision: 1 },
    { id: 'c4', name: 'Dmitri Ivanov', emails: [], phones: ['+7 912 345-67-89'], company: 'Volga Freight', notes: '', doNotContact: false, revision: 1 },
    { id: 'c5', name: 'Emma Schmidt', emails: ['emma@schmidt.de'], phones: [], company: '', notes: 'Call after 2 pm.', doNotContact: false, revision: 1 },
];

const seedRooms = (): PreviewRoom[] => [
    { id: 'r1', name: 'Ana Lima', open: true, servedBy: { id: 'u-alice', username: 'alice.agent' } },
    { id: 'r2', name: 'Ben Okafor', open: true, servedBy: { id: 'u-alice', username: 'alice.agent' } },
    { id: 'r3', name: 'Dmitri Ivanov', open: true, servedBy: { id: 'u-bruno', username: 'bruno.agent' } },
    { id: 'r4', name: 'Emma Schmidt', open: false, servedBy: { id: 'u-bruno', username: 'bruno.agent' } },
];

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const lines = (v: unknown): string[] => (typeof v === 'string' ? v.split('\n').map((s) => s.trim()).filter(Boolean) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A form value: state = { [blockId]: { [actionId]: value } }, block id and action id being the field name. */
const field = (state: object, name: string): unknown => (state as Record<string, Record<string, unknown> | undefined>)[name]?.[name];

export class FakeBackend implements PreviewBackend {
    private contacts = seedContacts();
    private roomList = seedRooms();
    private archive: FakeClosedChat[] = [{ roomId: 'r4', visitor: 'Emma Schmidt', agent: 'bruno.agent', when: 'yesterday 16:20' }];
    private views = new Map<string, object>();

    appId(): string {
        return FAKE_APP_ID;
    }

    appName(): string {
        return 'Contact Center';
    }

    appIconPath(): string {
        return path.join(__dirname, '..', 'icon.png');
    }

    actionButtons(): PreviewActionButton[] {
        return [
            { actionId: 'cc-open', context: 'userDropdownAction', labelI18n: 'Contact Center', hasOneRole: OMNICHANNEL_ROLES },
            { actionId: 'cc-open-room', context: 'roomAction', labelI18n: 'action_contact_center', hasOneRole: OMNICHANNEL_ROLES },
        ];
    }

    async users(): Promise<PreviewUser[]> {
        return USERS;
    }

    async rooms(userId: string): Promise<PreviewRoom[]> {
        const user = this.user(userId);
        if (!user) return [];
        if (user.roles.includes('livechat-manager') || user.roles.includes('admin')) return this.roomList;
        return this.roomList.filter((r) => r.servedBy?.id === user.id);
    }

    i18n(): Record<string, string> {
        return Object.fromEntries(Object.entries(FAKE_I18N).map(([key, value]) => [`app-${FAKE_APP_ID}.${key}`, value]));
    }

    async actionButton(userId: string, actionId: string, roomId?: string): Promise<void> {
        const room = roomId ? this.roomList.find((r) => r.id === roomId) : undefined;
        const contact = room && actionId === 'cc-open-room' ? this.contacts.find((c) => c.name === room.name) : undefined;
        this.show(userId, contact ? contactView(contact) : this.contactsScreen('', 0));
    }

    async blockAction(userId: string, a: PreviewBlockAction): Promise<void> {
        const value = typeof a.value === 'string' ? a.value : '';
        const contact = this.contacts.find((c) => c.id === value);
        switch (a.actionId) {
            case 'cc-tab-contacts':
            case 'cc-back':
                return this.show(userId, this.contactsScreen('', 0));
            case 'cc-tab-chats':
                return this.show(userId, chatsView(this.archive));
            case 'cc-page': {
                const page = JSON.parse(value || '{}') as { q?: string; p?: number };
                return this.show(userId, this.contactsScreen(page.q ?? '', page.p ?? 0));
            }
            case 'cc-contact-open':
                return this.show(userId, contact ? contactView(contact) : this.contactsScreen('', 0));
            case 'cc-contact-edit':
                return this.show(userId, contactForm(contact));
            case 'cc-contact-new':
                return this.show(userId, contactForm());
            case 'fake-pin':
                return contact ? this.show(userId, contactBar(contact)) : undefined;
        }
    }

    async viewSubmit(userId: string, viewId: string, state: object): Promise<{ errors?: ViewErrors }> {
        if (viewId === 'cc-contacts') {
            this.show(userId, this.contactsScreen(text(field(state, 'cc-query')), 0));
            return {};
        }
        const edit = /^cc-contact-edit:(\w+):\d+$/.exec(viewId);
        if (viewId !== 'cc-contact-new' && !edit) {
            this.views.delete(userId);
            return {};
        }
        const input = {
            name: text(field(state, 'name')),
            emails: lines(field(state, 'emails')),
            phones: lines(field(state, 'phones')),
            company: text(field(state, 'company')),
            notes: text(field(state, 'notes')),
            doNotContact: Array.isArray(field(state, 'doNotContact')) && (field(state, 'doNotContact') as unknown[]).includes('yes'),
        };
        const errors: ViewErrors = {};
        if (!input.name) errors.name = 'A name is required.';
        const bad = input.emails.find((e) => !EMAIL.test(e));
        if (bad) errors.emails = `“${bad}” is not an email address.`;
        if (Object.keys(errors).length) return { errors };
        let contact = edit ? this.contacts.find((c) => c.id === edit[1]) : undefined;
        if (contact) {
            Object.assign(contact, input, { revision: contact.revision + 1 });
        } else {
            contact = { id: `c${this.contacts.length + 1}`, revision: 1, ...input };
            this.contacts.push(contact);
        }
        this.show(userId, contactView(contact));
        return {};
    }

    async viewClose(userId: string, viewId: string): Promise<void> {
        if ((this.views.get(userId) as { id?: string } | undefined)?.id === viewId) this.views.delete(userId);
    }

    async closeRoom(roomId: string, userId: string): Promise<void> {
        const room = this.roomList.find((r) => r.id === roomId);
        const user = this.user(userId);
        if (!room || !user || !room.open) throw new Error('No such open room.');
        room.open = false;
        this.archive.unshift({ roomId, visitor: room.name, agent: user.username, when: new Date().toISOString().slice(11, 16) });
    }

    currentView(userId: string): CurrentView {
        const view = this.views.get(userId);
        return view ? { view } : {};
    }

    private user(userId: string): PreviewUser | undefined {
        return USERS.find((u) => u.id === userId);
    }

    private show(userId: string, view: object): void {
        const user = this.user(userId);
        this.views.set(userId, user && user.roles.some((r) => OMNICHANNEL_ROLES.includes(r)) ? view : refusedView());
    }

    private contactsScreen(query: string, page: number) {
        const q = query.toLowerCase();
        const found = this.contacts.filter((c) => !q || [c.name, ...c.emails, ...c.phones].some((s) => s.toLowerCase().includes(q)));
        return contactsView(found, query, Math.max(0, page));
    }
}
