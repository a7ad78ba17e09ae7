import type { TextObject } from './api';

export type Dictionary = Record<string, string>;

/** Fills `__name__` placeholders; unknown ones stay as they are. */
export function substitute(template: string, args: Record<string, unknown> = {}): string {
    return template.replace(/__([A-Za-z0-9_]+)__/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** An app key as Rocket.Chat stores it (`app-<appId>.<key>`), or bare; undefined when missing. */
export function lookup(dict: Dictionary, appId: string, key: string): string | undefined {
    return dict[`app-${appId}.${key}`] ?? dict[`${appId}.${key}`] ?? dict[key];
}

/** The text a person reads: the i18n key translated when known, else the object's own text. */
export function textOf(dict: Dictionary, appId: string, text: TextObject | string | undefined): string {
    if (!text) return '';
    if (typeof text === 'string') return text;
    const template = text.i18n?.key ? lookup(dict, appId, text.i18n.key) : undefined;
    return template !== undefined ? substitute(template, text.i18n?.args) : (text.text ?? '');
}

/** A button label (labelI18n): translated when the app has that key, shown as is otherwise. */
export function labelOf(dict: Dictionary, appId: string, label: string): string {
    return lookup(dict, appId, label) ?? label;
}
