import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Assoc } from './associations';
import { claim, newWriteId, type Claimed } from './claims';

/** This server instance (one Deno process per app per server in a cluster). */
export const INSTANCE_ID = newWriteId();

/** A lease outlives any run (runs stop after 8 s); a crashed owner's lease is free again after this. */
export const LEASE_TTL_MS = 60_000;

interface LeaseRecord extends Claimed {
    owner: string;
    expiresAt: string;
}

/**
 * Runs `work` only if no other instance holds the named lease, holding it meanwhile. In a cluster every
 * server schedules and runs jobs, so the same job can be due on two servers at once: the lease makes one
 * of them do the work and the other step aside. Returns false when it stepped aside.
 */
export async function withLease(persistence: IPersistence, reader: IPersistenceRead, name: string, work: () => Promise<void>, now = () => Date.now()): Promise<boolean> {
    const slot = Assoc.lease(name);
    const live = (other: LeaseRecord) => Date.parse(other.expiresAt) > now();
    for (let attempt = 0; attempt < 3; attempt++) {
        const record: LeaseRecord = { owner: INSTANCE_ID, expiresAt: new Date(now() + LEASE_TTL_MS).toISOString() };
        const held = await claim<LeaseRecord>(persistence, reader, record, [slot], slot, { isRival: live });
        if (held) {
            // Claims of crashed owners, expired, are cleared by whoever holds the lease next.
            await Promise.all(held.others.filter((other) => other.writeId && !live(other)).map((other) => persistence.removeByAssociation(Assoc.write(other.writeId as string))));
            try {
                await work();
            } finally {
                await held.release();
            }
            return true;
        }
        const holders = ((await reader.readByAssociation(slot)) as LeaseRecord[] | undefined) ?? [];
        if (holders.some(live)) {
            return false;
        }
        // Expired claims of crashed owners are cleared; claimants who saw each other try again after a random pause.
        await Promise.all(holders.filter((h) => h.writeId).map((h) => persistence.removeByAssociation(Assoc.write(h.writeId as string))));
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
    return false;
}
