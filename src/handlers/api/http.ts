import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { intText } from '../../domain/decode';
import { ContactCenterError, HTTP_STATUS, ValidationError } from '../../domain/errors';
import { LIST_LIMITS, nextOf, readCursor, readPlace, type Cursor, type ListAt, type ListPlace } from '../../domain/listAt';
import { translate } from '../../domain/translate';

export const json = (status: number, content: object): IApiResponse => ({
    status,
    headers: { 'Content-Type': 'application/json' },
    content,
});

export function errorResponse(
    status: number,
    key: string,
    args?: Record<string, string | number>,
    field?: string,
    fields?: object,
): IApiResponse {
    return json(status, {
        error: { code: key, message: translate(key, args), ...(field ? { field } : {}), ...(fields ? { fields } : {}) },
    });
}

/** One mapping from the app's errors to HTTP: the status follows the error's kind (400 with the fields); else 500. */
export function toResponse(error: unknown, log?: (message: string, error: unknown) => void): IApiResponse {
    if (error instanceof ValidationError) {
        const fields = Object.fromEntries(
            Object.entries(error.fields).map(([name, e]) => [name, { code: e.key, message: translate(e.key, e.args) }]),
        );
        const [first] = Object.entries(error.fields);
        return errorResponse(HTTP_STATUS.invalid, first[1].key, first[1].args, first[0], fields);
    }
    if (error instanceof ContactCenterError) {
        return errorResponse(HTTP_STATUS[error.kind], error.key, error.args, error.field);
    }
    log?.('Contact Center endpoint failed', error);
    return errorResponse(500, 'error_unexpected');
}

/**
 * `page` (from 0) and `offset` (the index of the first item, for the page after a short one: `next` in a list's
 * answer) from the query string: absent is the first page; anything but a whole number in range is a field error.
 */
export function parsePlace(query: Record<string, unknown>): ListPlace {
    const given = (name: string) => query[name] !== undefined && query[name] !== '';
    if (given('page') && intText(query.page, 0, LIST_LIMITS.page) === undefined) {
        throw new ValidationError({ page: { key: 'error_page_invalid', args: { max: LIST_LIMITS.page } } });
    }
    if (given('offset') && intText(query.offset, 0, LIST_LIMITS.start) === undefined) {
        throw new ValidationError({ offset: { key: 'error_offset_invalid', args: { max: LIST_LIMITS.start } } });
    }
    const after = given('after') ? cursorOfText(query.after) : undefined;
    if (given('after') && !after) {
        throw new ValidationError({ after: { key: 'error_after_invalid' } });
    }
    return {
        ...readPlace(intText(query.page, 0, LIST_LIMITS.page), intText(query.offset, 0, LIST_LIMITS.start)),
        ...(after ? { after } : {}),
    };
}

/** `after` as the query string carries it: `<time in ms>.<id>` (a list answer's `next.after`). */
const cursorOfText = (value: unknown) => {
    const parts = typeof value === 'string' ? /^(\d{1,13})\.([^.]+)$/.exec(value) : null;
    return parts ? readCursor([Number(parts[1]), parts[2]]) : undefined;
};

/** A list answer's position, and where the next page starts when there is one. */
export function positionOf(at: ListAt, result: { items: unknown[]; total: number; more: boolean; last?: Cursor }, pageSize: number) {
    const next = nextOf(at, result.items.length, result);
    return {
        page: at.page,
        offset: at.start,
        pageSize,
        ...(next
            ? { next: { page: next.page, offset: next.start, ...(next.after ? { after: `${next.after.at}.${next.after.id}` } : {}) } }
            : {}),
    };
}

/** A JSON body: Rocket.Chat parses JSON and form bodies only, so anything else arrives as an empty object. */
export function bodyOf(content: unknown): Record<string, unknown> {
    return content && typeof content === 'object' && !Array.isArray(content) ? (content as Record<string, unknown>) : {};
}
