/** The one error type of the app: an i18n key for the message, and the form field it concerns, if any. */
export class ContactCenterError extends Error {
    constructor(
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

export class ValidationError extends ContactCenterError {
    constructor(public readonly fields: FieldErrors) {
        super('error_invalid_input');
        this.name = 'ValidationError';
    }
}

export const notFoundOrHidden = (): ContactCenterError => new ContactCenterError('error_not_found');
