import isEmail from 'validator/lib/isEmail';

export const EMAIL_MAX_LENGTH = 254;

/** Emails compare case-insensitively; they are stored trimmed and in lower case. */
export function normalizeEmail(raw: string): string | undefined {
    const email = raw.trim().toLowerCase();
    if (email.length === 0 || email.length > EMAIL_MAX_LENGTH || !isEmail(email)) {
        return undefined;
    }
    return email;
}
