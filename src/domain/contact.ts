import type { Scope } from './access';

/**
 * A person as the Contact Center knows them. Rocket.Chat (7.1 and later) keeps a *contact* per person: a name,
 * emails, phones, custom fields and channels, each channel a visitor who wrote through one source (the widget,
 * email, SMS, WhatsApp, an app...). The directory has one entry per Rocket.Chat contact, keyed on its id, with the
 * contact's own data and what the app keeps about the person. A person Rocket.Chat has no contact for yet (rooms
 * from before 7.1, a contact created in the Contact Center that has not chatted yet) has an entry keyed on a
 * visitor's id, folded into the contact's entry once Rocket.Chat gives its rooms one.
 */
export interface ContactExtra {
    company: string;
    notes: string;
    doNotContact: boolean;
    /** Values of the extra fields an admin defined (setting), by field name. */
    fields?: Record<string, string>;
}

/** One way the person reached the workspace: a visitor and the source it wrote through. */
export interface ContactChannel {
    visitorId: string;
    /** The source's type as Rocket.Chat records it: widget, email, sms, whatsapp, api, app... */
    type: string;
    /** The source's label (an app's or an integration's name), when Rocket.Chat gives one. */
    label?: string;
    /** The visitor's token and username, as Rocket.Chat showed them (the token is needed to write the visitor). */
    token?: string;
    username?: string;
}

export interface Contact {
    /** Rocket.Chat's contact id, or (keyedBy 'visitor') a visitor's id. */
    id: string;
    keyedBy: 'contact' | 'visitor';
    /** When Rocket.Chat last changed the contact, as last read: a different value means it changed there since. */
    syncedAt?: string;
    name: string;
    /** The contact's emails (keyed by visitor: the visitor's own first, then the app's). */
    emails: string[];
    /** E.164 numbers. */
    phones: string[];
    customFields: Record<string, string>;
    department?: string;
    channels: ContactChannel[];
    firstChatAt?: string;
    lastChatAt?: string;
    /** Closed rooms already counted, so that a replayed event or a resumed backfill never counts twice. */
    closedRoomIds: string[];
    /** Agents who served this contact: they may see it. */
    servedBy: string[];
    /** The agent who created it in the Contact Center, who may see it too. */
    createdBy?: string;
    extra: ContactExtra;
    /** Entries folded into this one (merged in Rocket.Chat, or the person's entry from before their contact): their history is this one's. */
    formerIds?: string[];
    /** The person was erased at this time: their conversations from before it are not indexed again. */
    erasedBefore?: string;
    /** A name given in the Contact Center that Rocket.Chat keeps for review in its contact panel instead of taking. */
    pendingName?: string;
    revision: number;
    /** Tells apart two records of one revision (see store/claims.ts). */
    writeId?: string;
    updatedAt: string;
}

/**
 * What is left of an erased contact: no personal data, only that it was erased and when, so that its old
 * conversations are not indexed again (a conversation started after it is).
 */
export interface ErasedContact {
    id: string;
    erasedAt: string;
    revision: number;
    writeId?: string;
}

export const isErased = (record: Contact | ErasedContact): record is ErasedContact => 'erasedAt' in record;

/** What a list row shows. */
export interface ContactSummary {
    id: string;
    name: string;
    email?: string;
    phone?: string;
    lastChatAt?: string;
}

export const EMPTY_EXTRA: ContactExtra = { company: '', notes: '', doNotContact: false };

export function summarize(contact: Contact): ContactSummary {
    return {
        id: contact.id,
        name: contact.name,
        email: contact.emails[0],
        phone: contact.phones[0],
        lastChatAt: contact.lastChatAt,
    };
}

/**
 * Most recent chat first, and at the same instant by id (so that a cursor, a time and an id, places every contact);
 * contacts never chatted with come last, by name.
 */
export function byRecency(a: ContactSummary, b: ContactSummary): number {
    const at = a.lastChatAt ?? '';
    const bt = b.lastChatAt ?? '';
    if (at !== bt) {
        return at < bt ? 1 : -1;
    }
    if (at) {
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    }
    return a.name.localeCompare(b.name);
}

/** The scopes whose lists show this contact: the whole directory and each agent who may see it. */
export function contactScopes(contact: Pick<Contact, 'servedBy' | 'createdBy'>): Scope[] {
    return [{ kind: 'all' }, ...viewers(contact).map((agentId): Scope => ({ kind: 'agent', agentId }))];
}

/** Everyone who may see this contact without seeing the whole directory. */
export function viewers(contact: Pick<Contact, 'servedBy' | 'createdBy'>): string[] {
    const ids = new Set(contact.servedBy);
    if (contact.createdBy) {
        ids.add(contact.createdBy);
    }
    return [...ids];
}

/** The channel the app writes the person's visitor through: the latest one whose token it knows, else the latest. */
export function primaryChannel(contact: Pick<Contact, 'channels'>): ContactChannel | undefined {
    const channels = [...contact.channels].reverse();
    return channels.find((c) => c.token) ?? channels[0];
}

/**
 * A record as an earlier version of the app stored it (one entry per visitor: `token`, `username` and channel types
 * as strings), read as a current entry keyed on the visitor.
 */
export function fromStored(record: Contact | (Omit<Contact, 'keyedBy' | 'channels'> & Record<string, unknown>)): Contact {
    if ('keyedBy' in record && Array.isArray(record.channels) && record.channels.every((c) => typeof c === 'object')) {
        return record as Contact;
    }
    const old = record as Omit<Contact, 'keyedBy' | 'channels'> & { token?: string; username?: string; channels?: unknown[] };
    const { token, username, channels: types, ...rest } = old;
    const sources = (types ?? []).filter((t): t is string => typeof t === 'string');
    const channels: ContactChannel[] = (sources.length > 0 ? sources : ['widget']).map((type) => ({
        visitorId: old.id,
        type,
        ...(token ? { token } : {}),
        ...(username ? { username } : {}),
    }));
    return { ...(rest as Omit<Contact, 'keyedBy' | 'channels'>), keyedBy: 'visitor', channels };
}

/** Adds a channel, or completes the one of the same visitor and source with what is known now. */
export function withChannel(channels: ContactChannel[], channel: ContactChannel): ContactChannel[] {
    const same = channels.findIndex((c) => c.visitorId === channel.visitorId && c.type === channel.type);
    if (same === -1) {
        return [...channels, channel];
    }
    const merged = { ...channels[same], ...Object.fromEntries(Object.entries(channel).filter(([, v]) => v !== undefined)) };
    return JSON.stringify(merged) === JSON.stringify(channels[same]) ? channels : channels.map((c, i) => (i === same ? merged : c));
}

/** A contact as the REST API and exports show it: no visitor tokens, no bookkeeping of the app's own. */
export function publicContact(contact: Contact) {
    const { closedRoomIds, writeId: _writeId, erasedBefore: _erased, formerIds: _former, channels, ...shown } = contact;
    return {
        ...shown,
        chatCount: closedRoomIds.length,
        channels: channels.map((c) => ({ visitorId: c.visitorId, type: c.type, ...(c.label ? { label: c.label } : {}) })),
    };
}
