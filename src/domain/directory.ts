import { EMPTY_EXTRA, withChannel, type Contact, type ContactChannel } from './contact';
import { normalizeEmail } from './email';
import { normalizePhone } from './phone';
import { tidy } from './text';

/** Rocket.Chat's contact, as plain values (host/contacts.ts reads it from the engine). */
export interface ContactData {
    id: string;
    name: string;
    emails: string[];
    phones: string[];
    customFields: Record<string, string>;
    channels: { visitorId: string; type: string; label?: string }[];
    /** When Rocket.Chat last changed it. */
    updatedAt: string;
    /** A name Rocket.Chat holds for review (a conflicting field) instead of taking it. */
    conflictingName?: string;
}

/** A livechat visitor, as plain values (host/visitors.ts reads it from the engine). */
export interface VisitorData {
    id: string;
    token?: string;
    username?: string;
    name?: string;
    emails: string[];
    phones: string[];
    customFields: Record<string, string>;
    department?: string;
}

/** What a room tells about its person (see host/rooms.ts: RoomFacts has these and more). */
export interface RoomOfContact {
    id: string;
    visitorId: string;
    visitorToken?: string;
    visitorUsername?: string;
    open: boolean;
    agentId?: string;
    departmentId?: string;
    source?: string;
    sourceLabel?: string;
    startedAt?: string;
    closedAt?: string;
}

const emailsOf = (values: string[]) => [...new Set(values.map((e) => normalizeEmail(e)).filter((e): e is string => !!e))];
const phonesOf = (values: string[], defaultCountry?: string) => [
    ...new Set(
        values
            .map((p) => normalizePhone(p, defaultCountry))
            .filter((p): p is { ok: true; e164: string } => p.ok)
            .map((p) => p.e164),
    ),
];

function blank(id: string, keyedBy: Contact['keyedBy'], now: string): Contact {
    return {
        id,
        keyedBy,
        name: '',
        emails: [],
        phones: [],
        customFields: {},
        channels: [],
        closedRoomIds: [],
        servedBy: [],
        extra: EMPTY_EXTRA,
        revision: 0,
        updatedAt: now,
    };
}

/** A new entry for Rocket.Chat's contact. */
export function entryFromContact(contact: ContactData, defaultCountry?: string, now = new Date().toISOString()): Contact {
    return withContactData(blank(contact.id, 'contact', now), contact, defaultCountry);
}

/** A new entry for a visitor Rocket.Chat has no contact for (yet). */
export function entryFromVisitor(visitor: VisitorData, defaultCountry?: string, now = new Date().toISOString()): Contact {
    return {
        ...blank(visitor.id, 'visitor', now),
        name: tidy(visitor.name || visitor.username || '') || visitor.username || '',
        emails: emailsOf(visitor.emails),
        phones: phonesOf(visitor.phones, defaultCountry),
        customFields: { ...visitor.customFields },
        ...(visitor.department ? { department: visitor.department } : {}),
        channels: [
            {
                visitorId: visitor.id,
                type: 'widget',
                ...(visitor.token ? { token: visitor.token } : {}),
                ...(visitor.username ? { username: visitor.username } : {}),
            },
        ],
    };
}

/**
 * The entry with Rocket.Chat's contact as it is now: its name, emails, phones, custom fields and channels (the
 * tokens the app knows are kept), or the same object when the contact has not changed since it was read.
 */
export function withContactData(entry: Contact, contact: ContactData, defaultCountry?: string): Contact {
    if (entry.syncedAt === contact.updatedAt && entry.keyedBy === 'contact') {
        return entry;
    }
    let channels = entry.channels.filter((c) => contact.channels.some((k) => k.visitorId === c.visitorId && k.type === c.type));
    for (const channel of contact.channels) {
        channels = withChannel(channels, {
            visitorId: channel.visitorId,
            type: channel.type,
            ...(channel.label ? { label: channel.label } : {}),
        });
    }
    const pending =
        entry.pendingName && contact.conflictingName === entry.pendingName && contact.name !== entry.pendingName
            ? entry.pendingName
            : undefined;
    const { pendingName: _was, ...rest } = entry;
    return {
        ...rest,
        id: contact.id,
        keyedBy: 'contact',
        syncedAt: contact.updatedAt,
        name: tidy(contact.name) || entry.name,
        emails: emailsOf(contact.emails),
        phones: phonesOf(contact.phones, defaultCountry),
        customFields: { ...contact.customFields },
        channels,
        ...(pending ? { pendingName: pending } : {}),
    };
}

