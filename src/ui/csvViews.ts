import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ButtonElement } from '@rocket.chat/ui-kit';
import { exportPercent, type ExportJob } from '../domain/exports';
import type { ImportCounts, RowOutcome } from '../domain/imports';
import { Blocks } from './blocks';
import { formatDateTime } from './format';
import { closeButton } from './frame';
import { plain, t } from './i18n';
import { ActionIds, Fields, ViewIds } from './ids';

const SHOWN_ROWS = 50;

/** An export's progress; once done, a button that opens the download link. */
export function buildExportView(appId: string, job: ExportJob, url: string | undefined, utcOffset = 0): IUIKitModalViewParam {
    const b = new Blocks(appId);
    if (job.status === 'failed') {
        b.section(t('export_failed'));
        b.context([t(job.error ?? 'error_unexpected')]);
    } else if (job.status === 'done' && url) {
        b.section(t('export_done', { total: job.total }));
        const download: ButtonElement = { ...b.button(ActionIds.exportDownload, t('export_download'), job.id, 'primary'), url };
        b.actions([download]);
        b.context([t('export_link_expires', { date: formatDateTime(job.expiresAt, utcOffset) })]);
    } else {
        b.section(
            job.total === 0 ? t('export_starting') : t('export_running', { done: job.done, total: job.total, percent: exportPercent(job) }),
        );
        b.actions([b.button(ActionIds.exportRefresh, t('export_refresh'), job.id)]);
        // Apps cannot push a view: the figures are as of now, and Refresh reads them again.
        b.context([t('progress_as_of', { time: formatDateTime(new Date().toISOString(), utcOffset) })]);
    }
    return { id: ViewIds.export, title: t('export_title'), blocks: b.list, close: closeButton(b) };
}

export interface ImportFormState {
    csv: string;
    report?: { rows: RowOutcome[]; counts: ImportCounts };
}

/** The import: paste CSV text, Check (a dry run), then tick the confirmation and Import. */
export function buildImportForm(appId: string, state: ImportFormState): IUIKitModalViewParam {
    const b = new Blocks(appId);
    b.section(t('import_help'));
    b.textInput(Fields.importCsv, t('import_csv_label'), {
        initialValue: state.csv,
        multiline: true,
        placeholder: plain('name,emails,phones\nAna Lima,ana@example.org,+55 11 98765-4321'),
    });
    const report = state.report;
    if (report) {
        b.divider();
        b.section(t('import_report', { ...report.counts }));
        for (const outcome of report.rows.slice(0, SHOWN_ROWS)) {
            const args = { row: outcome.row, name: outcome.name || '—' };
            const reasons = Object.values(outcome.errors ?? {}).map((e) => t(e.key, e.args));
            b.context([t(`import_row_${outcome.action}`, args), ...reasons].slice(0, 10));
        }
        if (report.rows.length > SHOWN_ROWS) {
            b.context([t('import_more_rows', { count: report.rows.length - SHOWN_ROWS })]);
        }
        if (report.counts.create + report.counts.update > 0) {
            b.checkbox(Fields.importConfirm, t('import_run'), t('import_confirm'), false);
        } else {
            b.context([t('import_nothing')]);
        }
    }
    const submit = b.button(
        ActionIds.search,
        t(report && report.counts.create + report.counts.update > 0 ? 'import_run' : 'import_check'),
        undefined,
        'primary',
    );
    return { id: ViewIds.importForm, title: t('import_title'), blocks: b.list, submit, close: closeButton(b) };
}

export function buildImportProgress(
    appId: string,
    importId: string,
    status: 'running' | 'done' | 'failed',
    total: number,
    done: number,
    counts: ImportCounts,
    error?: string,
    utcOffset = 0,
): IUIKitModalViewParam {
    const b = new Blocks(appId);
    if (status === 'failed') {
        b.section(t(error ?? 'error_unexpected'));
    } else {
        b.section(t(status === 'done' ? 'import_done' : 'import_progress', { done, total, ...counts }));
    }
    if (status === 'running') {
        b.actions([b.button(ActionIds.importRefresh, t('export_refresh'), importId)]);
        b.context([t('progress_as_of', { time: formatDateTime(new Date().toISOString(), utcOffset) })]);
    }
    return { id: ViewIds.importProgress, title: t('import_title'), blocks: b.list, close: closeButton(b) };
}
