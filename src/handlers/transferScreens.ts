import { boundedText } from '../domain/ids';
import { downloadUrl, getOwnExport, startExport, validateSubject } from '../services/exportService';
import { assertMayImport, dryRunImport, importStatus, startImport } from '../services/importService';
import { buildExportView, buildImportForm, buildImportProgress } from '../ui/transferViews';
import { decodeChats, MAX_QUERY_LENGTH } from '../ui/paging';
import type { Screen } from './screens';
import { IMPORT_LIMITS } from '../domain/csv';

/** Export CSV from the Contacts tab (the button carries the search) or the Chats tab (it carries the filter). */
export const startExportScreen =
    (kind: 'contacts' | 'chats', value: unknown): Screen =>
    async (ctx) => {
        const subject =
            kind === 'contacts'
                ? validateSubject({ kind, query: boundedText(value, MAX_QUERY_LENGTH) }, ctx.scope)
                : validateSubject({ kind, filter: decodeChats(value).filter }, ctx.scope);
        const job = await startExport(ctx.read, ctx.persistence, ctx.modify.getScheduler(), ctx.caller, ctx.scope, subject);
        return buildExportView(ctx.appId, job, undefined, ctx.caller.utcOffset);
    };

export const exportScreen =
    (exportId: unknown): Screen =>
    async (ctx) => {
        const job = await getOwnExport(ctx.read, ctx.caller, exportId);
        const url = job.status === 'done' ? await downloadUrl(ctx.read, ctx.appId, job) : undefined;
        return buildExportView(ctx.appId, job, url, ctx.caller.utcOffset);
    };

export const importFormScreen = (): Screen => async (ctx) => {
    assertMayImport(ctx.caller, ctx.config);
    return buildImportForm(ctx.appId, { csv: '' });
};

/**
 * Submit of the import form: with the confirmation ticked, the import starts (the file is parsed and every
 * row judged again by the job); otherwise a dry run reports what would happen. A ValidationError about the
 * file as a whole reaches the CSV field.
 */
export const importSubmitScreen =
    (csvValue: unknown, confirmed: boolean): Screen =>
    async (ctx) => {
        const csv = typeof csvValue === 'string' ? csvValue.slice(0, IMPORT_LIMITS.chars + 1) : '';
        if (confirmed) {
            const job = await startImport(ctx.read, ctx.persistence, ctx.modify.getScheduler(), ctx.caller, ctx.config, csv);
            return buildImportProgress(ctx.appId, job.id, 'running', job.rows.length, 0, { create: 0, update: 0, reject: 0 });
        }
        const report = await dryRunImport(ctx.read, ctx.persistence, ctx.caller, ctx.config, csv);
        return buildImportForm(ctx.appId, { csv, report });
    };

export const importProgressScreen =
    (importId: unknown): Screen =>
    async (ctx) => {
        const { job, outcomes, counts } = await importStatus(ctx.read, ctx.caller, importId);
        return buildImportProgress(ctx.appId, job.id, job.status, job.rows.length, outcomes.length, counts, job.error);
    };
