import type { IDepartment, ILivechatContact, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser, IUserLookup } from '@rocket.chat/apps-engine/definition/users';

import { copyDocument } from './store/MemoryStore';
import { Collections, Doc, Field, Store } from './store/Store';

// Raw Rocket.Chat documents -> the shapes apps receive, after apps/meteor/app/apps/server/converters/*.
// Like Rocket.Chat's transformMappedData, anything not mapped is kept under `_unmappedProperties_`
// (that is where a room's core `tags` end up), and absent fields stay absent.

type Mapping = Record<string, string | ((doc: Doc) => unknown)>;

function transform(doc: Doc, map: Mapping, consumed: string[] = []): Field {
    const out: Record<string, unknown> = {};
    const used = new Set<string>(consumed);
    for (const [to, from] of Object.entries(map)) {
        const value = typeof from === 'function' ? from(doc) : doc[from];
        if (typeof from === 'string') used.add(from);
        if (value !== undefined) out[to] = value;
    }
    const unmapped = Object.fromEntries(Object.entries(doc).filter(([k]) => !used.has(k)));
    if (Object.keys(unmapped).length) out._unmappedProperties_ = unmapped;
    return out;
}

const lookup = (u?: { _id: string; username?: string; name?: string }): IUserLookup | undefined =>
    u && { _id: u._id, username: u.username as string, ...(u.name !== undefined && { name: u.name }) };

export function convertUser(doc: Doc | undefined): IUser | undefined {
    if (!doc) return undefined;
    return {
        id: doc._id,
        username: doc.username,
        emails: doc.emails ?? [],
        type: doc.type ?? 'user',
        isEnabled: doc.active ?? true,
        name: doc.name,
        roles: doc.roles ?? [],
        status: doc.status ?? 'offline',
        statusConnection: doc.statusConnection ?? 'offline',
        utcOffset: doc.utcOffset ?? 0,
        createdAt: doc.createdAt,
        updatedAt: doc._updatedAt,
        lastLoginAt: doc.lastLogin,
        ...(doc.statusText !== undefined && { statusText: doc.statusText }),
        ...(doc.appId !== undefined && { appId: doc.appId }),
        ...(doc.customFields !== undefined && { customFields: doc.customFields }),
        ...(doc.settings !== undefined && { settings: doc.settings }),
    } as IUser;
}

export function convertVisitor(doc: Doc | undefined): IVisitor | undefined {
    if (!doc) return undefined;
    return transform(doc, {
        id: '_id',
        username: 'username',
        name: 'name',
        department: 'department',
        updatedAt: '_updatedAt',
        token: 'token',
        phone: 'phone',
        visitorEmails: 'visitorEmails',
        livechatData: 'livechatData',
        status: 'status',
        activity: 'activity',
        contactId: 'contactId',
    });
}

/** A contact reaches apps as the stored document, deep-copied (the contacts codec decodes with structuredClone). */
export function convertContact(doc: Doc | undefined): ILivechatContact | undefined {
    return doc ? (copyDocument(doc) as unknown as ILivechatContact) : undefined;
}

export function convertDepartment(doc: Doc | undefined): IDepartment | undefined {
    if (!doc) return undefined;
    return transform(doc, {
        id: '_id',
        name: 'name',
        email: 'email',
        description: 'description',
        offlineMessageChannelName: 'offlineMessageChannelName',
        requestTagBeforeClosingChat: 'requestTagBeforeClosingChat',
        chatClosingTags: 'chatClosingTags',
        abandonedRoomsCloseCustomMessage: 'abandonedRoomsCloseCustomMessage',
        waitingQueueMessage: 'waitingQueueMessage',
        departmentsAllowedToForward: 'departmentsAllowedToForward',
        enabled: 'enabled',
        updatedAt: '_updatedAt',
        numberOfAgents: 'numAgents',
        showOnOfflineForm: 'showOnOfflineForm',
        showOnRegistration: 'showOnRegistration',
    });
}

