import type { Block, Errors } from '../api';

/** Input values by action id, as Rocket.Chat keeps them while a view is open. */
export type Values = Record<string, { blockId: string; value: unknown } | undefined>;

type Element = { type?: string; actionId?: string; blockId?: string; value?: unknown; [key: string]: unknown };

/** Every element of the blocks with the block id it belongs to. */
function elementsOf(blocks: Block[]): Array<{ blockId: string; element: Element }> {
    return blocks.flatMap((block) => {
        const blockId = String(block.blockId ?? '');
        const elements = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
        return elements
            .filter((e): e is Element => !!e && typeof e === 'object')
            .map((element) => ({ blockId: String(element.blockId ?? blockId), element }));
    });
}

function initialOf(element: Element): unknown {
    if ('initialValue' in element) return element.initialValue;
    if (element.initialOption && typeof element.initialOption === 'object') return (element.initialOption as { value: unknown }).value;
    if (Array.isArray(element.initialOptions)) return (element.initialOptions as Array<{ value: unknown }>).map((o) => o.value);
    if ('initialDate' in element) return element.initialDate;
    if ('initialTime' in element) return element.initialTime;
    return undefined;
}

/** The values a view starts with: its elements' initial values (initialValue, initialOption(s), …). */
export function initialValues(blocks: Block[]): Values {
    const values: Values = {};
    for (const { blockId, element } of elementsOf(blocks)) {
        const value = initialOf(element);
        if (element.actionId && value !== undefined) values[element.actionId] = { blockId, value };
    }
    return values;
}

/**
 * The values when the app updates the open view: what was typed stays, for the elements still there,
 * unless the app changed that element's initial value (then the new one shows, as the app meant).
 */
export function valuesAfterUpdate(typed: Values, oldBlocks: Block[], newBlocks: Block[]): Values {
    const before = initialValues(oldBlocks);
    const after = initialValues(newBlocks);
    const values: Values = {};
    for (const { blockId, element } of elementsOf(newBlocks)) {
        const id = element.actionId;
        if (!id) continue;
        const changed = JSON.stringify(before[id]?.value) !== JSON.stringify(after[id]?.value);
        const value = typed[id] && !changed ? typed[id] : after[id];
        if (value) values[id] = { ...value, blockId };
    }
    return values;
}

/** Rocket.Chat's view state: { [blockId]: { [actionId]: value } }. */
export function groupStateByBlockId(values: Values): Record<string, Record<string, unknown>> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const [actionId, entry] of Object.entries(values)) {
        if (!entry) continue;
        state[entry.blockId] = { ...state[entry.blockId], [actionId]: entry.value };
    }
    return state;
}

/** The renderer looks errors up by action id; an app may key them by block id, so both are given. */
export function errorsByActionId(errors: Errors | undefined, blocks: Block[]): Errors {
    const byAction: Errors = { ...errors };
    for (const { blockId, element } of elementsOf(blocks)) {
        if (element.actionId && errors?.[blockId] !== undefined && byAction[element.actionId] === undefined) {
            byAction[element.actionId] = errors[blockId];
        }
    }
    return byAction;
}

/** A button's own value, for a click whose event target was the label inside the button. */
export function buttonValue(blocks: Block[], blockId: string, actionId: string): unknown {
    const found = elementsOf(blocks).find(
        ({ blockId: b, element }) => b === blockId && element.actionId === actionId && element.type === 'button',
    );
    return found?.element.value;
}
