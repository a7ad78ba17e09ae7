import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Assoc } from './associations';
import { claim, newWriteId, type Claimed } from './claims';
import { readAll } from './read';

/** This server instance (one Deno process per app per server in a cluster). */
export const INSTANCE_ID = newWriteId();

/** A lease outlives any run (runs stop after 8 s); a crashed owner's lease is free again after this. */
export const LEASE_TTL_MS = 60_000;

interface LeaseRecord extends Claimed {
    owner: string;
    expiresAt: string;
}

/** The end of the last run under a lease: a run that stepped aside finds out later whether anyone ran since. */
interface LastRun {
    endedAt: number;
}

export type LeaseOutcome = { ran: true } | { ran: false; heldUntil: number };

/**
 * Runs `work` only if no other instance holds the named lease, holding it meanwhile. In a cluster every
 * server schedules and runs jobs, so the same job can be due on two servers at once: the lease makes one
 * of them do the work and the other step aside. When it steps aside, the outcome says until when the live
 * lease holds (its holder may have died: see lastRunEnded).
 */
export async function withLease(
    persistence: IPersistence,
    reader: IPersistenceRead,
    name: string,
    work: () => Promise<void>,
    now = () => Date.now(),
): Promise<LeaseOutcome> {
    const slot = Assoc.lease(name);
    const live = (other: LeaseRecord) => Date.parse(other.expiresAt) > now();
    let heldUntil = now();
    for (let attempt = 0; attempt < 3; attempt++) {
        const record: LeaseRecord = { owner: INSTANCE_ID, expiresAt: new Date(now() + LEASE_TTL_MS).toISOString() };
        const held = await claim<LeaseRecord>(persistence, reader, record, [slot], slot, { isRival: live });
        if (held) {
            // Claims of crashed owners, expired, are cleared by whoever holds the lease next.
            await Promise.all(
                held.others
                    .filter((other) => other.writeId && !live(other))
                    .map((other) => persistence.removeByAssociation(Assoc.write(other.writeId as string))),
            );
            try {
                await work();
                await persistence.updateByAssociation(Assoc.leaseRun(name), { endedAt: now() } as LastRun, true);
            } finally {
                await held.release();
            }
            return { ran: true };
        }
        const holders = await readAll<LeaseRecord>(reader, slot);
        const holding = holders.filter(live);
        if (holding.length > 0) {
            heldUntil = Math.max(...holding.map((h) => Date.parse(h.expiresAt)));
            return { ran: false, heldUntil };
        }
        // Expired claims of crashed owners are cleared; claimants who saw each other try again after a random pause.
        await Promise.all(holders.filter((h) => h.writeId).map((h) => persistence.removeByAssociation(Assoc.write(h.writeId as string))));
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
    return { ran: false, heldUntil };
}

/** When the last run under the lease ended (0: never). */
export async function lastRunEnded(reader: IPersistenceRead, name: string): Promise<number> {
    const [record] = await readAll<LastRun>(reader, Assoc.leaseRun(name));
    return record?.endedAt ?? 0;
}
