import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { Assoc } from './associations';

/**
 * Persistence has no compare-and-set, so a contested slot (revision N+1 of a contact, the lease of a job)
 * is taken by writing first and reading back:
 *  - a writer who sees no rival keeps the slot; anyone writing later sees it and does not;
 *  - writers who see each other: the one with the larger write id withdraws at once; the smaller one reads
 *    again after a pause and keeps the slot only if every rival has withdrawn, nothing newer was saved and
 *    its own record is still there; otherwise it withdraws too.
 * Whatever the interleaving, at most one writer keeps a slot, so nothing is overwritten silently; when
 * timing is unlucky both withdraw and the caller reports a conflict (or retries).
 */
export interface Claim<T> {
    writeId: string;
    /** The other records of the family, read just after the claim was written (none of them a rival). */
    others: T[];
    /** Removes the claimed record (rollback of an unfinished save, end of a lease). */
    release(): Promise<void>;
}

export interface Claimed {
    writeId?: string;
}

export interface ClaimRules<T> {
    /** Another record contesting the same slot. */
    isRival: (other: T) => boolean;
    /** A record that makes this claim out of date (a newer revision). */
    isNewer?: (other: T) => boolean;
}

/** How long the smaller of two rivals waits for the larger one to withdraw. */
const RIVAL_PAUSE_MS = 40;

/** Writes `record`, then reads back its family (all records under `family`) and applies the rules above. */
export async function claim<T extends Claimed>(
    persistence: IPersistence,
    reader: IPersistenceRead,
    record: object,
    associations: RocketChatAssociationRecord[],
    family: RocketChatAssociationRecord,
    rules: ClaimRules<T>,
): Promise<Claim<T> | undefined> {
    const writeId = newWriteId();
    const own = Assoc.write(writeId);
    await persistence.createWithAssociations({ ...record, writeId }, [...associations, own]);
    const release = async () => {
        await persistence.removeByAssociation(own);
    };
    try {
        let others = await readOthers<T>(reader, family, writeId);
        const rivals = others.others.filter(rules.isRival);
        if (rivals.length > 0) {
            if (rivals.some((r) => (r.writeId ?? '') < writeId)) {
                await release();
                return undefined;
            }
            await new Promise((resolve) => setTimeout(resolve, RIVAL_PAUSE_MS));
            others = await readOthers<T>(reader, family, writeId);
            if (!others.ownPresent || others.others.some((o) => rules.isRival(o) || !!rules.isNewer?.(o))) {
                await release();
                return undefined;
            }
        }
        return { writeId, others: others.others, release };
    } catch (error) {
        // Not knowing who else wrote, the writer withdraws.
        await release().catch(() => undefined);
        throw error;
    }
}

async function readOthers<T extends Claimed>(reader: IPersistenceRead, family: RocketChatAssociationRecord, writeId: string): Promise<{ others: T[]; ownPresent: boolean }> {
    const all = ((await reader.readByAssociation(family)) as T[] | undefined) ?? [];
    return { others: all.filter((r) => r.writeId !== writeId), ownPresent: all.some((r) => r.writeId === writeId) };
}

export function newWriteId(): string {
    return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
