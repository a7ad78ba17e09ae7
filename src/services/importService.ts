import { randomBytes } from 'crypto';
import type { IModify, IPersistence, IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller } from '../domain/access';
import type { Contact } from '../domain/contact';
import { parseImportCsv, type ImportRow } from '../domain/csv';
import { ContactCenterError, ValidationError, type FieldErrors } from '../domain/errors';
import { isId } from '../domain/ids';
import { countOutcomes, parseYesNo, type ImportCounts, type ImportJob, type RowOutcome } from '../domain/imports';
import { validateContact, type ContactFormInput, type ValidContact } from '../domain/validation';
import { findVisitorByEmail, findVisitorByPhone } from '../host/visitors';
import { readCaller } from '../host/users';
import { ContactRepository } from '../store/ContactRepository';
import { ImportRepository } from '../store/ImportRepository';
import { saveContact } from './contactService';
import { recordAudit } from './audit';
import type { AppConfig } from './settings';

export const IMPORT_JOB = 'cc-import';
const RUN_BUDGET_MS = 8_000;
const ALL = { kind: 'all' } as const;

/**
 * Only callers who see every contact may import: rows are matched against the whole directory by email
 * and phone, and an update may touch a contact an agent could not see.
 */
export function assertMayImport(caller: Caller, config: AppConfig): void {
    if (!caller.roles.some((role) => config.seeAllRoles.includes(role))) {
        throw new ContactCenterError('error_import_not_allowed');
    }
}

export interface DryRunReport {
    rows: RowOutcome[];
    counts: ImportCounts;
}

/** What the import would do, row by row, without writing anything. */
export async function dryRunImport(read: IRead, persistence: IPersistence, caller: Caller, config: AppConfig, csv: unknown): Promise<DryRunReport> {
    assertMayImport(caller, config);
    const rows = parseImportCsv(csv, config.extraFields);
    const checked = checkFile(rows, config);
    const outcomes: RowOutcome[] = [];
    for (const row of rows) {
        outcomes.push((await planRow(read, config, row, checked)).outcome);
    }
    const counts = countOutcomes(outcomes);
    await recordAudit(persistence, { subject: { kind: 'import', id: newId() }, action: 'import.dry_run', actor: caller, detail: { rows: rows.length, ...counts } });
    return { rows: outcomes, counts };
}

/** Parses and checks the file now (a bad file is refused at once), then the job applies it row by row. */
export async function startImport(read: IRead, persistence: IPersistence, scheduler: ISchedulerModify, caller: Caller, config: AppConfig, csv: unknown): Promise<ImportJob> {
    assertMayImport(caller, config);
    const rows = parseImportCsv(csv, config.extraFields);
    const now = new Date().toISOString();
    const job: ImportJob = { kind: 'import', id: newId(), ownerId: caller.id, status: 'running', rows, createdAt: now, updatedAt: now };
    await ImportRepository.save(persistence, job);
    await scheduler.scheduleOnce({ id: IMPORT_JOB, when: new Date(), data: { importId: job.id } });
    return job;
}

export interface ImportStatus {
    job: ImportJob;
    outcomes: RowOutcome[];
    counts: ImportCounts;
}

export async function importStatus(read: IRead, caller: Caller, id: unknown): Promise<ImportStatus> {
    const repository = new ImportRepository(read.getPersistenceReader());
    const job = isId(id) ? await repository.get(id) : undefined;
    if (!job || job.ownerId !== caller.id) {
        throw new ContactCenterError('error_import_not_found');
    }
    const outcomes = await repository.outcomes(job.id);
    return { job, outcomes, counts: countOutcomes(outcomes) };
}

/**
 * One run: applies the rows that have no outcome yet, in order, recording each row's outcome right after
 * it is applied. A row interrupted between its save and its record is applied again after a restart; it
 * then matches the contact it created by its email or phone and updates it: no duplicate.
 */
