import { Box, Callout } from '@rocket.chat/fuselage';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { type AppInfo, type Language, type Room, type User, type ViewState, api } from './api';
import { type Dictionary, labelOf } from './i18n';
import { ConfirmClose } from './layout/ConfirmClose';
import { Home, RoomView } from './layout/RoomView';
import { Sidebar } from './layout/Sidebar';
import { ContextualBarFrame, ModalFrame } from './surface/frames';
import { UiKitView, type ViewHandlers } from './surface/UiKitView';

const STORED_USER = 'preview.userId';
const STORED_LANGUAGE = 'preview.language';
const POLL_MS = 3000;

/** An unchanged view (same JSON) keeps its object, so what was typed in it is not reset. */
function nextViewState(prev: ViewState, next: ViewState): ViewState {
    const view = JSON.stringify(prev.view) === JSON.stringify(next.view) ? prev.view : next.view;
    const errors = JSON.stringify(prev.errors) === JSON.stringify(next.errors) ? prev.errors : next.errors;
    return view === prev.view && errors === prev.errors ? prev : { view, errors };
}

export function App() {
    const [users, setUsers] = useState<User[]>([]);
    const [app, setApp] = useState<AppInfo>({ appId: '', name: 'App', buttons: [] });
    const [dict, setDict] = useState<Dictionary>({});
    const [languages, setLanguages] = useState<Language[]>([]);
    const [language, setLanguage] = useState(() => localStorage.getItem(STORED_LANGUAGE) ?? 'en');
    const [userId, setUserId] = useState<string | undefined>();
    const [rooms, setRooms] = useState<Room[]>([]);
    const [roomId, setRoomId] = useState<string | undefined>();
    const [viewState, setViewState] = useState<ViewState>({});
    const [failure, setFailure] = useState<string | undefined>();
    /** The room whose Close chat waits for a yes. */
    const [closing, setClosing] = useState<Room | undefined>();

    useEffect(() => {
        Promise.all([api.users(), api.app(), api.languages()]).then(
            ([u, a, l]) => {
                setUsers(u);
                setApp(a);
                setLanguages(l);
                const wanted = new URLSearchParams(location.search).get('user') ?? localStorage.getItem(STORED_USER);
                setUserId(u.find((x) => x.id === wanted || x.username === wanted)?.id);
            },
            (e: Error) => setFailure(e.message),
        );
    }, []);

    const refresh = useCallback(
        async (id = userId) => {
            if (!id) return;
            const [r, v] = await Promise.all([api.rooms(id), api.view(id)]);
            setRooms(r);
            setViewState((prev) => nextViewState(prev, v));
        },
        [userId],
    );

    useEffect(() => {
        setViewState({});
        setRoomId(undefined);
        if (userId) localStorage.setItem(STORED_USER, userId);
        refresh().catch((e: Error) => setFailure(e.message));
    }, [userId, refresh]);

    // ?user= follows the picker, so that a reload or a shared link shows the same person.
    useEffect(() => {
        const username = users.find((u) => u.id === userId)?.username;
        if (!username) return;
        const url = new URL(location.href);
        if (url.searchParams.get('user') === username) return;
        url.searchParams.set('user', username);
        history.replaceState(history.state, '', url);
    }, [userId, users]);

    // The page's language is the previewed user's Rocket.Chat language: labels here, form errors from the app.
    useEffect(() => {
        localStorage.setItem(STORED_LANGUAGE, language);
        api.i18n(language).then(setDict, (e: Error) => setFailure(e.message));
        if (userId) api.setLanguage(userId, language).catch((e: Error) => setFailure(e.message));
    }, [userId, language]);

    // Light polling, so what another tab (another user) changes shows up here too.
    useEffect(() => {
        const timer = setInterval(() => {
            if (!document.hidden) refresh().catch(() => undefined);
        }, POLL_MS);
        return () => clearInterval(timer);
    }, [refresh]);

    /** Every interaction: POST, then show what the user now sees (GET /api/view) and the rooms. */
    const interact = useCallback(
        async (post: () => Promise<unknown>) => {
            setFailure(undefined);
            try {
                await post();
            } catch (e) {
                setFailure((e as Error).message);
            }
            await refresh().catch((e: Error) => setFailure(e.message));
        },
        [refresh],
    );

    const me = users.find((u) => u.id === userId);
    const room = rooms.find((r) => r.id === roomId);
    const allowed = (b: AppInfo['buttons'][number]) => !b.hasOneRole || b.hasOneRole.some((r) => me?.roles.includes(r));
    const buttonsFor = (context: string, shown = true) =>
        app.buttons
            .filter((b) => b.context === context && allowed(b) === shown)
            .map((b) => ({ actionId: b.actionId, label: labelOf(dict, app.appId, b.labelI18n) }));

    const handlers: ViewHandlers = useMemo(
        () => ({
            onBlockAction: (a) => interact(() => api.blockAction(userId ?? '', a)),
            onSubmit: (viewId, state) => interact(() => api.viewSubmit(userId ?? '', viewId, state)),
            onClose: (viewId) => interact(() => api.viewClose(userId ?? '', viewId)),
        }),
        [interact, userId],
    );

    const { view, errors } = viewState;
    return (
        <Box display="flex" height="100vh" overflow="hidden" bg="light" color="default">
            <Sidebar
                users={users}
                me={me}
                onPickUser={setUserId}
                languages={languages}
                language={language}
                onPickLanguage={setLanguage}
                menuActions={buttonsFor('userDropdownAction')}
                hiddenMenuActions={buttonsFor('userDropdownAction', false)}
                onMenuAction={(actionId) => interact(() => api.actionButton(userId ?? '', actionId))}
                rooms={rooms}
                roomId={roomId}
                onOpenRoom={setRoomId}
                onCloseRoom={(id) => setClosing(rooms.find((r) => r.id === id))}
            />
            <Box display="flex" flexDirection="column" flexGrow={1} minWidth={0}>
                {failure && (
                    <Callout type="danger" m="x16" title="The preview server refused">
                        {failure}
                    </Callout>
                )}
                {!me && users.length > 0 && (
                    <Callout type="info" m="x16" title="Who are you?">
                        Pick a user in the sidebar (“Preview as”).
                    </Callout>
                )}
                {room && me ? (
                    <RoomView
                        room={room}
                        actions={buttonsFor('roomAction')}
                        onAction={(actionId) => interact(() => api.actionButton(me.id, actionId, room.id))}
                        onCloseRoom={() => setClosing(room)}
                    />
                ) : (
                    <Home appName={app.name} />
                )}
            </Box>
            {view?.type === 'contextualBar' && (
                <UiKitView key={`${userId}-bar`} view={view} errors={errors} dict={dict} Frame={ContextualBarFrame} {...handlers} />
            )}
            {closing && me && (
                <ConfirmClose
                    room={closing}
                    onCancel={() => setClosing(undefined)}
                    onConfirm={() => {
                        setClosing(undefined);
                        void interact(() => api.closeRoom(me.id, closing.id));
                    }}
                />
            )}
            {/* Rocket.Chat keys a modal by its view id: a new id mounts it anew (from its top), the same id keeps it. */}
            {view?.type === 'modal' && (
                <UiKitView key={`${userId}-modal-${view.id}`} view={view} errors={errors} dict={dict} Frame={ModalFrame} {...handlers} />
            )}
        </Box>
    );
}
