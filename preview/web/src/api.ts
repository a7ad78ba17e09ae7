/** The preview server's JSON API (preview/server.ts). */

export interface User {
    id: string;
    username: string;
    name: string;
    roles: string[];
}
export interface Room {
    id: string;
    name: string;
    open: boolean;
    servedBy?: { id: string; username: string };
}
export interface ActionButton {
    actionId: string;
    context: string;
    labelI18n: string;
    hasOneRole?: string[];
}
export interface Language {
    code: string;
    name: string;
}
export interface AppInfo {
    appId: string;
    name: string;
    buttons: ActionButton[];
}
export type Errors = Record<string, string>;

/** A UI Kit surface as the app sends it. */
export interface View {
    id: string;
    type: 'modal' | 'contextualBar';
    appId: string;
    title?: TextObject;
    blocks: Block[];
    submit?: { text?: TextObject; style?: 'primary' | 'danger' };
    close?: { text?: TextObject };
}
export interface TextObject {
    type: 'plain_text' | 'mrkdwn';
    text: string;
    i18n?: { key: string; args?: Record<string, unknown> };
}
export type Block = { type: string; blockId?: string; appId?: string; [key: string]: unknown };
export interface ViewState {
    view?: View;
    errors?: Errors;
}

async function call<T>(method: 'GET' | 'POST', url: string, body?: object): Promise<T> {
    const res = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
        throw new Error((data as { error?: string }).error ?? `${method} ${url}: HTTP ${res.status}`);
    }
    return data as T;
}

const q = (userId: string) => `userId=${encodeURIComponent(userId)}`;

export const api = {
    users: () => call<User[]>('GET', '/api/users'),
    rooms: (userId: string) => call<Room[]>('GET', `/api/rooms?${q(userId)}`),
    i18n: (lang: string) => call<Record<string, string>>('GET', `/api/i18n?lang=${encodeURIComponent(lang)}`),
    languages: () => call<Language[]>('GET', '/api/languages'),
    setLanguage: (userId: string, language: string) => call<{ ok: boolean }>('POST', '/api/language', { userId, language }),
    app: () => call<AppInfo>('GET', '/api/app'),
    view: (userId: string) => call<ViewState>('GET', `/api/view?${q(userId)}`),
    actionButton: (userId: string, actionId: string, roomId?: string) =>
        call<ViewState>('POST', '/api/action-button', { userId, actionId, roomId }),
    blockAction: (userId: string, a: { actionId: string; blockId: string; value: unknown; viewId: string }) =>
        call<ViewState>('POST', '/api/block-action', { userId, ...a }),
    viewSubmit: (userId: string, viewId: string, state: object) => call<ViewState>('POST', '/api/view-submit', { userId, viewId, state }),
    viewClose: (userId: string, viewId: string) => call<ViewState>('POST', '/api/view-close', { userId, viewId }),
    closeRoom: (userId: string, roomId: string) =>
        call<{ ok: boolean }>('POST', `/api/rooms/${encodeURIComponent(roomId)}/close`, { userId }),
};
