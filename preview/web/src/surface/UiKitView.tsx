import { Callout } from '@rocket.chat/fuselage';
import { kitContext } from '@rocket.chat/fuselage-ui-kit';
import React, { Component, type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { Errors, View } from '../api';
import type { Dictionary } from '../i18n';
import { PreviewSurfaceRenderer, SurfaceBlocks } from './renderer';
import { type Values, buttonValue, errorsByActionId, groupStateByBlockId, initialValues, valuesAfterUpdate } from './uiKitState';

export interface ViewHandlers {
    onBlockAction: (a: { actionId: string; blockId: string; value: unknown; viewId: string }) => Promise<void>;
    onSubmit: (viewId: string, state: Record<string, Record<string, unknown>>) => Promise<void>;
    onClose: (viewId: string) => Promise<void>;
}

export interface FrameProps {
    view: View;
    /** The view's blocks, rendered by fuselage-ui-kit. */
    content: ReactNode;
    /** Text of a text object, translated. */
    text: (t: View['title']) => string;
    busy: boolean;
    submit: () => void;
    close: () => void;
}

type Props = ViewHandlers & { view: View; errors?: Errors; dict: Dictionary; Frame: (p: FrameProps) => JSX.Element };

/**
 * One open surface (modal or contextual bar), kept like Rocket.Chat keeps it: the input values by action id,
 * sent on submit as { [blockId]: { [actionId]: value } }; block actions sent at once; errors shown by field.
 */
export function UiKitView({ view, errors, dict, Frame, onBlockAction, onSubmit, onClose }: Props) {
    // Values are reset when the view changes; an update of the same view keeps what was typed (remounting the inputs).
    const [current, setCurrent] = useState(() => ({ view, values: initialValues(view.blocks), revision: 0 }));
    if (current.view !== view) {
        const values =
            current.view.id === view.id ? valuesAfterUpdate(current.values, current.view.blocks, view.blocks) : initialValues(view.blocks);
        setCurrent({ view, values, revision: current.revision + 1 });
    }
    const valuesRef = useRef<Values>(current.values);
    valuesRef.current = current.values;
    const [busy, setBusy] = useState(false);

    const renderer = useMemo(() => new PreviewSurfaceRenderer(dict, view.appId), [dict, view.appId]);

    const action = useCallback(
        async ({ actionId, blockId, value }: { actionId: string; blockId: string; value: unknown }) => {
            const sent = value === undefined || value === '' ? (buttonValue(view.blocks, blockId, actionId) ?? value) : value;
            await onBlockAction({ actionId, blockId, value: sent, viewId: view.id });
        },
        [view, onBlockAction],
    );

    const state = useCallback(({ actionId, blockId, value }: { actionId: string; blockId?: string; value: unknown }) => {
        setCurrent((c) => ({ ...c, values: { ...c.values, [actionId]: { blockId: blockId || 'default', value } } }));
    }, []);

    const run = (task: () => Promise<void>) => {
        if (busy) return;
        setBusy(true);
        task().finally(() => setBusy(false));
    };
    const submit = () => run(() => onSubmit(view.id, groupStateByBlockId(valuesRef.current)));
    const close = () => run(() => onClose(view.id));

    const context = useMemo(
        () => ({
            action,
            state,
            appId: view.appId,
            viewId: view.id,
            errors: errorsByActionId(errors, view.blocks),
            values: current.values as Record<string, { value: string } | undefined>,
        }),
        [action, state, view, errors, current.values],
    );

    const content = (
        <kitContext.Provider value={context}>
            <RenderGuard key={current.revision}>
                <SurfaceBlocks renderer={renderer} blocks={view.blocks} />
            </RenderGuard>
        </kitContext.Provider>
    );
    return (
        <Frame
            view={view}
            content={content}
            text={(t) => renderer.translate(t ?? { type: 'plain_text', text: '' })}
            busy={busy}
            submit={submit}
            close={close}
        />
    );
}

/** A view the renderer cannot draw shows why, in place of its blocks, instead of blanking the whole page. */
class RenderGuard extends Component<{ children: ReactNode }, { error?: Error }> {
    state: { error?: Error } = {};

    static getDerivedStateFromError(error: Error) {
        return { error };
    }

    render() {
        const { error } = this.state;
        if (!error) return this.props.children;
        return (
            <Callout type="danger" title="This view could not be rendered" data-qa="uikit-render-error">
                {error.message}
            </Callout>
        );
    }
}
