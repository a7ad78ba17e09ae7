import type { HostContext } from '../bridges/context';
import { convertVisitor } from '../converters';
import { Collections, type Doc } from '../store/Store';
import {
    createContact,
    deleteContact,
    editContact,
    removeVisitorData,
    saveGuest,
    type ContactEdit,
    type GuestEdit,
    type NewContact,
} from './contactAdmin';
import type { Clock } from './contactModel';
import { mergeContacts } from './enterprise';
import { openRoom, startRoom } from './roomStart';

type Fire = (event: 'IPostLivechatRoomStarted' | 'IPostLivechatGuestSaved', payload: unknown) => Promise<unknown>;

/**
 * `host.rocketChat`: what people do in Rocket.Chat itself, outside the app, with the events Rocket.Chat fires for
 * them (and none where it fires none). Each runs the store-level operation of the same name (rocketchat/index.ts)
 * on the host's store and clock.
 */
export class RocketChatActions {
    constructor(
        private readonly ctx: HostContext,
        private readonly fire: Fire,
    ) {}

    private get clock(): Clock {
        return { now: this.ctx.now };
    }

    /**
     * A visitor starts a chat (widget, e-mail inbox, WhatsApp app...): the room (a raw document, e.g. from
     * makeLivechatRoom) is stored with the contact Rocket.Chat chooses or makes for its visitor and source, then
     * IPostLivechatRoomStarted fires. The start happens at the room's `ts`. Returns the stored room.
     */
    async startRoom(room: Doc): Promise<Doc> {
        const at = room.ts instanceof Date ? room.ts : this.ctx.now();
        const started = await startRoom(this.ctx.store, room, { now: () => at });
        await this.fire('IPostLivechatRoomStarted', started.room._id);
        return started.room;
    }

    /** Someone opens a room in Rocket.Chat's UI: a room older than 7.1 gets its visitor's contact then. No app event. */
    openRoom(roomId: string): Promise<string | undefined> {
        return openRoom(this.ctx.store, roomId, this.clock);
    }

    /** contacts.create (the Contact Center's "New contact"): a pre-registered contact, without channels. No app event. */
    createContact(contact: NewContact): Promise<string> {
        return createContact(this.ctx.store, contact, this.clock);
    }

    /**
     * contacts.update (the contact panel): the lists given replace the contact's; a new name renames its rooms
     * (`fname`); the visitors do not change. No app event. Returns the contact after the edit.
     */
    editContact(contactId: string, edit: Omit<ContactEdit, 'contactId'>): Promise<Doc | undefined> {
        return editContact(this.ctx.store, { ...edit, contactId }, this.clock);
    }

    /** contacts.delete: the contact is disabled and emptied, its visitors' rooms and messages deleted. No app event. */
    deleteContact(contactId: string): Promise<void> {
        return deleteContact(this.ctx.store, contactId, this.clock);
    }

    /** The GDPR removal of a visitor (DELETE livechat/visitor/:token), by the visitor's id. No app event. */
    removeVisitorData(visitorId: string): Promise<void> {
        return removeVisitorData(this.ctx.store, visitorId, this.clock);
    }

    /**
     * Enterprise's merge of duplicates (what verification triggers): the others' fields go into the survivor, the
     * others are deleted and their rooms point at the survivor. No app event. Returns the survivor.
     */
    mergeContacts(survivorId: string, otherIds: string[]): Promise<Doc> {
        return mergeContacts(this.ctx.store, survivorId, otherIds, this.clock);
    }

    /** An agent edits the visitor in the room's info panel (saveGuest): the visitor changes, its contacts do not. */
    async saveGuest(guest: GuestEdit): Promise<void> {
        await saveGuest(this.ctx.store, guest, this.clock);
        const visitor = await this.ctx.store.collection(Collections.visitors).findOne({ _id: guest._id });
        await this.fire('IPostLivechatGuestSaved', convertVisitor(visitor));
    }
}