/** Converters that follow references (room.v -> visitor, room.servedBy -> user, ...) read the store like RC does. */
export class Converters {
    constructor(private readonly store: Store) {}

    private byId(collection: string, _id?: string) {
        return _id ? this.store.collection(collection).findOne({ _id }) : Promise.resolve(undefined);
    }

    async userById(id?: string): Promise<IUser | undefined> {
        return convertUser(await this.byId(Collections.users, id));
    }

    /** AppContactsConverter.convertById: enabled contacts only (a deleted one is disabled, not gone), cloned as stored. */
    async contactById(id?: string): Promise<ILivechatContact | undefined> {
        const doc = id ? await this.store.collection(Collections.contacts).findOne({ _id: id, enabled: { $ne: false } }) : undefined;
        return convertContact(doc);
    }

    async room(doc: Doc | undefined): Promise<IRoom | ILivechatRoom | undefined> {
        if (!doc) return undefined;
        const [creator, visitor, contact, department, servedBy, responseBy, closedBy, parentRoom] = await Promise.all([
            this.userById(doc.u?._id),
            doc.v ? this.byId(Collections.visitors, doc.v._id).then(convertVisitor) : undefined,
            this.contactById(doc.contactId),
            doc.departmentId ? this.byId(Collections.departments, doc.departmentId).then(convertDepartment) : undefined,
            this.userById(doc.servedBy?._id),
            this.userById(doc.responseBy?._id),
            this.userById(doc.closedBy?._id),
            doc.prid ? this.byId(Collections.rooms, doc.prid).then((r) => this.room(r)) : undefined,
        ]);
        return transform(
            doc,
            {
                id: '_id',
                displayName: 'fname',
                slugifiedName: 'name',
                type: 't',
                members: 'members',
                userIds: 'uids',
                isDefault: 'default',
                isReadOnly: 'ro',
                displaySystemMessages: (d) => !d.sysMes,
                messageCount: 'msgs',
                createdAt: 'ts',
                updatedAt: '_updatedAt',
                closedAt: 'closedAt',
                lastModifiedAt: 'lm',
                description: 'description',
                customFields: 'customFields',
                livechatData: 'livechatData',
                isWaitingResponse: 'waitingResponse',
                isOpen: 'open',
                closer: 'closer',
                source: 'source',
                teamId: 'teamId',
                isTeamMain: 'teamMain',
                _USERNAMES: '_USERNAMES',
                visitorChannelInfo: (d) => (d.v ? pick(d.v, ['lastMessageTs', 'phone']) : undefined),
                creator: () => creator,
                visitor: () => visitor,
                // The converter resolves the contact and leaves `contactId` itself unmapped (_unmappedProperties_).
                contact: () => contact,
                department: () => department,
                servedBy: () => servedBy,
                responseBy: () => responseBy,
                closedBy: () => closedBy,
                parentRoom: () => parentRoom,
            },
            ['u', 'v', 'departmentId', 'prid', 'servedBy', 'responseBy', 'closedBy', 'sysMes'],
        );
    }

    async message(doc: Doc | undefined): Promise<IMessage | undefined> {
        if (!doc) return undefined;
        const room = (await this.room(await this.byId(Collections.rooms, doc.rid))) as IRoom;
        const sender = (await this.userById(doc.u?._id)) ?? ({ id: doc.u?._id, username: doc.u?.username, name: doc.u?.name } as IUser);
        return transform(
            doc,
            {
                id: '_id',
                threadId: 'tmid',
                text: 'msg',
                createdAt: 'ts',
                updatedAt: '_updatedAt',
                editedAt: 'editedAt',
                emoji: 'emoji',
                avatarUrl: 'avatar',
                alias: 'alias',
                file: 'file',
                attachments: 'attachments',
                reactions: 'reactions',
                groupable: 'groupable',
                parseUrls: 'parseUrls',
                customFields: 'customFields',
                blocks: 'blocks',
                token: 'token',
                type: 't',
                room: () => room,
                sender: () => sender,
                editor: () => (doc.editedBy ? { id: doc.editedBy._id, username: doc.editedBy.username } : undefined),
            },
            ['rid', 'u', 'editedBy'],
        );
    }
}

