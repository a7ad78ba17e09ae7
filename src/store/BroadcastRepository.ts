import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { AudienceEntry, Broadcast, Recipient } from '../domain/broadcast';
import { Assoc } from './associations';
import { readAll } from './read';

interface CancelRecord {
    kind: 'cancel';
    broadcastId: string;
    by: string;
    at: string;
}

/**
 * A broadcast is several records, each written by one party so that no write overwrites another's:
 *   broadcast   [broadcast(id), broadcastsBy(sender), broadcastsMonth(created)]  created by the sender, then updated by its job only
 *   cancel      [broadcastCancel(id), broadcastsBy(sender)]  written by the sender's Cancel
 *   members     [broadcastMembers(id), inAudience(contact)...]  written at creation, before the audience: finds a
 *               contact's broadcasts (erasure), whatever became of the contact's entry in the audience
 *   audience    [broadcastAudience(id)]  written once at creation
 *   recipient   [broadcastRecipients(id), broadcastRecipient(id, contact)]  one per recipient, by the job
 *   active      [broadcastsActive(), broadcastActive(id)]  while the job has work left (written before the audience is read)
 *   changed     [broadcastChanged(id), broadcastChangedContact(id, contact)]  a contact changed while it runs, one each
 * Updates match associations exactly (order included): each kind is always written with the same array.
 */
export class BroadcastRepository {
    constructor(private readonly reader: IPersistenceRead) {}

    /** The sender's broadcasts, newest first, with cancellations applied: one look-up. */
    async history(senderId: string): Promise<Broadcast[]> {
        const records = await readAll<Broadcast | CancelRecord>(this.reader, Assoc.broadcastsBy(senderId));
        const cancelled = new Set(records.filter((r): r is CancelRecord => r.kind === 'cancel').map((r) => r.broadcastId));
        return records
            .filter((r): r is Broadcast => r.kind === 'broadcast')
            .map((b) => (cancelled.has(b.id) && b.status === 'running' ? { ...b, status: 'cancelled' as const } : b))
            .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    }

    /** Everyone's broadcasts created in the given months (yyyy-mm), newest first. */
    async ofMonths(months: string[]): Promise<Broadcast[]> {
        const records = (await Promise.all(months.map((m) => this.reader.readByAssociation(Assoc.broadcastsMonth(m))))).flat() as (
            Broadcast | undefined
        )[];
        return records
            .filter((r): r is Broadcast => !!r && r.kind === 'broadcast')
            .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    }

    async get(id: string): Promise<Broadcast | undefined> {
        const records = await readAll<Broadcast>(this.reader, Assoc.broadcast(id));
        return records.find((r) => r.kind === 'broadcast');
    }

    async isCancelled(id: string): Promise<boolean> {
        return (await readAll<unknown>(this.reader, Assoc.broadcastCancel(id))).length > 0;
    }

    async audience(id: string): Promise<AudienceEntry[]> {
        const [record] = await readAll<{ entries: AudienceEntry[] }>(this.reader, Assoc.broadcastAudience(id));
        return record?.entries ?? [];
    }

    async recipients(id: string): Promise<Recipient[]> {
        return await readAll<Recipient>(this.reader, Assoc.broadcastRecipients(id));
    }

    /** The contacts that changed since the broadcast started (see noteChanged): one read. */
    async changed(id: string): Promise<Set<string>> {
        const records = await readAll<{ contactId: string }>(this.reader, Assoc.broadcastChanged(id));
        return new Set(records.map((r) => r.contactId));
    }

    /** A contact's recipient records, in every broadcast. */
    async recipientsOf(contactId: string): Promise<Recipient[]> {
        return await readAll<Recipient>(this.reader, Assoc.recipientOf(contactId));
    }

    /** The broadcasts whose audience holds this contact: one look-up. */
    async holding(contactId: string): Promise<string[]> {
        const records = await readAll<{ broadcastId: string }>(this.reader, Assoc.inAudience(contactId));
        return [...new Set(records.map((r) => r.broadcastId))];
    }

    /** One contact's recipient records in a broadcast, whichever version of the app wrote them. */
    async recipientIn(broadcastId: string, contactId: string): Promise<Recipient[]> {
        return await readAll<Recipient>(this.reader, Assoc.broadcastRecipient(broadcastId, contactId));
    }

