import type { Contact } from '../domain/contact';
import { notFound } from '../domain/errors';
import { contactOf, readContact } from '../host/contacts';
import type { ContactData } from '../domain/directory';
import type { ScopedContext } from './context';
import type { Chat } from '../domain/chat';
import { isKind } from '../domain/errors';
import { departmentName } from '../host/departments';
import { ChatRepository } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import { chatsOfContact, visibleChatAndRoom } from './chatService';
import { getVisibleContact, type ContactCard } from './contactSearch';
import { isId } from '../domain/decode';
import { syncEntry } from './indexer';
import { reconcileEntry } from './reconcile';

/** What opening a contact or a chat shows: the records as Rocket.Chat has them now (see inStep). */

/**
 * A contact the caller may see, with its closed chats and its department's name: the contact screen. After a save,
 * `saved` is the revision this caller just kept: shown as is, since a read at that moment could still meet a rival's
 * claim of the same revision that is about to withdraw.
 */
export async function contactCard(ctx: ScopedContext, contactId: unknown, saved?: Contact): Promise<ContactCard> {
    const [visible, chats] = await Promise.all([
        saved && saved.id === contactId ? saved : getVisibleContact(ctx, contactId),
        isId(contactId) ? chatsOfContact(ctx, contactId) : [],
    ]);
    const contact = saved ? visible : await inStep(ctx, visible);
    return { contact, chats, department: await departmentName(ctx.read, contact.department) };
}

export async function chatCard(ctx: ScopedContext, roomId: unknown): Promise<{ chat: Chat; department?: string }> {
    const { chat: found, room } = await visibleChatAndRoom(ctx, roomId);
    // The chat's contact as Rocket.Chat has it now (see inStep): renamed, merged or erased there, the chat follows. The
    // room read for the check above carries it when it is the same contact (no second read).
    const reader = ctx.read.getPersistenceReader();
    const contact = await new ContactRepository(reader).get(found.contactId);
    const known = room.contact && room.contact._id === contact?.id ? contactOf(room.contact) : undefined;
    const current = contact
        ? await inStep(ctx, contact, known).catch((error: unknown) => (isKind(error, 'not_found') ? undefined : Promise.reject(error)))
        : contact;
    const chat = current === contact ? found : await new ChatRepository(reader).get(found.roomId);
    if (!chat) {
        throw notFound('error_chat_not_found');
    }
    return { chat, department: await departmentName(ctx.read, chat.departmentId) };
}

/**
 * The contact as Rocket.Chat has it now: Rocket.Chat tells apps nothing of an edit, a deletion or a merge made in
 * its contact panel, so opening a contact reads it again (one host call) and brings the entry in line. One that
 * Rocket.Chat no longer has is settled (folded into the contact it was merged into, or erased) and reads as not found.
 */
export async function inStep(ctx: ScopedContext, contact: Contact, known?: ContactData): Promise<Contact> {
    if (contact.keyedBy !== 'contact') {
        return contact;
    }
    const current = known ?? (await readContact(ctx.read, contact.id));
    if (!current) {
        const outcome = await reconcileEntry(ctx, contact);
        if (outcome === 'erased' || outcome === 'merged') {
            throw notFound();
        }
        return contact;
    }
    if (current.updatedAt === contact.syncedAt) {
        return contact;
    }
    return (await syncEntry(ctx, contact.id, undefined, current)) ?? contact;
}
