import { isId } from '../domain/ids';
import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { canSeeContact, type Caller, type Scope } from '../domain/access';
import { EMPTY_EXTRA, byRecency, summarize, type Contact, type ContactSummary } from '../domain/contact';
import { ContactCenterError, ValidationError, notFoundOrHidden } from '../domain/errors';
import { formatPhone } from '../domain/phone';
import { planSearch } from '../domain/searchKeys';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { findVisitorByEmail, findVisitorByPhone, writeCustomFields, writeVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RECENT_CAPACITY, RecentContacts } from '../store/RecentContacts';
import { RECORD_BUDGET, firstLevel, readNewest } from '../domain/recency';
import type { ListAt } from '../domain/listAt';
import type { AppConfig } from './settings';
import { renameInChats } from './chatRename';
import { repairAfterFailure } from './repair';
import { contactChanges } from '../domain/audit';
import { recordAudit } from './audit';
import { noteContactChange } from './broadcastService';

export interface SearchResult {
    items: ContactSummary[];
    /** How many match; a lower bound when `more` is set. */
    total: number;
    /** More contacts match than were read: the newest ones are shown, Next reads further back. */
    more: boolean;
    capped: boolean;
}

/**
 * One page of the caller's contacts, `at` its position. With a query: association look-ups that intersect
 * the query's keys inside the caller's scope, in time windows ending now, then an exact check. Without: the
 * scope's recent list.
 */
export async function searchContacts(read: IRead, scope: Scope, query: string, at: ListAt, config: AppConfig, now = new Date()): Promise<SearchResult> {
    const reader = read.getPersistenceReader();
    const size = config.pageSize;
    const { start } = at;
    const plan = planSearch(query, config.defaultCountry);
    if (!plan) {
        const all = await new RecentContacts(reader).list(scope);
        return { items: all.slice(start, start + size), total: all.length, more: false, capped: all.length >= RECENT_CAPACITY };
    }
    // The newest window holding enough matches holds the newest matches: read no further back.
    const needed = start + size + 1;
    const repository = new ContactRepository(reader);
    const { items, complete } = plan.exact
        ? { items: (await repository.findByKeys(scope, plan.keys)).filter(plan.matches), complete: true }
        : await readNewest({
              read: (window) => repository.findByKeys(scope, plan.keys, window?.label),
              keep: plan.matches,
              needed,
              // Grows with the page number, not the start: Next after a short page reads further back.
              budget: RECORD_BUDGET * (at.page + 1) * size,
              end: now.getTime(),
              timeOf: (contact) => Date.parse(contact.lastChatAt ?? '') || 0,
              firstLevel: firstLevel(scope),
          });
    const found = items.map(summarize).sort(byRecency);
    return { items: found.slice(start, start + size), total: found.length, more: !complete, capped: false };
}

/**
 * Every contact of the caller's scope that the query matches (all of them without a query), most recent
 * first: the search's "any time" look-up without its page bound. For exports, which need every row.
 */
export async function findContacts(read: IRead, scope: Scope, query: string, config: AppConfig): Promise<Contact[]> {
    const plan = planSearch(query, config.defaultCountry);
    const found = await new ContactRepository(read.getPersistenceReader()).findByKeys(scope, plan ? plan.keys : []);
    return (plan ? found.filter(plan.matches) : found).sort((a, b) => byRecency(summarize(a), summarize(b)));
}

/** A contact the caller may see; the same answer for "does not exist" and "not yours". */
export async function getVisibleContact(read: IRead, scope: Scope, contactId: unknown): Promise<Contact> {
    if (!isId(contactId)) {
        throw notFoundOrHidden();
    }
    const contact = await new ContactRepository(read.getPersistenceReader()).get(contactId);
    if (!contact || !canSeeContact(scope, contact)) {
        throw notFoundOrHidden();
    }
    return contact;
}

