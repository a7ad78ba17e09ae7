import { Avatar, Box, Button, Select, Sidebar as RcSidebar } from '@rocket.chat/fuselage';
import React from 'react';
import type { Language, Room, User } from '../api';
import { UserMenu, type MenuAction } from './UserMenu';
import { avatarUrl } from './avatar';

interface Props {
    users: User[];
    me?: User;
    onPickUser: (id: string) => void;
    languages: Language[];
    language: string;
    onPickLanguage: (code: string) => void;
    menuActions: MenuAction[];
    /** Buttons Rocket.Chat would hide from this user: the preview can still send them, as a crafted request. */
    hiddenMenuActions: MenuAction[];
    onMenuAction: (actionId: string) => void;
    rooms: Room[];
    roomId?: string;
    onOpenRoom: (id?: string) => void;
    onCloseRoom: (id: string) => void;
}

/** Extended sidebar items: title and subtitle on two rows. */
const ROW = { flexBasis: '100%' };

const roleLabel = (u: User) =>
    u.roles.includes('livechat-manager')
        ? 'manager'
        : u.roles.includes('livechat-agent')
          ? 'agent'
          : u.roles.includes('admin')
            ? 'admin'
            : 'no role';

/** Rocket.Chat's left sidebar: user avatar and tools, then the rooms; plus the preview's "who am I" picker. */
export function Sidebar(p: Props) {
    const open = p.rooms.filter((r) => r.open);
    return (
        <RcSidebar is="aside" display="flex" flexDirection="column" width="x280" flexShrink={0} height="100%" aria-label="Sidebar">
            <RcSidebar.TopBar.Section>
                {p.me ? <UserMenu user={p.me} actions={p.menuActions} hidden={p.hiddenMenuActions} onAction={p.onMenuAction} /> : <Box />}
                <RcSidebar.TopBar.Actions>
                    <RcSidebar.TopBar.Action icon="home" title="Home" onClick={() => p.onOpenRoom(undefined)} />
                    <RcSidebar.TopBar.Action icon="magnifier" title="Search" disabled />
                    <RcSidebar.TopBar.Action icon="notebook-hashtag" title="Directory" disabled />
                    <RcSidebar.TopBar.Action icon="sort" title="Display" disabled />
                    <RcSidebar.TopBar.Action icon="pencil-box" title="Create new" disabled />
                </RcSidebar.TopBar.Actions>
            </RcSidebar.TopBar.Section>
            <Box pi="x16" pb="x12" borderBlockEndWidth="x1" borderBlockEndStyle="solid" borderBlockEndColor="extra-light">
                <Box is="label" htmlFor="preview-user" fontScale="c2" color="hint" display="block" mbe="x4">
                    Preview as
                </Box>
                <Select
                    id="preview-user"
                    aria-label="Preview as"
                    width="full"
                    value={p.me?.id ?? ''}
                    placeholder="Pick a user"
                    options={p.users.map((u) => [u.id, `${u.name} (${roleLabel(u)})`])}
                    onChange={(id) => p.onPickUser(String(id))}
                />
                {p.languages.length > 1 && (
                    <>
                        <Box is="label" htmlFor="preview-language" fontScale="c2" color="hint" display="block" mbs="x8" mbe="x4">
                            Language
                        </Box>
                        <Select
                            id="preview-language"
                            aria-label="Language"
                            style={{ width: '100%' }}
                            value={p.language}
                            options={p.languages.map((l) => [l.code, l.name])}
                            onChange={(code) => p.onPickLanguage(String(code))}
                        />
                    </>
                )}
            </Box>
            <Box flexGrow={1} overflowY="auto" pbs="x8" role="list" aria-label="Rooms">
                <Box className="rcx-sidebar-title" pi="x16" pb="x8">
                    Omnichannel · chats in progress ({open.length})
                </Box>
                {open.length === 0 && (
                    <Box pi="x16" pb="x8" fontScale="p2" color="hint">
                        No open chats.
                    </Box>
                )}
                {open.map((room) => (
                    <RcSidebar.Item
                        key={room.id}
                        role="listitem"
                        clickable
                        selected={room.id === p.roomId}
                        tabIndex={0}
                        aria-label={room.name}
                        onClick={() => p.onOpenRoom(room.id)}
                        onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && p.onOpenRoom(room.id)}
                    >
                        <RcSidebar.Item.Avatar>
                            <Avatar size="x36" url={avatarUrl(room.name)} />
                        </RcSidebar.Item.Avatar>
                        <RcSidebar.Item.Content>
                            <RcSidebar.Item.Wrapper style={ROW}>
                                <RcSidebar.Item.Icon icon="headset" />
                                <RcSidebar.Item.Title>{room.name}</RcSidebar.Item.Title>
                            </RcSidebar.Item.Wrapper>
                            <RcSidebar.Item.Wrapper style={ROW}>
                                <RcSidebar.Item.Subtitle>
                                    {room.servedBy ? `served by @${room.servedBy.username}` : 'in queue'}
                                </RcSidebar.Item.Subtitle>
                            </RcSidebar.Item.Wrapper>
                        </RcSidebar.Item.Content>
                        <RcSidebar.Item.Container>
                            <Button
                                small
                                secondary
                                danger
                                aria-label={`Close chat with ${room.name}`}
                                title={`Close chat with ${room.name}`}
                                onClick={(e: React.MouseEvent) => {
                                    e.preventDefault();
                                    e.stopPropagation();
                                    p.onCloseRoom(room.id);
                                }}
                            >
                                Close chat
                            </Button>
                        </RcSidebar.Item.Container>
                    </RcSidebar.Item>
                ))}
            </Box>
            <Box pi="x16" pb="x12" fontScale="micro" color="hint">
                Rocket.Chat preview · UI Kit by fuselage-ui-kit
            </Box>
        </RcSidebar>
    );
}