function pick(obj: Record<string, unknown>, keys: string[]) {
    const out = Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
    return Object.keys(out).length ? out : undefined;
}

/** IRoomRaw, as getAllRooms returns it: lookups instead of resolved users, no store reads. */
const RAW_ROOM_FIELDS = new Set([
    '_id',
    'name',
    'fname',
    't',
    'u',
    'members',
    'uids',
    '_USERNAMES',
    'default',
    'ro',
    'sysMes',
    'msgs',
    'ts',
    '_updatedAt',
    'closedAt',
    'lm',
    'description',
    'customFields',
    'prid',
    'teamId',
    'teamMain',
    'livechatData',
    'waitingResponse',
    'open',
    'closer',
    'closedBy',
    'servedBy',
    'responseBy',
    'source',
    'v',
    'departmentId',
    'contactId',
]);

export function convertRoomRaw(doc: Doc): IRoomRaw {
    const raw: Record<string, unknown> = {
        id: doc._id,
        slugifiedName: doc.name,
        displayName: doc.fname,
        type: doc.t,
        creator: lookup(doc.u),
        members: doc.members,
        userIds: doc.uids,
        usernames: doc._USERNAMES,
        isDefault: doc.default,
        isReadOnly: doc.ro,
        displaySystemMessages: doc.sysMes === undefined ? undefined : !doc.sysMes,
        messageCount: doc.msgs,
        createdAt: doc.ts,
        updatedAt: doc._updatedAt,
        closedAt: doc.closedAt,
        lastModifiedAt: doc.lm,
        description: doc.description,
        customFields: doc.customFields,
        parentRoomId: doc.prid,
        teamId: doc.teamId,
        isTeamMain: doc.teamMain,
        livechatData: doc.livechatData,
        isWaitingResponse: doc.waitingResponse,
        isOpen: doc.open,
        closer: doc.closer,
        closedBy: lookup(doc.closedBy),
        servedBy: lookup(doc.servedBy),
        responseBy: lookup(doc.responseBy),
        source: doc.source,
        visitor: doc.v && {
            id: doc.v._id,
            token: doc.v.token,
            username: doc.v.username,
            name: doc.v.name,
            status: doc.v.status,
            activity: doc.v.activity,
            lastMessageTs: doc.v.lastMessageTs,
            phone: doc.v.phone,
        },
        departmentId: doc.departmentId,
        contactId: doc.contactId,
    };
    // Like convertRoom, fields the converter does not map (tags, topic, lastMessage...) stay reachable.
    const unmapped = Object.fromEntries(Object.entries(doc).filter(([k]) => !RAW_ROOM_FIELDS.has(k)));
    if (Object.keys(unmapped).length) raw._unmappedProperties_ = unmapped;
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as IRoomRaw;
}

export function convertMessageRaw(doc: Doc): IMessageRaw {
    const raw: Record<string, unknown> = {
        id: doc._id,
        roomId: doc.rid,
        sender: lookup(doc.u),
        createdAt: doc.ts,
        threadId: doc.tmid,
        text: doc.msg,
        updatedAt: doc._updatedAt,
        editor: lookup(doc.editedBy),
        editedAt: doc.editedAt,
        emoji: doc.emoji,
        avatarUrl: doc.avatar,
        alias: doc.alias,
        file: doc.file,
        attachments: doc.attachments,
        reactions: doc.reactions,
        groupable: doc.groupable,
        parseUrls: doc.parseUrls,
        customFields: doc.customFields,
        blocks: doc.blocks,
        starred: doc.starred,
        pinned: doc.pinned,
        pinnedAt: doc.pinnedAt,
        pinnedBy: lookup(doc.pinnedBy),
    };
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as IMessageRaw;
}
