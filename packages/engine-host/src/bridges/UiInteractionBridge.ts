import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/** Rocket.Chat streams the interaction to the user's client; here the client is the ViewTracker. */
export class HostUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        this.ctx.views.apply(user.id, interaction, 'notifyUser');
    }
}
