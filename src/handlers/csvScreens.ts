import { IMPORT_LIMITS } from '../domain/csv';
import { boundedText } from '../domain/decode';
import { ValidationError } from '../domain/errors';
import { LIST_LIMITS } from '../domain/listAt';
import { downloadUrl, getOwnExport, startExport, validateSubject } from '../services/exportService';
import { assertMayImport, dryRunImport, importStatus, startImport } from '../services/importService';
import { buildExportView, buildImportForm, buildImportProgress } from '../ui/csvViews';
import { Fields } from '../ui/ids';
import { readChatsList } from '../ui/paging';
import type { Screen } from './respond';

/** Export CSV from the Contacts tab (the button carries the search) or the Chats tab (it carries the filter). */
export const startExportScreen =
    (kind: 'contacts' | 'chats', value: unknown): Screen =>
    async (ctx) => {
        const subject =
            kind === 'contacts'
                ? validateSubject({ kind, query: boundedText(value, LIST_LIMITS.query) }, ctx.scope)
                : validateSubject({ kind, filter: readChatsList(value).filter }, ctx.scope);
        const job = await startExport(ctx, subject);
        return buildExportView(ctx.appId, job, undefined, ctx.caller.utcOffset);
    };

export const exportScreen =
    (exportId: unknown): Screen =>
    async (ctx) => {
        const job = await getOwnExport(ctx, exportId);
        const url = job.status === 'done' ? await downloadUrl(ctx.read, ctx.appId, job) : undefined;
        return buildExportView(ctx.appId, job, url, ctx.caller.utcOffset);
    };

export const importFormScreen = (): Screen => async (ctx) => {
    assertMayImport(ctx.caller, ctx.config);
    return buildImportForm(ctx.appId, { csv: '' });
};

/**
 * Submit of the import form: with the confirmation ticked, the import starts (the file is parsed and every
 * row judged again by the job); otherwise a dry run reports what would happen. A problem with the file as a
 * whole is an error of the CSV field.
 */
export const importSubmitScreen =
    (csvValue: unknown, confirmed: boolean, shown = false): Screen =>
    async (ctx) => {
        const csv = typeof csvValue === 'string' ? csvValue.slice(0, IMPORT_LIMITS.chars + 1) : '';
        // Import pressed without the tick: said beside the box, the form and its report kept.
        if (!confirmed && shown) {
            throw new ValidationError({ [Fields.importConfirm]: { key: 'error_import_confirm' } });
        }
        if (confirmed) {
            const job = await startImport(ctx, csv);
            return buildImportProgress(
                ctx.appId,
                job.id,
                'running',
                job.rows.length,
                0,
                { create: 0, update: 0, reject: 0 },
                undefined,
                ctx.caller.utcOffset,
            );
        }
        const report = await dryRunImport(ctx, csv);
        return buildImportForm(ctx.appId, { csv, report });
    };

export const importProgressScreen =
    (importId: unknown): Screen =>
    async (ctx) => {
        const { job, outcomes, counts } = await importStatus(ctx, importId);
        return buildImportProgress(
            ctx.appId,
            job.id,
            job.status,
            job.rows.length,
            outcomes.length,
            counts,
            job.error,
            ctx.caller.utcOffset,
        );
    };
