import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { parseRoles } from '../domain/access';

export const SettingIds = {
    seeAllRoles: 'cc_see_all_roles',
    defaultCountry: 'cc_default_country',
    broadcastRoles: 'cc_broadcast_roles',
    broadcastPerMinute: 'cc_broadcast_per_minute',
    auditRetentionDays: 'cc_audit_retention_days',
} as const;

export const DEFAULT_BROADCAST_ROLES = 'livechat-manager,admin,livechat-agent';
export const DEFAULT_PER_MINUTE = 60;
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
export const MAX_AUDIT_RETENTION_DAYS = 3650;

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
    {
        id: SettingIds.broadcastRoles,
        type: SettingType.STRING,
        packageValue: DEFAULT_BROADCAST_ROLES,
        required: false,
        public: false,
        i18nLabel: 'setting_broadcast_roles',
        i18nDescription: 'setting_broadcast_roles_description',
    },
    {
        id: SettingIds.broadcastPerMinute,
        type: SettingType.NUMBER,
        packageValue: DEFAULT_PER_MINUTE,
        required: false,
        public: false,
        i18nLabel: 'setting_broadcast_per_minute',
        i18nDescription: 'setting_broadcast_per_minute_description',
    },
    {
        id: SettingIds.auditRetentionDays,
        type: SettingType.NUMBER,
        packageValue: DEFAULT_AUDIT_RETENTION_DAYS,
        required: false,
        public: false,
        i18nLabel: 'setting_audit_retention_days',
        i18nDescription: 'setting_audit_retention_days_description',
    },
];

/** The settings an action needs, read once per action. */
export interface AppConfig {
    seeAllRoles: string[];
    defaultCountry: string;
    /** Roles that may send broadcasts. */
    broadcastRoles: string[];
    /** Messages a broadcast sends per minute, at most. */
    broadcastPerMinute: number;
    /** Days an audit entry is kept. */
    auditRetentionDays: number;
}

export function toConfig(values: Record<string, unknown>): AppConfig {
    return {
        seeAllRoles: parseRoles(values[SettingIds.seeAllRoles] ?? 'livechat-manager,admin'),
        defaultCountry: String(values[SettingIds.defaultCountry] ?? 'US').trim().toUpperCase(),
        broadcastRoles: parseRoles(values[SettingIds.broadcastRoles] ?? DEFAULT_BROADCAST_ROLES),
        broadcastPerMinute: perMinute(values[SettingIds.broadcastPerMinute]),
        auditRetentionDays: wholeNumber(values[SettingIds.auditRetentionDays], 1, MAX_AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS),
    };
}

/** A positive whole number up to 6,000 a minute; anything else falls back to the default. */
function perMinute(value: unknown): number {
    const n = Math.floor(Number(value ?? DEFAULT_PER_MINUTE));
    return Number.isFinite(n) && n >= 1 ? Math.min(n, 6000) : DEFAULT_PER_MINUTE;
}

/** A whole number within bounds; anything else (empty, text, out of range) falls back to the default. */
function wholeNumber(value: unknown, min: number, max: number, fallback: number): number {
    const n = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}