export async function runImportStep(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig, importId: unknown): Promise<ImportJob | undefined> {
    const repository = new ImportRepository(read.getPersistenceReader());
    const job = isId(importId) ? await repository.get(importId) : undefined;
    if (!job || job.status !== 'running') {
        return job;
    }
    const caller = await readCaller(read, job.ownerId);
    if (!caller || !caller.roles.some((role) => config.seeAllRoles.includes(role))) {
        const failed: ImportJob = { ...job, status: 'failed', error: 'error_import_not_allowed', updatedAt: new Date().toISOString() };
        await ImportRepository.save(persistence, failed);
        return failed;
    }
    const applied = new Set((await repository.outcomes(job.id)).map((o) => o.row));
    const checked = checkFile(job.rows, config);
    const started = Date.now();
    for (const row of job.rows) {
        if (applied.has(row.row)) {
            continue;
        }
        if (Date.now() - started > RUN_BUDGET_MS) {
            await modify.getScheduler().scheduleOnce({ id: IMPORT_JOB, when: new Date(), data: { importId: job.id } });
            return job;
        }
        const plan = await planRow(read, config, row, checked);
        const outcome = plan.outcome.action === 'reject' ? plan.outcome : await apply(read, modify, persistence, config, caller, plan);
        await ImportRepository.saveOutcome(persistence, job.id, outcome);
    }
    const done: ImportJob = { ...job, status: 'done', updatedAt: new Date().toISOString() };
    await ImportRepository.save(persistence, done);
    const counts = countOutcomes(await repository.outcomes(job.id));
    await recordAudit(persistence, { subject: { kind: 'import', id: job.id }, action: 'import.finished', actor: caller, detail: { rows: job.rows.length, ...counts } });
    return done;
}

async function apply(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig, caller: Caller, plan: RowPlan): Promise<RowOutcome> {
    try {
        const saved = await saveContact(read, modify, persistence, config, {
            caller,
            scope: ALL,
            contactId: plan.existing?.id,
            revision: plan.existing?.revision,
            input: plan.input as ContactFormInput,
        });
        return { ...plan.outcome, contactId: saved.id };
    } catch (error) {
        if (error instanceof ValidationError) {
            return { row: plan.outcome.row, action: 'reject', name: plan.outcome.name, errors: columnsOf(error.fields, config) };
        }
        if (error instanceof ContactCenterError) {
            return { row: plan.outcome.row, action: 'reject', name: plan.outcome.name, errors: { name: { key: error.key, args: error.args } } };
        }
        throw error;
    }
}

interface RowPlan {
    outcome: RowOutcome;
    input?: Omit<ContactFormInput, 'customFields'>;
    existing?: Contact;
}

interface CheckedRow {
    valid?: ValidContact;
    errors?: FieldErrors;
    /** The earlier row of the file that has the same email or phone. */
    duplicateOf?: { row: number; field: string };
}

/** Validation and in-file duplicates: pure, so a resumed import judges every row exactly as the dry run did. */
function checkFile(rows: ImportRow[], config: AppConfig): Map<number, CheckedRow> {
    const firstRowOfKey = new Map<string, number>();
    const checked = new Map<number, CheckedRow>();
    for (const row of rows) {
        const result = validateRow(row, config);
        if (result.valid) {
            const keys = [...result.valid.emails.map((e) => ['emails', `em:${e}`]), ...result.valid.phones.map((p) => ['phones', `ph:${p}`])];
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
        const input = { name: v.name, emails: v.emails, phones: v.phones, company: v.company, notes: v.notes, doNotContact: flag ? 'yes' : '', extraValues: extraValuesOf(row, config) };
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
async function planRow(read: IRead, config: AppConfig, row: ImportRow, checked: Map<number, CheckedRow>): Promise<RowPlan> {
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
        return reject({ emails: { key: 'error_import_ambiguous', args: { names: matches.map((c) => c.name).join(', ').slice(0, 200) } } });
    }
    const input = {
        name: valid.name,
        company: valid.extra.company,
        notes: valid.extra.notes,
        doNotContact: valid.extra.doNotContact ? 'yes' : '',
    };
    const carried = extraValuesOf(row, config);
    if (matches.length === 0) {
        const visitor = (await Promise.all([...valid.emails.map((e) => findVisitorByEmail(read, e)), ...valid.phones.map((p) => findVisitorByPhone(read, p))])).find((x) => x != null);
        if (visitor) {
            return reject({ emails: { key: 'error_import_not_indexed', args: { name: visitor.name ?? '' } } });
        }
        const created = { ...input, emails: valid.emails.join('\n'), phones: valid.phones.join('\n'), extraValues: carried };
        return judged(created, { row: row.row, action: 'create', name: valid.name });
    }
    const existing = matches[0];
    // The row changes only the columns it carries, with a value: an empty cell keeps what the contact has.
    const has = (column: string) => Object.prototype.hasOwnProperty.call(row.values, column) && (row.values as Record<string, string>)[column].trim() !== '';
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

function newId(): string {
    return randomBytes(9).toString('hex');
}

/** Validation names fields as the form does; the file names them by column (an extra field by its name). */
function columnsOf(fields: FieldErrors, config: AppConfig): FieldErrors {
    const names = new Map(config.extraFields.map((f) => [f.id, f.name]));
    return Object.fromEntries(Object.entries(fields).map(([field, error]) => [field === 'doNotContact' ? 'do_not_contact' : (names.get(field) ?? field), error]));
}
