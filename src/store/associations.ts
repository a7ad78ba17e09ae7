import { RocketChatAssociationModel, type RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Every association the app stores, built in one place. Records are plain objects (not class
 * instances) because they cross the Deno runtime's msgpack boundary.
 */
const misc = (id: string): RocketChatAssociationRecord =>
    ({ model: RocketChatAssociationModel.MISC, id }) as unknown as RocketChatAssociationRecord;

export const Assoc = {
    /** Every contact record. */
    contacts: () => misc('cc:contact'),
    /** All revisions of one contact. */
    contact: (contactId: string) => misc(`cc:contact:${contactId}`),
    /** One revision of one contact: the handle used to remove it once a newer one is written. */
    contactRevision: (contactId: string, revision: number) => misc(`cc:contact:${contactId}:rev:${revision}`),
    /** The entries whose channels include a visitor. */
    contactVisitor: (visitorId: string) => misc(`cc:contact-visitor:${visitorId}`),
    /** One shard of the directory, for walking it a part at a time (see ContactRepository.shardOf). */
    contactShard: (n: number) => misc(`cc:contact-shard:${n}`),
    /** Contacts an agent may see. */
    seenBy: (agentId: string) => misc(`cc:seen-by:${agentId}`),
    /** A search key (see domain/searchKeys). */
    key: (key: string) => misc(`cc:k:${key}`),
    /** A time window a contact's last chat or a chat's closing falls in (see domain/recency). */
    recency: (label: string) => misc(`cc:w:${label}`),
    /** The most recent contacts or chats of a scope ('contacts:all', 'chats:<agent id>'): its base and its change records. */
    recentList: (key: string) => misc(`cc:list:${key}`),
    /** The bases of one list, claimed as revisions. */
    recentBase: (key: string) => misc(`cc:list-base:${key}`),
    /** Every archived chat. */
    chats: () => misc('cc:chat'),
    chat: (roomId: string) => misc(`cc:chat:${roomId}`),
    chatRevision: (roomId: string, revision: number) => misc(`cc:chat:${roomId}:rev:${revision}`),
    chatAgent: (agentId: string) => misc(`cc:chat-agent:${agentId}`),
    /**
     * A contact's chats, and the contact's own records too (one read holds them all: see services/archive.ts); a
     * look-up of chats pairs it with Assoc.chats() or Assoc.chatAgent(), which contacts do not carry.
     */
    chatContact: (contactId: string) => misc(`cc:chat-contact:${contactId}`),
    chatDepartment: (departmentId: string) => misc(`cc:chat-dept:${departmentId}`),
    chatTag: (tagKey: string) => misc(`cc:chat-tag:${tagKey}`),
    /**
     * A tag within a time window (see domain/recency), and an agent's chats with a tag, in all and within a window: a
     * tag filter then reads one association as selective as the whole read, the page's matches and few more.
     */
    chatTagWindow: (tagKey: string, label: string) => misc(`cc:chat-tag-w:${tagKey}:${label}`),
    chatAgentTag: (agentId: string, tagKey: string) => misc(`cc:chat-agent-tag:${agentId}:${tagKey}`),
    chatAgentTagWindow: (agentId: string, tagKey: string, label: string) => misc(`cc:chat-agent-tag-w:${agentId}:${tagKey}:${label}`),
    /** A trigram of the contact's name. */
    chatName: (gram: string) => misc(`cc:chat-name:${gram}`),
    /**
     * A trigram of the contact's name among one agent's chats: an agent's contact-name filter (or a manager's on an agent
     * and a name) reads those, so Mongo examines that agent's chats holding the trigram, not everyone's.
     */
    chatAgentName: (agentId: string, gram: string) => misc(`cc:chat-agent-name:${agentId}:${gram}`),
    /** One written record, for taking back exactly that record (see claims.ts). */
    write: (writeId: string) => misc(`cc:wr:${writeId}`),
    /** The claims on a job's lease (see Lease.ts). */
    lease: (name: string) => misc(`cc:lease:${name}`),
    /** When the last run under a lease ended. */
    leaseRun: (name: string) => misc(`cc:lease-run:${name}`),
    /** Problems the app noticed (missing permissions), shown to admins. */
    health: () => misc('cc:health'),
    /** State of a background job. */
    job: (name: string) => misc(`cc:job:${name}`),
    /** One broadcast's record (and its cancel request), and the history of a sender. */
    broadcast: (id: string) => misc(`cc:bc:${id}`),
    broadcastsBy: (senderId: string) => misc(`cc:bc-by:${senderId}`),
    /** The broadcasts created in one month (yyyy-mm), for managers' view of everyone's recent broadcasts. */
    broadcastsMonth: (month: string) => misc(`cc:bc-month:${month}`),
    /** The audience computed when the broadcast was created. */
    broadcastAudience: (id: string) => misc(`cc:bc-aud:${id}`),
    broadcastCancel: (id: string) => misc(`cc:bc-cancel:${id}`),
    /** Contacts changed (opted out, new address) since a running broadcast started: re-read before delivering to them. */
    broadcastChanged: (id: string) => misc(`cc:bc-changed:${id}`),
    broadcastChangedContact: (id: string, contactId: string) => misc(`cc:bc-changed:${id}:${contactId}`),
    /** Broadcasts still running: their jobs are scheduled again when the app starts. */
    broadcastsActive: () => misc('cc:bc-active'),
    broadcastActive: (id: string) => misc(`cc:bc-active:${id}`),
    /** Every recipient record of a broadcast, and one recipient's record (one record each: no lost update). */
    broadcastRecipients: (id: string) => misc(`cc:bc-rcpt:${id}`),
    broadcastRecipient: (id: string, contactId: string) => misc(`cc:bc-rcpt:${id}:${contactId}`),
    /** Every recipient record of one contact, in any broadcast (for the erasure of a person's traces). */
    recipientOf: (contactId: string) => misc(`cc:bc-rcpt-of:${contactId}`),
    /** The index of a broadcast's audience (one record), and the broadcasts whose audience holds a contact. */
    broadcastMembers: (id: string) => misc(`cc:bc-members:${id}`),
    inAudience: (contactId: string) => misc(`cc:bc-in:${contactId}`),
    /** One export (its progress record), the exports of one user, the id snapshot and the CSV chunks. */
    exportJob: (id: string) => misc(`cc:ex:${id}`),
    exportsBy: (userId: string) => misc(`cc:ex-by:${userId}`),
    /** Every export's progress record, for the clean-up of expired files. */
    exports: () => misc('cc:ex-all'),
    exportIds: (id: string) => misc(`cc:ex-ids:${id}`),
    exportChunks: (id: string) => misc(`cc:ex-chunk:${id}`),
    exportChunk: (id: string, index: number) => misc(`cc:ex-chunk:${id}:${index}`),
    /** One import (its progress record and parsed rows), and each row's outcome once applied. */
    importJob: (id: string) => misc(`cc:im:${id}`),
    importsBy: (userId: string) => misc(`cc:im-by:${userId}`),
    /** Every import (one marker each), for the erasure of a person's traces. */
    imports: () => misc('cc:im-all'),
    importMarker: (id: string) => misc(`cc:im-all:${id}`),
    importRows: (id: string) => misc(`cc:im-row:${id}`),
    importRow: (id: string, row: number) => misc(`cc:im-row:${id}:${row}`),
    /** The agents or tags the archived chats name (see Vocabulary.ts): one record each, for the Chats filter's pickers. */
    terms: (kind: string) => misc(`cc:terms:${kind}`),
    /** Audit entries of one subject (a contact, a room, a broadcast, an import). */
    auditSubject: (kind: string, id: string) => misc(`cc:audit:${kind}:${id}`),
    /** Audit entries written on one UTC day (yyyy-mm-dd): purged together when the day leaves the retention. */
    auditDay: (day: string) => misc(`cc:audit-day:${day}`),
    /** One marker record per day that has entries, so the purge finds old days without reading entries. */
    auditDays: () => misc('cc:audit-days'),
    auditDayMarker: (day: string) => misc(`cc:audit-days:${day}`),
} as const;
