import { isId } from './decode';
import type { Scope } from './access';
import { primaryChannel, type Contact } from './contact';
import { ValidationError, type FieldErrors } from './errors';
import { tidy } from './text';

/** One message sent to many contacts. Recipients are kept one record each (see store/BroadcastRepository). */
export const CHANNELS = ['conversation', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const BROADCAST_LIMITS = { message: 2000, recipients: 1000, subject: 120 } as const;
export const PLACEHOLDERS = ['name', 'first_name', 'email'] as const;

export type Audience = { kind: 'search'; query: string } | { kind: 'tag'; tag: string };

export type SkipReason = 'do_not_contact' | 'no_email' | 'no_visitor' | 'gone';

/** Who receives it, computed on the server under the sender's scope when the broadcast is created. */
export interface AudienceEntry {
    contactId: string;
    name: string;
    email?: string;
    /** The visitor a conversation is opened with (the contact's latest channel). */
    visitorId?: string;
    skip?: SkipReason;
}

export type BroadcastStatus = 'running' | 'done' | 'cancelled';

export interface BroadcastCounts {
    sent: number;
    failed: number;
    skipped: number;
    /** Interrupted between "sending" and "sent" where the host cannot tell whether it went: not resent. */
    unknown: number;
}

export interface Broadcast {
    kind: 'broadcast';
    id: string;
    senderId: string;
    senderUsername: string;
    scope: Scope;
    channel: Channel;
    text: string;
    audience: Audience;
    total: number;
    /** The audience was cut at BROADCAST_LIMITS.recipients. */
    truncated: boolean;
    status: BroadcastStatus;
    /** Why the job stopped by itself (an i18n key): the sender may no longer broadcast, or is gone. */
    stopReason?: string;
    counts: BroadcastCounts;
    createdAt: string;
    updatedAt: string;
    finishedAt?: string;
}

export type RecipientState = 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

/** The record of one recipient; a recipient without a record is still pending. */
export interface Recipient {
    kind: 'recipient';
    broadcastId: string;
    contactId: string;
    name: string;
    state: RecipientState;
    /** Why it failed, was skipped, or is unknown (an i18n key). */
    reason?: string;
    /** The host's error message, for the report. */
    detail?: string;
    /** Stored before a conversation is opened, and carried by the room (source alias), to find it again after a crash. */
    marker?: string;
    roomId?: string;
    messageId?: string;
    at: string;
}

export const EMPTY_COUNTS: BroadcastCounts = { sent: 0, failed: 0, skipped: 0, unknown: 0 };

/** The marker that names the conversation opened for one recipient of one broadcast. */
export const markerOf = (broadcastId: string, contactId: string): string => `cc-bc:${broadcastId}:${contactId}`;

export function skipReason(contact: Pick<Contact, 'extra' | 'emails' | 'channels'>, channel: Channel): SkipReason | undefined {
    if (contact.extra?.doNotContact) {
        return 'do_not_contact';
    }
    if (channel === 'email' && contact.emails.length === 0) {
        return 'no_email';
    }
    if (channel === 'conversation' && contact.channels.length === 0) {
        return 'no_visitor';
    }
    return undefined;
}

/** What decides whether and where a contact is reached: a change of it reaches running broadcasts. */
export function reachOf(contact: Pick<Contact, 'extra' | 'emails' | 'channels'> | undefined): string {
    return contact
        ? JSON.stringify([!!contact.extra?.doNotContact, contact.emails[0] ?? '', primaryChannel(contact)?.visitorId ?? ''])
        : '';
}

/** An audience entry for a contact: who it is, where it is reached, and why it is skipped, if it is. */
export function audienceEntry(contact: Contact, channel: Channel): AudienceEntry {
    const skip = skipReason(contact, channel);
    const visitorId = primaryChannel(contact)?.visitorId;
    return {
        contactId: contact.id,
        name: contact.name,
        ...(contact.emails[0] ? { email: contact.emails[0] } : {}),
        ...(visitorId ? { visitorId } : {}),
        ...(skip ? { skip } : {}),
    };
}

/** A recipient as the contact is now: skipped if it opted out, lost its address or is gone; else its current address. */
export function recheckEntry(entry: AudienceEntry, contact: Contact | undefined, channel: Channel): AudienceEntry {
    if (!contact) {
        return { ...entry, skip: 'gone' };
    }
    return { ...audienceEntry(contact, channel), name: entry.name };
}

export function countsOf(recipients: Pick<Recipient, 'state'>[]): BroadcastCounts {
    const counts = { ...EMPTY_COUNTS };
    for (const r of recipients) {
        if (r.state !== 'sending') {
            counts[r.state] += 1;
        }
    }
    return counts;
}

export function parseChannel(value: unknown): Channel {
    return CHANNELS.includes(value as Channel) ? (value as Channel) : 'conversation';
}

export interface ComposeInput {
    query?: unknown;
    tag?: unknown;
    channel?: unknown;
    message?: unknown;
    /** The recipients ticked one by one after a preview (contact ids; re-checked against the audience). */
    picked?: unknown;
}

export interface ValidCompose {
    audience: Audience;
    channel: Channel;
    text: string;
    /** Only these contacts of the audience, sorted; absent: the whole audience. */
    picked?: string[];
}

/** A preview lets the sender pick recipients one by one when the audience is at most this large. */
export const PICKABLE = 100;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;

/** All problems at once, next to their fields: message, audience (query or tag). */
export function validateCompose(input: ComposeInput): ValidCompose {
    const errors: FieldErrors = {};
    const text = str(input.message).trim();
    if (text.length === 0) {
        errors.message = { key: 'error_bc_message_required' };
    } else if (text.length > BROADCAST_LIMITS.message) {
        errors.message = { key: 'error_too_long', args: { max: BROADCAST_LIMITS.message } };
    } else {
        const unknown = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).find((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
        if (unknown) {
            errors.message = {
                key: 'error_bc_placeholder',
                args: { value: `{${unknown.slice(0, 40)}}`, allowed: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') },
            };
        }
    }
    const query = tidy(str(input.query)).slice(0, 200);
    const tag = tidy(str(input.tag)).slice(0, 40);
    if (query && tag) {
        errors.tag = { key: 'error_bc_audience_both' };
    } else if (!query && !tag) {
        errors.query = { key: 'error_bc_audience_required' };
    }
    const picked = Array.isArray(input.picked)
        ? [...new Set(input.picked.filter((id): id is string => isId(id)))].sort().slice(0, PICKABLE)
        : undefined;
    if (picked && picked.length === 0) {
        errors.pick = { key: 'error_bc_pick_none' };
    }
    if (Object.keys(errors).length > 0) {
        throw new ValidationError(errors);
    }
    return {
        audience: query ? { kind: 'search', query } : { kind: 'tag', tag },
        channel: parseChannel(input.channel),
        text,
        ...(picked ? { picked } : {}),
    };
}

/**
 * A value inserted into a chat message reads as written: Rocket.Chat's message parser honours no backslash escape,
 * so nothing is escaped. Only what would act is broken with an invisible zero-width space: mentions (@all, #channel)
 * notify or link nobody, and link syntax ([text](url), <url|text>) stays text. Emphasis marks in a name (*bold*)
 * may show as formatting; the message goes to that contact only.
 */
export function escapeForChat(value: string): string {
    return tidy(value).replace(/[@#]/g, '$&\u200B').replace(/\]\(/g, ']\u200B(').replace(/</g, '<\u200B');
}

/** Email goes out as plain text: only line breaks are collapsed, so a value cannot forge headers or lines. */
export const escapeForEmail = (value: string): string => tidy(value);

export function renderMessage(text: string, entry: Pick<AudienceEntry, 'name' | 'email'>, channel: Channel): string {
    const escape = channel === 'email' ? escapeForEmail : escapeForChat;
    const values: Record<string, string> = {
        name: entry.name,
        first_name: tidy(entry.name).split(' ')[0] ?? '',
        email: entry.email ?? '',
    };
    return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? escape(values[name]) : whole));
}

/**
 * A short fingerprint of what the preview showed (audience, recipients picked, channel, text), so that Send goes
 * out only with what was previewed: a recipient removed or added since is previewed again (counts, confirmation
 * and the previewed recipient follow), not sent.
 */
export function fingerprint(value: ValidCompose): string {
    const source = JSON.stringify({ audience: value.audience, picked: value.picked, channel: value.channel, text: value.text });
    let hash = 5381;
    for (let i = 0; i < source.length; i++) {
        hash = ((hash * 33) ^ source.charCodeAt(i)) >>> 0;
    }
    return hash.toString(36);
}
