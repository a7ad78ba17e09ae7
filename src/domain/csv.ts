import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { durationSeconds, allTags, type Chat } from './chat';
import type { Contact } from './contact';
import { ValidationError } from './errors';
import type { ExtraField } from './extraFields';

/**
 * CSV as the app writes and reads it: RFC 4180 (comma, CRLF, fields quoted when they hold a comma, a quote
 * or a line break), UTF-8 WITHOUT a byte order mark: the Apps-Engine's channel between the app and the
 * server decodes strings with a TextDecoder, which drops a leading BOM, so a file cannot reliably start with
 * one (seen in the engine tests). Imports accept a BOM (Excel writes one). Cells that a spreadsheet would run
 * as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe, and so do cells that
 * already start with apostrophes before such a sign; the import removes one apostrophe from a cell that starts
 * with apostrophes and such a sign (a spreadsheet user's own guard reads as intended too). So every value comes
 * back exactly from an export: "=1+1" is written '=1+1, and "'=1+1" is written ''=1+1.
 */
const GUARDED = /^'*[=+\-@\t\r]/;

export function neutralise(cell: string): string {
    return GUARDED.test(cell) ? `'${cell}` : cell;
}

/** The inverse of neutralise, for cells read back from a file. */
export function restore(cell: string): string {
    return cell.startsWith("'") && GUARDED.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows to CSV text. */
export function toCsv(rows: string[][]): string {
    return stringify(
        rows.map((row) => row.map(neutralise)),
        // The library quotes a field holding the record delimiter (CRLF) but not a lone LF or CR; RFC 4180 wants those quoted too.
        { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
    );
}

/**
 * Columns of a contacts export, then one column per extra field (named as the field). The first six and the extra
 * fields are what an import reads; the others are ignored by an import, so an export can be imported back.
 */
export const CONTACT_COLUMNS = [
    'name',
    'emails',
    'phones',
    'company',
    'notes',
    'do_not_contact',
    'first_chat',
    'last_chat',
    'channels',
    'id',
] as const;
export const CHAT_COLUMNS = [
    'room_id',
    'contact_id',
    'contact_name',
    'agent',
    'department_id',
    'source',
    'tags',
    'started_at',
    'closed_at',
    'duration_seconds',
    'closed_by',
    'messages',
] as const;

/** Lists inside one cell are separated by "; " (a comma would confuse people reading the file). */
const list = (values: string[]): string => values.join('; ');

export const contactColumns = (extraFields: ExtraField[]): string[] => [...CONTACT_COLUMNS, ...extraFields.map((f) => f.name)];

export function contactRow(contact: Contact, extraFields: ExtraField[] = []): string[] {
    return [
        contact.name,
        list(contact.emails),
        list(contact.phones),
        contact.extra.company,
        contact.extra.notes,
        contact.extra.doNotContact ? 'yes' : 'no',
        contact.firstChatAt ?? '',
        contact.lastChatAt ?? '',
        list([...new Set(contact.channels.map((c) => c.label ?? c.type))]),
        contact.id,
        ...extraFields.map((f) => contact.extra.fields?.[f.name] ?? ''),
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
/** Columns of an export that an import reads past (it does not write them). */
const EXPORT_ONLY_COLUMNS = ['first_chat', 'last_chat', 'channels', 'id'];
export const IMPORT_LIMITS = { chars: 1_000_000, rows: 1000 } as const;

/** One data row of an import file, as text, with its number (1 is the first row after the header). */
export interface ImportRow {
    row: number;
    values: Partial<Record<ImportColumn, string>>;
    /** Values of the extra fields the file has a column for, by field name. */
    extra?: Record<string, string>;
}

/**
 * Reads an import file: a header naming known columns (any order, any case): the contact's own ("name" and one of
 * "emails" or "phones" required), one per extra field (named as the field; a required field's column must be
 * there), and an export's read-only columns, which are skipped. Then one contact a row. Problems with the file as
 * a whole are errors of field "csv".
 */
export function parseImportCsv(text: unknown, extraFields: ExtraField[] = []): ImportRow[] {
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
    const extraByColumn = new Map(extraFields.map((f) => [f.name.toLowerCase(), f]));
    const known = (c: string) =>
        (IMPORT_COLUMNS as readonly string[]).includes(c) || EXPORT_ONLY_COLUMNS.includes(c) || extraByColumn.has(c);
    const unknown = columns.find((c) => !known(c));
    if (unknown !== undefined) {
        const names = [...IMPORT_COLUMNS, ...extraFields.map((f) => f.name)].join(', ');
        throw new ValidationError({ csv: { key: 'error_import_unknown_column', args: { column: unknown.slice(0, 40), known: names } } });
    }
    if (!columns.includes('name') || !(columns.includes('emails') || columns.includes('phones'))) {
        throw new ValidationError({ csv: { key: 'error_import_columns_required' } });
    }
    if (new Set(columns).size !== columns.length) {
        throw new ValidationError({ csv: { key: 'error_import_column_twice' } });
    }
    const missing = extraFields.find((f) => f.required && !columns.includes(f.name.toLowerCase()));
    if (missing) {
        throw new ValidationError({ csv: { key: 'error_import_required_column', args: { column: missing.name } } });
    }
    if (data.length === 0) {
        throw new ValidationError({ csv: { key: 'error_import_no_rows' } });
    }
    if (data.length > IMPORT_LIMITS.rows) {
        throw new ValidationError({ csv: { key: 'error_import_too_many_rows', args: { max: IMPORT_LIMITS.rows } } });
    }
    const cell = (record: string[], i: number) => restore(record[i] ?? '');
    return data.map((record, index) => {
        const extra = Object.fromEntries(
            columns.flatMap((c, i) => (extraByColumn.has(c) ? [[(extraByColumn.get(c) as ExtraField).name, cell(record, i)]] : [])),
        );
        return {
            row: index + 1,
            values: Object.fromEntries(
                columns.flatMap((c, i) => ((IMPORT_COLUMNS as readonly string[]).includes(c) ? [[c, cell(record, i)]] : [])),
            ) as ImportRow['values'],
            ...(Object.keys(extra).length > 0 ? { extra } : {}),
        };
    });
}
