import { Avatar, Box, Button, ButtonGroup, Icon, IconButton, Option, OptionTitle, Tile } from '@rocket.chat/fuselage';
import React, { useState } from 'react';
import type { Room } from '../api';
import type { MenuAction } from './UserMenu';
import { avatarUrl } from './avatar';

interface Props {
    room: Room;
    actions: MenuAction[];
    onAction: (actionId: string) => void;
    onCloseRoom: () => void;
}

/** A livechat room: header with the room toolbox (apps' room actions are in its kebab menu, and shown as buttons). */
export function RoomView({ room, actions, onAction, onCloseRoom }: Props) {
    const [more, setMore] = useState(false);
    return (
        <Box display="flex" flexDirection="column" flexGrow={1} minWidth={0} bg="light">
            <Box
                is="header"
                display="flex"
                alignItems="center"
                height="x64"
                pi="x24"
                flexShrink={0}
                borderBlockEndWidth="x1"
                borderBlockEndStyle="solid"
                borderBlockEndColor="extra-light"
            >
                <Avatar size="x36" url={avatarUrl(room.name)} />
                <Box mis="x8" display="flex" flexDirection="column" flexGrow={1} minWidth={0}>
                    <Box display="flex" alignItems="center">
                        <Icon name="headset" size="x20" color="hint" />
                        <Box is="h1" mis="x4" fontScale="h4" color="default" withTruncatedText data-qa="room-title">
                            {room.name}
                        </Box>
                    </Box>
                    <Box fontScale="c1" color="hint" withTruncatedText>
                        {room.open ? 'Open' : 'Closed'} chat{room.servedBy ? ` · served by @${room.servedBy.username}` : ''}
                    </Box>
                </Box>
                <ButtonGroup role="toolbar" aria-label="Room toolbar" mis="x8">
                    {actions.map((a) => (
                        <Button key={a.actionId} small secondary onClick={() => onAction(a.actionId)}>
                            <Icon name="cube" size="x16" mie="x4" />
                            {a.label}
                        </Button>
                    ))}
                    <IconButton small icon="info-circled" title="Room information" disabled />
                    <IconButton small icon="balloon-close-top-right" title="Close chat" disabled={!room.open} onClick={onCloseRoom} />
                    <Box position="relative">
                        <IconButton small icon="kebab" title="Options" aria-expanded={more} onClick={() => setMore(!more)} />
                        {more && (
                            <Tile
                                is="ul"
                                elevation="2"
                                pb="x8"
                                pi="none"
                                position="absolute"
                                zIndex={10}
                                width="x244"
                                style={{ right: 0, top: 36, listStyle: 'none', margin: 0 }}
                            >
                                <OptionTitle>Apps</OptionTitle>
                                {actions.map((a) => (
                                    <Option
                                        key={a.actionId}
                                        icon="cube"
                                        label={a.label}
                                        onClick={() => {
                                            setMore(false);
                                            onAction(a.actionId);
                                        }}
                                    />
                                ))}
                                {actions.length === 0 && <Option label="No app actions for you here" disabled />}
                            </Tile>
                        )}
                    </Box>
                </ButtonGroup>
            </Box>
            <Box flexGrow={1} display="flex" flexDirection="column" justifyContent="flex-end" p="x24" overflowY="auto">
                <Box display="flex" alignItems="center" mb="x16">
                    <Box flexGrow={1} borderBlockStartWidth="x1" borderBlockStartStyle="solid" borderBlockStartColor="extra-light" />
                    <Box mi="x8" fontScale="c2" color="hint">
                        Start of conversation
                    </Box>
                    <Box flexGrow={1} borderBlockStartWidth="x1" borderBlockStartStyle="solid" borderBlockStartColor="extra-light" />
                </Box>
                <Box display="flex">
                    <Avatar size="x36" url={avatarUrl(room.name)} />
                    <Box mis="x8">
                        <Box fontScale="p2m" color="default">
                            {room.name}
                        </Box>
                        <Box fontScale="p2" color="default">
                            Hello! I have a question about my order.
                        </Box>
                    </Box>
                </Box>
            </Box>
            <Box m="x24" mbs="none" p="x12" borderWidth="x2" borderColor="extra-light" borderRadius="x4" fontScale="p2" color="hint">
                {room.open ? 'Messages are not simulated in this preview.' : 'This chat was closed.'}
            </Box>
        </Box>
    );
}

/** Rocket.Chat's Home page, with what to do in the preview. */
export function Home({ appName }: { appName: string }) {
    return (
        <Box display="flex" flexDirection="column" flexGrow={1} minWidth={0} bg="light">
            <Box
                is="header"
                display="flex"
                alignItems="center"
                height="x64"
                pi="x24"
                flexShrink={0}
                borderBlockEndWidth="x1"
                borderBlockEndStyle="solid"
                borderBlockEndColor="extra-light"
            >
                <Box is="h1" fontScale="h4" color="default">
                    Home
                </Box>
            </Box>
            <Box p="x24">
                <Box fontScale="h2" color="default" mbe="x8">
                    Welcome to {appName}
                </Box>
                <Box fontScale="p1" color="hint" maxWidth="x600">
                    Pick who you are in the sidebar, then open the app from the user menu (your avatar, top left) or from a livechat
                    room&apos;s toolbar. Close a chat to see it arrive in the archive.
                </Box>
            </Box>
        </Box>
    );
}
