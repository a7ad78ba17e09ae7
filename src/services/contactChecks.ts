import { canSeeContact } from '../domain/access';
import type { Contact } from '../domain/contact';
import { ValidationError } from '../domain/errors';
import { formatPhone } from '../domain/phone';
import type { ValidContact } from '../domain/validation';
import { findVisitorByEmail, findVisitorByPhone } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import type { ScopedContext } from './context';

/**
 * Rocket.Chat keeps a visitor's email and phone when an app sends none (its registerGuest only sets what it is
 * given), so the one it holds can be replaced but not removed: a removal would come back. Refused, saying so.
 */
export function assertKeepsHostValues(existing: Contact, valid: ValidContact): void {
    const errors: Record<string, { key: string; args?: Record<string, string> }> = {};
    if (existing.keyedBy === 'contact') {
        // Rocket.Chat lets an app add to a contact, not take away: a value is removed in Rocket.Chat's contact panel.
        const email = existing.emails.find((e) => !valid.emails.includes(e));
        const phone = existing.phones.find((p) => !valid.phones.includes(p));
        if (email) {
            errors.emails = { key: 'error_email_kept_contact', args: { value: email } };
        }
        if (phone) {
            errors.phones = { key: 'error_phone_kept_contact', args: { value: formatPhone(phone) } };
        }
    }
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
export async function assertNoDuplicates(ctx: ScopedContext, valid: ValidContact, own?: Contact): Promise<void> {
    const ownId = own?.id;
    // The person's own visitors hold their values too.
    const ownVisitor = (id: string | undefined) => !!own && own.channels.some((c) => c.visitorId === id);
    const { read, scope } = ctx;
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
            return visitor && visitor.id !== ownId && !ownVisitor(visitor.id)
                ? { check, name: scope.kind === 'all' ? visitor.name : undefined }
                : undefined;
        }),
    );
    const fields: Record<string, { key: string; args: Record<string, string> }> = {};
    for (const hit of results) {
        if (hit && !fields[hit.check.field]) {
            const shown = hit.check.field === 'phones' ? formatPhone(hit.check.value) : hit.check.value;
            fields[hit.check.field] = hit.name
                ? { key: hit.check.key, args: { value: shown, name: hit.name } }
                : { key: hit.check.hiddenKey, args: { value: shown } };
        }
    }
    if (Object.keys(fields).length > 0) {
        throw new ValidationError(fields);
    }
}
