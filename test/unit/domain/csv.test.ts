import { parse } from 'csv-parse/sync';
import { neutralise, parseImportCsv, restore, toCsv } from '../../../src/domain/csv';
import { ValidationError } from '../../../src/domain/errors';

const fieldsOf = (fn: () => unknown): Record<string, unknown> => {
    try {
        fn();
    } catch (error) {
        if (error instanceof ValidationError) return error.fields;
        throw error;
    }
    throw new Error('no error');
};

describe('CSV', () => {
    it.each(['=1+2', '+5511', '-3', '@SUM(A1)', '\tx', '\rx'])('neutralises a cell a spreadsheet would run: %j', (cell) => {
        expect(neutralise(cell)).toBe(`'${cell}`);
        expect(restore(neutralise(cell))).toBe(cell);
    });

    it.each(["'=1+1", "''+3", "'", "''", "'x", '=', "'@"])('gives back exactly what it wrote: %j', (cell) => {
        expect(restore(neutralise(cell))).toBe(cell);
    });

    it('leaves other cells alone, including an apostrophe that does not precede a formula', () => {
        expect(neutralise('José')).toBe('José');
        expect(restore("'quoted'")).toBe("'quoted'");
    });

    it('writes RFC 4180: CRLF, quotes doubled, fields with commas, quotes or line breaks quoted', () => {
        const text = toCsv([['a,b', 'say "hi"', 'two\nlines', 'Ñúñez']]);
        expect(text).toBe('"a,b","say ""hi""","two\nlines",Ñúñez\r\n');
        expect(parse(text)).toEqual([['a,b', 'say "hi"', 'two\nlines', 'Ñúñez']]);
    });

    it('reads the extra fields as columns named as the field, skips an export’s read-only columns, and wants a required field’s column', () => {
        const plan = { name: 'Plan', type: 'select' as const, required: true, options: ['Free', 'Pro'], id: 'x-plan' };
        const rows = parseImportCsv('name,emails,PLAN,id,last_chat\nAna,a@x.io,Pro,abc,2026-01-01', [plan]);
        expect(rows).toEqual([{ row: 1, values: { name: 'Ana', emails: 'a@x.io' }, extra: { Plan: 'Pro' } }]);
        expect(fieldsOf(() => parseImportCsv('name,emails\nAna,a@x.io', [plan]))).toEqual({
            csv: { key: 'error_import_required_column', args: { column: 'Plan' } },
        });
    });

    it('reads an import with a BOM, columns in any order and case, numbering rows from 1', () => {
        const rows = parseImportCsv('\uFEFFEmails,Name\r\nana@example.org,Ana\r\n"b@example.org; c@example.org","Bea, Jr"\r\n');
        expect(rows).toEqual([
            { row: 1, values: { emails: 'ana@example.org', name: 'Ana' } },
            { row: 2, values: { emails: 'b@example.org; c@example.org', name: 'Bea, Jr' } },
        ]);
    });

    it('undoes the export’s formula escaping on import', () => {
        expect(parseImportCsv("name,phones\nAna,'+5511987654321\n")[0].values.phones).toBe('+5511987654321');
    });

    it.each([
        ['', 'error_import_empty'],
        ['name,emails\n', 'error_import_no_rows'],
        ['name,email\nA,a@x.org', 'error_import_unknown_column'],
        ['name,company\nA,B', 'error_import_columns_required'],
        ['name,emails,name\nA,a@x.org,B', 'error_import_column_twice'],
        ['name,emails\n"A,a@x.org', 'error_import_malformed'],
        ['name,emails\nA,a@x.org,extra', 'error_import_malformed'],
    ])('refuses a bad file as a whole, on field csv: %j', (text, key) => {
        expect(fieldsOf(() => parseImportCsv(text))).toEqual({ csv: expect.objectContaining({ key }) });
    });

    it('refuses more rows than the limit', () => {
        const text = `name,emails\n${Array.from({ length: 1001 }, (_, i) => `N${i},n${i}@x.org`).join('\n')}`;
        expect(fieldsOf(() => parseImportCsv(text))).toEqual({ csv: { key: 'error_import_too_many_rows', args: { max: 1000 } } });
    });
});
