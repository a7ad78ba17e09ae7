/**
 * The real app behind the preview page: the packaged zip running in the Apps-Engine (the engine host's EngineHost)
 * over its in-memory store. Every click is the interaction Rocket.Chat's client would send.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IUIActionButton } from '@rocket.chat/apps-engine/definition/ui';
import { Collections, type Doc, type EngineHost, type ShownView } from '@contact-center/engine-host';
import type {
    AppEndpointRequest,
    AppEndpointResponse,
    CurrentView,
    PreviewActionButton,
    PreviewBackend,
    PreviewBlockAction,
    PreviewLanguage,
    PreviewRoom,
    PreviewUser,
    ViewErrors,
} from './backend';

const root = path.resolve(__dirname, '..');
const MANAGING_ROLES = ['livechat-manager', 'admin'];
const ROLE_ORDER = ['livechat-agent', 'livechat-manager', 'user', 'admin'];

/** The role that places a user in the "Preview as" list: agents first, then managers, users, admins. */
const rank = (roles: string[]) => {
    const main = roles.includes('admin')
        ? 'admin'
        : roles.includes('livechat-manager')
          ? 'livechat-manager'
          : roles.includes('livechat-agent')
            ? 'livechat-agent'
            : 'user';
    return ROLE_ORDER.indexOf(main);
};

export class EngineBackend implements PreviewBackend {
    private constructor(
        readonly host: EngineHost,
        private readonly name: string,
        private readonly buttons: PreviewActionButton[],
        private readonly dictionaries: Map<string, Record<string, string>>,
    ) {}

    /** Reads what the page needs once: the app's name, its registered buttons and its English strings. */
    static async create(host: EngineHost): Promise<EngineBackend> {
        const registered = (await host.manager.getUIActionButtonManager().getAllActionButtons()) as IUIActionButton[];
        const buttons = registered
            .filter((b) => b.appId === host.appId)
            .map((b) => ({
                actionId: b.actionId,
                context: b.context as PreviewActionButton['context'],
                labelI18n: b.labelI18n,
                ...(b.when?.hasOneRole && { hasOneRole: b.when.hasOneRole }),
            }));
        // Rocket.Chat reads the same files from the package and namespaces their keys by app.
        const dir = path.join(root, 'i18n');
        const dictionaries = new Map(
            fs
                .readdirSync(dir)
                .filter((f) => f.endsWith('.json'))
                .map((f) => {
                    const texts = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>;
                    return [
                        f.replace(/\.json$/, ''),
                        Object.fromEntries(Object.entries(texts).map(([key, text]) => [`app-${host.appId}.${key}`, text])),
                    ];
                }),
        );
        return new EngineBackend(host, host.app.getName(), buttons, dictionaries);
    }

    appId(): string {
        return this.host.appId;
    }

    appName(): string {
        return this.name;
    }

    appIconPath(): string {
        return path.join(root, 'icon.png');
    }

    actionButtons(): PreviewActionButton[] {
        return this.buttons;
    }

    i18n(language = 'en'): Record<string, string> {
        return this.dictionaries.get(language) ?? this.dictionaries.get('en') ?? {};
    }

