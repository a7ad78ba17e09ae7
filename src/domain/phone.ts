import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; extension?: string };

/**
 * Parses a phone written in any format; numbers without a country code are read in the workspace's default country.
 * A number with an extension is not a number a chat can reach: it is refused (extension set), not cut.
 */
export function normalizePhone(raw: string, defaultCountry?: string): PhoneResult {
    const country = defaultCountry && /^[A-Z]{2}$/.test(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
    const parsed = parsePhoneNumberFromString(raw.trim(), country);
    if (!parsed || !parsed.isValid()) {
        return { ok: false };
    }
    if (parsed.ext) {
        return { ok: false, extension: parsed.ext };
    }
    return { ok: true, e164: parsed.number };
}

/** Readable international form for display. */
export function formatPhone(e164: string): string {
    const parsed = parsePhoneNumberFromString(e164);
    return parsed ? parsed.formatInternational() : e164;
}

/** Digits of a phone, used for fragment search ("4321" finds +55 11 98765-4321). */
export function phoneDigits(value: string): string {
    return value.replace(/\D+/g, '');
}
