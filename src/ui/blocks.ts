import type {
    ActionsBlock,
    ButtonElement,
    CalloutBlock,
    ContextBlock,
    DividerBlock,
    InputBlock,
    LayoutBlock,
    PlainText,
    SectionBlock,
    TextObject,
} from '@rocket.chat/ui-kit';

/** Small builders of object-literal blocks; every element needs the app id and a block id. */
export class Blocks {
    private counter = 0;
    readonly list: LayoutBlock[] = [];

    constructor(private readonly appId: string) {}

    private nextId(prefix: string): string {
        this.counter += 1;
        return `${prefix}-${this.counter}`;
    }

    button(actionId: string, text: PlainText, value?: string, style?: ButtonElement['style']): ButtonElement {
        return {
            type: 'button',
            appId: this.appId,
            blockId: '',
            actionId,
            text,
            ...(value !== undefined ? { value } : {}),
            ...(style ? { style } : {}),
        };
    }

    actions(elements: ButtonElement[]): this {
        const blockId = this.nextId('actions');
        const block: ActionsBlock = { type: 'actions', appId: this.appId, blockId, elements: elements.map((e) => ({ ...e, blockId })) };
        this.list.push(block);
        return this;
    }

    section(text: TextObject, accessory?: ButtonElement, fields?: TextObject[]): this {
        const blockId = this.nextId('section');
        const block: SectionBlock = {
            type: 'section',
            appId: this.appId,
            blockId,
            text,
            ...(fields && fields.length > 0 ? { fields } : {}),
            ...(accessory ? { accessory: { ...accessory, blockId } } : {}),
        };
        this.list.push(block);
        return this;
    }

    fields(fields: TextObject[]): this {
        const block: SectionBlock = { type: 'section', appId: this.appId, blockId: this.nextId('fields'), fields };
        this.list.push(block);
        return this;
    }

    context(elements: TextObject[]): this {
        const block: ContextBlock = { type: 'context', appId: this.appId, blockId: this.nextId('context'), elements };
        this.list.push(block);
        return this;
    }

    /** A framed notice (errors that need someone to act, admins' notices). */
    callout(text: TextObject, variant: CalloutBlock['variant'], title?: TextObject): this {
        const block: CalloutBlock = {
            type: 'callout',
            appId: this.appId,
            blockId: this.nextId('callout'),
            text,
            variant,
            ...(title ? { title } : {}),
        } as CalloutBlock;
        this.list.push(block);
        return this;
    }

    divider(): this {
        const block: DividerBlock = { type: 'divider', appId: this.appId, blockId: this.nextId('divider') };
        this.list.push(block);
        return this;
    }

    /**
     * One input block: the field's name is its block id and action id, so its value comes back in the view state
     * as state[field][field].
     */
    private input(field: string, label: PlainText, optional: boolean, element: Record<string, unknown>): this {
        const block = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional,
            element: { ...element, appId: this.appId, blockId: field, actionId: field },
        } as InputBlock;
        this.list.push(block);
        return this;
    }

    textInput(
        field: string,
        label: PlainText,
        options: { initialValue?: string; multiline?: boolean; optional?: boolean; placeholder?: PlainText; maxLength?: number } = {},
    ): this {
        return this.input(field, label, options.optional ?? true, {
            type: 'plain_text_input',
            ...(options.initialValue ? { initialValue: options.initialValue } : {}),
            ...(options.multiline ? { multiline: true } : {}),
            ...(options.placeholder ? { placeholder: options.placeholder } : {}),
            ...(options.maxLength ? { maxLength: options.maxLength } : {}),
        });
    }

    datePicker(field: string, label: PlainText, initialDate?: string): this {
        return this.input(field, label, true, { type: 'datepicker', ...(initialDate ? { initialDate } : {}) });
    }

    checkbox(field: string, label: PlainText, optionText: PlainText, checked: boolean, value = 'yes'): this {
        const option = { text: optionText, value };
        return this.input(field, label, true, { type: 'checkbox', options: [option], ...(checked ? { initialOptions: [option] } : {}) });
    }

    /** A static select; the chosen value comes back in the view state. */
    select(field: string, label: PlainText, options: { value: string; text: PlainText }[], initialValue?: string, optional = false): this {
        const initial = options.find((o) => o.value === initialValue);
        return this.input(field, label, optional, {
            type: 'static_select',
            placeholder: label,
            options,
            ...(initial ? { initialOption: initial, initialValue: initial.value } : {}),
        });
    }

    multiSelect(field: string, label: PlainText, options: { value: string; text: PlainText }[], selected: string[]): this {
        const initial = options.filter((o) => selected.includes(o.value));
        return this.input(field, label, true, {
            type: 'multi_static_select',
            placeholder: label,
            options,
            ...(initial.length > 0 ? { initialOption: initial, initialValue: initial.map((o) => o.value) } : {}),
        });
    }
}
