import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { Assoc } from './associations';
import { readAll } from './read';

/**
 * Persistence has no compare-and-set, so a contested slot (revision N+1 of a contact, the lease of a job)
 * is taken by writing first and reading back:
 *  - a writer who sees something newer (revision N+2, written while its own write was on its way) withdraws;
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

/** One claim of a batch (see claimAll). */
export interface ClaimRequest<T> {
    record: object;
    associations: RocketChatAssociationRecord[];
    /** Every record contesting or superseding this one carries this association. */
    family: RocketChatAssociationRecord;
    rules: ClaimRules<T>;
    /** Whether a record of a shared read belongs to this claim's family. */
    owns: (record: T) => boolean;
}

/** Writes `record`, then reads back its family (all records under `family`) and applies the rules above. */
export async function claim<T extends Claimed>(
    persistence: IPersistence,
    reader: IPersistenceRead,
    record: object,
    associations: RocketChatAssociationRecord[],
    family: RocketChatAssociationRecord,
    rules: ClaimRules<T>,
): Promise<Claim<T> | undefined> {
    const [claimed] = await claimAll<T>(persistence, reader, [{ record, associations, family, rules, owns: () => true }]);
    return claimed;
}

/**
 * Several claims at once: every record is written, then each family is read back, by one read of `shared`
 * when given (an association every record of every family carries, so that one read holds them all), and
 * each claim is settled by the rules above. A claim lost to a rival is undefined. When a write or a read
 * fails, every record written is withdrawn and the error is thrown.
 */
export async function claimAll<T extends Claimed>(
    persistence: IPersistence,
    reader: IPersistenceRead,
    requests: ClaimRequest<T>[],
    shared?: RocketChatAssociationRecord,
): Promise<(Claim<T> | undefined)[]> {
    if (requests.length === 0) {
        return [];
    }
    const writes = await Promise.allSettled(requests.map((request) => write(persistence, request.record, request.associations)));
    const written = writes.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : []));
    const withdrawAll = () => Promise.all(written.map((w) => w.release().catch(() => undefined)));
    const failedWrite = writes.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failedWrite) {
        await withdrawAll();
        throw failedWrite.reason;
    }
    try {
        const together = shared ? await readAll<T>(reader, shared) : undefined;
        const settled = await Promise.allSettled(
            requests.map(async (request, i) =>
                settle(reader, request, written[i], together ? together.filter(request.owns) : await readAll<T>(reader, request.family)),
            ),
        );
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) {
            throw failed.reason;
        }
        return settled.map((s) => (s as PromiseFulfilledResult<Claim<T> | undefined>).value);
    } catch (error) {
        // Not knowing who else wrote, every writer withdraws.
        await withdrawAll();
        throw error;
    }
}

interface Written {
    writeId: string;
    release(): Promise<void>;
}

async function write(persistence: IPersistence, record: object, associations: RocketChatAssociationRecord[]): Promise<Written> {
    const writeId = newWriteId();
    const own = Assoc.write(writeId);
    await persistence.createWithAssociations({ ...record, writeId }, [...associations, own]);
    return {
        writeId,
        release: async () => {
            await persistence.removeByAssociation(own);
        },
    };
}

/** Keeps or withdraws one written record, given its family as read just after the write. */
async function settle<T extends Claimed>(
    reader: IPersistenceRead,
    request: ClaimRequest<T>,
    written: Written,
    family: T[],
): Promise<Claim<T> | undefined> {
    const { writeId, release } = written;
    let others = split(family, writeId);
    if (others.others.some((o) => !!request.rules.isNewer?.(o))) {
        // Landed behind a newer record: keeping it would bring back what that record replaced.
        await release();
        return undefined;
    }
    const rivals = others.others.filter(request.rules.isRival);
    if (rivals.length > 0) {
        if (rivals.some((r) => (r.writeId ?? '') < writeId)) {
            await release();
            return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, RIVAL_PAUSE_MS));
        others = split(await readAll<T>(reader, request.family), writeId);
        if (!others.ownPresent || others.others.some((o) => request.rules.isRival(o) || !!request.rules.isNewer?.(o))) {
            await release();
            return undefined;
        }
    }
    return { writeId, others: others.others, release };
}

function split<T extends Claimed>(all: T[], writeId: string): { others: T[]; ownPresent: boolean } {
    return { others: all.filter((r) => r.writeId !== writeId), ownPresent: all.some((r) => r.writeId === writeId) };
}

let writeCounter = 0;

/** Unique, and ordered by time of writing (within one instance strictly: the counter breaks ties within a millisecond). */
export function newWriteId(): string {
    writeCounter = (writeCounter + 1) % 36 ** 4;
    return `${Date.now().toString(36).padStart(9, '0')}${writeCounter.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
}
