import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { durationSeconds, allTags, type Chat } from './chat';
import type { Contact } from './contact';
import { ValidationError } from './errors';

/**
 * CSV as the app writes and reads it: RFC 4180 (comma, CRLF, fields quoted when they hold a comma, a quote
 * or a line break), UTF-8 WITHOUT a byte order mark: the Apps-Engine's channel between the app and the
 * server decodes strings with a TextDecoder, which drops a leading BOM, so a file cannot reliably start with
 * one (seen in the engine tests). Imports accept a BOM (Excel writes one). Cells that a spreadsheet would run
 * as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe; the import removes
 * that apostrophe again, so an export can be imported back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
    return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse of neutralise, for cells read back from a file. */
export function restore(cell: string): string {
    return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows to CSV text. */
export function toCsv(rows: string[][]): string {
    return stringify(
        rows.map((row) => row.map(neutralise)),
        // The library quotes a field holding the record delimiter (CRLF) but not a lone LF or CR; RFC 4180 wants those quoted too.
        { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
    );
}

/** Columns of a contacts export; the first six are also the columns an import reads. */
export const CONTACT_COLUMNS = ['name', 'emails', 'phones', 'company', 'notes', 'do_not_contact', 'first_chat', 'last_chat', 'channels', 'id'] as const;
export const CHAT_COLUMNS = ['room_id', 'contact_id', 'contact_name', 'agent', 'department_id', 'source', 'tags', 'started_at', 'closed_at', 'duration_seconds', 'closed_by', 'messages'] as const;

/** Lists inside one cell are separated by "; " (a comma would confuse people reading the file). */
const list = (values: string[]): string => values.join('; ');

export function contactRow(contact: Contact): string[] {
    return [
        contact.name,
        list(contact.emails),
        list(contact.phones),
        contact.extra.company,
        contact.extra.notes,
        contact.extra.doNotContact ? 'yes' : 'no',
        contact.firstChatAt ?? '',
        contact.lastChatAt ?? '',
        list(contact.channels),
        contact.id,
    ];
}

export function chatRow(chat: Chat): string[] {
    const duration = durationSeconds(chat);
    return [
        chat.roomId,
        chat.contactId,
        chat.contactName,
        chat.agentName ?? '',
        chat.departmentId ?? '',
        chat.source ?? '',
        list(allTags(chat)),
        chat.startedAt ?? '',
        chat.closedAt,
        duration === undefined ? '' : String(duration),
        chat.closedBy ?? '',
        String(chat.messageCount),
    ];
}

export const IMPORT_COLUMNS = ['name', 'emails', 'phones', 'company', 'notes', 'do_not_contact'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const IMPORT_LIMITS = { chars: 1_000_000, rows: 1000 } as const;

/** One data row of an import file, as text, with its number (1 is the first row after the header). */
export interface ImportRow {
    row: number;
    values: Partial<Record<ImportColumn, string>>;
}

/**
 * Reads an import file: a header naming known columns (any order, any case; "name" and one of "emails" or
 * "phones" required), then one contact a row. Problems with the file as a whole are errors of field "csv".
 */
export function parseImportCsv(text: unknown): ImportRow[] {
    if (typeof text !== 'string' || text.trim().length === 0) {
        throw new ValidationError({ csv: { key: 'error_import_empty' } });
    }
    if (text.length > IMPORT_LIMITS.chars) {
        throw new ValidationError({ csv: { key: 'error_too_long', args: { max: IMPORT_LIMITS.chars } } });
    }
    let records: string[][];
    try {
        records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, trim: false });
    } catch (error) {
        const line = (error as { lines?: number }).lines;
        throw new ValidationError({ csv: { key: 'error_import_malformed', args: { line: typeof line === 'number' ? line : 0 } } });
    }
    const [header, ...data] = records;
    const columns = header.map((h) => h.trim().toLowerCase());
    const unknown = columns.find((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
    if (unknown !== undefined) {
        throw new ValidationError({ csv: { key: 'error_import_unknown_column', args: { column: unknown.slice(0, 40), known: IMPORT_COLUMNS.join(', ') } } });
    }
    if (!columns.includes('name') || !(columns.includes('emails') || columns.includes('phones'))) {
        throw new ValidationError({ csv: { key: 'error_import_columns_required' } });
    }
    if (new Set(columns).size !== columns.length) {
        throw new ValidationError({ csv: { key: 'error_import_column_twice' } });
    }
    if (data.length === 0) {
        throw new ValidationError({ csv: { key: 'error_import_no_rows' } });
    }
    if (data.length > IMPORT_LIMITS.rows) {
        throw new ValidationError({ csv: { key: 'error_import_too_many_rows', args: { max: IMPORT_LIMITS.rows } } });
    }
    return data.map((record, index) => ({
        row: index + 1,
        values: Object.fromEntries(columns.map((column, i) => [column, restore(record[i] ?? '')])) as ImportRow['values'],
    }));
}
