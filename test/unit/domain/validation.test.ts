import { ValidationError } from '../../../src/domain/errors';
import { LIMITS, validateContact } from '../../../src/domain/validation';

function fieldErrors(input: Parameters<typeof validateContact>[0]): Record<string, string> {
    try {
        validateContact(input, 'BR');
    } catch (error) {
        if (error instanceof ValidationError) {
            return Object.fromEntries(Object.entries(error.fields).map(([field, e]) => [field, e.key]));
        }
        throw error;
    }
    return {};
}

describe('contact validation', () => {
    it('accepts and normalises a valid contact', () => {
        const valid = validateContact(
            {
                name: '  Ana   Souza ',
                emails: 'Ana@Example.com\nana2@example.com, ANA@example.com',
                phones: '(11) 98765 4321',
                company: 'ACME',
                doNotContact: ['yes'],
            },
            'BR',
        );
        expect(valid).toEqual({
            name: 'Ana Souza',
            emails: ['ana@example.com', 'ana2@example.com'],
            phones: ['+5511987654321'],
            extra: { company: 'ACME', notes: '', doNotContact: true, fields: {} },
            customFields: {},
        });
    });
    it('reports every bad field at once', () => {
        expect(fieldErrors({ name: ' ', emails: 'not-an-email', phones: '123' })).toEqual({
            name: 'error_name_required',
            emails: 'error_email_invalid',
            phones: 'error_phone_invalid',
        });
    });
    it('refuses over-long fields', () => {
        expect(
            fieldErrors({
                name: 'x'.repeat(LIMITS.name + 1),
                notes: 'y'.repeat(LIMITS.notes + 1),
                company: 'z'.repeat(LIMITS.company + 1),
            }),
        ).toEqual({
            name: 'error_too_long',
            notes: 'error_too_long',
            company: 'error_too_long',
        });
    });
    it('refuses too many emails', () => {
        const emails = Array.from({ length: LIMITS.emails + 1 }, (_, i) => `a${i}@example.com`).join('\n');
        expect(fieldErrors({ name: 'A', emails })).toEqual({ emails: 'error_too_many' });
    });
    it('keeps custom fields with valid keys and checks their length', () => {
        expect(validateContact({ name: 'A', customFields: { plan: ' gold ', 'bad key!': 'x' } }, 'BR').customFields).toEqual({
            plan: 'gold',
        });
        expect(fieldErrors({ name: 'A', customFields: { plan: 'x'.repeat(501) } })).toEqual({ 'cf-plan': 'error_too_long' });
    });
    it('refuses values that are not text next to their field; an unknown flag value is unset', () => {
        expect(
            fieldErrors({ name: { $ne: 1 } as unknown as string, emails: ['a@b.co'] as unknown as string, notes: 42 as unknown as string }),
        ).toEqual({
            name: 'error_not_text',
            emails: 'error_not_text',
            notes: 'error_not_text',
        });
        expect(validateContact({ name: 'A', doNotContact: 'maybe' }, 'BR').extra.doNotContact).toBe(false);
    });

    it('drops invisible characters from a name and refuses a name with nothing visible', () => {
        expect(validateContact({ name: 'Eve\u202Elin\u0007  Nova\u200B' }, 'BR').name).toBe('Evelin Nova');
        expect(validateContact({ name: 'Ro\u200Dsa' }, 'BR').name).toBe('Ro\u200Dsa');
        for (const name of ['\u200B\u200D', '\u0000\u0007', '\u202E\u2066 \uFEFF', '...']) {
            expect(fieldErrors({ name })).toEqual({ name: 'error_name_required' });
        }
        expect(validateContact({ name: 'A', notes: 'line 1\r\nline\u0000 2\tend' }, 'BR').extra.notes).toBe('line 1\nline 2\tend');
    });

    it('reads one address in either spelling of an internationalised domain, and keeps it in Unicode', () => {
        expect(validateContact({ name: 'A', emails: 'Fan@Bücher.DE\nfan@xn--bcher-kva.de' }, 'BR').emails).toEqual(['fan@bücher.de']);
        expect(fieldErrors({ name: 'A', emails: 'fan@bü cher.de' })).toEqual({ emails: 'error_email_invalid' });
    });

    it('refuses a phone with an extension instead of cutting it', () => {
        expect(fieldErrors({ name: 'A', phones: '+1 212 555 0100 ext. 5' })).toEqual({ phones: 'error_phone_extension' });
    });
});
