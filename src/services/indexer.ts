import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { contactChanges, ROCKET_CHAT_ACTOR } from '../domain/audit';
import type { Contact } from '../domain/contact';
import { entryFromContact, entryFromVisitor, foldInto, withContactData, type ContactData, type VisitorData } from '../domain/directory';
import { readContact } from '../host/contacts';
import type { RoomFacts } from '../host/rooms';
import { readVisitorData, visitorDataOf } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RecentContacts } from '../store/RecentContacts';
import { retryOnConflict } from '../store/revisions';
import { recordAudit } from './audit';
import { noteContactChange } from './broadcastService';
import { renameInChats } from './chatRename';
import type { EventContext } from './context';

/** The key of a room's entry: its Rocket.Chat contact, else (a room from before contacts) its visitor. */
export const entryKeyOf = (room: Pick<RoomFacts, 'contactId' | 'visitorId'>): string => room.contactId ?? room.visitorId;

/** A new entry, and the visitor-keyed entry it takes over, if any. */
export interface StartedEntry {
    entry: Contact;
    folded?: Contact;
}

/**
 * The entry a person gets when the app first meets them through a room: from Rocket.Chat's contact (the room's own,
 * or read by its id) with the entry the person had under this visitor folded in (a contact created in the Contact
 * Center, rooms from before contacts); else from the visitor. Undefined when Rocket.Chat has neither.
 */
export async function startEntry(ctx: Pick<EventContext, 'read' | 'config'>, room: RoomFacts): Promise<StartedEntry | undefined> {
    const country = ctx.config.defaultCountry;
    if (room.contactId) {
        // A contact Rocket.Chat disabled (deleted) or that the app may not read is not indexed.
        const contact = room.contact ?? (await readContact(ctx.read, room.contactId));
        if (!contact) {
            return undefined;
        }
        const repository = new ContactRepository(ctx.read.getPersistenceReader());
        const entry = entryFromContact(contact, country);
        const byVisitor = await repository.get(room.visitorId);
        const underVisitor = byVisitor?.keyedBy === 'visitor' ? byVisitor : await createdHere(repository, entry);
        return underVisitor ? { entry: foldInto(entry, underVisitor), folded: underVisitor } : { entry };
    }
    // No contact (a room from before contacts): the person is grouped by visitor.
    const visitor = await readVisitorData(ctx.read, room.visitorId);
    return visitor ? { entry: entryFromVisitor(visitor, country) } : undefined;
}

/**
 * A contact created in the Contact Center that has not chatted yet, with one of the new contact's emails or phones:
 * the same person, matched as Rocket.Chat matches a pre-registered contact. One exact look-up per value.
 */
async function createdHere(repository: ContactRepository, entry: Contact): Promise<Contact | undefined> {
    for (const key of [...entry.emails.map((e) => `em:${e}`), ...entry.phones.map((p) => `ph:${p}`)]) {
        const [found] = (await repository.findByKeys({ kind: 'all' }, [key])).filter(
            (c) => c.keyedBy === 'visitor' && c.createdBy && c.closedRoomIds.length === 0,
        );
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** The entry with Rocket.Chat's contact as a room brought it, when it is newer than what the entry has. */
export function refreshed(entry: Contact, contact: ContactData | undefined, defaultCountry?: string): Contact {
    return contact && contact.id === entry.id ? withContactData(entry, contact, defaultCountry) : entry;
}

/**
 * A visitor edited in Rocket.Chat (IPostLivechatGuestSaved). A person grouped by this visitor takes the visitor's
 * data; a contact's entry is read again from Rocket.Chat (a visitor's edit does not change the contact, but a custom
 * field written through the visitor does).
 */
export async function indexVisitor(ctx: EventContext, visitor: IVisitor): Promise<void> {
    if (!visitor.id) {
        return;
    }
    const data = visitorDataOf(visitor as IVisitor & { id: string });
    const entries = await new ContactRepository(ctx.read.getPersistenceReader()).byVisitor(data.id);
    for (const entry of entries) {
        await retryOnConflict(() => syncEntry(ctx, entry.id, data));
    }
}

/**
 * Brings one entry in line with Rocket.Chat: a contact's entry with the contact as it is now, a visitor-keyed one
 * with the visitor. Records the change as made in Rocket.Chat, renames the entry's chats, notes the change for
 * running broadcasts. Returns the entry as saved, the same one when nothing changed, or undefined when Rocket.Chat
 * no longer has the contact (the caller decides what that means: see services/reconcile.ts).
 */
export async function syncEntry(
    ctx: EventContext,
    id: string,
    visitor?: VisitorData,
    known?: ContactData,
    options: { quiet?: boolean } = {},
): Promise<Contact | undefined> {
    const repository = new ContactRepository(ctx.read.getPersistenceReader());
    const existing = await repository.get(id);
    if (!existing) {
        return undefined;
    }
    const country = ctx.config.defaultCountry;
    let fresh: Contact;
    if (existing.keyedBy === 'contact') {
        const contact = known ?? (await readContact(ctx.read, existing.id));
        if (!contact) {
            return undefined;
        }
        fresh = withContactData(existing, contact, country);
    } else {
        const data = visitor ?? (await readVisitorData(ctx.read, existing.id));
        if (!data) {
            return existing;
        }
        const fromVisitor = entryFromVisitor(data, country);
        // The visitor's first email and phone, then the others the app keeps.
        const first = (values: string[], primary?: string) => (primary ? [primary, ...values.filter((v) => v !== primary)] : values);
        fresh = {
            ...existing,
            name: fromVisitor.name || existing.name,
            emails: first(existing.emails, fromVisitor.emails[0]),
            phones: first(existing.phones, fromVisitor.phones[0]),
            customFields: fromVisitor.customFields,
            department: fromVisitor.department ?? existing.department,
        };
    }
    const changes = contactChanges(existing, fresh);
    // Rocket.Chat changes a contact's _updatedAt with every chat: only a change the entry shows is saved.
    if (changes.length === 0 && JSON.stringify(fresh.channels) === JSON.stringify(existing.channels)) {
        return existing;
    }
    const saved: Contact = { ...fresh, revision: existing.revision + 1, updatedAt: new Date().toISOString() };
    await repository.save(ctx.persistence, saved);
    // Quiet: a save in the Contact Center reads back what Rocket.Chat kept, and tells the rest itself.
    if (!options.quiet) {
        await new RecentContacts(ctx.read.getPersistenceReader()).recordContact(ctx.persistence, saved);
        await afterRefresh(ctx, existing, saved);
    }
    return saved;
}

/** What follows a change Rocket.Chat made to a person: chats renamed, running broadcasts told, the change audited. */
export async function afterRefresh(ctx: EventContext, before: Contact, after: Contact): Promise<void> {
    const changes = contactChanges(before, after);
    if (changes.length === 0) {
        return;
    }
    await noteContactChange(ctx, before, after);
    if (before.name !== after.name) {
        await renameInChats(ctx, after.id, after.name);
    }
    // An edit made in Rocket.Chat itself: nothing says by whom.
    await recordAudit(ctx.persistence, {
        subject: { kind: 'contact', id: after.id },
        action: 'contact.synced',
        actor: ROCKET_CHAT_ACTOR,
        changes,
    });
}
