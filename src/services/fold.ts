import type { Chat } from '../domain/chat';
import { ROCKET_CHAT_ACTOR } from '../domain/audit';
import type { Contact } from '../domain/contact';
import { foldInto, onlyInApp } from '../domain/directory';
import { addContactEmail } from '../host/contacts';
import { Assoc } from '../store/associations';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import { RecentContacts } from '../store/RecentContacts';
import { readAll } from '../store/read';
import { retryOnConflict } from '../store/revisions';
import { recordAudit } from './audit';
import type { EventContext } from './context';

/** The archived chats of an entry (they carry its id). */
export async function chatsOf(ctx: Pick<EventContext, 'read'>, entryId: string): Promise<Chat[]> {
    const records = await readAll<Chat & { id?: string }>(ctx.read.getPersistenceReader(), Assoc.chatContact(entryId));
    const chats = records.filter((r) => 'roomId' in r && r.contactId === entryId);
    const newest = new Map<string, Chat>();
    for (const chat of chats) {
        const seen = newest.get(chat.roomId);
        if (!seen || seen.revision < chat.revision) {
            newest.set(chat.roomId, chat);
        }
    }
    return [...newest.values()];
}

/**
 * Finishes folding one entry into another, once the entry that took it over is saved (see archive.ts and
 * reconcile.ts): the folded entry's chats point to the survivor, its records and its row in the lists go, and the
 * survivor answers for its history (formerIds). Emails the app kept that Rocket.Chat's contact lacks are added to
 * the contact when the engine allows it. Every step can run again: a crash half-way is finished by the next
 * reconciliation, which finds the folded entry still there.
 */
export async function finishFold(ctx: EventContext, folded: Contact, into: Contact): Promise<void> {
    for (const chat of await chatsOf(ctx, folded.id)) {
        await retryOnConflict(async () => {
            const current = (await new ChatRepository(ctx.read.getPersistenceReader()).get(chat.roomId)) ?? chat;
            if (current.contactId === folded.id) {
                await movedChat(ctx, current, into);
            }
        });
    }
    if (into.keyedBy === 'contact' && ctx.modify) {
        for (const email of onlyInApp(folded, into).emails) {
            await addContactEmail(ctx.modify, into.id, email).catch((error: unknown) =>
                ctx.logger?.warn(`Rocket.Chat did not take an email of a folded contact: ${String(error)}`),
            );
        }
    }
    await new RecentContacts(ctx.read.getPersistenceReader()).removeContact(ctx.persistence, folded);
    await ContactRepository.removeAll(ctx.persistence, folded.id);
    await recordAudit(ctx.persistence, {
        subject: { kind: 'contact', id: into.id },
        action: 'contact.merged',
        actor: ROCKET_CHAT_ACTOR,
        changes: [],
        detail: { from: folded.id },
    });
}

/**
 * Folds an entry into another that exists already (an Enterprise merge in Rocket.Chat, seen by the reconciliation):
 * the survivor takes the folded entry's chats, agents, channels and the app's fields it lacks, then the fold is
 * finished as above.
 */
export async function foldEntry(ctx: EventContext, folded: Contact, survivorId: string): Promise<Contact | undefined> {
    const repository = new ContactRepository(ctx.read.getPersistenceReader());
    const survivor = await retryOnConflict(async () => {
        const current = await repository.get(survivorId);
        if (!current) {
            return undefined;
        }
        const merged = foldInto(current, folded);
        const saved: Contact = { ...merged, revision: current.revision + 1, updatedAt: new Date().toISOString() };
        await repository.save(ctx.persistence, saved);
        await new RecentContacts(ctx.read.getPersistenceReader()).recordContact(ctx.persistence, saved);
        return saved;
    });
    if (survivor) {
        await finishFold(ctx, folded, survivor);
    }
    return survivor;
}

/** Re-points a chat to another entry: the same chat, its contact's id and name changed. */
async function movedChat(ctx: Pick<EventContext, 'read' | 'persistence'>, chat: Chat, to: Contact): Promise<Chat> {
    const moved: Chat = { ...chat, contactId: to.id, contactName: to.name, revision: chat.revision + 1 };
    await new ChatRepository(ctx.read.getPersistenceReader()).save(ctx.persistence, moved);
    await new RecentChats(ctx.read.getPersistenceReader()).recordChat(ctx.persistence, moved);
    return moved;
}
