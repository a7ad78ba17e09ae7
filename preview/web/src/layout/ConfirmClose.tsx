import { Button, ButtonGroup, Modal } from '@rocket.chat/fuselage';
import React, { useEffect } from 'react';
import type { Room } from '../api';

/** Asks before a chat is closed (Rocket.Chat asks too): closing ends the conversation for the visitor. */
export function ConfirmClose({ room, onCancel, onConfirm }: { room: Room; onCancel: () => void; onConfirm: () => void }) {
    useEffect(() => {
        const escape = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
        document.addEventListener('keydown', escape);
        return () => document.removeEventListener('keydown', escape);
    }, [onCancel]);
    return (
        <Modal.Backdrop onClick={(e: React.MouseEvent) => e.target === e.currentTarget && onCancel()}>
            <Modal open role="dialog" aria-labelledby="confirm-close-title" data-qa="preview-confirm-close">
                <Modal.Header>
                    <Modal.HeaderText>
                        <Modal.Title is="h2" id="confirm-close-title">
                            Close the chat with {room.name}?
                        </Modal.Title>
                    </Modal.HeaderText>
                    <Modal.Close onClick={onCancel} />
                </Modal.Header>
                <Modal.Content>The conversation ends for the visitor and goes to the archive.</Modal.Content>
                <Modal.Footer>
                    <ButtonGroup align="end">
                        <Button onClick={onCancel}>Cancel</Button>
                        <Button danger onClick={onConfirm}>
                            Close chat
                        </Button>
                    </ButtonGroup>
                </Modal.Footer>
            </Modal>
        </Modal.Backdrop>
    );
}
