import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller } from '../domain/access';
import { contactChanges } from '../domain/audit';
import { EMPTY_EXTRA, primaryChannel, type Contact } from '../domain/contact';
import { conflict, unavailable } from '../domain/errors';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { addContactEmail } from '../host/contacts';
import { visitorHandle, writeCustomFields, writeVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RecentContacts } from '../store/RecentContacts';
import { recordAudit } from './audit';
import { noteContactChange } from './broadcastService';
import { renameInChats } from './chatRename';
import { assertKeepsHostValues, assertNoDuplicates } from './contactChecks';
import { getVisibleContact } from './contactSearch';
import type { ActorContext } from './context';
import { syncEntry } from './indexer';
import { repairAfterFailure } from './repair';
import type { AppConfig } from './settings';

export interface SaveRequest {
    /** Undefined for New Contact. */
    contactId?: string;
    /** The revision the form was built from. */
    revision?: number;
    input: Omit<ContactFormInput, 'customFields'>;
    /** Reads the form's values of the given custom fields (those the stored contact has). */
    customFieldsFor?: (keys: string[]) => Record<string, unknown>;
}

/**
 * Validates, checks duplicates and conflicts, then saves. An edit first claims revision N+1 (two agents
 * saving the same form: the second gets a conflict, see store/claims.ts), then writes the visitor in
 * Rocket.Chat; if that fails the claim is withdrawn and nothing has changed. What follows the commit only
 * refreshes derived records (recent lists, names in chats): if it fails, the save stands and a repair is
 * scheduled to redo it.
 */
export async function saveContact(ctx: ActorContext, request: SaveRequest): Promise<Contact> {
    const { read, modify, persistence, config } = ctx;
    const existing = request.contactId !== undefined ? await getVisibleContact(ctx, request.contactId) : undefined;
    const customFields = existing && request.customFieldsFor ? request.customFieldsFor(Object.keys(existing.customFields)) : {};
    const valid = validateContact({ ...request.input, customFields }, config.defaultCountry, config.extraFields);
    if (existing) {
        assertKeepsHostValues(existing, valid);
    }
    if (existing && request.revision !== existing.revision) {
        throw conflict();
    }
    await assertNoDuplicates(ctx, valid, existing);
    const repository = new ContactRepository(read.getPersistenceReader());
    const contact = existing ? edited(existing, valid, config) : await created(modify, ctx.caller, valid, config);
    const pending = await repository.claim(persistence, contact);
    if (existing) {
        try {
            await writeHost(ctx, existing, valid);
        } catch (error) {
            await pending.rollback();
            throw error;
        }
    }
    await pending.commit().catch((error) => repairAfterFailure(ctx, 'removing the previous revision of a contact', error));
    let newest = contact;
    try {
        // A contact's entry takes what Rocket.Chat kept (a name it holds for review stays pending). Someone may have
        // saved on top of this revision while its visitor write was on its way: the visitor and the lists end with
        // the newest revision, whoever finishes last.
        newest = !existing
            ? contact
            : existing.keyedBy === 'contact'
              ? ((await syncEntry(ctx, contact.id, undefined, undefined, { quiet: true })) ?? contact)
              : await followNewest(ctx, repository, contact);
        if (existing) {
            await noteContactChange(ctx, existing, newest);
        }
        await new RecentContacts(read.getPersistenceReader()).recordContact(persistence, newest);
        if (existing && existing.name !== newest.name) {
            await renameInChats(ctx, newest.id, newest.name);
        }
    } catch (error) {
        await repairAfterFailure(ctx, 'updating the lists after a contact edit', error);
    }
    const changes = contactChanges(existing, newest);
    if (changes.length > 0) {
        await recordAudit(persistence, {
            subject: { kind: 'contact', id: contact.id },
            action: existing ? 'contact.updated' : 'contact.created',
            actor: ctx.caller,
            changes,
        });
    }
    return newest;
}

function edited(existing: Contact, valid: ValidContact, config: AppConfig): Contact {
    // Rocket.Chat decides whether a contact takes a new name (see writeHost): until it is read back, the entry keeps
    // the name it has, the new one pending.
    const renamedContact = existing.keyedBy === 'contact' && valid.name !== existing.name;
    const { pendingName: _before, ...rest } = existing;
    return {
        ...rest,
        name: renamedContact ? existing.name : valid.name,
        ...(renamedContact ? { pendingName: valid.name } : {}),
        emails: valid.emails,
        phones: valid.phones,
        extra: {
            ...valid.extra,
            fields: mergeExtraFields(
                existing.extra.fields,
                valid.extra.fields ?? {},
                config.extraFields.map((f) => f.name),
            ),
        },
        customFields: { ...existing.customFields, ...valid.customFields },
        revision: existing.revision + 1,
        updatedAt: new Date().toISOString(),
    };
}

