/**
 * Ids as Rocket.Chat and the app make them (room, visitor, broadcast ids, custom field keys). Any id that
 * comes back from the client is checked against this before it reaches a look-up.
 */
export const ID_PATTERN = '[A-Za-z0-9_-]{1,64}';
const ID = new RegExp(`^${ID_PATTERN}$`);

export function isId(value: unknown): value is string {
    return typeof value === 'string' && ID.test(value);
}

/** A client-sent text, trimmed and bounded; anything that is not a string reads as empty. */
export function boundedText(value: unknown, max: number): string {
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
}
