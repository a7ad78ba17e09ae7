/** Text folding shared by indexing and searching, so both sides always agree. */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case without accents: "José" and "jose" fold to the same string. */
export function fold(value: string): string {
    return value.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC');
}

/** Words of a folded text: letters and digits only. */
export function words(value: string): string[] {
    return fold(value)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0);
}

/** Every run of three characters of each word (words shorter than three give themselves). */
export function trigrams(value: string): string[] {
    const grams = new Set<string>();
    for (const word of words(value)) {
        if (word.length < 3) {
            grams.add(word);
            continue;
        }
        for (let i = 0; i + 3 <= word.length; i++) {
            grams.add(word.slice(i, i + 3));
        }
    }
    return [...grams];
}

/**
 * Characters never kept in a text: control characters (NUL, BEL, ...) and invisible format characters (zero-width
 * space, direction overrides and isolates, the byte order mark...), except the zero-width joiner and non-joiner,
 * which some scripts and emoji need. Line breaks and tabs are kept where a text may have lines (see stripInvisible).
 */
const INVISIBLE = /(?!\u200C|\u200D)[\p{Cc}\p{Cf}]/gu;
const INVISIBLE_BUT_LINES = /(?!\u200C|\u200D|\n|\t)[\p{Cc}\p{Cf}]/gu;

/** A text with its invisible characters removed; line breaks and tabs kept. */
export function stripInvisible(value: string): string {
    return value.replace(/\r\n?/g, '\n').replace(INVISIBLE_BUT_LINES, '');
}

/** Collapses whitespace, drops invisible characters and trims; the form in which names are stored. */
export function tidy(value: string): string {
    return value.replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
}

/** Whether a text shows anything: a letter, a digit or a symbol (a name of only marks or punctuation does not). */
export function isVisible(value: string): boolean {
    return /[\p{L}\p{N}\p{S}]/u.test(value);
}