export interface SaveRequest {
    caller: Caller;
    scope: Scope;
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
export async function saveContact(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig, request: SaveRequest, logger?: ILogger): Promise<Contact> {
    const existing = request.contactId !== undefined ? await getVisibleContact(read, request.scope, request.contactId) : undefined;
    const customFields = existing && request.customFieldsFor ? request.customFieldsFor(Object.keys(existing.customFields)) : {};
    const valid = validateContact({ ...request.input, customFields }, config.defaultCountry, config.extraFields);
    if (existing) {
        assertKeepsHostValues(existing, valid);
    }
    if (existing && request.revision !== existing.revision) {
        throw new ContactCenterError('error_conflict');
    }
    await assertNoDuplicates(read, request.scope, valid, existing?.id);
    const repository = new ContactRepository(read.getPersistenceReader());
    const contact = existing ? edited(existing, valid, config) : await created(modify, request.caller, valid, config);
    const pending = await repository.claim(persistence, contact);
    if (existing) {
        try {
            await writeHost(modify, existing, valid);
        } catch (error) {
            await pending.rollback();
            throw error;
        }
    }
    await pending.commit().catch((error) => repairAfterFailure(persistence, modify.getScheduler(), logger, 'removing the previous revision of a contact', error));
    try {
        // Someone may have saved on top of this revision while its visitor write was on its way: the visitor and the
        // lists end with the newest revision, whoever finishes last.
        const newest = existing ? await followNewest(modify, repository, contact) : contact;
        if (existing) {
            await noteContactChange(read, persistence, existing, newest);
        }
        await new RecentContacts(read.getPersistenceReader()).recordContact(persistence, newest);
        if (existing && existing.name !== newest.name) {
            await renameInChats(read, persistence, newest.id, newest.name);
        }
    } catch (error) {
        await repairAfterFailure(persistence, modify.getScheduler(), logger, 'updating the lists after a contact edit', error);
    }
    const changes = contactChanges(existing, contact);
    if (changes.length > 0) {
        await recordAudit(persistence, { subject: { kind: 'contact', id: contact.id }, action: existing ? 'contact.updated' : 'contact.created', actor: request.caller, changes });
    }
    return contact;
}

function edited(existing: Contact, valid: ValidContact, config: AppConfig): Contact {
    return {
        ...existing,
        name: valid.name,
        emails: valid.emails,
        phones: valid.phones,
        extra: { ...valid.extra, fields: mergeExtraFields(existing.extra.fields, valid.extra.fields ?? {}, config.extraFields.map((f) => f.name)) },
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
        extra: { ...valid.extra, fields: mergeExtraFields(EMPTY_EXTRA.fields, valid.extra.fields ?? {}, config.extraFields.map((f) => f.name)) },
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
        await writeVisitor(modify, { ...visitor, name: existing.name, email: existing.emails[0], phone: existing.phones[0] }).catch(() => undefined);
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
            await writeVisitor(modify, { token: newest.token, username: newest.username, name: newest.name, email: newest.emails[0], phone: newest.phones[0] });
            await writeCustomFields(modify, newest.token, written.customFields, newest.customFields);
        }
        written = newest;
    }
    return written;
}

function visitorFieldsDiffer(a: Contact, b: Contact): boolean {
    return a.name !== b.name || a.emails[0] !== b.emails[0] || a.phones[0] !== b.phones[0] || JSON.stringify(a.customFields) !== JSON.stringify(b.customFields);
}

/**
 * Rocket.Chat keeps a visitor's email and phone when an app sends none (its registerGuest only sets what it is
 * given), so the one it holds can be replaced but not removed: a removal would come back. Refused, saying so.
 */
function assertKeepsHostValues(existing: Contact, valid: ValidContact): void {
    const errors: Record<string, { key: string }> = {};
    if (existing.emails.length > 0 && valid.emails.length === 0) {
        errors.emails = { key: 'error_email_kept' };
    }
    if (existing.phones.length > 0 && valid.phones.length === 0) {
        errors.phones = { key: 'error_phone_kept' };
    }
    if (Object.keys(errors).length > 0) {
        throw new ValidationError(errors);
    }
}

/**
 * An email or phone already used by another contact is refused. The error names that contact only to a caller
 * who may see it; anyone else learns only that the value is taken.
 */
async function assertNoDuplicates(read: IRead, scope: Scope, valid: ValidContact, ownId?: string): Promise<void> {
    const repository = new ContactRepository(read.getPersistenceReader());
    const checks = [
        ...valid.emails.map((email) => ({
            field: 'emails',
            key: 'error_email_taken',
            hiddenKey: 'error_email_taken_hidden',
            value: email,
            indexKey: `em:${email}`,
            host: () => findVisitorByEmail(read, email),
        })),
        ...valid.phones.map((phone) => ({
            field: 'phones',
            key: 'error_phone_taken',
            hiddenKey: 'error_phone_taken_hidden',
            value: phone,
            indexKey: `ph:${phone}`,
            host: () => findVisitorByPhone(read, phone),
        })),
    ];
    const results = await Promise.all(
        checks.map(async (check) => {
            const [indexed] = (await repository.findByKeys({ kind: 'all' }, [check.indexKey])).filter((c) => c.id !== ownId);
            if (indexed) {
                return { check, name: canSeeContact(scope, indexed) ? indexed.name : undefined };
            }
            // A visitor the app has not indexed: only a caller who sees every contact may learn its name.
            const visitor = await check.host();
            return visitor && visitor.id !== ownId ? { check, name: scope.kind === 'all' ? visitor.name : undefined } : undefined;
        }),
    );
    const fields: Record<string, { key: string; args: Record<string, string> }> = {};
    for (const hit of results) {
        if (hit && !fields[hit.check.field]) {
            const shown = hit.check.field === 'phones' ? formatPhone(hit.check.value) : hit.check.value;
            fields[hit.check.field] = hit.name ? { key: hit.check.key, args: { value: shown, name: hit.name } } : { key: hit.check.hiddenKey, args: { value: shown } };
        }
    }
    if (Object.keys(fields).length > 0) {
        throw new ValidationError(fields);
    }
}

/** The defined fields take the form's values (an empty optional one is removed); values of fields no longer defined are kept. */
function mergeExtraFields(stored: Record<string, string> | undefined, submitted: Record<string, string>, defined: string[]): Record<string, string> {
    const merged = { ...(stored ?? {}) };
    for (const name of defined) {
        if (name in submitted) merged[name] = submitted[name];
        else delete merged[name];
    }
    return merged;
}
