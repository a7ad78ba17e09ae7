import { isId } from '../domain/decode';
import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { countsOf, recheckEntry, type Broadcast, type Recipient } from '../domain/broadcast';
import { callerOf } from '../host/users';
import { ContactRepository } from '../store/ContactRepository';
import { BroadcastRepository } from '../store/BroadcastRepository';
import { deliver } from './broadcastDelivery';
import { BROADCAST_JOB, mayBroadcast } from './broadcastService';
import type { ServiceContext } from './context';

/** A run stops after this long (the host gives a job 30 seconds) and schedules the next one. */
const RUN_BUDGET_MS = 8_000;
/** A run sends what the rate allows in this many seconds, then waits out the rest of that time. */
const RUN_WINDOW_S = 10;

/**
 * One run of a broadcast's job: reads the broadcast, its audience, its recipient records and the contacts changed
 * since it started (four look-ups), and the sender. A sender who may no longer broadcast stops it. Skipped entries
 * are recorded; the next pending recipients are delivered within the rate (messages per minute), each one that
 * changed since the start read again first (it may have opted out or have a new address). Then the counts are
 * saved and the next run scheduled, or the broadcast finishes. Cancel is checked before every message.
 */
export async function runBroadcastStep(ctx: ServiceContext, broadcastId: unknown): Promise<Broadcast | undefined> {
    const { read, modify, persistence, config } = ctx;
    if (!isId(broadcastId)) {
        return undefined;
    }
    const repository = new BroadcastRepository(read.getPersistenceReader());
    const broadcast = await repository.get(broadcastId);
    if (!broadcast || broadcast.status !== 'running') {
        await BroadcastRepository.finish(persistence, broadcastId);
        return broadcast;
    }
    const [entries, recipients, changed, sender] = await Promise.all([
        repository.audience(broadcastId),
        repository.recipients(broadcastId),
        repository.changed(broadcastId),
        read.getUserReader().getById(broadcast.senderId),
    ]);
    const senderNow = callerOf(sender);
    if (!senderNow || !mayBroadcast(senderNow, config)) {
        return stop(persistence, broadcast, recipients, sender ? 'bc_stopped_sender_not_allowed' : 'bc_stopped_sender_gone');
    }
    const byContact = new Map(recipients.map((r) => [r.contactId, r]));
    const contacts = new ContactRepository(read.getPersistenceReader());
    const batch = Math.max(1, Math.ceil((config.broadcastPerMinute * RUN_WINDOW_S) / 60));
    const started = Date.now();
    let attempts = 0;
    let cancelled = false;
    for (const planned of entries) {
        const recorded = byContact.get(planned.contactId);
        if (recorded && recorded.state !== 'sending') {
            continue;
        }
        if (planned.skip && !recorded) {
            byContact.set(planned.contactId, await skip(persistence, broadcast, planned.contactId, planned.name, `skip_${planned.skip}`));
            continue;
        }
        if (attempts >= batch || Date.now() - started > RUN_BUDGET_MS) {
            break;
        }
        const entry =
            changed.has(planned.contactId) && !recorded
                ? recheckEntry(planned, await contacts.get(planned.contactId), broadcast.channel)
                : planned;
        if (entry.skip) {
            byContact.set(entry.contactId, await skip(persistence, broadcast, entry.contactId, entry.name, `skip_${entry.skip}`));
            continue;
        }
        if (await repository.isCancelled(broadcastId)) {
            cancelled = true;
            break;
        }
        attempts += 1;
        byContact.set(entry.contactId, await deliver({ read, modify, persistence, broadcast, agent: sender as IUser }, entry, recorded));
    }
    const left = entries.some((e) => byContact.get(e.contactId)?.state === undefined || byContact.get(e.contactId)?.state === 'sending');
    const now = new Date().toISOString();
    const status = cancelled || (left && (await repository.isCancelled(broadcastId))) ? 'cancelled' : left ? 'running' : 'done';
    const updated: Broadcast = {
        ...broadcast,
        counts: countsOf([...byContact.values()]),
        status,
        updatedAt: now,
        ...(status !== 'running' ? { finishedAt: now } : {}),
    };
    await BroadcastRepository.save(persistence, updated);
    if (status === 'running') {
        // Wait out the rest of the rate's window: `attempts` messages at `broadcastPerMinute` a minute.
        const wait = Math.ceil((attempts * 60) / config.broadcastPerMinute);
        await modify
            .getScheduler()
            .scheduleOnce({ id: BROADCAST_JOB, when: wait > 0 ? `in ${wait} seconds` : new Date(), data: { broadcastId } });
    } else {
        await BroadcastRepository.finish(persistence, broadcastId);
    }
    return updated;
}

/** Stops a broadcast by itself (the sender may no longer send): nothing more goes out, and the list says why. */
async function stop(persistence: IPersistence, broadcast: Broadcast, recipients: Recipient[], reason: string): Promise<Broadcast> {
    const now = new Date().toISOString();
    const stopped: Broadcast = {
        ...broadcast,
        status: 'cancelled',
        stopReason: reason,
        counts: countsOf(recipients),
        updatedAt: now,
        finishedAt: now,
    };
    await BroadcastRepository.save(persistence, stopped);
    await BroadcastRepository.finish(persistence, broadcast.id);
    return stopped;
}

async function skip(
    persistence: IPersistence,
    broadcast: Broadcast,
    contactId: string,
    name: string,
    reason: string,
    state: 'skipped' | 'failed' = 'skipped',
): Promise<Recipient> {
    const recipient: Recipient = {
        kind: 'recipient',
        broadcastId: broadcast.id,
        contactId,
        name,
        state,
        reason,
        at: new Date().toISOString(),
    };
    await BroadcastRepository.saveRecipient(persistence, recipient);
    return recipient;
}
