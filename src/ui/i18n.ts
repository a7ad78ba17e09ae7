import type { PlainText, TextObject } from '@rocket.chat/ui-kit';

type Args = Record<string, string | number>;

// The same files Rocket.Chat reads from the package; English is also the fallback text of every label.
const en: Record<string, string> = require('../../i18n/en.json');

/** English text of a key with its __arg__ placeholders filled in. */
export function translate(key: string, args: Args = {}): string {
    const template = en[key] ?? key;
    return template.replace(/__([a-zA-Z0-9_]+)__/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** A label that each viewer reads in their own language (Rocket.Chat resolves the key). */
export function t(key: string, args?: Args): PlainText & TextObject {
    return { type: 'plain_text', text: translate(key, args), emoji: false, ...(args ? { i18n: { key, args } } : { i18n: { key } }) };
}

/** Data shown as is: names, emails, notes. Plain text, so markdown and @mentions are never interpreted. */
export function plain(text: string): PlainText {
    return { type: 'plain_text', text: text.length > 0 ? text : ' ', emoji: false };
}

export function hasKey(key: string): boolean {
    return key in en;
}
