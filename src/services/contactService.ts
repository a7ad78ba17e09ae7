import { isId } from '../domain/ids';
import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { canSeeContact, type Caller, type Scope } from '../domain/access';
import { EMPTY_EXTRA, byRecency, contactScopes, summarize, type Contact, type ContactSummary } from '../domain/contact';
import { ContactCenterError, ValidationError, notFoundOrHidden } from '../domain/errors';
import { formatPhone } from '../domain/phone';
import { planSearch } from '../domain/searchKeys';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { findVisitorByEmail, findVisitorByPhone, writeCustomFields, writeVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { RECENT_CAPACITY, RecentContacts } from '../store/RecentContacts';
import { firstLevel, readNewest } from '../domain/recency';
import type { AppConfig } from './settings';
import { renameInChats } from './chatRename';

export const PAGE_SIZE = 25;

export interface SearchResult {
    items: ContactSummary[];
    /** How many match; a lower bound when `more` is set. */
    total: number;
    /** More contacts match than were read: the newest ones are shown, Next reads further back. */
    more: boolean;
    capped: boolean;
}

/**
 * One page of the caller's contacts. With a query: one association look-up that intersects the
 * query's keys inside the caller's scope, then an exact check. Without: the scope's recent list.
 */
export async function searchContacts(read: IRead, scope: Scope, query: string, page: number, config: AppConfig, now = new Date()): Promise<SearchResult> {
    const reader = read.getPersistenceReader();
    const plan = planSearch(query, config.defaultCountry);
    if (!plan) {
        const all = await new RecentContacts(reader).list(scope);
        return { items: all.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), total: all.length, more: false, capped: all.length >= RECENT_CAPACITY };
    }
    // The newest window holding enough matches holds the newest matches: read no further back.
    const needed = (page + 1) * PAGE_SIZE + 1;
    const repository = new ContactRepository(reader);
    const find = async (window?: string) => (await repository.findByKeys(scope, plan.keys, window)).filter(plan.matches);
    const { items, complete } = plan.exact
        ? { items: await find(), complete: true }
        : await readNewest((window) => find(window?.label), needed, now.getTime(), (contact) => Date.parse(contact.lastChatAt ?? '') || 0, undefined, firstLevel(scope));
    const found = items.map(summarize).sort(byRecency);
    return { items: found.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), total: found.length, more: !complete, capped: false };
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

/** Validates, checks duplicates and conflicts, then writes the visitor and the contact record. */
export async function saveContact(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig, request: SaveRequest): Promise<Contact> {
    const existing = request.contactId !== undefined ? await getVisibleContact(read, request.scope, request.contactId) : undefined;
    const customFields = existing && request.customFieldsFor ? request.customFieldsFor(Object.keys(existing.customFields)) : {};
    const valid = validateContact({ ...request.input, customFields }, config.defaultCountry);
    if (existing && request.revision !== existing.revision) {
        throw new ContactCenterError('error_conflict');
    }
    await assertNoDuplicates(read, valid, existing?.id);

    const visitor = await writeVisitor(modify, {
        token: existing?.token,
        username: existing?.username,
        name: valid.name,
        email: valid.emails[0],
        phone: valid.phones[0],
    });
    await writeCustomFields(modify, visitor.token, existing?.customFields ?? {}, valid.customFields);
    const now = new Date().toISOString();
    const base: Contact = existing ?? {
        id: visitor.id as string,
        token: visitor.token,
        username: visitor.username,
        name: valid.name,
        emails: [],
        phones: [],
        customFields: {},
        channels: [],
        closedRoomIds: [],
        servedBy: [],
        createdBy: request.caller.id,
        extra: EMPTY_EXTRA,
        revision: 0,
        updatedAt: now,
    };
    const contact: Contact = {
        ...base,
        name: valid.name,
        emails: valid.emails,
        phones: valid.phones,
        extra: valid.extra,
        customFields: { ...base.customFields, ...valid.customFields },
        revision: base.revision + 1,
        updatedAt: now,
    };
    await ContactRepository.save(persistence, contact, existing?.revision);
    await new RecentContacts(read.getPersistenceReader()).record(persistence, contactScopes(contact), summarize(contact));
    if (existing && existing.name !== contact.name) {
        await renameInChats(read, persistence, contact.id, contact.name);
    }
    return contact;
}

/** An email or phone already used by another contact is refused, naming that contact. */
async function assertNoDuplicates(read: IRead, valid: ValidContact, ownId?: string): Promise<void> {
    const repository = new ContactRepository(read.getPersistenceReader());
    const checks = [
        ...valid.emails.map((email) => ({ field: 'emails', key: 'error_email_taken', value: email, indexKey: `em:${email}`, host: () => findVisitorByEmail(read, email) })),
        ...valid.phones.map((phone) => ({ field: 'phones', key: 'error_phone_taken', value: phone, indexKey: `ph:${phone}`, host: () => findVisitorByPhone(read, phone) })),
    ];
    const results = await Promise.all(
        checks.map(async (check) => {
            const [indexed] = (await repository.findByKeys({ kind: 'all' }, [check.indexKey])).filter((c) => c.id !== ownId);
            if (indexed) {
                return { check, name: indexed.name };
            }
            const visitor = await check.host();
            return visitor && visitor.id !== ownId ? { check, name: visitor.name } : undefined;
        }),
    );
    const fields: Record<string, { key: string; args: Record<string, string> }> = {};
    for (const hit of results) {
        if (hit && !fields[hit.check.field]) {
            const shown = hit.check.field === 'phones' ? formatPhone(hit.check.value) : hit.check.value;
            fields[hit.check.field] = { key: hit.check.key, args: { value: shown, name: hit.name } };
        }
    }
    if (Object.keys(fields).length > 0) {
        throw new ValidationError(fields);
    }
}
