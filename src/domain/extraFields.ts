import type { FieldErrors } from './errors';
import { fold, tidy } from './text';

/**
 * The app's extra contact fields, defined by an admin in a setting, one field a line:
 *
 *     Customer ID:text:required
 *     Birthday:date
 *     Plan:select(Free|Pro|Enterprise):required
 *     Seats:number
 *
 * The name is shown as the label and keys the stored value. A bad line is skipped and reported (the other
 * fields keep working), so a typo in the setting never breaks the contact form.
 */
export type ExtraFieldType = 'text' | 'number' | 'date' | 'select';

export interface ExtraField {
    name: string;
    type: ExtraFieldType;
    required: boolean;
    /** Choices of a select. */
    options: string[];
    /** The form input's id, derived from the name. */
    id: string;
}

export const EXTRA_LIMITS = { fields: 20, name: 40, options: 30, option: 60, text: 200 } as const;

/** Names the app's own fields and its CSV columns use: an extra field may not take them. */
const RESERVED = new Set([
    'name',
    'email',
    'emails',
    'phone',
    'phones',
    'company',
    'notes',
    'do not contact',
    'do_not_contact',
    'tags',
    'id',
    'channels',
    'first_chat',
    'last_chat',
]);

// Input ids use Latin letters and digits only (a name like "Größe" becomes x-gro-e).
const slug = (name: string): string =>
    `x-${fold(name)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`;

/** Parses the setting; returns the valid fields and a readable problem for each line it skipped. */
export function parseExtraFields(value: unknown): { fields: ExtraField[]; problems: string[] } {
    const fields: ExtraField[] = [];
    const problems: string[] = [];
    const lines = (typeof value === 'string' ? value : '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith('#'));
    for (const [index, line] of lines.entries()) {
        const problem = (why: string) => problems.push(`line ${index + 1} "${line.slice(0, 80)}": ${why}`);
        if (fields.length >= EXTRA_LIMITS.fields) {
            problem(`at most ${EXTRA_LIMITS.fields} fields`);
            continue;
        }
        const match = /^([^:]+):\s*(text|number|date|select\s*\(([^)]*)\))\s*(?::\s*(required|optional)\s*)?$/i.exec(line);
        if (!match) {
            problem('expected "Name:type" or "Name:type:required", type one of text, number, date, select(a|b)');
            continue;
        }
        const name = tidy(match[1]);
        const type = match[2].toLowerCase().startsWith('select') ? 'select' : (match[2].toLowerCase() as ExtraFieldType);
        const options =
            type === 'select'
                ? [
                      ...new Set(
                          (match[3] ?? '')
                              .split('|')
                              .map((o) => tidy(o))
                              .filter((o) => o.length > 0),
                      ),
                  ]
                : [];
        const id = slug(name);
        if (name.length === 0 || name.length > EXTRA_LIMITS.name || id === 'x-') {
            problem(`the name needs 1 to ${EXTRA_LIMITS.name} characters, with a letter or digit`);
        } else if (RESERVED.has(name.toLowerCase())) {
            problem('the name is one of the built-in fields');
        } else if (fields.some((f) => f.id === id)) {
            problem('another field has the same name');
        } else if (
            type === 'select' &&
            (options.length === 0 || options.length > EXTRA_LIMITS.options || options.some((o) => o.length > EXTRA_LIMITS.option))
        ) {
            problem(`a select needs 1 to ${EXTRA_LIMITS.options} options of at most ${EXTRA_LIMITS.option} characters`);
        } else {
            fields.push({ name, type, required: match[4]?.toLowerCase() === 'required', options, id });
        }
    }
    return { fields, problems };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
    const m = DATE.exec(value);
    if (!m) return false;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return date.toISOString().slice(0, 10) === value;
}

/**
 * Checks the form's values of the extra fields: required, number, date (YYYY-MM-DD), one of the options.
 * Records the errors by input id; returns the clean values by field name (empty optional fields omitted).
 */
export function validateExtraFields(fields: ExtraField[], valueOf: (id: string) => unknown, errors: FieldErrors): Record<string, string> {
    const values: Record<string, string> = {};
    for (const field of fields) {
        const raw = valueOf(field.id);
        if (raw != null && typeof raw !== 'string' && typeof raw !== 'number') {
            errors[field.id] = { key: 'error_not_text' };
            continue;
        }
        const value = typeof raw === 'string' ? tidy(raw) : typeof raw === 'number' ? String(raw) : '';
        if (value.length === 0) {
            if (field.required) errors[field.id] = { key: 'error_required' };
            continue;
        }
        if (value.length > EXTRA_LIMITS.text) {
            errors[field.id] = { key: 'error_too_long', args: { max: EXTRA_LIMITS.text } };
        } else if (field.type === 'number' && !/^-?\d+([.,]\d+)?$/.test(value)) {
            errors[field.id] = { key: 'error_number_invalid' };
        } else if (field.type === 'date' && !validDate(value)) {
            errors[field.id] = { key: 'error_date_invalid' };
        } else if (field.type === 'select' && !field.options.includes(value)) {
            errors[field.id] = { key: 'error_option_invalid' };
        } else {
            values[field.name] = field.type === 'number' ? String(Number(value.replace(',', '.'))) : value;
        }
    }
    return values;
}