    languages(): PreviewLanguage[] {
        const codes = [...this.dictionaries.keys()].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
        return codes.map((code) => {
            const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
            return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1) };
        });
    }

    /** Where Rocket.Chat keeps a user's language (My Account → Preferences → Language). */
    async setLanguage(userId: string, language: string): Promise<void> {
        if (!this.dictionaries.has(language)) throw new Error(`No ${language} translation.`);
        await this.host.store
            .collection(Collections.users)
            .updateOne({ _id: userId }, { $set: { 'settings.preferences.language': language } });
    }

    async users(): Promise<PreviewUser[]> {
        // A real workspace (MONGO_URL) may have thousands of users: the picker lists the first ones by username.
        const docs = await this.host.store
            .collection(Collections.users)
            .find({ type: 'user', active: { $ne: false } }, { sort: { username: 1 }, limit: 200 });
        return docs
            .map((u) => ({
                id: u._id,
                username: u.username as string,
                name: (u.name as string) ?? u.username,
                roles: (u.roles as string[]) ?? [],
            }))
            .sort((a, b) => rank(a.roles) - rank(b.roles) || a.username.localeCompare(b.username));
    }

    /** Open livechat rooms (the sidebar): the agent's own, every one for managers. Closed rooms live in the app. */
    async rooms(userId: string): Promise<PreviewRoom[]> {
        const user = await this.user(userId);
        const roles = (user?.roles as string[] | undefined) ?? [];
        if (!user || !roles.some((r) => r === 'livechat-agent' || MANAGING_ROLES.includes(r))) return [];
        const mine = roles.some((r) => MANAGING_ROLES.includes(r)) ? {} : { 'servedBy._id': userId };
        const docs = await this.host.store
            .collection(Collections.rooms)
            .find({ t: 'l', open: true, ...mine }, { sort: { ts: -1 }, limit: 100 });
        return docs.map((r) => ({
            id: r._id,
            name: (r.fname as string) ?? r.v?.name ?? r.v?.username,
            open: true,
            ...(r.servedBy && { servedBy: { id: r.servedBy._id, username: r.servedBy.username } }),
        }));
    }

    /** The page hides buttons by role; a click it still sends (the preview's "crafted request") is forced. */
    async actionButton(userId: string, actionId: string, roomId?: string): Promise<void> {
        try {
            await this.host.clickActionButton({ user: userId, actionId, room: roomId, force: false });
        } catch (error) {
            if (!/is hidden for|is not shown in a room/.test(String((error as Error)?.message))) throw error;
            await this.host.clickActionButton({ user: userId, actionId, room: roomId, force: true });
        }
    }

    async blockAction(userId: string, a: PreviewBlockAction): Promise<void> {
        await this.host.blockAction({ user: userId, actionId: a.actionId, blockId: a.blockId, value: a.value, view: { id: a.viewId } });
    }

    async viewSubmit(userId: string, viewId: string, state: object): Promise<{ errors?: ViewErrors }> {
        const view = this.shown(userId, viewId) ?? { id: viewId, blocks: [] };
        const response = await this.host.submitView({ user: userId, view, state: state as Record<string, Record<string, unknown>> });
        return response?.type === 'errors' && response.errors ? { errors: response.errors as ViewErrors } : {};
    }

    async viewClose(userId: string, viewId: string): Promise<void> {
        await this.host.closeView({ user: userId, view: this.shown(userId, viewId) ?? { id: viewId, blocks: [] } });
    }

    /** Closes a room as Rocket.Chat does (LivechatRooms.closeRoomById), then fires the app's event. */
    async closeRoom(roomId: string, userId: string): Promise<void> {
        const user = await this.user(userId);
        const rooms = this.host.store.collection(Collections.rooms);
        const room = await rooms.findOne({ _id: roomId, t: 'l' });
        if (!user || !room?.open) throw new Error('This chat is not open.');
        const roles = (user.roles as string[]) ?? [];
        if (room.servedBy?._id !== userId && !roles.some((r) => MANAGING_ROLES.includes(r)))
            throw new Error('You may not close this chat.');
        const now = new Date();
        await rooms.updateOne(
            { _id: roomId },
            {
                $set: {
                    closedAt: now,
                    closedBy: { _id: user._id, username: user.username },
                    closer: 'user',
                    'v.status': 'offline',
                    _updatedAt: now,
                    chatDuration: (now.getTime() - new Date(room.ts).getTime()) / 1000,
                },
                $unset: { open: 1 },
            },
        );
        await this.host.fireEvent('IPostLivechatRoomClosed', roomId);
    }

    /** The modal, else the contextual bar, as the page draws it, with its field errors. */
    currentView(userId: string): CurrentView {
        const { modal, contextualBar } = this.host.viewsFor(userId);
        const shown = modal ?? contextualBar;
        if (!shown) return {};
        const { kind, errors, state: _state, ...view } = shown;
        return { view: { ...view, type: kind }, ...(errors && Object.keys(errors).length > 0 && { errors }) };
    }

    private shown(userId: string, viewId: string): ShownView | undefined {
        const { modal, contextualBar } = this.host.viewsFor(userId);
        return [modal, contextualBar].find((v) => v?.id === viewId);
    }

    private user(userId: string): Promise<Doc | undefined> {
        return this.host.store.collection(Collections.users).findOne({ _id: userId });
    }

    async callAppEndpoint(request: AppEndpointRequest): Promise<AppEndpointResponse> {
        const answer = (await this.host.callEndpoint(request.path, {
            method: request.method,
            query: request.query,
            headers: request.headers,
            ...(request.content !== undefined ? { content: request.content } : {}),
        })) as AppEndpointResponse | undefined;
        return answer ?? { status: 500 };
    }
}
