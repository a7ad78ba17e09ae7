import { UiKitComponent } from '@rocket.chat/fuselage-ui-kit';
import { FuselageSurfaceRenderer } from '@rocket.chat/fuselage-ui-kit/dist/esm/surfaces/FuselageSurfaceRenderer';
import ModalSurface from '@rocket.chat/fuselage-ui-kit/dist/esm/surfaces/ModalSurface';
import { createSurfaceRenderer } from '@rocket.chat/fuselage-ui-kit/dist/esm/surfaces/createSurfaceRenderer';
import * as UiKit from '@rocket.chat/ui-kit';
import { BlockContext } from '@rocket.chat/ui-kit';
import React, { type ReactElement } from 'react';
import type { TextObject } from '../api';
import { type Dictionary, textOf } from '../i18n';
import CheckboxElement from './CheckboxElement';
import PlainTextInput from './PlainTextInputElement';
import { MultiStaticSelect, StaticSelect } from './SelectElements';
import { renderMrkdwn } from './mrkdwn';

/**
 * Rocket.Chat's own renderer (fuselage-ui-kit 0.31.23) plus what that version lacks and Rocket.Chat
 * does: text objects translated from their `i18n` key (`app-<appId>.<key>`), markdown in `mrkdwn`,
 * input hints given as text objects, the `checkbox` element, and select options and placeholders as given (not as HTML).
 */
export class PreviewSurfaceRenderer extends FuselageSurfaceRenderer {
    constructor(
        private readonly dict: Dictionary,
        private readonly appId: string,
    ) {
        super();
    }

    translate(textObject: TextObject): string {
        return textOf(this.dict, this.appId, textObject);
    }

    plain_text(text: UiKit.PlainText, context: UiKit.BlockContext, index: number): ReactElement | null {
        return super.plain_text({ ...text, text: this.textOfObject(text) }, context, index);
    }

    mrkdwn(text: UiKit.Markdown, context: UiKit.BlockContext, index: number): ReactElement | null {
        const source = this.textOfObject(text);
        return context === BlockContext.BLOCK || !source ? null : <React.Fragment key={index}>{renderMrkdwn(source)}</React.Fragment>;
    }

    input(block: UiKit.InputBlock, context: UiKit.BlockContext, index: number): ReactElement | null {
        const hint = block.hint as unknown;
        const plainHint = hint && typeof hint === 'object' ? this.translate(hint as TextObject) : hint;
        return super.input({ ...block, hint: plainHint as UiKit.InputBlock['hint'] }, context, index);
    }

    checkbox(block: UiKit.CheckboxElement, context: UiKit.BlockContext, index: number): ReactElement | null {
        return <CheckboxElement key={index} block={block} context={context} surfaceRenderer={this} />;
    }

    plain_text_input(block: UiKit.PlainTextInputElement, context: UiKit.BlockContext, index: number): ReactElement | null {
        return <PlainTextInput key={index} block={block} context={context} label={this.label} />;
    }

    static_select(block: UiKit.StaticSelectElement, context: UiKit.BlockContext, index: number): ReactElement | null {
        return <StaticSelect key={index} block={block} context={context} label={this.label} />;
    }

    multi_static_select(block: UiKit.MultiStaticSelectElement, context: UiKit.BlockContext, index: number): ReactElement | null {
        return <MultiStaticSelect key={index} block={block} context={context} label={this.label} />;
    }

    /** An option's label as text (translated), never as HTML. */
    private readonly label = (text: TextObject): string => this.translate(text);

    private textOfObject(text: UiKit.PlainText | UiKit.Markdown): string {
        return this.translate(text as unknown as TextObject);
    }
}

/** The blocks of a modal or contextual bar, as Rocket.Chat renders them (UiKitComponent + modal surface). */
export function SurfaceBlocks({ renderer, blocks }: { renderer: PreviewSurfaceRenderer; blocks: unknown[] }) {
    const render = React.useMemo(() => createSurfaceRenderer(ModalSurface, renderer), [renderer]);
    return <UiKitComponent render={render} blocks={blocks as UiKit.LayoutBlock[]} />;
}
