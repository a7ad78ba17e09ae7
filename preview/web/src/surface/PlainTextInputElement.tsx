import { TextAreaInput, TextInput } from '@rocket.chat/fuselage';
import { useUiKitState } from '@rocket.chat/fuselage-ui-kit';
import type * as UiKit from '@rocket.chat/ui-kit';
import React from 'react';
import type { TextObject } from '../api';

/**
 * fuselage-ui-kit 0.31 turns a placeholder into a string with renderToStaticMarkup, so "Agent's username" showed as
 * "Agent&#x27;s username"; Rocket.Chat's current renderer gives it as text. This element does what Rocket.Chat does.
 */
export default function PlainTextInput({
    block,
    context,
    label,
}: {
    block: UiKit.PlainTextInputElement;
    context: UiKit.BlockContext;
    label: (text: TextObject) => string;
}) {
    const [{ loading, value, error }, action] = useUiKitState(block, context);
    const common = {
        disabled: loading,
        id: block.actionId,
        name: block.actionId,
        error,
        value: value as string,
        onChange: action,
        placeholder: block.placeholder ? label(block.placeholder as TextObject) : undefined,
    };
    return block.multiline ? <TextAreaInput rows={6} {...common} /> : <TextInput {...common} />;
}
