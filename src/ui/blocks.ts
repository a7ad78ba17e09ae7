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
        return { type: 'button', appId: this.appId, blockId: '', actionId, text, ...(value !== undefined ? { value } : {}), ...(style ? { style } : {}) };
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
        const block: CalloutBlock = { type: 'callout', appId: this.appId, blockId: this.nextId('callout'), text, variant, ...(title ? { title } : {}) } as CalloutBlock;
        this.list.push(block);
        return this;
    }

    divider(): this {
        const block: DividerBlock = { type: 'divider', appId: this.appId, blockId: this.nextId('divider') };
        this.list.push(block);
        return this;
    }

    textInput(field: string, label: PlainText, options: { initialValue?: string; multiline?: boolean; optional?: boolean; placeholder?: PlainText; maxLength?: number } = {}): this {
        const block: InputBlock = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional: options.optional ?? true,
            element: {
                type: 'plain_text_input',
                appId: this.appId,
                blockId: field,
                actionId: field,
                ...(options.initialValue ? { initialValue: options.initialValue } : {}),
                ...(options.multiline ? { multiline: true } : {}),
                ...(options.placeholder ? { placeholder: options.placeholder } : {}),
                ...(options.maxLength ? { maxLength: options.maxLength } : {}),
            },
        };
        this.list.push(block);
        return this;
    }

    datePicker(field: string, label: PlainText, initialDate?: string): this {
        const block: InputBlock = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional: true,
            element: { type: 'datepicker', appId: this.appId, blockId: field, actionId: field, ...(initialDate ? { initialDate } : {}) },
        };
        this.list.push(block);
        return this;
    }

    checkbox(field: string, label: PlainText, optionText: PlainText, checked: boolean, value = 'yes'): this {
        const option = { text: optionText, value };
        const block: InputBlock = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional: true,
            element: {
                type: 'checkbox',
                appId: this.appId,
                blockId: field,
                actionId: field,
                options: [option],
                ...(checked ? { initialOptions: [option] } : {}),
            },
        };
        this.list.push(block);
        return this;
    }

    /** A static select; the chosen value comes back in the view state. */
    select(field: string, label: PlainText, options: { value: string; text: PlainText }[], initialValue?: string, optional = false): this {
        const initial = options.find((o) => o.value === initialValue);
        const block: InputBlock = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional,
            element: {
                type: 'static_select',
                appId: this.appId,
                blockId: field,
                actionId: field,
                placeholder: label,
                options,
                ...(initial ? { initialOption: initial, initialValue: initial.value } : {}),
            } as InputBlock['element'],
        };
        this.list.push(block);
        return this;
    }

    multiSelect(field: string, label: PlainText, options: { value: string; text: PlainText }[], selected: string[]): this {
        const initial = options.filter((o) => selected.includes(o.value));
        const block: InputBlock = {
            type: 'input',
            appId: this.appId,
            blockId: field,
            label,
            optional: true,
            element: {
                type: 'multi_static_select',
                appId: this.appId,
                blockId: field,
                actionId: field,
                placeholder: label,
                options,
                ...(initial.length > 0 ? { initialOption: initial, initialValue: initial.map((o) => o.value) } : {}),
            } as InputBlock['element'],
        };
        this.list.push(block);
        return this;
    }
}
