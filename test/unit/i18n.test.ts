import * as fs from 'fs';
import * as path from 'path';
import { languageOf, translate } from '../../src/domain/translate';
import { SETTINGS } from '../../src/services/settings';

const root = path.join(__dirname, '..', '..');
const i18nDir = path.join(root, 'i18n');
const read = (file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(i18nDir, file), 'utf8'));
const en = read('en.json');
const translations = fs.readdirSync(i18nDir).filter((f) => f !== 'en.json');

/** The __name__ placeholders of a text, sorted, with repeats. */
const placeholders = (text: string): string[] => [...text.matchAll(/__([a-zA-Z0-9_]+)__/g)].map((m) => m[1]).sort();

/** Every .ts file under src, and the app class. */
function sourceFiles(): string[] {
    const files: string[] = [path.join(root, 'ContactCenterApp.ts')];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(p);
            else if (p.endsWith('.ts')) files.push(p);
        }
    };
    walk(path.join(root, 'src'));
    return files;
}

/**
 * Keys the source names: the literal argument of t(), translate(), the error factories (notFound(), forbidden(),
 * conflict(), gone(), unavailable()), and the value of
 * key:, reason:, i18nLabel:, i18nDescription:, labelI18n:. Template literals (`bc_status_${s}`) give prefixes.
 */
function keysInSource(): { keys: Map<string, string>; prefixes: Map<string, string>; literals: Set<string> } {
    const keys = new Map<string, string>();
    const prefixes = new Map<string, string>();
    const literals = new Set<string>();
    for (const file of sourceFiles()) {
        const text = fs.readFileSync(file, 'utf8');
        const name = path.relative(root, file);
        for (const m of text.matchAll(/'([^'\n]+)'/g)) literals.add(m[1]);
        // A setting's select value ({ key: 'free', i18nLabel: ... }) is a value, not a label key.
        for (const m of text.matchAll(
            /(?:\bt|\btranslate|\bnotFound|\bforbidden|\bconflict|\bgone|\bunavailable)\(\s*'([^']+)'|\b(?:key|reason|i18nLabel|i18nDescription|labelI18n):\s*'([^']+)'(?!\s*,\s*i18nLabel)/g,
        )) {
            keys.set(m[1] ?? m[2], name);
        }
        for (const m of text.matchAll(/(?:\bt|\btranslate)\(\s*`([a-z_]+)\$\{|\b(?:key|reason):\s*`([a-z_]+)\$\{/g)) {
            prefixes.set(m[1] ?? m[2], name);
        }
    }
    return { keys, prefixes, literals };
}

describe('languages', () => {
    it('ships English, Portuguese (Brazil), Spanish and German, named as Rocket.Chat names its languages', () => {
        expect(fs.readdirSync(i18nDir).sort()).toEqual(['de.json', 'en.json', 'es.json', 'pt-BR.json']);
        // The Apps-Engine lowercases the file name (pt-br); Rocket.Chat's client restores the region's case.
        const restored = (file: string) =>
            file
                .replace(/\.json$/, '')
                .toLowerCase()
                .replace(/^([a-z]{2,3})-([a-z]{2,4})$/, (_m, l: string, r: string) => `${l}-${r.toUpperCase()}`);
        expect(fs.readdirSync(i18nDir).map(restored).sort()).toEqual(['de', 'en', 'es', 'pt-BR']);
    });

    it.each(translations)('%s has exactly the keys of en.json', (file) => {
        const keys = Object.keys(read(file));
        expect(keys.filter((k) => !(k in en))).toEqual([]);
        expect(Object.keys(en).filter((k) => !keys.includes(k))).toEqual([]);
    });

    it.each(translations)('%s keeps every placeholder of each English text, and adds none', (file) => {
        const lang = read(file);
        const wrong = Object.keys(en).filter((k) => k in lang && placeholders(lang[k]).join() !== placeholders(en[k]).join());
        expect(wrong).toEqual([]);
    });

    it.each(['en.json', ...translations])('%s has no empty or untranslated-looking text', (file) => {
        const lang = read(file);
        expect(Object.entries(lang).filter(([, v]) => typeof v !== 'string' || v.trim().length === 0)).toEqual([]);
        if (file !== 'en.json') {
            // A few words are the same in both languages (Tags, Chats, E-Mail); most texts must differ.
            const same = Object.keys(en).filter((k) => lang[k] === en[k]);
            expect(same.length).toBeLessThan(Object.keys(en).length / 10);
        }
    });

    it('every key the source uses exists in en.json, and every key in en.json is used', () => {
        const { keys, prefixes, literals } = keysInSource();
        // The user menu shows its label as given (not translated): that one is not a key.
        keys.delete('Contact Center');
        expect([...keys].filter(([k]) => !(k in en)).map(([k, file]) => `${k} (${file})`)).toEqual([]);
        expect([...prefixes].filter(([p]) => !Object.keys(en).some((k) => k.startsWith(p))).map(([p, file]) => `${p}* (${file})`)).toEqual(
            [],
        );
        const unused = Object.keys(en).filter((k) => !literals.has(k) && ![...prefixes.keys()].some((p) => k.startsWith(p)));
        expect(unused).toEqual([]);
    });

    it('every setting has a label and a description', () => {
        for (const setting of SETTINGS) {
            expect(en[setting.i18nLabel]).toBeDefined();
            expect(en[setting.i18nDescription ?? '']).toBeDefined();
        }
    });

    it('translates form errors into the caller language, falling back by base language, then to English', () => {
        expect(languageOf('pt-BR')).toBe('pt-BR');
        expect(languageOf('pt-br')).toBe('pt-BR');
        expect(languageOf('pt')).toBe('pt-BR');
        expect(languageOf('de-AT')).toBe('de');
        expect(languageOf('es-MX')).toBe('es');
        expect(languageOf('fr')).toBe('en');
        expect(languageOf(undefined)).toBe('en');
        expect(translate('error_too_long', { max: 5 }, 'de')).toBe('Höchstens 5 Zeichen.');
        expect(translate('error_too_long', { max: 5 }, 'pt-BR')).toBe('No máximo 5 caracteres.');
        expect(translate('error_too_long', { max: 5 })).toBe('At most 5 characters.');
        expect(translate('error_too_long', { max: 5 }, 'ja')).toBe('At most 5 characters.');
    });
});
