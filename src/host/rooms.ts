import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatContact, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import type { ContactData, RoomOfContact } from '../domain/directory';
import { contactOf } from './contacts';

/** What the index needs of a livechat room, whether it comes from an event, a room read, or a page of getAllRooms. */
export interface RoomFacts extends RoomOfContact {
    /** Rocket.Chat's contact of the room; absent on rooms from before contacts (7.1) until Rocket.Chat gives them one. */
    contactId?: string;
    /** The whole contact, when the room came converted (events, getById): enabled contacts only. */
    contact?: ContactData;
    agentName?: string;
    /** The agent's name: the converted room of an event carries it; a raw room of a backfill page does not. */
    agentDisplayName?: string;
    closedBy?: string;
    topic?: string;
    coreTags?: string[];
    messageCount?: number;
    lastMessage?: string;
}

/**
 * The facts of a livechat room, from the converted room of an event or a read (ILivechatRoom) or from a page of
 * getAllRooms (IRoomRaw): they name the agent, the department and the contact differently.
 */
export function factsOfRoom(room: ILivechatRoom | IRoomRaw): RoomFacts | undefined {
    const visitorId = room.visitor?.id;
    if (!room.id || !visitorId) {
        return undefined;
    }
    const servedBy = room.servedBy as { id?: string; _id?: string; username?: string; name?: string } | undefined;
    const department = 'department' in room ? room.department?.id : undefined;
    const converted = (room as ILivechatRoom).contact as ILivechatContact | undefined;
    const contact = converted ? contactOf(converted) : undefined;
    const contactId = contact?.id ?? (room as IRoomRaw).contactId ?? unmappedContactId(room);
    return {
        id: room.id,
        visitorId,
        ...(contactId ? { contactId } : {}),
        ...(contact ? { contact } : {}),
        ...(room.visitor?.token ? { visitorToken: room.visitor.token } : {}),
        ...(room.visitor?.username ? { visitorUsername: room.visitor.username } : {}),
        open: room.isOpen !== false && !room.closedAt,
        agentId: servedBy?.id ?? servedBy?._id,
        departmentId: department ?? (room as IRoomRaw).departmentId,
        source: room.source?.type,
        ...((room.source as { label?: string } | undefined)?.label ? { sourceLabel: (room.source as { label: string }).label } : {}),
        startedAt: isoOf(room.createdAt),
        closedAt: isoOf(room.closedAt),
        agentName: servedBy?.username,
        ...(servedBy?.name ? { agentDisplayName: servedBy.name } : {}),
        closedBy: room.closedBy?.username ?? room.closer,
        messageCount: room.messageCount,
        ...unmapped(room),
    };
}

/** A room as Rocket.Chat has it now (its contact included); undefined when it was deleted. */
export async function readRoom(read: IRead, roomId: string): Promise<RoomFacts | undefined> {
    const room = await read.getRoomReader().getById(roomId);
    return room ? factsOfRoom(room as ILivechatRoom) : undefined;
}

const LAST_MESSAGE_PREVIEW = 200;

type Raw = { topic?: unknown; tags?: unknown; contactId?: unknown; lastMessage?: { msg?: unknown; text?: unknown } };

/** Topic, core tags and the last message are not part of the converted room's documented shape; read them when present. */
function unmapped(room: object): Pick<RoomFacts, 'topic' | 'coreTags' | 'lastMessage'> {
    // The room converter keeps fields it does not map under _unmappedProperties_.
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

/** A converted room of a disabled contact has no `contact`, but may keep its id among the unmapped properties. */
function unmappedContactId(room: object): string | undefined {
    const raw = room as Raw & { _unmappedProperties_?: Raw };
    const id = raw.contactId ?? raw._unmappedProperties_?.contactId;
    return typeof id === 'string' && id ? id : undefined;
}

const isoOf = (value: unknown): string | undefined => {
    if (value === undefined || value === null) {
        return undefined;
    }
    const date = new Date(value as string);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};
