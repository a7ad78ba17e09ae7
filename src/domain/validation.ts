import { isId } from './decode';
import { normalizeEmail } from './email';
import { normalizePhone } from './phone';
import { isVisible, stripInvisible, tidy } from './text';
import { ValidationError, type FieldErrors } from './errors';
import type { ContactExtra } from './contact';
import { validateExtraFields, type ExtraField } from './extraFields';

export const LIMITS = {
    name: 120,
    company: 120,
    notes: 2000,
    emails: 5,
    phones: 5,
    rawList: 1000,
} as const;

/** What the contact form sends, as untrusted strings. */
export interface ContactFormInput {
    name?: unknown;
    emails?: unknown;
    phones?: unknown;
    company?: unknown;
    notes?: unknown;
    doNotContact?: unknown;
    /** Values of the contact's custom fields, by field key. */
    customFields?: Record<string, unknown>;
    /** Values of the extra fields, by input id (see domain/extraFields). */
    extraValues?: Record<string, unknown>;
}

export interface ValidContact {
    name: string;
    emails: string[];
    phones: string[];
    extra: ContactExtra;
    customFields: Record<string, string>;
}

export const CUSTOM_FIELD_MAX = 500;

/** The form field of a custom field. */
export const customFieldId = (key: string): string => `cf-${key}`;

/** One entry a line, or separated by commas or semicolons. */
export function splitList(value: string): string[] {
    return value
        .split(/[\n,;]+/)
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
}

/** Checks every field and reports all problems at once; throws ValidationError, or returns the clean contact. */
export function validateContact(input: ContactFormInput, defaultCountry?: string, extraFields: ExtraField[] = []): ValidContact {
    const errors: FieldErrors = {};
    // A form sends text; anything else (an object, a list) is a field error, never saved as "[object Object]".
    const text = (field: string, value: unknown): string => {
        if (typeof value === 'string') {
            return value;
        }
        if (value != null) {
            errors[field] = { key: 'error_not_text' };
        }
        return '';
    };
    const name = tidy(text('name', input.name));
    if (!errors.name && !isVisible(name)) {
        errors.name = { key: 'error_name_required' };
    } else if (name.length > LIMITS.name) {
        errors.name = { key: 'error_too_long', args: { max: LIMITS.name } };
    }

    const emails = checkList(text('emails', input.emails), 'emails', LIMITS.emails, errors, (raw) => {
        const email = normalizeEmail(raw);
        return email ? { value: email } : { error: { key: 'error_email_invalid', args: { value: raw.slice(0, 80) } } };
    });
    const phones = checkList(text('phones', input.phones), 'phones', LIMITS.phones, errors, (raw) => {
        const phone = normalizePhone(raw, defaultCountry);
        if (phone.ok) {
            return { value: phone.e164 };
        }
        return { error: { key: phone.extension ? 'error_phone_extension' : 'error_phone_invalid', args: { value: raw.slice(0, 80) } } };
    });

    const company = tidy(text('company', input.company));
    if (company.length > LIMITS.company) {
        errors.company = { key: 'error_too_long', args: { max: LIMITS.company } };
    }
    const notes = stripInvisible(text('notes', input.notes)).trim();
    if (notes.length > LIMITS.notes) {
        errors.notes = { key: 'error_too_long', args: { max: LIMITS.notes } };
    }
    const doNotContact = parseFlag(input.doNotContact);
    const customFields: Record<string, string> = {};
    for (const [key, raw] of Object.entries(input.customFields ?? {})) {
        if (!isId(key)) {
            continue;
        }
        const value = stripInvisible(text(customFieldId(key), raw)).trim();
        if (value.length > CUSTOM_FIELD_MAX) {
            errors[customFieldId(key)] = { key: 'error_too_long', args: { max: CUSTOM_FIELD_MAX } };
        }
        customFields[key] = value;
    }

    const fields = validateExtraFields(extraFields, (id) => input.extraValues?.[id], errors);

    if (Object.keys(errors).length > 0) {
        throw new ValidationError(errors);
    }
    return { name, emails, phones, extra: { company, notes, doNotContact, fields }, customFields };
}

function checkList(
    raw: string,
    field: string,
    max: number,
    errors: FieldErrors,
    normalize: (value: string) => { value?: string; error?: FieldErrors[string] },
): string[] {
    if (errors[field]) {
        return [];
    }
    if (raw.length > LIMITS.rawList) {
        errors[field] = { key: 'error_too_long', args: { max: LIMITS.rawList } };
        return [];
    }
    const entries = splitList(raw);
    if (entries.length > max) {
        errors[field] = { key: 'error_too_many', args: { max } };
        return [];
    }
    const values: string[] = [];
    for (const entry of entries) {
        const { value, error } = normalize(entry);
        if (!value) {
            errors[field] = error ?? { key: 'error_invalid_input' };
            return [];
        }
        if (!values.includes(value)) {
            values.push(value);
        }
    }
    return values;
}

/** A checkbox group sends the selected values; anything else counts as not set. */
function parseFlag(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.includes('yes');
    }
    return value === true || value === 'yes';
}
