import { Avatar, Box, Option, OptionDivider, OptionTitle, StatusBullet, Tile } from '@rocket.chat/fuselage';
import React, { useEffect, useRef, useState } from 'react';
import type { User } from '../api';
import { avatarUrl } from './avatar';

export interface MenuAction {
    actionId: string;
    label: string;
}

/** The avatar button at the top of the sidebar and its dropdown, where apps' user-menu buttons appear. */
export function UserMenu({
    user,
    actions,
    hidden = [],
    onAction,
}: {
    user: User;
    actions: MenuAction[];
    hidden?: MenuAction[];
    onAction: (actionId: string) => void;
}) {
    const [open, setOpen] = useState(false);
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        if (!open) return undefined;
        const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
        const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
        document.addEventListener('mousedown', close);
        document.addEventListener('keydown', escape);
        return () => {
            document.removeEventListener('mousedown', close);
            document.removeEventListener('keydown', escape);
        };
    }, [open]);
    const run = (actionId: string) => {
        setOpen(false);
        onAction(actionId);
    };
    return (
        <Box ref={ref} position="relative" display="flex">
            <Box
                is="button"
                type="button"
                aria-label="User menu"
                aria-expanded={open}
                data-qa="sidebar-avatar-button"
                position="relative"
                display="flex"
                p="none"
                borderWidth="none"
                bg="transparent"
                style={{ cursor: 'pointer' }}
                onClick={() => setOpen(!open)}
            >
                <Avatar size="x24" url={avatarUrl(user.username)} />
                <Box position="absolute" style={{ right: -4, bottom: -4, lineHeight: 0 }}>
                    <StatusBullet status="online" size="small" />
                </Box>
            </Box>
            {open && (
                <Tile
                    is="ul"
                    role="menu"
                    elevation="2"
                    pb="x8"
                    pi="none"
                    position="absolute"
                    zIndex={10}
                    width="x244"
                    style={{ top: 32, left: 0, listStyle: 'none', margin: 0 }}
                >
                    <Box display="flex" alignItems="center" pi="x16" pb="x8">
                        <Avatar size="x36" url={avatarUrl(user.username)} />
                        <Box mis="x8" display="flex" flexDirection="column" withTruncatedText>
                            <Box fontScale="p2m" color="default" withTruncatedText>
                                <StatusBullet status="online" /> {user.name}
                            </Box>
                            <Box fontScale="c1" color="hint" withTruncatedText>
                                @{user.username}
                            </Box>
                        </Box>
                    </Box>
                    <OptionDivider />
                    <OptionTitle>Status</OptionTitle>
                    {(['online', 'away', 'busy', 'offline'] as const).map((status) => (
                        <Option
                            key={status}
                            label={status[0].toUpperCase() + status.slice(1)}
                            avatar={<StatusBullet status={status} />}
                            onClick={() => setOpen(false)}
                        />
                    ))}
                    {actions.length > 0 && (
                        <>
                            <OptionDivider />
                            <OptionTitle>Apps</OptionTitle>
                        </>
                    )}
                    {actions.map((a) => (
                        <Option key={a.actionId} role="menuitem" icon="cube" label={a.label} onClick={() => run(a.actionId)} />
                    ))}
                    {hidden.length > 0 && (
                        <>
                            <OptionDivider />
                            <OptionTitle>Preview · hidden for your roles</OptionTitle>
                        </>
                    )}
                    {hidden.map((a) => (
                        <Option
                            key={a.actionId}
                            role="menuitem"
                            icon="warning"
                            label={`${a.label} (hidden)`}
                            title={`Rocket.Chat hides “${a.label}” from you; send the click anyway`}
                            onClick={() => run(a.actionId)}
                        />
                    ))}
                    <OptionDivider />
                    <Option icon="user" label="My Account" disabled />
                    <Option icon="sign-out" label="Logout" disabled />
                </Tile>
            )}
        </Box>
    );
}
