import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ContactCenterError, ValidationError } from '../../domain/errors';
import { translate } from '../../ui/i18n';
import { nextOf, type ListAt } from '../../domain/listAt';
import { MAX_PAGE, MAX_START } from '../../ui/paging';

/** The status of each refusal the services raise; any other ContactCenterError is bad input (400). */
const STATUS_OF: Record<string, number> = {
    refused_no_role: 403,
    error_import_not_allowed: 403,
    error_export_not_yours: 403,
    error_export_not_allowed: 403,
    error_not_found: 404,
    error_chat_not_found: 404,
    error_chat_reopened: 404,
    error_export_not_found: 404,
    error_import_not_found: 404,
    error_conflict: 409,
    error_export_not_ready: 409,
    error_export_expired: 410,
};

export const json = (status: number, content: object): IApiResponse => ({ status, headers: { 'Content-Type': 'application/json' }, content });

export function errorResponse(status: number, key: string, args?: Record<string, string | number>, field?: string, fields?: object): IApiResponse {
    return json(status, { error: { code: key, message: translate(key, args), ...(field ? { field } : {}), ...(fields ? { fields } : {}) } });
}

/** One mapping from the app's typed errors to HTTP: 400 with the field(s), 403, 404, 409, 410; else 500. */
export function toResponse(error: unknown, log?: (message: string, error: unknown) => void): IApiResponse {
    if (error instanceof ValidationError) {
        const fields = Object.fromEntries(Object.entries(error.fields).map(([name, e]) => [name, { code: e.key, message: translate(e.key, e.args) }]));
        const [first] = Object.entries(error.fields);
        return errorResponse(400, first[1].key, first[1].args, first[0], fields);
    }
    if (error instanceof ContactCenterError) {
        return errorResponse(STATUS_OF[error.key] ?? 400, error.key, error.args, error.field);
    }
    log?.('Contact Center endpoint failed', error);
    return errorResponse(500, 'error_unexpected');
}

/** `offset`: the index of the first item, for the page after a short one (`next` in a list's answer). */
export function parseOffset(value: unknown): number | undefined {
    if (value === undefined || value === '') {
        return undefined;
    }
    if (typeof value === 'string' && /^\d{1,7}$/.test(value) && Number(value) <= MAX_START) {
        return Number(value);
    }
    throw new ValidationError({ offset: { key: 'error_offset_invalid', args: { max: MAX_START } } });
}

/** A list answer's position, and where the next page starts when there is one. */
export function positionOf(at: ListAt, result: { items: unknown[]; total: number; more: boolean }, pageSize: number) {
    const next = nextOf(at, result.items.length, result);
    return { page: at.page, offset: at.start, pageSize, ...(next ? { next: { page: next.page, offset: next.start } } : {}) };
}

/** A page number from the query string: absent is 0; anything but a small whole number is a field error. */
export function parsePage(value: unknown): number {
    if (value === undefined || value === '') {
        return 0;
    }
    if (typeof value === 'string' && /^\d{1,5}$/.test(value) && Number(value) <= MAX_PAGE) {
        return Number(value);
    }
    throw new ValidationError({ page: { key: 'error_page_invalid', args: { max: MAX_PAGE } } });
}

/** A JSON body: Rocket.Chat parses JSON and form bodies only, so anything else arrives as an empty object. */
export function bodyOf(content: unknown): Record<string, unknown> {
    return content && typeof content === 'object' && !Array.isArray(content) ? (content as Record<string, unknown>) : {};
}
