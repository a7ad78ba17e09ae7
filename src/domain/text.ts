/** Text folding shared by indexing and searching, so both sides always agree. */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case without accents: "José" and "jose" fold to the same string. */
export function fold(value: string): string {
    return value.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC');
}

/** Words of a folded text: letters and digits only. */
export function words(value: string): string[] {
    return fold(value).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
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

/** Collapses whitespace and trims; the form in which names are stored. */
export function tidy(value: string): string {
    return value.replace(/\s+/g, ' ').trim();
}
