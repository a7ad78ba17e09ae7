import { SettingType, type ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { parseRoles } from '../domain/access';
import { TAG_LIMITS, tagKey } from '../domain/chat';
import { parseExtraFields, type ExtraField } from '../domain/extraFields';
import { tidy } from '../domain/text';

export const SettingIds = {
    seeAllRoles: 'cc_see_all_roles',
    defaultCountry: 'cc_default_country',
    broadcastRoles: 'cc_broadcast_roles',
    broadcastPerMinute: 'cc_broadcast_per_minute',
    auditRetentionDays: 'cc_audit_retention_days',
    pageSize: 'cc_page_size',
    tagMode: 'cc_tag_mode',
    tagList: 'cc_tag_list',
    extraFields: 'cc_extra_fields',
    reconcilePerMinute: 'cc_reconcile_per_minute',
} as const;

export const DEFAULT_BROADCAST_ROLES = 'livechat-manager,admin,livechat-agent';
export const DEFAULT_PER_MINUTE = 60;
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
export const MAX_AUDIT_RETENTION_DAYS = 3650;
/** Entries checked against Rocket.Chat a minute: 200,000 contacts in under six hours, one host call each. */
export const RECONCILE_LIMITS = { min: 10, max: 6000, default: 600 } as const;
export const PAGE_SIZE_LIMITS = { min: 10, max: 100, default: 25 } as const;
/** A select offers at most 100 options in UI Kit. */
export const TAG_LIST_MAX = 100;

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
    {
        id: SettingIds.pageSize,
        type: SettingType.NUMBER,
        packageValue: PAGE_SIZE_LIMITS.default,
        required: false,
        public: false,
        i18nLabel: 'setting_page_size',
        i18nDescription: 'setting_page_size_description',
    },
    {
        id: SettingIds.tagMode,
        type: SettingType.SELECT,
        packageValue: 'free',
        values: [
            { key: 'free', i18nLabel: 'setting_tag_mode_free' },
            { key: 'list', i18nLabel: 'setting_tag_mode_list' },
        ],
        required: false,
        public: false,
        i18nLabel: 'setting_tag_mode',
        i18nDescription: 'setting_tag_mode_description',
    },
    {
        id: SettingIds.tagList,
        type: SettingType.STRING,
        packageValue: '',
        multiline: true,
        required: false,
        public: false,
        i18nLabel: 'setting_tag_list',
        i18nDescription: 'setting_tag_list_description',
    },
    {
        id: SettingIds.extraFields,
        type: SettingType.STRING,
        packageValue: '',
        multiline: true,
        required: false,
        public: false,
        i18nLabel: 'setting_extra_fields',
        i18nDescription: 'setting_extra_fields_description',
    },
    {
        id: SettingIds.reconcilePerMinute,
        type: SettingType.NUMBER,
        packageValue: RECONCILE_LIMITS.default,
        required: false,
        public: false,
        i18nLabel: 'setting_reconcile_per_minute',
        i18nDescription: 'setting_reconcile_per_minute_description',
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
    /** Rows a page of Contacts or Chats shows. */
    pageSize: number;
    /** The tags an agent may set: any text, or only those of the workspace's list (`tagList`). */
    tagMode: 'free' | 'list';
    tagList: string[];
    /** The app's extra contact fields. */
    extraFields: ExtraField[];
    /** Entries the reconciliation checks against Rocket.Chat a minute. */
    reconcilePerMinute: number;
    /** Why a setting value was not used as given (logged when the settings are read). */
    problems: string[];
}

export function toConfig(values: Record<string, unknown>): AppConfig {
    const problems: string[] = [];
    const number = (id: string, min: number, max: number, fallback: number) => {
        const n = wholeNumber(values[id], min, max, fallback);
        if (values[id] !== undefined && values[id] !== null && values[id] !== '' && Number(values[id]) !== n) {
            problems.push(`${id}: "${String(values[id]).slice(0, 40)}" is not a whole number from ${min} to ${max}; using ${n}`);
        }
        return n;
    };
    const tagList = parseTagList(values[SettingIds.tagList], problems);
    if (values[SettingIds.tagMode] === 'list' && tagList.length === 0) {
        problems.push(`${SettingIds.tagMode}: the workspace list is empty; tags stay free text`);
    }
    const extra = parseExtraFields(values[SettingIds.extraFields]);
    problems.push(...extra.problems.map((p) => `${SettingIds.extraFields}: ${p}`));
    const auditRetentionDays = number(SettingIds.auditRetentionDays, 1, MAX_AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS);
    const pageSize = number(SettingIds.pageSize, PAGE_SIZE_LIMITS.min, PAGE_SIZE_LIMITS.max, PAGE_SIZE_LIMITS.default);
    return {
        seeAllRoles: parseRoles(values[SettingIds.seeAllRoles] ?? 'livechat-manager,admin'),
        defaultCountry: String(values[SettingIds.defaultCountry] ?? 'US')
            .trim()
            .toUpperCase(),
        broadcastRoles: parseRoles(values[SettingIds.broadcastRoles] ?? DEFAULT_BROADCAST_ROLES),
        broadcastPerMinute: perMinute(values[SettingIds.broadcastPerMinute]),
        auditRetentionDays,
        pageSize,
        tagMode: values[SettingIds.tagMode] === 'list' && tagList.length > 0 ? 'list' : 'free',
        tagList,
        extraFields: extra.fields,
        reconcilePerMinute: number(SettingIds.reconcilePerMinute, RECONCILE_LIMITS.min, RECONCILE_LIMITS.max, RECONCILE_LIMITS.default),
        problems,
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

/** The workspace's tags: one a line or comma separated, each at most 40 characters, no duplicates, at most 100. */
function parseTagList(value: unknown, problems: string[]): string[] {
    const tags: string[] = [];
    for (const entry of (typeof value === 'string' ? value : '').split(/[\n,]+/).map(tidy)) {
        if (entry.length === 0 || tags.some((t) => tagKey(t) === tagKey(entry))) continue;
        if (entry.length > TAG_LIMITS.length) {
            problems.push(`${SettingIds.tagList}: "${entry.slice(0, 60)}" is longer than ${TAG_LIMITS.length} characters; skipped`);
        } else if (tags.length >= TAG_LIST_MAX) {
            problems.push(`${SettingIds.tagList}: more than ${TAG_LIST_MAX} tags; the rest are skipped`);
            break;
        } else {
            tags.push(entry);
        }
    }
    return tags;
}
