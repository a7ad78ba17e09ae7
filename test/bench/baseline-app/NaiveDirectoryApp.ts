import type {
    IAppAccessors,
    IConfigurationExtend,
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import type {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';

/** What a simple app does: read every visitor, filter in the app, show the first 25. */
export class NaiveDirectoryApp extends App implements IUIKitInteractionHandler {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        configuration.ui.registerButton({
            actionId: 'naive-search',
            context: UIActionButtonContext.USER_DROPDOWN_ACTION,
            labelI18n: 'Search',
        });
    }

    public async executeActionButtonHandler(
        context: UIKitActionButtonInteractionContext,
        read: IRead,
        _http: IHttp,
        _p: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const data = context.getInteractionData();
        const query = 'silva';
        const all = await read.getLivechatReader().getLivechatVisitors({});
        const found = all.filter((v) => (v.name || '').toLowerCase().includes(query)).slice(0, 25);
        await modify.getUiController().openModalView(
            {
                title: { type: 'plain_text', text: 'Search' },
                blocks: found.map((v, i) => ({
                    type: 'section',
                    blockId: `b${i}`,
                    appId: this.getID(),
                    text: { type: 'plain_text', text: v.name },
                })),
            },
            { triggerId: data.triggerId },
            data.user,
        );
        return context.getInteractionResponder().successResponse();
    }
}
