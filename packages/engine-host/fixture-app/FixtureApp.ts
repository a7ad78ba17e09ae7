// Tiny app used only by the host's own smoke tests: one action button, a persistence write, room-started and
// room-closed handlers (each records the room's contact), a scheduler processor, and a `probe` endpoint that runs one accessor call and reports what the
// app received (value, or the error message), so bridge semantics are checked through the engine. An accessor
// answering undefined arrives in the app as null: the engine's JSON-RPC reply turns undefined into null.
import {
    IAppAccessors,
    IConfigurationExtend,
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import {
    ApiEndpoint,
    ApiSecurity,
    ApiVisibility,
    IApiEndpointInfo,
    IApiRequest,
    IApiResponse,
} from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ILivechatRoom, IPostLivechatRoomClosed, IPostLivechatRoomStarted, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IAppInfo, RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import type { ButtonElement, LayoutBlock } from '@rocket.chat/ui-kit';
import {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';

const MISC = RocketChatAssociationModel.MISC;
const assoc = (pairs: Array<[string, string]>) =>
    pairs.map(([model, id]) => new RocketChatAssociationRecord(model as RocketChatAssociationModel, id));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type RoomRead = IRead['getRoomReader'] extends () => infer R ? R : never;
/** Everything a probe may pass; each op reads what it needs. */
interface Args {
    assoc: Array<[string, string]>;
    data: object;
    upsert: boolean;
    id: string;
    username: string;
    query: object;
    email: string;
    phone: string;
    token: string;
    visitorId: string;
    departmentId?: string;
    visitor: IVisitor;
    key: string;
    value: string;
    overwrite: boolean;
    when: string;
    verify: { contactId: string; field: string; value: string; visitorId: string; roomId: string };
    filters: Parameters<RoomRead['getAllRooms']>[0];
    options: Parameters<RoomRead['getMessages']>[1] & Parameters<RoomRead['getAllRooms']>[1];
}
type Op = (args: Args, read: IRead, persis: IPersistence, modify: IModify) => Promise<unknown>;

const OPS: Record<string, Op> = {
    'persist.create': (a, _r, p) => p.createWithAssociations(a.data, assoc(a.assoc)),
    'persist.read': (a, r) => r.getPersistenceReader().readByAssociations(assoc(a.assoc)),
    'persist.update': (a, _r, p) => p.updateByAssociations(assoc(a.assoc), a.data, a.upsert),
    'persist.updateById': (a, _r, p) => p.update(a.id, a.data),
    'persist.remove': (a, _r, p) => p.removeByAssociations(assoc(a.assoc)),
    'rooms.getAll': (a, r) => r.getRoomReader().getAllRooms(a.filters, a.options),
    'rooms.getById': (a, r) => r.getRoomReader().getById(a.id),
    'rooms.getMessages': (a, r) => r.getRoomReader().getMessages(a.id, a.options),
    'users.getById': (a, r) => r.getUserReader().getById(a.id),
    'users.getByUsername': (a, r) => r.getUserReader().getByUsername(a.username),
    'visitors.query': (a, r) => r.getLivechatReader().getLivechatVisitors(a.query),
    'visitors.byEmail': (a, r) => r.getLivechatReader().getLivechatVisitorByEmail(a.email),
    'visitors.byPhone': (a, r) => r.getLivechatReader().getLivechatVisitorByPhoneNumber(a.phone),
    'visitors.byToken': (a, r) => r.getLivechatReader().getLivechatVisitorByToken(a.token),
    'visitors.rooms': async (a, r) => {
        const visitor = await r.getLivechatReader().getLivechatVisitorById(a.visitorId);
        return visitor && r.getLivechatReader().getLivechatRooms(visitor, a.departmentId);
    },
    'visitors.upsert': (a, _r, _p, m) => m.getCreator().getLivechatCreator().createAndReturnVisitor(a.visitor),
    'visitors.setCustomField': (a, _r, _p, m) => m.getUpdater().getLivechatUpdater().setCustomFields(a.token, a.key, a.value, a.overwrite),
    'livechat.closeRoom': async (a, r, _p, m) => {
        const room = (await r.getRoomReader().getById(a.id)) as ILivechatRoom;
        return m.getUpdater().getLivechatUpdater().closeRoom(room, a.value);
    },
    'livechat.createRoom': async (a, r, _p, m) => {
        const visitor = await r.getLivechatReader().getLivechatVisitorById(a.visitorId);
        const agent = await r.getUserReader().getByUsername(a.username);
        return m.getCreator().getLivechatCreator().createRoom(visitor!, agent);
    },
    'contacts.getById': (a, r) => r.getContactReader().getById(a.id),
    'contacts.addEmail': (a, _r, _p, m) => m.getCreator().getContactCreator().addContactEmail(a.id, a.email),
    'contacts.verify': (a, _r, _p, m) => m.getCreator().getContactCreator().verifyContact(a.verify),
    'settings.app': (a, r) => r.getEnvironmentReader().getSettings().getValueById(a.id),
    'settings.server': (a, r) => r.getEnvironmentReader().getServerSettings().getValueById(a.id),
    'scheduler.once': (a, _r, _p, m) => m.getScheduler().scheduleOnce({ id: 'fixture-job', when: a.when, data: a.data }),
};

class ProbeEndpoint extends ApiEndpoint {
    public path = 'probe';

    public async post(
        request: IApiRequest,
        _e: IApiEndpointInfo,
        read: IRead,
        modify: IModify,
        _h: IHttp,
        persis: IPersistence,
    ): Promise<IApiResponse> {
        const { op, args } = request.content as { op: string; args?: Args };
        const run = OPS[op];
        if (!run) return this.json({ status: 400, content: { error: `unknown op ${op}` } });
        try {
            const value = await run(args ?? ({} as Args), read, persis, modify);
            return this.success(value === undefined ? { undefined: true } : { value });
        } catch (e) {
            return this.success({ error: (e as Error).message });
        }
    }
}

export class FixtureApp extends App implements IUIKitInteractionHandler, IPostLivechatRoomClosed, IPostLivechatRoomStarted {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        configuration.ui.registerButton({
            actionId: 'fixture-open',
            labelI18n: 'fixture_open',
            context: UIActionButtonContext.ROOM_ACTION,
        });
        configuration.ui.registerButton({
            actionId: 'fixture-slow',
            labelI18n: 'fixture_slow',
            context: UIActionButtonContext.ROOM_ACTION,
        });
        await configuration.settings.provideSetting({
            id: 'greeting',
            type: SettingType.STRING,
            packageValue: 'hello',
            required: false,
            public: false,
            i18nLabel: 'greeting',
        });
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: [new ProbeEndpoint(this)],
        });
        await configuration.scheduler.registerProcessors([
            {
                id: 'fixture-job',
                processor: async (job: IJobContext, _read: IRead, _modify: IModify, _http: IHttp, persis: IPersistence) => {
                    await persis.createWithAssociations({ ran: true, data: job }, assoc([[MISC, 'job-runs']]));
                },
            },
        ]);
    }

    public async executeActionButtonHandler(
        context: UIKitActionButtonInteractionContext,
        read: IRead,
        _http: IHttp,
        persis: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const { actionId, triggerId, user } = context.getInteractionData();
        if (actionId === 'fixture-slow') await sleep(5500);
        const greeting = await read.getEnvironmentReader().getSettings().getValueById('greeting');
        const appId = this.getID();
        const blocks: LayoutBlock[] = [
            { type: 'section', blockId: 'hello', text: { type: 'mrkdwn', text: `${greeting} ${user.username}` } },
            {
                type: 'input',
                blockId: 'note',
                label: { type: 'plain_text', text: 'Note' },
                element: { type: 'plain_text_input', actionId: 'note', appId, blockId: 'note' },
            },
        ];
        const submit: ButtonElement = {
            type: 'button',
            text: { type: 'plain_text', text: 'Save' },
            actionId: 'save',
            appId,
            blockId: 'submit',
        };
        await modify
            .getUiController()
            .openModalView({ id: 'fixture-modal', title: { type: 'plain_text', text: 'Fixture' }, blocks, submit }, { triggerId }, user);
        await persis.updateByAssociations(
            assoc([
                [MISC, 'clicks'],
                [RocketChatAssociationModel.USER, user.id],
            ]),
            { by: user.id, actionId },
            true,
        );
        return context.getInteractionResponder().successResponse();
    }

    public async executeBlockActionHandler(context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
        const { value } = context.getInteractionData();
        return context.getInteractionResponder().openContextualBarViewResponse({
            title: { type: 'plain_text', text: `Value ${value}` },
            blocks: [{ type: 'section', text: { type: 'plain_text', text: String(value) } }],
        });
    }

    public async executeViewSubmitHandler(
        context: UIKitViewSubmitInteractionContext,
        _read: IRead,
        _http: IHttp,
        persis: IPersistence,
    ): Promise<IUIKitResponse> {
        const { view } = context.getInteractionData();
        const note = (view.state as Record<string, Record<string, string>> | undefined)?.note?.note;
        if (!note) return context.getInteractionResponder().viewErrorResponse({ viewId: view.id, errors: { note: 'required' } });
        await persis.createWithAssociations({ note }, assoc([[MISC, 'notes']]));
        return context.getInteractionResponder().successResponse();
    }

    /** Keeps the room each room event carried: its contact (null when it has none) and its unmapped contactId. */
    private async recordRoomEvent(event: string, room: ILivechatRoom, persis: IPersistence): Promise<void> {
        const unmapped = (room as { _unmappedProperties_?: { contactId?: string } })._unmappedProperties_;
        await persis.createWithAssociations(
            {
                event,
                roomId: room.id,
                displayName: room.displayName,
                contact: room.contact ?? null,
                contactId: unmapped?.contactId ?? null,
            },
            assoc([[MISC, `room-event:${room.id}`]]),
        );
    }

    public async executePostLivechatRoomStarted(room: ILivechatRoom, _read: IRead, _http: IHttp, persis: IPersistence): Promise<void> {
        await this.recordRoomEvent('started', room, persis);
    }

    public async executePostLivechatRoomClosed(room: ILivechatRoom, _read: IRead, _http: IHttp, persis: IPersistence): Promise<void> {
        await this.recordRoomEvent('closed', room, persis);
        await persis.updateByAssociations(
            assoc([
                [MISC, 'closed-room'],
                [RocketChatAssociationModel.ROOM, room.id],
            ]),
            {
                roomId: room.id,
                visitorName: room.visitor?.name,
                agent: room.servedBy?.username,
                closedAt: room.closedAt,
            },
            true,
        );
    }
}
