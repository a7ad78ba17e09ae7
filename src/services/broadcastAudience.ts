import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { canSeeContact, type Scope } from '../domain/access';
import {
    BROADCAST_LIMITS,
    audienceEntry,
    skipReason,
    type Audience,
    type AudienceEntry,
    type Channel,
    type SkipReason,
} from '../domain/broadcast';
import { tagKey } from '../domain/chat';
import { byRecency, summarize, type Contact } from '../domain/contact';
import { Assoc } from '../store/associations';
import { ChatRepository, chatScopeAssociation } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import type { ScopedContext } from './context';
import { findContacts } from './contactSearch';
import { inParallel } from './parallel';

/** Contacts read side by side when an audience comes from chats. */
const PARALLEL_READS = 20;

export interface AudienceSummary {
    entries: AudienceEntry[];
    /** Who will receive it. */
    deliverable: number;
    skipped: Partial<Record<SkipReason, number>>;
    /** The audience was cut at BROADCAST_LIMITS.recipients. */
    truncated: boolean;
}

/**
 * The audience of a broadcast, always computed here under the sender's scope from the query or the tag:
 * contact ids never come from the client. Newest contacts first; at most BROADCAST_LIMITS.recipients.
 */
export async function computeAudience(
    ctx: ScopedContext,
    audience: Audience,
    channel: Channel,
    picked?: string[],
): Promise<AudienceSummary> {
    const { read, scope } = ctx;
    // A search's audience is what the Contacts search finds (validation makes the query non-empty).
    const contacts = audience.kind === 'search' ? await findContacts(ctx, audience.query) : await byTag(read, scope, audience.tag);
    // Picked ids only narrow the deliverable part of the audience computed here: an id outside it reaches nobody,
    // and the skipped stay in the report with their reason.
    const chosen = picked ? new Set(picked) : undefined;
    const visible = contacts.filter((c) => canSeeContact(scope, c) && (!chosen || chosen.has(c.id) || !!skipReason(c, channel)));
    const ordered = visible.sort((a, b) => byRecency(summarize(a), summarize(b)));
    const kept = ordered.slice(0, BROADCAST_LIMITS.recipients);
    const skipped: Partial<Record<SkipReason, number>> = {};
    const entries = kept.map((contact): AudienceEntry => {
        const entry = audienceEntry(contact, channel);
        if (entry.skip) {
            skipped[entry.skip] = (skipped[entry.skip] ?? 0) + 1;
        }
        return entry;
    });
    return { entries, deliverable: entries.filter((e) => !e.skip).length, skipped, truncated: ordered.length > kept.length };
}

/** The same audience narrowed to the picked contacts (the skipped stay, with their reason), its counts recomputed. */
export function narrowAudience(summary: AudienceSummary, picked: string[]): AudienceSummary {
    const chosen = new Set(picked);
    const entries = summary.entries.filter((e) => chosen.has(e.contactId) || e.skip);
    const skipped: Partial<Record<SkipReason, number>> = {};
    for (const entry of entries) {
        if (entry.skip) {
            skipped[entry.skip] = (skipped[entry.skip] ?? 0) + 1;
        }
    }
    return { entries, deliverable: entries.filter((e) => !e.skip).length, skipped, truncated: false };
}

/** Contacts of the closed chats, in the sender's scope, that carry the tag (Rocket.Chat's or the Contact Center's). */
async function byTag(read: IRead, scope: Scope, tag: string): Promise<Contact[]> {
    const reader = read.getPersistenceReader();
    const chats = await new ChatRepository(reader).find([chatScopeAssociation(scope), Assoc.chatTag(tagKey(tag))]);
    const ids = [...new Set(chats.sort((a, b) => (a.closedAt < b.closedAt ? 1 : -1)).map((c) => c.contactId))].slice(
        0,
        BROADCAST_LIMITS.recipients + 1,
    );
    const repository = new ContactRepository(reader);
    const contacts = await inParallel(ids, PARALLEL_READS, (id) => repository.get(id));
    return contacts.filter((c): c is Contact => !!c);
}
