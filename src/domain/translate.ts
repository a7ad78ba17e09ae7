/**
 * The app's texts in each language: the same files Rocket.Chat reads from the package (i18n/<language>.json).
 * Rocket.Chat translates the text objects of views itself; the app translates what the client shows as given
 * (form errors, REST error messages, email subjects).
 */
export type Args = Record<string, string | number>;

const LANGUAGES: Record<string, Record<string, string>> = {
    en: require('../../i18n/en.json'),
    'pt-BR': require('../../i18n/pt-BR.json'),
    es: require('../../i18n/es.json'),
    de: require('../../i18n/de.json'),
};

/** The app's language for a Rocket.Chat language code: exact (any case), else by its base ("pt-PT" -> "pt-BR"), else English. */
export function languageOf(code: unknown): string {
    if (typeof code !== 'string' || code.length === 0) {
        return 'en';
    }
    const wanted = code.toLowerCase();
    const names = Object.keys(LANGUAGES);
    const base = wanted.split(/[-_]/)[0];
    return names.find((n) => n.toLowerCase() === wanted) ?? names.find((n) => n.toLowerCase().split('-')[0] === base) ?? 'en';
}

/** Text of a key in a language (English by default, and for a key a language lacks) with its __arg__ placeholders filled in. */
export function translate(key: string, args: Args = {}, language?: string): string {
    const template = LANGUAGES[languageOf(language)][key] ?? LANGUAGES.en[key] ?? key;
    return template.replace(/__([a-zA-Z0-9_]+)__/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

export function hasKey(key: string): boolean {
    return key in LANGUAGES.en;
}
