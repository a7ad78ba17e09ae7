import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller } from '../domain/access';
import { contactChanges } from '../domain/audit';
import { EMPTY_EXTRA, type Contact } from '../domain/contact';
import { conflict } from '../domain/errors';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { writeCustomFields, writeVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RecentContacts } from '../store/RecentContacts';
import { recordAudit } from './audit';
import { noteContactChange } from './broadcastService';
import { renameInChats } from './chatRename';
import { assertKeepsHostValues, assertNoDuplicates } from './contactChecks';
import { getVisibleContact } from './contactSearch';
import type { ActorContext } from './context';
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
    await assertNoDuplicates(ctx, valid, existing?.id);
    const repository = new ContactRepository(read.getPersistenceReader());
    const contact = existing ? edited(existing, valid, config) : await created(modify, ctx.caller, valid, config);
    const pending = await repository.claim(persistence, contact);
    if (existing) {
        try {
            await writeHost(modify, existing, valid);
        } catch (error) {
            await pending.rollback();
            throw error;
        }
    }
    await pending.commit().catch((error) => repairAfterFailure(ctx, 'removing the previous revision of a contact', error));
    try {
        // Someone may have saved on top of this revision while its visitor write was on its way: the visitor and the
        // lists end with the newest revision, whoever finishes last.
        const newest = existing ? await followNewest(modify, repository, contact) : contact;
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
    const changes = contactChanges(existing, contact);
    if (changes.length > 0) {
        await recordAudit(persistence, {
            subject: { kind: 'contact', id: contact.id },
            action: existing ? 'contact.updated' : 'contact.created',
            actor: ctx.caller,
            changes,
        });
    }
    return contact;
}

function edited(existing: Contact, valid: ValidContact, config: AppConfig): Contact {
    return {
        ...existing,
        name: valid.name,
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

/** A new contact is a new visitor first: its id is the visitor's. */
async function created(modify: IModify, caller: Caller, valid: ValidContact, config: AppConfig): Promise<Contact> {
    const visitor = await writeVisitor(modify, { name: valid.name, email: valid.emails[0], phone: valid.phones[0] });
    await writeCustomFields(modify, visitor.token, {}, valid.customFields);
    const now = new Date().toISOString();
    return {
        id: visitor.id as string,
        token: visitor.token,
        username: visitor.username,
        name: valid.name,
        emails: valid.emails,
        phones: valid.phones,
        customFields: { ...valid.customFields },
        channels: [],
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
        updatedAt: now,
    };
}

/** The visitor in Rocket.Chat; if its custom fields fail after the visitor was written, the visitor is put back. */
async function writeHost(modify: IModify, existing: Contact, valid: ValidContact): Promise<void> {
    const visitor = { token: existing.token, username: existing.username };
    await writeVisitor(modify, { ...visitor, name: valid.name, email: valid.emails[0], phone: valid.phones[0] });
    try {
        await writeCustomFields(modify, existing.token, existing.customFields, valid.customFields);
    } catch (error) {
        await writeVisitor(modify, { ...visitor, name: existing.name, email: existing.emails[0], phone: existing.phones[0] }).catch(
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
async function followNewest(modify: IModify, repository: ContactRepository, saved: Contact): Promise<Contact> {
    let written = saved;
    for (let round = 0; round < FOLLOW_ROUNDS; round++) {
        const newest = await repository.get(saved.id);
        if (!newest || newest.revision <= written.revision) {
            return written;
        }
        if (visitorFieldsDiffer(written, newest)) {
            await writeVisitor(modify, {
                token: newest.token,
                username: newest.username,
                name: newest.name,
                email: newest.emails[0],
                phone: newest.phones[0],
            });
            await writeCustomFields(modify, newest.token, written.customFields, newest.customFields);
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