/**
 * A new contact is a new visitor first (all Rocket.Chat lets an app create): its entry is keyed on the visitor until
 * the person's first conversation gives it Rocket.Chat's contact (matched by email or phone), which takes it over.
 */
async function created(modify: IModify, caller: Caller, valid: ValidContact, config: AppConfig): Promise<Contact> {
    const visitor = await writeVisitor(modify, { name: valid.name, email: valid.emails[0], phone: valid.phones[0] });
    await writeCustomFields(modify, visitor.token, {}, valid.customFields);
    return {
        id: visitor.id as string,
        keyedBy: 'visitor',
        name: valid.name,
        emails: valid.emails,
        phones: valid.phones,
        customFields: { ...valid.customFields },
        channels: [
            {
                visitorId: visitor.id as string,
                type: 'app',
                token: visitor.token,
                ...(visitor.username ? { username: visitor.username } : {}),
            },
        ],
        closedRoomIds: [],
        servedBy: [],
        createdBy: caller.id,
        extra: {
            ...valid.extra,
            fields: mergeExtraFields(
                EMPTY_EXTRA.fields,
                valid.extra.fields ?? {},
                config.extraFields.map((f) => f.name),
            ),
        },
        revision: 1,
        updatedAt: new Date().toISOString(),
    };
}

/**
 * What Rocket.Chat holds of the person, written as the engine allows. A contact's entry: each new email through the
 * contact (addContactEmail); a new name and new phones through the person's visitor, which Rocket.Chat merges into
 * the contact (a new phone is added; a new name is taken, or held for review when the contact's name came from
 * someone: see syncEntry); custom fields through the visitor, which sets them on the contact too. An entry keyed on
 * a visitor: the visitor. If a custom field fails after the visitor was written, the visitor is put back.
 */
async function writeHost(ctx: ActorContext, existing: Contact, valid: ValidContact): Promise<void> {
    const { modify, read } = ctx;
    const handle = await visitorHandle(read, primaryChannel(existing));
    if (existing.keyedBy === 'contact') {
        for (const email of valid.emails.filter((e) => !existing.emails.includes(e))) {
            await addContactEmail(modify, existing.id, email);
        }
        const phones = valid.phones.filter((p) => !existing.phones.includes(p));
        if (valid.name !== existing.name || phones.length > 0) {
            if (!handle) {
                throw unavailable('error_no_visitor');
            }
            for (const phone of phones.length > 0 ? phones : [undefined]) {
                await writeVisitor(modify, { ...handle, name: valid.name, phone });
            }
        }
        if (handle) {
            await writeCustomFields(modify, handle.token, existing.customFields, valid.customFields);
        }
        return;
    }
    if (!handle) {
        throw unavailable('error_no_visitor');
    }
    await writeVisitor(modify, { ...handle, name: valid.name, email: valid.emails[0], phone: valid.phones[0] });
    try {
        await writeCustomFields(modify, handle.token, existing.customFields, valid.customFields);
    } catch (error) {
        await writeVisitor(modify, { ...handle, name: existing.name, email: existing.emails[0], phone: existing.phones[0] }).catch(
            () => undefined,
        );
        throw error;
    }
}

/** How many times a save follows a newer revision before leaving the rest to the writer of that revision. */
const FOLLOW_ROUNDS = 3;

/**
 * After this caller's visitor write: while a newer revision than the one last written to the visitor exists, the
 * visitor takes the newest one's values. The writer whose visitor write lands last therefore leaves the newest
 * values. Returns the newest revision read.
 */
async function followNewest(ctx: ActorContext, repository: ContactRepository, saved: Contact): Promise<Contact> {
    let written = saved;
    for (let round = 0; round < FOLLOW_ROUNDS; round++) {
        const newest = await repository.get(saved.id);
        if (!newest || newest.revision <= written.revision) {
            return written;
        }
        const handle = await visitorHandle(ctx.read, primaryChannel(newest));
        if (handle && visitorFieldsDiffer(written, newest)) {
            await writeVisitor(ctx.modify, { ...handle, name: newest.name, email: newest.emails[0], phone: newest.phones[0] });
            await writeCustomFields(ctx.modify, handle.token, written.customFields, newest.customFields);
        }
        written = newest;
    }
    return written;
}

function visitorFieldsDiffer(a: Contact, b: Contact): boolean {
    return (
        a.name !== b.name ||
        a.emails[0] !== b.emails[0] ||
        a.phones[0] !== b.phones[0] ||
        JSON.stringify(a.customFields) !== JSON.stringify(b.customFields)
    );
}

/** The defined fields take the form's values (an empty optional one is removed); values of fields no longer defined are kept. */
function mergeExtraFields(
    stored: Record<string, string> | undefined,
    submitted: Record<string, string>,
    defined: string[],
): Record<string, string> {
    const merged = { ...(stored ?? {}) };
    for (const name of defined) {
        if (name in submitted) merged[name] = submitted[name];
        else delete merged[name];
    }
    return merged;
}
