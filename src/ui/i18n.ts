import type { PlainText, TextObject } from '@rocket.chat/ui-kit';
import { translate, type Args } from '../domain/translate';

/** A label that each viewer reads in their own language (Rocket.Chat resolves the key). */
export function t(key: string, args?: Args): PlainText & TextObject {
    return { type: 'plain_text', text: translate(key, args), emoji: false, ...(args ? { i18n: { key, args } } : { i18n: { key } }) };
}

/** Data shown as is: names, emails, notes. Plain text, so markdown and @mentions are never interpreted. */
export function plain(text: string): PlainText {
    return { type: 'plain_text', text: text.length > 0 ? text : ' ', emoji: false };
}
