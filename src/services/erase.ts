import type { AuditActor } from '../domain/audit';
import { isId } from '../domain/decode';
import { notFound } from '../domain/errors';
import { contactScopes, type Contact, type ErasedContact } from '../domain/contact';
import { AuditRepository } from '../store/AuditRepository';
import { BroadcastRepository } from '../store/BroadcastRepository';
import { ChatRepository, RecentChats } from '../store/ChatRepository';
import { ContactRepository } from '../store/ContactRepository';
import { ExportRepository } from '../store/ExportRepository';
import { ImportRepository } from '../store/ImportRepository';
import { RecentContacts } from '../store/RecentContacts';
import { retryOnConflict } from '../store/revisions';
import { recordAudit } from './audit';
import type { ActorContext, EventContext } from './context';
import { getVisibleContact } from './contactSearch';
import { chatsOf } from './fold';

export const ERASE_JOB = 'cc-erase';

/** What the second step of an erasure needs: ids only, no personal value. */
export interface ErasedIds {
    contactIds: string[];
    roomIds: string[];
}

/**
 * Erases what the app holds about a person, in two steps. First the entry: it becomes a record without personal
 * data (its id, when and that it was erased, so its old conversations are not indexed again), its archived chats
 * and its rows in the lists go, and the audit records the erasure and who made it. Then its traces (scrubTraces).
 */
export async function eraseEntry(ctx: EventContext, entry: Contact, actor: AuditActor): Promise<ErasedIds> {
    const ids = await eraseIndex(ctx, entry, actor);
    await scrubTraces(ctx, ids);
    return ids;
}

export async function eraseIndex(ctx: EventContext, entry: Contact, actor: AuditActor): Promise<ErasedIds> {
    const reader = ctx.read.getPersistenceReader();
    const repository = new ContactRepository(reader);
    const erasedAt = new Date().toISOString();
    const current = await retryOnConflict(async () => {
        const newest = (await repository.get(entry.id)) ?? entry;
        const record: ErasedContact = { id: entry.id, erasedAt, revision: newest.revision + 1 };
        await repository.save(ctx.persistence, record);
        return newest;
    });
    const chats = await chatsOf(ctx, current.id);
    const recentChats = new RecentChats(reader);
    for (const chat of chats) {
        await recentChats.forget(ctx.persistence, chat);
        await ChatRepository.remove(ctx.persistence, chat.roomId);
    }
    await new RecentContacts(reader).forget(ctx.persistence, contactScopes(current), current.id);
    for (const former of current.formerIds ?? []) {
        await ContactRepository.removeAll(ctx.persistence, former);
    }
    const ids = { contactIds: [current.id, ...(current.formerIds ?? [])], roomIds: chats.map((c) => c.roomId) };
    await recordAudit(ctx.persistence, { subject: { kind: 'contact', id: current.id }, action: 'contact.erased', actor, changes: [] });
    return ids;
}

/**
 * The person's values wherever else the app kept them: its audit entries keep which fields changed, by whom and
 * when, without the values; an export file holding the person is removed (its link answers that it expired);
 * imports' row outcomes and broadcasts' audiences and recipients lose the person's name and address. Each step can
 * run again.
 */
export async function scrubTraces(ctx: EventContext, ids: ErasedIds): Promise<void> {
    const reader = ctx.read.getPersistenceReader();
    const people = new Set(ids.contactIds);
    const rooms = new Set(ids.roomIds);
    for (const id of ids.contactIds) {
        await AuditRepository.scrubSubject(ctx.persistence, reader, { kind: 'contact', id });
    }
    const exports = new ExportRepository(reader);
    for (const job of await exports.all()) {
        const held = await exports.ids(job.id);
        if (held && held.some((id) => people.has(id) || rooms.has(id))) {
            await ExportRepository.removeFile(ctx.persistence, job.id);
            await ExportRepository.save(ctx.persistence, { ...job, status: 'expired' });
        }
    }
    const imports = new ImportRepository(reader);
    for (const importId of await imports.ids()) {
        for (const outcome of await imports.outcomes(importId)) {
            if (outcome.contactId && people.has(outcome.contactId) && outcome.name !== undefined) {
                const { name: _name, ...rest } = outcome;
                await ImportRepository.saveOutcome(ctx.persistence, importId, rest);
            }
        }
    }
    const broadcasts = new BroadcastRepository(reader);
    const touched = new Set(await broadcasts.active());
    for (const id of ids.contactIds) {
        for (const broadcastId of await broadcasts.holding(id)) touched.add(broadcastId);
        for (const recipient of await broadcasts.recipientsOf(id)) touched.add(recipient.broadcastId);
    }
    for (const broadcastId of touched) {
        for (const id of ids.contactIds) {
            for (const recipient of await broadcasts.recipientIn(broadcastId, id)) {
                if (recipient.name || recipient.detail) {
                    const { detail: _detail, ...rest } = recipient;
                    await BroadcastRepository.rewriteRecipient(ctx.persistence, { ...rest, name: '' });
                }
            }
        }
        const audience = await broadcasts.audience(broadcastId);
        if (audience.some((e) => people.has(e.contactId) && (e.name || e.email))) {
            const scrubbed = audience.map((e) =>
                people.has(e.contactId) ? { contactId: e.contactId, name: '', skip: e.skip ?? 'gone' } : e,
            );
            await BroadcastRepository.saveAudience(ctx.persistence, broadcastId, scrubbed);
        }
    }
}

/**
 * A manager erases a contact from the Contact Center (the "see all" roles only; anyone else is told the contact is
 * not found, as for a contact they may not see). The entry goes at once; its traces are scrubbed by a job, which
 * resumes after a restart like every job.
 */
export async function eraseAsManager(ctx: ActorContext, contactId: unknown): Promise<void> {
    if (ctx.scope.kind !== 'all') {
        throw notFound();
    }
    const contact = await getVisibleContact(ctx, contactId);
    const ids = await eraseIndex(ctx, contact, ctx.caller);
    await ctx.modify
        .getScheduler()
        .scheduleOnce({ id: ERASE_JOB, when: new Date(), data: { contactIds: ids.contactIds, roomIds: ids.roomIds } });
}

/** The erase job's data, read strictly: ids only. */
export function erasedIdsOf(data: Record<string, unknown>): ErasedIds {
    const ids = (value: unknown) => (Array.isArray(value) ? value.filter(isId) : []);
    return { contactIds: ids(data.contactIds), roomIds: ids(data.roomIds) };
}