/** The entry with the room taken into account, or the same object when there is nothing new. */
export function withRoom(contact: Contact, room: RoomOfContact): Contact {
    const servedBy = room.agentId && !contact.servedBy.includes(room.agentId) ? [...contact.servedBy, room.agentId] : contact.servedBy;
    const channel: ContactChannel = {
        visitorId: room.visitorId,
        type: room.source ?? 'widget',
        ...(room.sourceLabel ? { label: room.sourceLabel } : {}),
        ...(room.visitorToken ? { token: room.visitorToken } : {}),
        ...(room.visitorUsername ? { username: room.visitorUsername } : {}),
    };
    const channels = withChannel(contact.channels, channel);
    const counted = !room.open && room.closedAt && !contact.closedRoomIds.includes(room.id);
    if (servedBy === contact.servedBy && channels === contact.channels && !counted) {
        return contact;
    }
    const closedAt = counted ? room.closedAt : undefined;
    return {
        ...contact,
        servedBy,
        channels,
        closedRoomIds: counted ? [...contact.closedRoomIds, room.id] : contact.closedRoomIds,
        department: room.departmentId ?? contact.department,
        firstChatAt: minIso(contact.firstChatAt, room.startedAt ?? closedAt),
        lastChatAt: maxIso(contact.lastChatAt, closedAt),
    };
}

/**
 * One entry folded into another: the person's entry keyed on a visitor once Rocket.Chat gives it a contact, or a
 * contact Rocket.Chat merged into another. The target keeps what it has; the source adds its rooms, agents,
 * channels, the app's fields the target lacks, and (keyed by visitor) the emails and phones only the app kept.
 */
export function foldInto(target: Contact, source: Contact): Contact {
    const fields = { ...(source.extra.fields ?? {}), ...(target.extra.fields ?? {}) };
    const extra = {
        company: target.extra.company || source.extra.company,
        notes: target.extra.notes || source.extra.notes,
        doNotContact: target.extra.doNotContact || source.extra.doNotContact,
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
    };
    let channels = target.channels;
    for (const channel of source.channels) {
        channels = withChannel(channels, channel);
    }
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
    return {
        ...target,
        extra,
        channels,
        emails: target.keyedBy === 'visitor' ? union(target.emails, source.emails) : target.emails,
        phones: target.keyedBy === 'visitor' ? union(target.phones, source.phones) : target.phones,
        customFields: { ...source.customFields, ...target.customFields },
        department: target.department ?? source.department,
        closedRoomIds: union(target.closedRoomIds, source.closedRoomIds),
        servedBy: union(target.servedBy, source.servedBy),
        ...(target.createdBy || source.createdBy ? { createdBy: target.createdBy ?? source.createdBy } : {}),
        formerIds: [...new Set([...(target.formerIds ?? []), source.id, ...(source.formerIds ?? [])])].filter((id) => id !== target.id),
        firstChatAt: minIso(target.firstChatAt, source.firstChatAt),
        lastChatAt: maxIso(target.lastChatAt, source.lastChatAt),
    };
}

/** Emails and phones the app keeps besides Rocket.Chat's contact: those of the entry that the contact lacks. */
export function onlyInApp(
    entry: Pick<Contact, 'emails' | 'phones'>,
    contact: Pick<Contact, 'emails' | 'phones'>,
): { emails: string[]; phones: string[] } {
    return {
        emails: entry.emails.filter((e) => !contact.emails.includes(e)),
        phones: entry.phones.filter((p) => !contact.phones.includes(p)),
    };
}

const minIso = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a < b ? a : b);
const maxIso = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a > b ? a : b);
