/** What kind of "no" an error is: its HTTP status and how a screen shows it follow from it. */
export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'unavailable';

/** The one error type of the app: its kind, an i18n key for the message, and the form field it concerns, if any. */
export class ContactCenterError extends Error {
    constructor(
        public readonly kind: ErrorKind,
        public readonly key: string,
        public readonly args: Record<string, string | number> = {},
        public readonly field?: string,
    ) {
        super(key);
        this.name = 'ContactCenterError';
    }
}

/** Field-level errors of a form: field id to i18n key. */
export type FieldErrors = Record<string, { key: string; args?: Record<string, string | number> }>;

/** Bad input: every problem next to its field. */
export class ValidationError extends ContactCenterError {
    constructor(public readonly fields: FieldErrors) {
        super('invalid', 'error_invalid_input');
        this.name = 'ValidationError';
    }
}

/** Not there, or not the caller's to see: the same answer for both. */
export const notFound = (key = 'error_not_found'): ContactCenterError => new ContactCenterError('not_found', key);
/** The caller's roles do not allow it. */
export const forbidden = (key: string): ContactCenterError => new ContactCenterError('forbidden', key);
/** Someone else changed it since the caller read it (or it is not ready for this yet). */
export const conflict = (key = 'error_conflict'): ContactCenterError => new ContactCenterError('conflict', key);
/** It was there and is no more (an expired link). */
export const gone = (key: string): ContactCenterError => new ContactCenterError('gone', key);
/** The server cannot do it as installed (a permission the admin did not grant). */
export const unavailable = (key: string, args: Record<string, string | number> = {}): ContactCenterError =>
    new ContactCenterError('unavailable', key, args);

export const isKind = (error: unknown, kind: ErrorKind): error is ContactCenterError =>
    error instanceof ContactCenterError && error.kind === kind;

/** The HTTP status of each kind; any other error is a 500. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
    invalid: 400,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    gone: 410,
    unavailable: 503,
};
