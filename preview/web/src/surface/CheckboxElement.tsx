import { Box, CheckBox } from '@rocket.chat/fuselage';
import { useUiKitState } from '@rocket.chat/fuselage-ui-kit';
import * as UiKit from '@rocket.chat/ui-kit';
import React, { useMemo } from 'react';

type Props = {
    block: UiKit.CheckboxElement;
    context: UiKit.BlockContext;
    surfaceRenderer: UiKit.SurfaceRenderer<React.ReactElement>;
};

/** The `checkbox` element (newer Rocket.Chat renders it; fuselage-ui-kit 0.31 does not): value = selected option values. */
const CheckboxElement = ({ block, context, surfaceRenderer }: Props) => {
    // The kit's state hook knows initialValue only: give it the initially selected options' values.
    const element = useMemo(
        () => ({ ...block, initialValue: block.initialOptions?.map((o) => o.value) ?? [] }) as unknown as UiKit.CheckboxElement,
        [block],
    );
    const [{ loading, value }, action] = useUiKitState(element, context);
    const selected: string[] = Array.isArray(value) ? value : [];
    const toggle = (option: string) => {
        const next = selected.includes(option) ? selected.filter((v) => v !== option) : [...selected, option];
        action({ target: { value: next } });
    };
    return (
        <Box display="flex" flexDirection="column">
            {block.options.map((option) => (
                <Box is="label" key={option.value} display="flex" alignItems="center" mb="x4" style={{ cursor: 'pointer' }}>
                    <CheckBox
                        id={`${block.actionId}-${option.value}`}
                        name={block.actionId}
                        disabled={loading}
                        checked={selected.includes(option.value)}
                        onChange={() => toggle(option.value)}
                    />
                    <Box is="span" mis="x8" fontScale="p2" color="default">
                        {surfaceRenderer.renderTextObject(option.text, 0, UiKit.BlockContext.NONE)}
                    </Box>
                </Box>
            ))}
        </Box>
    );
};

export default CheckboxElement;
