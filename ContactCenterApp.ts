import type {
    IAppAccessors,
    IConfigurationExtend,
    IConfigurationModify,
    IEnvironmentRead,
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type {
    ILivechatRoom,
    IPostLivechatGuestSaved,
    IPostLivechatRoomClosed,
    IPostLivechatRoomStarted,
    IVisitor,
} from '@rocket.chat/apps-engine/definition/livechat';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { registerActionButtons } from './src/handlers/buttons';
import { buildContext } from './src/handlers/context';
import { onGuestSaved, onRoomClosed, onRoomStarted } from './src/handlers/livechatEvents';
import { JOBS, processorOf } from './src/handlers/jobs';
import { apiEndpoints } from './src/handlers/api/endpoints';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { onActionButton } from './src/handlers/actionButtons';
import { onBlockAction } from './src/handlers/blockActions';
import { onViewSubmit } from './src/handlers/viewSubmits';
import { SETTINGS, toConfig, type AppConfig } from './src/services/settings';
import { ensureBackfill } from './src/services/backfill';
import { ensureRekey } from './src/services/rekey';
import { resumeBroadcasts } from './src/services/broadcastService';

/** Registration and hand-off only: every behaviour lives in src/. */
export class ContactCenterApp
    extends App
    implements IUIKitInteractionHandler, IPostLivechatRoomClosed, IPostLivechatRoomStarted, IPostLivechatGuestSaved
{
    private config?: AppConfig;

    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        registerActionButtons(configuration);
        const logger = this.getLogger();
        await configuration.scheduler.registerProcessors(JOBS.map((job) => processorOf(job, this.loadConfig, logger)));
        // Public URL (/api/apps/public/<appId>/...); each endpoint requires a Rocket.Chat login except the download link.
        await configuration.api.provideApi({
            visibility: ApiVisibility.PUBLIC,
            security: ApiSecurity.UNSECURE,
            endpoints: apiEndpoints(
                (user, accessors) => buildContext(this.getID(), user, accessors, this.loadConfig, logger),
                this.loadConfig,
            ),
        });
    }

    public async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        this.config = undefined;
        try {
            await ensureBackfill(this.getAccessors().reader, configurationModify.scheduler);
        } catch (error) {
            // The app still works for new conversations; the backfill starts again at the next enable.
            this.getLogger().error('Could not schedule the indexing of existing conversations', error);
        }
        try {
            await ensureRekey(this.getAccessors().reader, configurationModify.scheduler);
        } catch (error) {
            // Searches read the keys every entry carries meanwhile; the walk starts again at the next enable.
            this.getLogger().error('Could not schedule the update of the search keys', error);
        }
        try {
            await resumeBroadcasts(this.getAccessors().reader, configurationModify.scheduler);
        } catch (error) {
            this.getLogger().error('Could not resume the broadcasts in progress', error);
        }
        return true;
    }

    public async onSettingUpdated(_setting: ISetting): Promise<void> {
        this.config = undefined;
    }

    /** Settings are read once and cached until one changes, instead of on every click. */
    private loadConfig = async (read: IRead): Promise<AppConfig> => {
        if (!this.config) {
            const settings = read.getEnvironmentReader().getSettings();
            const values = await Promise.all(SETTINGS.map(async (s) => [s.id, await settings.getValueById(s.id)] as const));
            this.config = toConfig(Object.fromEntries(values));
            for (const problem of this.config.problems) {
                // A bad setting value never breaks the app: it falls back, and the admin finds why in the app's logs.
                this.getLogger().warn(`Setting not used as given: ${problem}`);
            }
        }
        return this.config;
    };

    private async context(user: IUser, read: IRead, modify: IModify, persistence: IPersistence, http: IHttp) {
        return buildContext(this.getID(), user, { read, modify, persistence, http }, this.loadConfig, this.getLogger());
    }

    public async executeActionButtonHandler(
        context: UIKitActionButtonInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const ctx = await this.context(context.getInteractionData().user, read, modify, persistence, http);
        return ctx ? onActionButton(ctx, context) : context.getInteractionResponder().errorResponse();
    }

    public async executeBlockActionHandler(
        context: UIKitBlockInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const ctx = await this.context(context.getInteractionData().user, read, modify, persistence, http);
        return ctx ? onBlockAction(ctx, context) : context.getInteractionResponder().errorResponse();
    }

    public async executeViewSubmitHandler(
        context: UIKitViewSubmitInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const ctx = await this.context(context.getInteractionData().user, read, modify, persistence, http);
        return ctx ? onViewSubmit(ctx, context) : context.getInteractionResponder().errorResponse();
    }

    /** Closing the Contact Center leaves nothing to clean up: views keep no state on the server. */
    public async executeViewClosedHandler(context: UIKitViewCloseInteractionContext): Promise<IUIKitResponse> {
        return context.getInteractionResponder().successResponse();
    }

    public async executePostLivechatRoomClosed(
        room: ILivechatRoom,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await onRoomClosed({ read, persistence, modify, config: await this.loadConfig(read), logger: this.getLogger() }, room);
    }

    public async executePostLivechatRoomStarted(
        room: ILivechatRoom,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await onRoomStarted({ read, persistence, modify, config: await this.loadConfig(read), logger: this.getLogger() }, room);
    }

    public async executePostLivechatGuestSaved(
        visitor: IVisitor,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await onGuestSaved({ read, persistence, modify, config: await this.loadConfig(read), logger: this.getLogger() }, visitor);
    }
}