    /** Writes the index of a broadcast's audience (see members above); writing it again changes nothing. */
    static async indexAudience(persistence: IPersistence, id: string, entries: Pick<AudienceEntry, 'contactId'>[]): Promise<void> {
        const members = [...new Set(entries.map((e) => e.contactId))].map((contactId) => Assoc.inAudience(contactId));
        await persistence.updateByAssociations([Assoc.broadcastMembers(id), ...members], { kind: 'members', broadcastId: id }, true);
    }

    /**
     * Rewrites a recipient record in place (the erasure of a person): the record as this version writes it, and as
     * versions before the contact association wrote it; never creates one.
     */
    static async rewriteRecipient(persistence: IPersistence, recipient: Recipient): Promise<void> {
        for (const associations of [recipientAssociations(recipient), recipientAssociations(recipient).slice(0, 2)]) {
            await persistence.updateByAssociations(associations, recipient, false);
        }
    }

    /** Rewrites a broadcast's audience (the erasure of a person). */
    static async saveAudience(persistence: IPersistence, id: string, entries: AudienceEntry[]): Promise<void> {
        await persistence.updateByAssociations([Assoc.broadcastAudience(id)], { entries }, true);
    }

    /** Ids of broadcasts whose job still has work. */
    async active(): Promise<string[]> {
        const records = await readAll<{ broadcastId: string }>(this.reader, Assoc.broadcastsActive());
        return [...new Set(records.map((r) => r.broadcastId))];
    }

    /**
     * Marks a broadcast as running before its audience is read: a contact changed after that read is then noted for it
     * (whoever changes a contact reads the running broadcasts after saving it).
     */
    static async markActive(persistence: IPersistence, id: string): Promise<void> {
        await persistence.updateByAssociations(activeAssociations(id), { broadcastId: id }, true);
    }

    static async create(persistence: IPersistence, broadcast: Broadcast, entries: AudienceEntry[]): Promise<void> {
        // Its members, then the audience: no audience without its index, no broadcast record without its audience.
        await BroadcastRepository.indexAudience(persistence, broadcast.id, entries);
        await persistence.updateByAssociations([Assoc.broadcastAudience(broadcast.id)], { entries }, true);
        await BroadcastRepository.save(persistence, broadcast);
    }

    /** Notes that a contact changed while these broadcasts run. */
    static async noteChanged(persistence: IPersistence, broadcastIds: string[], contactId: string): Promise<void> {
        await Promise.all(
            broadcastIds.map((id) =>
                persistence.updateByAssociations(
                    [Assoc.broadcastChanged(id), Assoc.broadcastChangedContact(id, contactId)],
                    { contactId, at: new Date().toISOString() },
                    true,
                ),
            ),
        );
    }

    static async save(persistence: IPersistence, broadcast: Broadcast): Promise<void> {
        await persistence.updateByAssociations(broadcastAssociations(broadcast), broadcast, true);
    }

    static async cancel(persistence: IPersistence, broadcast: Broadcast, by: string): Promise<void> {
        const record: CancelRecord = { kind: 'cancel', broadcastId: broadcast.id, by, at: new Date().toISOString() };
        await persistence.updateByAssociations([Assoc.broadcastCancel(broadcast.id), Assoc.broadcastsBy(broadcast.senderId)], record, true);
    }

    static async finish(persistence: IPersistence, id: string): Promise<void> {
        await persistence.removeByAssociations(activeAssociations(id));
    }

    static async saveRecipient(persistence: IPersistence, recipient: Recipient): Promise<void> {
        await persistence.updateByAssociations(recipientAssociations(recipient), recipient, true);
    }
}

/** A recipient's associations; versions before the contact association (recipientOf) wrote the first two only. */
function recipientAssociations(recipient: Pick<Recipient, 'broadcastId' | 'contactId'>): RocketChatAssociationRecord[] {
    return [
        Assoc.broadcastRecipients(recipient.broadcastId),
        Assoc.broadcastRecipient(recipient.broadcastId, recipient.contactId),
        Assoc.recipientOf(recipient.contactId),
    ];
}

function broadcastAssociations(broadcast: Broadcast): RocketChatAssociationRecord[] {
    return [Assoc.broadcast(broadcast.id), Assoc.broadcastsBy(broadcast.senderId), Assoc.broadcastsMonth(broadcast.createdAt.slice(0, 7))];
}

function activeAssociations(id: string): RocketChatAssociationRecord[] {
    return [Assoc.broadcastsActive(), Assoc.broadcastActive(id)];
}
