import type { Scope } from './access';

/** A contact as the Contact Center knows it: the livechat visitor plus what the app keeps about it. */
export interface ContactExtra {
    company: string;
    notes: string;
    doNotContact: boolean;
    /** Values of the extra fields an admin defined (setting), by field name. */
    fields?: Record<string, string>;
}

export interface Contact {
    /** The livechat visitor's id. */
    id: string;
    token: string;
    name: string;
    username?: string;
    /** The first email and the first phone are also the visitor's own (the host keeps only one of each). */
    emails: string[];
    /** E.164 numbers. */
    phones: string[];
    customFields: Record<string, string>;
    department?: string;
    /** Source types of the conversations (widget, email, sms, api, app...). */
    channels: string[];
    firstChatAt?: string;
    lastChatAt?: string;
    /** Closed rooms already counted, so that a replayed event or a resumed backfill never counts twice. */
    closedRoomIds: string[];
    /** Agents who served this contact: they may see it. */
    servedBy: string[];
    /** The agent who created it in the Contact Center, who may see it too. */
    createdBy?: string;
    extra: ContactExtra;
    revision: number;
    /** Tells apart two records of one revision (see store/claims.ts). */
    writeId?: string;
    updatedAt: string;
}

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

/** Most recent chat first; contacts never chatted with come last, by name. */
export function byRecency(a: ContactSummary, b: ContactSummary): number {
    const at = a.lastChatAt ?? '';
    const bt = b.lastChatAt ?? '';
    if (at !== bt) {
        return at < bt ? 1 : -1;
    }
    return a.name.localeCompare(b.name);
}

/** The scopes whose lists show this contact: the whole directory and each agent who may see it. */
export function contactScopes(contact: Contact): Scope[] {
    return [{ kind: 'all' }, ...viewers(contact).map((agentId): Scope => ({ kind: 'agent', agentId }))];
}

/** Everyone who may see this contact without seeing the whole directory. */
export function viewers(contact: Contact): string[] {
    const ids = new Set(contact.servedBy);
    if (contact.createdBy) {
        ids.add(contact.createdBy);
    }
    return [...ids];
}
