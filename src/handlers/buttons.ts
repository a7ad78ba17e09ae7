import type { IConfigurationExtend } from '@rocket.chat/apps-engine/definition/accessors';
import { RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import { ActionIds } from '../ui/ids';

/** Roles that see the buttons. Hiding is cosmetic: every handler checks the caller's roles again. */
export const BUTTON_ROLES = ['livechat-agent', 'livechat-manager', 'admin'];

export function registerActionButtons(configuration: IConfigurationExtend): void {
    configuration.ui.registerButton({
        actionId: ActionIds.openFromMenu,
        context: UIActionButtonContext.USER_DROPDOWN_ACTION,
        // The user menu shows this label as given, without translation.
        labelI18n: 'Contact Center',
        when: { hasOneRole: BUTTON_ROLES },
    });
    configuration.ui.registerButton({
        actionId: ActionIds.openFromRoom,
        context: UIActionButtonContext.ROOM_ACTION,
        labelI18n: 'action_contact_center',
        when: { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOneRole: BUTTON_ROLES },
    });
}
