import { RocketChatAssociationModel, type RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Every association the app stores, built in one place. Records are plain objects (not class
 * instances) because they cross the Deno runtime's msgpack boundary.
 */
const misc = (id: string): RocketChatAssociationRecord => ({ model: RocketChatAssociationModel.MISC, id }) as unknown as RocketChatAssociationRecord;

export const Assoc = {
    /** Every contact record. */
    contacts: () => misc('cc:contact'),
    /** All revisions of one contact. */
    contact: (contactId: string) => misc(`cc:contact:${contactId}`),
    /** One revision of one contact: the handle used to remove it once a newer one is written. */
    contactRevision: (contactId: string, revision: number) => misc(`cc:contact:${contactId}:rev:${revision}`),
    /** Contacts an agent may see. */
    seenBy: (agentId: string) => misc(`cc:seen-by:${agentId}`),
    /** A search key (see domain/searchKeys). */
    key: (key: string) => misc(`cc:k:${key}`),
    /** A time window a contact's last chat or a chat's closing falls in (see domain/recency). */
    recency: (label: string) => misc(`cc:w:${label}`),
    /** The most recent contacts of a scope ('all' or an agent id), one record. */
    recent: (scope: string) => misc(`cc:recent:${scope}`),
    /** Every archived chat. */
    chats: () => misc('cc:chat'),
    chat: (roomId: string) => misc(`cc:chat:${roomId}`),
    chatRevision: (roomId: string, revision: number) => misc(`cc:chat:${roomId}:rev:${revision}`),
    chatAgent: (agentId: string) => misc(`cc:chat-agent:${agentId}`),
    chatContact: (contactId: string) => misc(`cc:chat-contact:${contactId}`),
    chatDepartment: (departmentId: string) => misc(`cc:chat-dept:${departmentId}`),
    chatTag: (tagKey: string) => misc(`cc:chat-tag:${tagKey}`),
    /** A trigram of the contact's name. */
    chatName: (gram: string) => misc(`cc:chat-name:${gram}`),
    /** State of a background job. */
    job: (name: string) => misc(`cc:job:${name}`),
    /** One broadcast's record (and its cancel request), and the history of a sender. */
    broadcast: (id: string) => misc(`cc:bc:${id}`),
    broadcastsBy: (senderId: string) => misc(`cc:bc-by:${senderId}`),
    /** The audience computed when the broadcast was created. */
    broadcastAudience: (id: string) => misc(`cc:bc-aud:${id}`),
    broadcastCancel: (id: string) => misc(`cc:bc-cancel:${id}`),
    /** Broadcasts still running: their jobs are scheduled again when the app starts. */
    broadcastsActive: () => misc('cc:bc-active'),
    broadcastActive: (id: string) => misc(`cc:bc-active:${id}`),
    /** Every recipient record of a broadcast, and one recipient's record (one record each: no lost update). */
    broadcastRecipients: (id: string) => misc(`cc:bc-rcpt:${id}`),
    broadcastRecipient: (id: string, contactId: string) => misc(`cc:bc-rcpt:${id}:${contactId}`),
} as const;
