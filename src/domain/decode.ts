/**
 * Reading values that come back from the client (button values, view state, REST parameters) or from the wire:
 * every one is untrusted. Each reader returns a value of its type within its bounds, or undefined, never throws;
 * the caller decides whether undefined is a default or a field error.
 */

/** Ids as Rocket.Chat and the app make them (room, visitor, broadcast ids, custom field keys). */
export const ID_PATTERN = '[A-Za-z0-9_-]{1,64}';
const ID = new RegExp(`^${ID_PATTERN}$`);

export function isId(value: unknown): value is string {
    return typeof value === 'string' && ID.test(value);
}

/** A text, trimmed and cut to `max`; anything that is not a string reads as empty. */
export function boundedText(value: unknown, max: number): string {
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A whole number from min to max (a JSON value). */
export function intIn(value: unknown, min: number, max: number): number | undefined {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** A whole number from min to max written in digits (a query string parameter). */
export function intText(value: unknown, min: number, max: number): number | undefined {
    return typeof value === 'string' && /^\d{1,12}$/.test(value) ? intIn(Number(value), min, max) : undefined;
}

/** A JSON object encoded in a string of at most `maxLength` characters (a button's value). */
export function jsonObject(value: unknown, maxLength: number): Record<string, unknown> | undefined {
    if (typeof value !== 'string' || value.length > maxLength) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(value);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** A field of an object that is the object's own (never one of Object.prototype's, such as __proto__). */
export function own(object: unknown, key: string): unknown {
    return object && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key)
        ? (object as Record<string, unknown>)[key]
        : undefined;
}
