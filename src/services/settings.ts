import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { parseRoles } from '../domain/access';

export const SettingIds = {
    seeAllRoles: 'cc_see_all_roles',
    defaultCountry: 'cc_default_country',
} as const;

export const SETTINGS: ISetting[] = [
    {
        id: SettingIds.seeAllRoles,
        type: SettingType.STRING,
        packageValue: 'livechat-manager,admin',
        required: true,
        public: false,
        i18nLabel: 'setting_see_all_roles',
        i18nDescription: 'setting_see_all_roles_description',
    },
    {
        id: SettingIds.defaultCountry,
        type: SettingType.STRING,
        packageValue: 'US',
        required: false,
        public: false,
        i18nLabel: 'setting_default_country',
        i18nDescription: 'setting_default_country_description',
    },
];

/** The settings an action needs, read once per action. */
export interface AppConfig {
    seeAllRoles: string[];
    defaultCountry: string;
}

export function toConfig(values: Record<string, unknown>): AppConfig {
    return {
        seeAllRoles: parseRoles(values[SettingIds.seeAllRoles] ?? 'livechat-manager,admin'),
        defaultCountry: String(values[SettingIds.defaultCountry] ?? 'US').trim().toUpperCase(),
    };
}
