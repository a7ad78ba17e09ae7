/**
 * What the preview server needs from "the app": engineBackend.ts implements it over the real app running in
 * the Apps-Engine. The page only talks JSON to server.ts, which delegates every call here.
 */

export interface PreviewUser {
    id: string;
    username: string;
    name: string;
    /** Rocket.Chat roles, e.g. 'user', 'livechat-agent', 'livechat-manager', 'admin'. */
    roles: string[];
}

export interface PreviewRoom {
    id: string;
    /** The visitor's name, shown as the room name. */
    name: string;
    open: boolean;
    servedBy?: { id: string; username: string };
}

/** A button the app registered (Apps-Engine `configuration.ui.registerButton`). */
export interface PreviewActionButton {
    actionId: string;
    context: 'userDropdownAction' | 'roomAction' | 'messageAction' | 'messageBoxAction';
    /** Translated like any app key (`app-<appId>.<key>`); shown as is when there is no such key. */
    labelI18n: string;
    /** Shown only to users having one of these roles (as `when.hasOneRole`). */
    hasOneRole?: string[];
}

/** A UI Kit surface as Rocket.Chat receives it from an app. */
export interface PreviewView {
    id: string;
    type: 'modal' | 'contextualBar';
    appId: string;
    title: object;
    blocks: object[];
    submit?: object;
    close?: object;
    [other: string]: unknown;
}

/** Field (action id or block id) → message shown under that field. */
export type ViewErrors = Record<string, string>;

export interface PreviewBlockAction {
    actionId: string;
    blockId: string;
    /** A button's value; the input's value for an input that dispatches actions. */
    value?: unknown;
    viewId: string;
}

/** What the user sees: `view` absent when nothing is open. */
export interface CurrentView {
    view?: PreviewView | object;
    errors?: ViewErrors;
}

export interface PreviewLanguage {
    code: string;
    /** The language's own name for itself, e.g. "Deutsch". */
    name: string;
}

export interface PreviewBackend {
    appId(): string;
    appName(): string;
    actionButtons(): PreviewActionButton[];
    /** Path of the app's icon (PNG or SVG), shown in modal and contextual bar headers; a default when absent. */
    appIconPath?(): string | undefined;
    users(): Promise<PreviewUser[]>;
    /** The livechat rooms this user may see (open and closed). */
    rooms(userId: string): Promise<PreviewRoom[]>;
    /** key → text in `language` (default English); keys may be bare (`tab_contacts`) or prefixed (`app-<appId>.tab_contacts`). */
    i18n(language?: string): Record<string, string>;
    /** The languages the app ships, English first (absent: English only). */
    languages?(): PreviewLanguage[];
    /** Sets the user's Rocket.Chat language preference, which the app reads for what it translates itself. */
    setLanguage?(userId: string, language: string): Promise<void>;
    actionButton(userId: string, actionId: string, roomId?: string): Promise<void>;
    blockAction(userId: string, action: PreviewBlockAction): Promise<void>;
    /** state = { [blockId]: { [actionId]: value } }, exactly as Rocket.Chat sends it. */
    viewSubmit(userId: string, viewId: string, state: object): Promise<{ errors?: ViewErrors }>;
    viewClose(userId: string, viewId: string): Promise<void>;
    closeRoom(roomId: string, userId: string): Promise<void>;
    currentView(userId: string): CurrentView;
    /** One of the app's REST endpoints, as Rocket.Chat routes `/api/apps/public/<appId>/<path>` (absent: 404). */
    callAppEndpoint?(request: AppEndpointRequest): Promise<AppEndpointResponse>;
}

export interface AppEndpointRequest {
    method: string;
    /** The path after `/api/apps/public/<appId>/`. */
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    content?: unknown;
}

export interface AppEndpointResponse {
    status: number;
    headers?: Record<string, string>;
    content?: unknown;
}
