import { boundValue, diffFields, isExpired, retentionStart, AUDIT_VALUE_MAX } from '../../../src/domain/audit';

describe('audit rules', () => {
    it('lists only the fields that changed, old and new', () => {
        const before = { name: 'Ana', emails: ['a@x.io'], company: 'ACME', doNotContact: false };
        const after = { name: 'Ana Lima', emails: ['a@x.io'], company: '', doNotContact: true };
        expect(diffFields(before, after, ['name', 'emails', 'company', 'doNotContact'])).toEqual([
            { field: 'name', from: 'Ana', to: 'Ana Lima' },
            { field: 'company', from: 'ACME', to: '' },
            { field: 'doNotContact', from: false, to: true },
        ]);
        expect(diffFields(before, before, ['name', 'emails'])).toEqual([]);
    });

    it('a missing value reads as null, and an array change is seen', () => {
        expect(diffFields({}, { tags: ['vip'] }, ['tags'])).toEqual([{ field: 'tags', from: null, to: ['vip'] }]);
    });

    it('cuts long values and marks the cut', () => {
        const cut = boundValue('x'.repeat(AUDIT_VALUE_MAX + 10)) as string;
        expect(cut.length).toBe(AUDIT_VALUE_MAX);
        expect(cut.endsWith('…')).toBe(true);
        expect(boundValue('short')).toBe('short');
        expect(boundValue(true)).toBe(true);
    });

    it('keeps whole UTC days: an entry expires when its day is before the first kept day', () => {
        const now = new Date('2026-03-10T12:00:00Z');
        expect(retentionStart(now, 30)).toBe('2026-02-08');
        expect(isExpired({ at: '2026-02-07T23:59:59.000Z' }, now, 30)).toBe(true);
        expect(isExpired({ at: '2026-02-08T00:00:00.000Z' }, now, 30)).toBe(false);
    });
});
