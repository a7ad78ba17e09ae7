import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Contact } from '../domain/contact';
import type { ImportRow } from '../domain/csv';
import { ValidationError, type FieldErrors } from '../domain/errors';
import { parseYesNo, type RowOutcome } from '../domain/imports';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { findVisitorByEmail, findVisitorByPhone } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import type { AppConfig } from './settings';

/** Rows are matched against the whole directory, whatever the importing manager's view. */
const ALL = { kind: 'all' } as const;

export interface RowPlan {
    outcome: RowOutcome;
    input?: Omit<ContactFormInput, 'customFields'>;
    existing?: Contact;
}

export interface CheckedRow {
    valid?: ValidContact;
    errors?: FieldErrors;
    /** The earlier row of the file that has the same email or phone. */
    duplicateOf?: { row: number; field: string };
}

/** Validation and in-file duplicates: pure, so a resumed import judges every row exactly as the dry run did. */
export function checkFile(rows: ImportRow[], config: AppConfig): Map<number, CheckedRow> {
    const firstRowOfKey = new Map<string, number>();
    const checked = new Map<number, CheckedRow>();
    for (const row of rows) {
        const result = validateRow(row, config);
        if (result.valid) {
            const keys = [
                ...result.valid.emails.map((e) => ['emails', `em:${e}`]),
                ...result.valid.phones.map((p) => ['phones', `ph:${p}`]),
            ];
            const earlier = keys.find(([, key]) => firstRowOfKey.has(key));
            if (earlier) {
                result.duplicateOf = { row: firstRowOfKey.get(earlier[1]) as number, field: earlier[0] };
            } else {
                keys.forEach(([, key]) => firstRowOfKey.set(key, row.row));
            }
        }
        checked.set(row.row, result);
    }
    return checked;
}

function validateRow(row: ImportRow, config: AppConfig): CheckedRow {
    const v = row.values;
    const errors: FieldErrors = {};
    const flag = parseYesNo(v.do_not_contact ?? '');
    if (flag === undefined) {
        errors.do_not_contact = { key: 'error_import_flag', args: { value: (v.do_not_contact ?? '').slice(0, 40) } };
    }
    let valid: ValidContact | undefined;
    try {
        // Extra fields are checked for their form here; whether a required one has a value depends on the row
        // creating a contact or updating one (see planRow).
        const optional = config.extraFields.map((f) => ({ ...f, required: false }));
        const input = {
            name: v.name,
            emails: v.emails,
            phones: v.phones,
            company: v.company,
            notes: v.notes,
            doNotContact: flag ? 'yes' : '',
            extraValues: extraValuesOf(row, config),
        };
        valid = validateContact(input, config.defaultCountry, optional);
    } catch (error) {
        if (!(error instanceof ValidationError)) {
            throw error;
        }
        Object.assign(errors, columnsOf(error.fields, config));
    }
    if (valid && valid.emails.length === 0 && valid.phones.length === 0) {
        errors.emails = { key: 'error_import_no_key' };
    }
    return Object.keys(errors).length > 0 ? { errors } : { valid };
}

/** Matches the row against the directory by each email and phone (one exact look-up each). */
export async function planRow(read: IRead, config: AppConfig, row: ImportRow, checked: Map<number, CheckedRow>): Promise<RowPlan> {
    const check = checked.get(row.row) as CheckedRow;
    const name = (row.values.name ?? '').trim().slice(0, 120);
    const reject = (errors: FieldErrors): RowPlan => ({ outcome: { row: row.row, action: 'reject', name, errors } });
    if (!check.valid) {
        return reject(check.errors ?? {});
    }
    if (check.duplicateOf) {
        return reject({ [check.duplicateOf.field]: { key: 'error_import_duplicate_row', args: { row: check.duplicateOf.row } } });
    }
    const valid = check.valid;
    const repository = new ContactRepository(read.getPersistenceReader());
    const keys = [...valid.emails.map((e) => `em:${e}`), ...valid.phones.map((p) => `ph:${p}`)];
    const found = (await Promise.all(keys.map((key) => repository.findByKeys(ALL, [key])))).flat();
    const matches = [...new Map(found.map((c) => [c.id, c])).values()];
    if (matches.length > 1) {
        return reject({
            emails: {
                key: 'error_import_ambiguous',
                args: {
                    names: matches
                        .map((c) => c.name)
                        .join(', ')
                        .slice(0, 200),
                },
            },
        });
    }
    const input = {
        name: valid.name,
        company: valid.extra.company,
        notes: valid.extra.notes,
        doNotContact: valid.extra.doNotContact ? 'yes' : '',
    };
    const carried = extraValuesOf(row, config);
    if (matches.length === 0) {
        const visitor = (
            await Promise.all([
                ...valid.emails.map((e) => findVisitorByEmail(read, e)),
                ...valid.phones.map((p) => findVisitorByPhone(read, p)),
            ])
        ).find((x) => x != null);
        if (visitor) {
            return reject({ emails: { key: 'error_import_not_indexed', args: { name: visitor.name ?? '' } } });
        }
        const created = { ...input, emails: valid.emails.join('\n'), phones: valid.phones.join('\n'), extraValues: carried };
        return judged(created, { row: row.row, action: 'create', name: valid.name });
    }
    const existing = matches[0];
    // The row changes only the columns it carries, with a value: an empty cell keeps what the contact has.
    const has = (column: string) =>
        Object.prototype.hasOwnProperty.call(row.values, column) && (row.values as Record<string, string>)[column].trim() !== '';
    const extraValues = Object.fromEntries(config.extraFields.map((f) => [f.id, carried[f.id] || existing.extra.fields?.[f.name] || '']));
    const merged = {
        name: valid.name,
        emails: [...new Set([...existing.emails, ...valid.emails])].join('\n'),
        phones: [...new Set([...existing.phones, ...valid.phones])].join('\n'),
        company: has('company') ? input.company : existing.extra.company,
        notes: has('notes') ? input.notes : existing.extra.notes,
        doNotContact: (has('do_not_contact') ? valid.extra.doNotContact : existing.extra.doNotContact) ? 'yes' : '',
        extraValues,
    };
    return judged(merged, { row: row.row, action: 'update', name: valid.name, contactId: existing.id }, existing);

    /** The row as it would be saved, checked as the form checks it (required extra fields included). */
    function judged(values: Omit<ContactFormInput, 'customFields'>, outcome: RowOutcome, on?: Contact): RowPlan {
        try {
            validateContact(values, config.defaultCountry, config.extraFields);
        } catch (error) {
            if (error instanceof ValidationError) {
                return reject(columnsOf(error.fields, config));
            }
            throw error;
        }
        return { outcome, input: values, ...(on ? { existing: on } : {}) };
    }
}

/** The extra-field cells of a row, by the form's input id (an absent column reads as empty). */
function extraValuesOf(row: ImportRow, config: AppConfig): Record<string, string> {
    return Object.fromEntries(config.extraFields.map((f) => [f.id, (row.extra?.[f.name] ?? '').trim()]));
}

/** Validation names fields as the form does; the file names them by column (an extra field by its name). */
export function columnsOf(fields: FieldErrors, config: AppConfig): FieldErrors {
    const names = new Map(config.extraFields.map((f) => [f.id, f.name]));
    return Object.fromEntries(
        Object.entries(fields).map(([field, error]) => [field === 'doNotContact' ? 'do_not_contact' : (names.get(field) ?? field), error]),
    );
}
