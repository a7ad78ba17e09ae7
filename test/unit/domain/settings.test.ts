import { parseExtraFields, validateExtraFields } from '../../../src/domain/extraFields';
import type { FieldErrors } from '../../../src/domain/errors';
import { SETTINGS, SettingIds, toConfig } from '../../../src/services/settings';

describe('settings', () => {
    it('every setting works with no value at all (the defaults)', () => {
        const config = toConfig({});
        expect(config).toMatchObject({
            pageSize: 25,
            tagMode: 'free',
            tagList: [],
            extraFields: [],
            auditRetentionDays: 365,
            problems: [],
        });
        expect(toConfig(Object.fromEntries(SETTINGS.map((s) => [s.id, s.packageValue]))).problems).toEqual([]);
    });

    it('bounds the page size and the retention, falling back and saying why', () => {
        expect(toConfig({ [SettingIds.pageSize]: 10 }).pageSize).toBe(10);
        expect(toConfig({ [SettingIds.pageSize]: '100' }).pageSize).toBe(100);
        const bad = toConfig({ [SettingIds.pageSize]: 500, [SettingIds.auditRetentionDays]: 'soon' });
        expect(bad).toMatchObject({ pageSize: 25, auditRetentionDays: 365 });
        expect(bad.problems).toEqual([expect.stringContaining('cc_audit_retention_days'), expect.stringContaining('cc_page_size')]);
        expect(toConfig({ [SettingIds.pageSize]: 9.5 }).pageSize).toBe(25);
    });

    it('list mode needs a list: an empty one keeps tags free and is reported', () => {
        const list = toConfig({ [SettingIds.tagMode]: 'list', [SettingIds.tagList]: 'VIP\nrefund, Refund ,\n\n' + 'x'.repeat(41) });
        expect(list.tagMode).toBe('list');
        expect(list.tagList).toEqual(['VIP', 'refund']);
        expect(list.problems).toEqual([expect.stringContaining('longer than 40')]);
        const empty = toConfig({ [SettingIds.tagMode]: 'list', [SettingIds.tagList]: ' ' });
        expect(empty.tagMode).toBe('free');
        expect(empty.problems).toEqual([expect.stringContaining('list is empty')]);
    });
});

describe('extra contact fields', () => {
    it('reads one field a line: name, type, required, select options', () => {
        const { fields, problems } = parseExtraFields(
            'Customer ID:text:required\n# a comment\nBirthday: date\nPlan:select(Free|Pro| Pro |Enterprise):required\nSeats:number:optional',
        );
        expect(problems).toEqual([]);
        expect(fields).toEqual([
            { name: 'Customer ID', type: 'text', required: true, options: [], id: 'x-customer-id' },
            { name: 'Birthday', type: 'date', required: false, options: [], id: 'x-birthday' },
            { name: 'Plan', type: 'select', required: true, options: ['Free', 'Pro', 'Enterprise'], id: 'x-plan' },
            { name: 'Seats', type: 'number', required: false, options: [], id: 'x-seats' },
        ]);
    });

    it('skips and reports a bad line, keeping the good ones', () => {
        const { fields, problems } = parseExtraFields(
            'Good:text\nno type here\nAge:integer\nNotes:text\nPlan:select()\ngood:number\n' + 'L'.repeat(41) + ':text',
        );
        expect(fields.map((f) => f.name)).toEqual(['Good']);
        expect(problems).toHaveLength(6);
        expect(problems[0]).toMatch(/line 2 "no type here": expected/);
        expect(problems[2]).toMatch(/built-in/);
        expect(problems[4]).toMatch(/same name/);
        expect(parseExtraFields(42).fields).toEqual([]);
    });

    it('validates values next to their inputs: required, number, date, option', () => {
        const { fields } = parseExtraFields('Ref:text:required\nBirthday:date\nPlan:select(Free|Pro)\nSeats:number');
        const check = (values: Record<string, unknown>) => {
            const errors: FieldErrors = {};
            const clean = validateExtraFields(fields, (id) => values[id], errors);
            return { clean, errors };
        };
        expect(check({ 'x-ref': ' A-1 ', 'x-birthday': '2026-02-28', 'x-plan': 'Pro', 'x-seats': '3,5' })).toEqual({
            clean: { Ref: 'A-1', Birthday: '2026-02-28', Plan: 'Pro', Seats: '3.5' },
            errors: {},
        });
        expect(check({ 'x-birthday': '2026-02-30', 'x-plan': 'Gold', 'x-seats': '12abc' }).errors).toEqual({
            'x-ref': { key: 'error_required' },
            'x-birthday': { key: 'error_date_invalid' },
            'x-plan': { key: 'error_option_invalid' },
            'x-seats': { key: 'error_number_invalid' },
        });
        expect(check({ 'x-ref': { $gt: '' } }).errors).toEqual({ 'x-ref': { key: 'error_not_text' } });
        // The CSV columns of a contact are reserved too.
        expect(parseExtraFields('ID:text\nChannels:text').fields).toEqual([]);
    });
});
