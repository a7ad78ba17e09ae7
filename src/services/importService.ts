import { randomBytes } from 'crypto';
import type { Caller } from '../domain/access';
import { parseImportCsv } from '../domain/csv';
import { ContactCenterError, ValidationError, forbidden, notFound } from '../domain/errors';
import { isId } from '../domain/decode';
import { countOutcomes, type ImportCounts, type ImportJob, type RowOutcome } from '../domain/imports';
import type { ContactFormInput } from '../domain/validation';
import { readCaller } from '../host/users';
import { ImportRepository } from '../store/ImportRepository';
import { recordAudit } from './audit';
import { saveContact } from './contactService';
import type { ActorContext, ServiceContext } from './context';
import { checkFile, columnsOf, planRow, type RowPlan } from './importRows';
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
        throw forbidden('error_import_not_allowed');
    }
}

export interface DryRunReport {
    rows: RowOutcome[];
    counts: ImportCounts;
}

/** What the import would do, row by row, without writing anything. */
export async function dryRunImport(ctx: ActorContext, csv: unknown): Promise<DryRunReport> {
    const { read, persistence, caller, config } = ctx;
    assertMayImport(caller, config);
    const rows = parseImportCsv(csv, config.extraFields);
    const checked = checkFile(rows, config);
    const outcomes: RowOutcome[] = [];
    for (const row of rows) {
        outcomes.push((await planRow(read, config, row, checked)).outcome);
    }
    const counts = countOutcomes(outcomes);
    await recordAudit(persistence, {
        subject: { kind: 'import', id: newId() },
        action: 'import.dry_run',
        actor: caller,
        detail: { rows: rows.length, ...counts },
    });
    return { rows: outcomes, counts };
}

/** Parses and checks the file now (a bad file is refused at once), then the job applies it row by row. */
export async function startImport(ctx: ActorContext, csv: unknown): Promise<ImportJob> {
    const { persistence, caller, config } = ctx;
    assertMayImport(caller, config);
    const rows = parseImportCsv(csv, config.extraFields);
    const now = new Date().toISOString();
    const job: ImportJob = { kind: 'import', id: newId(), ownerId: caller.id, status: 'running', rows, createdAt: now, updatedAt: now };
    await ImportRepository.save(persistence, job);
    await ctx.modify.getScheduler().scheduleOnce({ id: IMPORT_JOB, when: new Date(), data: { importId: job.id } });
    return job;
}

export interface ImportStatus {
    job: ImportJob;
    outcomes: RowOutcome[];
    counts: ImportCounts;
}

export async function importStatus(ctx: ActorContext, id: unknown): Promise<ImportStatus> {
    const repository = new ImportRepository(ctx.read.getPersistenceReader());
    const job = isId(id) ? await repository.get(id) : undefined;
    if (!job || job.ownerId !== ctx.caller.id) {
        throw notFound('error_import_not_found');
    }
    const outcomes = await repository.outcomes(job.id);
    return { job, outcomes, counts: countOutcomes(outcomes) };
}

/**
 * One run: applies the rows that have no outcome yet, in order, recording each row's outcome right after
 * it is applied. A row interrupted between its save and its record is applied again after a restart; it
 * then matches the contact it created by its email or phone and updates it: no duplicate.
 */
export async function runImportStep(ctx: ServiceContext, importId: unknown): Promise<ImportJob | undefined> {
    const { read, modify, persistence, config } = ctx;
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
        const outcome = plan.outcome.action === 'reject' ? plan.outcome : await apply({ ...ctx, caller, scope: ALL }, plan);
        await ImportRepository.saveOutcome(persistence, job.id, outcome);
    }
    // The file's values are not kept once applied: the outcomes say what each row did.
    const done: ImportJob = {
        ...job,
        rows: job.rows.map((r) => ({ row: r.row, values: {} })),
        status: 'done',
        updatedAt: new Date().toISOString(),
    };
    await ImportRepository.save(persistence, done);
    const counts = countOutcomes(await repository.outcomes(job.id));
    await recordAudit(persistence, {
        subject: { kind: 'import', id: job.id },
        action: 'import.finished',
        actor: caller,
        detail: { rows: job.rows.length, ...counts },
    });
    return done;
}

/** Saves one planned row as the importing manager would through the form. */
async function apply(ctx: ActorContext, plan: RowPlan): Promise<RowOutcome> {
    const { config } = ctx;
    try {
        const saved = await saveContact(ctx, {
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
            return {
                row: plan.outcome.row,
                action: 'reject',
                name: plan.outcome.name,
                errors: { name: { key: error.key, args: error.args } },
            };
        }
        throw error;
    }
}

function newId(): string {
    return randomBytes(9).toString('hex');
}
