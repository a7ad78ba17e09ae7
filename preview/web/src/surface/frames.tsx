import {
    Box,
    Button,
    ButtonGroup,
    Contextualbar,
    ContextualbarAction,
    ContextualbarContent,
    ContextualbarFooter,
    ContextualbarHeader,
    ContextualbarTitle,
    Modal,
} from '@rocket.chat/fuselage';
import React, { type FormEvent, useEffect } from 'react';
import type { FrameProps } from './UiKitView';

const APP_ICON = '/api/app/icon';

const prevent = (then: () => void) => (e: FormEvent) => {
    e.preventDefault();
    then();
};

function FooterButtons({ view, text, busy, submit, close, stretch }: FrameProps & { stretch?: boolean }) {
    return (
        <ButtonGroup align="end" stretch={stretch}>
            {view.close && (
                <Button disabled={busy} onClick={close}>
                    {text(view.close.text)}
                </Button>
            )}
            {view.submit && (
                <Button primary={view.submit.style !== 'danger'} danger={view.submit.style === 'danger'} disabled={busy} onClick={submit}>
                    {text(view.submit.text)}
                </Button>
            )}
        </ButtonGroup>
    );
}

/** Rocket.Chat's UI Kit modal (ModalBlock): app icon, title, X, blocks, footer with close and submit. */
export function ModalFrame(props: FrameProps) {
    const { view, content, text, submit, close } = props;
    useEffect(() => {
        const escape = (e: KeyboardEvent) => e.key === 'Escape' && close();
        document.addEventListener('keydown', escape);
        return () => document.removeEventListener('keydown', escape);
    }, [close]);
    return (
        <Modal.Backdrop onClick={(e: React.MouseEvent) => e.target === e.currentTarget && close()}>
            <Modal open id={`modal-window-${view.id}`} aria-labelledby={`${view.id}-title`} data-qa="uikit-modal">
                <Modal.Header>
                    <Modal.Thumb url={APP_ICON} />
                    <Modal.HeaderText>
                        {/* An h2, as Rocket.Chat's current Fuselage renders a modal's title (0.31's is a div). */}
                        <Modal.Title is="h2" id={`${view.id}-title`}>
                            {text(view.title)}
                        </Modal.Title>
                    </Modal.HeaderText>
                    <Modal.Close tabIndex={-1} onClick={close} />
                </Modal.Header>
                <Modal.Content>
                    <Box is="form" method="post" action="#" onSubmit={prevent(submit)}>
                        {content}
                    </Box>
                </Modal.Content>
                <Modal.Footer>
                    <FooterButtons {...props} />
                </Modal.Footer>
            </Modal>
        </Modal.Backdrop>
    );
}

/** Rocket.Chat's UI Kit contextual bar (at the right of the room): header with app icon, title and X. */
export function ContextualBarFrame(props: FrameProps) {
    const { view, content, text, submit, close } = props;
    return (
        <Contextualbar width="x400" data-qa="uikit-contextual-bar" aria-labelledby={`${view.id}-title`}>
            <ContextualbarHeader>
                <Box is="img" src={APP_ICON} alt="" width="x24" height="x24" borderRadius="x4" />
                <ContextualbarTitle id={`${view.id}-title`}>{text(view.title)}</ContextualbarTitle>
                <ContextualbarAction name="cross" title="Close" onClick={close} />
            </ContextualbarHeader>
            <ContextualbarContent>
                <Box is="form" method="post" action="#" pb="x16" fontScale="p2" onSubmit={prevent(submit)}>
                    {content}
                </Box>
            </ContextualbarContent>
            {(view.submit || view.close) && (
                <ContextualbarFooter>
                    <FooterButtons {...props} stretch />
                </ContextualbarFooter>
            )}
        </Contextualbar>
    );
}
