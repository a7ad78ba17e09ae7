import { contactChanges, ROCKET_CHAT_ACTOR } from '../domain/audit';
import { recordAudit } from './audit';
import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import { EMPTY_EXTRA, type Contact } from '../domain/contact';
import { normalizeEmail } from '../domain/email';
import { normalizePhone } from '../domain/phone';
import { tidy } from '../domain/text';
import { emailsOf, phonesOf, readVisitor } from '../host/visitors';
import { ContactRepository } from '../store/ContactRepository';
import { retryOnConflict } from '../store/revisions';
import { RecentContacts } from '../store/RecentContacts';
import type { RecentBatch } from '../store/RecentBatch';
import type { AppConfig } from './settings';
import type { EventContext } from './context';
import { renameInChats } from './chatRename';
import { noteContactChange } from './broadcastService';

/** What the index needs of a livechat room, whether it comes from an event or from a page of getAllRooms. */
export interface RoomFacts {
    id: string;
    visitorId: string;
    open: boolean;
    agentId?: string;
    departmentId?: string;
    source?: string;
    startedAt?: string;
    closedAt?: string;
    agentName?: string;
    closedBy?: string;
    topic?: string;
    coreTags?: string[];
    messageCount?: number;
    lastMessage?: string;
}

/**
 * The facts of a livechat room, from the converted room of an event (ILivechatRoom) or from a page of
 * getAllRooms (IRoomRaw): they name the agent and the department differently.
 */
export function factsOfRoom(room: ILivechatRoom | IRoomRaw): RoomFacts | undefined {
    const visitorId = room.visitor?.id;
    if (!room.id || !visitorId) {
        return undefined;
    }
    const servedBy = room.servedBy as { id?: string; _id?: string; username?: string } | undefined;
    const department = 'department' in room ? room.department?.id : undefined;
    return {
        id: room.id,
        visitorId,
        open: room.isOpen !== false && !room.closedAt,
        agentId: servedBy?.id ?? servedBy?._id,
        departmentId: department ?? (room as IRoomRaw).departmentId,
        source: room.source?.type,
        startedAt: isoOf(room.createdAt),
        closedAt: isoOf(room.closedAt),
        agentName: servedBy?.username,
        closedBy: room.closedBy?.username ?? room.closer,
        messageCount: room.messageCount,
        ...unmapped(room),
    };
}

const LAST_MESSAGE_PREVIEW = 200;

/** Topic and core tags are not part of the converted room's documented shape; read them when present. */
export function unmapped(room: object): Pick<RoomFacts, 'topic' | 'coreTags' | 'lastMessage'> {
    // The room converter keeps fields it does not map under _unmappedProperties_.
    type Raw = { topic?: unknown; tags?: unknown; lastMessage?: { msg?: unknown; text?: unknown } };
    const raw = room as Raw & { _unmappedProperties_?: Raw };
    const topic = raw.topic ?? raw._unmappedProperties_?.topic;
    const tags = raw.tags ?? raw._unmappedProperties_?.tags;
    const last = raw.lastMessage ?? raw._unmappedProperties_?.lastMessage;
    const lastText = last?.msg ?? last?.text;
    return {
        ...(typeof lastText === 'string' && lastText ? { lastMessage: lastText.slice(0, LAST_MESSAGE_PREVIEW) } : {}),
        ...(typeof topic === 'string' && topic ? { topic: topic.slice(0, 500) } : {}),
        ...(Array.isArray(tags) ? { coreTags: tags.filter((t): t is string => typeof t === 'string').slice(0, 50) } : {}),
    };
}

