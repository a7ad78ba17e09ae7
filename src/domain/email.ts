import isEmail from 'validator/lib/isEmail';
import { domainToASCII, domainToUnicode } from 'url';

export const EMAIL_MAX_LENGTH = 254;

/**
 * Emails compare case-insensitively and whatever the spelling of an internationalised domain: they are stored
 * trimmed, in lower case, with the domain in Unicode (user@bücher.de, whether written so or as
 * user@xn--bcher-kva.de). The domain is mapped as browsers map host names (UTS #46, the platform's own).
 */
export function normalizeEmail(raw: string): string | undefined {
    const email = raw.trim().toLowerCase().normalize('NFC');
    const at = email.lastIndexOf('@');
    if (email.length === 0 || email.length > EMAIL_MAX_LENGTH || at <= 0) {
        return undefined;
    }
    const local = email.slice(0, at);
    const ascii = domainToASCII(email.slice(at + 1));
    if (!ascii || !isEmail(`${local}@${ascii}`)) {
        return undefined;
    }
    const unicode = domainToUnicode(ascii) || ascii;
    return `${local}@${unicode}`;
}
