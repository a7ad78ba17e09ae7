import { MultiSelectFiltered, SelectFiltered } from '@rocket.chat/fuselage';
import { useUiKitState } from '@rocket.chat/fuselage-ui-kit';
import type * as UiKit from '@rocket.chat/ui-kit';
import React, { useMemo } from 'react';
import type { TextObject } from '../api';

/**
 * fuselage-ui-kit 0.31 turns option labels into strings with renderToStaticMarkup, so "José O'Brien" reached the
 * select as "José O&#x27;Brien". These two elements give the select the label as text, as the app sent it.
 */
type Props<T> = { block: T; context: UiKit.BlockContext; label: (text: TextObject) => string };

const labels = (options: readonly { value: string; text: unknown }[], label: (text: TextObject) => string): [string, string][] =>
    options.map((o) => [o.value, label(o.text as TextObject)]);

export function StaticSelect({ block, context, label }: Props<UiKit.StaticSelectElement>) {
    const [{ loading, value, error }, action] = useUiKitState(block, context);
    const options = useMemo(() => labels(block.options, label), [block.options, label]);
    return (
        <SelectFiltered
            value={value as string}
            disabled={loading}
            error={error}
            options={options}
            placeholder={block.placeholder ? label(block.placeholder as TextObject) : undefined}
            onChange={(next) => action({ target: { value: next } })}
        />
    );
}

export function MultiStaticSelect({ block, context, label }: Props<UiKit.MultiStaticSelectElement>) {
    const [{ loading, value, error }, action] = useUiKitState(block, context);
    const options = useMemo(() => labels(block.options, label), [block.options, label]);
    return (
        <MultiSelectFiltered
            value={value as string[]}
            disabled={loading}
            error={error}
            options={options}
            placeholder={block.placeholder ? label(block.placeholder as TextObject) : undefined}
            onChange={(next) => action({ target: { value: next } })}
        />
    );
}