const isoOf = (value: unknown): string | undefined => {
    if (value === undefined || value === null) {
        return undefined;
    }
    const date = new Date(value as string);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/**
 * Brings the contact of a room up to date: who served it, when, through which channel. Idempotent:
 * a room already counted changes nothing, so replayed events and resumed backfills are harmless.
 * Cost: one read of the contact (plus one of the visitor the first time), one write of the new
 * revision, one removal of the old one, and the recent lists of the scopes concerned.
 */
export function indexRoom(ctx: EventContext, room: RoomFacts, batch?: RecentBatch): Promise<Contact | undefined> {
    return retryOnConflict(() => indexRoomOnce(ctx, room, batch));
}

async function indexRoomOnce(ctx: EventContext, room: RoomFacts, batch?: RecentBatch): Promise<Contact | undefined> {
    const { read, persistence, config } = ctx;
    const reader = read.getPersistenceReader();
    const repository = new ContactRepository(reader);
    const existing = await repository.get(room.visitorId);
    let contact = existing;
    if (!contact) {
        const visitor = await readVisitor(read, room.visitorId);
        if (!visitor) {
            return undefined;
        }
        contact = contactFromVisitor(visitor, config);
    }
    const updated = withRoom(contact, room);
    if (existing && updated === existing) {
        // Listed again all the same: a recent-list entry lost to a failed or racing write comes back.
        batch?.contact(existing);
        return existing;
    }
    await repository.save(persistence, updated);
    if (batch) {
        batch.contact(updated);
    } else {
        await new RecentContacts(reader).recordContact(persistence, updated);
    }
    return updated;
}

/** Refreshes the contact from the visitor after an agent edited it in Rocket.Chat. */
export async function indexVisitor(ctx: EventContext, visitor: IVisitor): Promise<Contact | undefined> {
    if (!visitor.id) {
        return undefined;
    }
    return retryOnConflict(() => indexVisitorOnce(ctx, visitor as IVisitor & { id: string }));
}

async function indexVisitorOnce(ctx: EventContext, visitor: IVisitor & { id: string }): Promise<Contact | undefined> {
    const { read, persistence, config } = ctx;
    const reader = read.getPersistenceReader();
    const repository = new ContactRepository(reader);
    const existing = await repository.get(visitor.id);
    const fresh = contactFromVisitor(visitor, config);
    const merged: Contact = existing
        ? {
              ...existing,
              name: fresh.name,
              username: fresh.username,
              emails: mergeFirst(fresh.emails[0], existing.emails),
              phones: mergeFirst(fresh.phones[0], existing.phones),
              customFields: fresh.customFields,
              department: fresh.department ?? existing.department,
              revision: existing.revision + 1,
              updatedAt: new Date().toISOString(),
          }
        : fresh;
    await repository.save(persistence, merged);
    await noteContactChange(ctx, existing, merged);
    await new RecentContacts(reader).recordContact(persistence, merged);
    if (existing && existing.name !== merged.name) {
        await renameInChats(ctx, merged.id, merged.name);
    }
    // An edit made in Rocket.Chat itself: the event does not say by whom. The app's own saves already match the
    // visitor, so they record nothing here.
    const changes = existing ? contactChanges(existing, merged) : [];
    if (changes.length > 0) {
        await recordAudit(persistence, {
            subject: { kind: 'contact', id: merged.id },
            action: 'contact.synced',
            actor: ROCKET_CHAT_ACTOR,
            changes,
        });
    }
    return merged;
}

/** The host's primary value comes first; the app's extra values follow. */
function mergeFirst(primary: string | undefined, values: string[]): string[] {
    return primary ? [primary, ...values.filter((v) => v !== primary)] : values;
}

export function contactFromVisitor(visitor: IVisitor, config: AppConfig): Contact {
    const emails = emailsOf(visitor)
        .map((e) => normalizeEmail(e))
        .filter((e): e is string => !!e);
    const phones = phonesOf(visitor)
        .map((p) => normalizePhone(p, config.defaultCountry))
        .filter((p): p is { ok: true; e164: string } => p.ok)
        .map((p) => p.e164);
    const customFields: Record<string, string> = {};
    for (const [key, value] of Object.entries(visitor.livechatData ?? {})) {
        if (value !== undefined && value !== null && typeof value !== 'object') {
            customFields[key] = String(value);
        }
    }
    return {
        id: visitor.id as string,
        token: visitor.token,
        username: visitor.username,
        name: tidy(visitor.name || visitor.username || '') || visitor.username,
        emails: [...new Set(emails)],
        phones: [...new Set(phones)],
        customFields,
        department: visitor.department,
        channels: [],
        closedRoomIds: [],
        servedBy: [],
        extra: EMPTY_EXTRA,
        revision: 0,
        updatedAt: new Date().toISOString(),
    };
}

/** The contact with the room taken into account, or the same object when there is nothing new. */
export function withRoom(contact: Contact, room: RoomFacts): Contact {
    const servedBy = room.agentId && !contact.servedBy.includes(room.agentId) ? [...contact.servedBy, room.agentId] : contact.servedBy;
    const channels = room.source && !contact.channels.includes(room.source) ? [...contact.channels, room.source] : contact.channels;
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
        revision: contact.revision + 1,
        updatedAt: new Date().toISOString(),
    };
}

const minIso = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a < b ? a : b);
const maxIso = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a > b ? a : b);
