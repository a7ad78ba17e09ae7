import { isId } from '../domain/ids';
import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { countsOf, type Broadcast, type Recipient } from '../domain/broadcast';
import { BroadcastRepository } from '../store/BroadcastRepository';
import { deliver } from './broadcastDelivery';
import { BROADCAST_JOB } from './broadcastService';
import type { AppConfig } from './settings';

/** A run stops after this long (the host gives a job 30 seconds) and schedules the next one. */
const RUN_BUDGET_MS = 8_000;
/** A run sends what the rate allows in this many seconds, then waits out the rest of that time. */
const RUN_WINDOW_S = 10;

/**
 * One run of a broadcast's job: reads the audience and the recipient records (two look-ups), records the
 * skipped, delivers to the next pending recipients within the rate (messages per minute), saves the
 * counts, then schedules the next run or finishes. Cancel is checked before every message.
 */
export async function runBroadcastStep(read: IRead, modify: IModify, persistence: IPersistence, config: AppConfig, broadcastId: unknown): Promise<Broadcast | undefined> {
    if (!isId(broadcastId)) {
        return undefined;
    }
    const repository = new BroadcastRepository(read.getPersistenceReader());
    const broadcast = await repository.get(broadcastId);
    if (!broadcast || broadcast.status !== 'running') {
        await BroadcastRepository.finish(persistence, broadcastId);
        return broadcast;
    }
    const [entries, recipients] = await Promise.all([repository.audience(broadcastId), repository.recipients(broadcastId)]);
    const byContact = new Map(recipients.map((r) => [r.contactId, r]));
    const agent = broadcast.channel === 'conversation' ? await read.getUserReader().getById(broadcast.senderId) : undefined;
    const batch = Math.max(1, Math.ceil((config.broadcastPerMinute * RUN_WINDOW_S) / 60));
    const started = Date.now();
    let attempts = 0;
    let cancelled = false;
    for (const entry of entries) {
        const recorded = byContact.get(entry.contactId);
        if (recorded && recorded.state !== 'sending') {
            continue;
        }
        if (entry.skip && !recorded) {
            byContact.set(entry.contactId, await skip(persistence, broadcast, entry.contactId, entry.name, `skip_${entry.skip}`));
            continue;
        }
        if (attempts >= batch || Date.now() - started > RUN_BUDGET_MS) {
            break;
        }
        if (await repository.isCancelled(broadcastId)) {
            cancelled = true;
            break;
        }
        if (broadcast.channel === 'conversation' && agent == null) {
            byContact.set(entry.contactId, await skip(persistence, broadcast, entry.contactId, entry.name, 'bc_reason_sender_gone', 'failed'));
            continue;
        }
        attempts += 1;
        byContact.set(entry.contactId, await deliver({ read, modify, persistence, broadcast, agent: agent as NonNullable<typeof agent> }, entry, recorded));
    }
    const left = entries.some((e) => byContact.get(e.contactId)?.state === undefined || byContact.get(e.contactId)?.state === 'sending');
    const now = new Date().toISOString();
    const status = cancelled || (left && (await repository.isCancelled(broadcastId))) ? 'cancelled' : left ? 'running' : 'done';
    const updated: Broadcast = { ...broadcast, counts: countsOf([...byContact.values()]), status, updatedAt: now, ...(status !== 'running' ? { finishedAt: now } : {}) };
    await BroadcastRepository.save(persistence, updated);
    if (status === 'running') {
        // Wait out the rest of the rate's window: `attempts` messages at `broadcastPerMinute` a minute.
        const wait = Math.ceil((attempts * 60) / config.broadcastPerMinute);
        await modify.getScheduler().scheduleOnce({ id: BROADCAST_JOB, when: wait > 0 ? `in ${wait} seconds` : new Date(), data: { broadcastId } });
    } else {
        await BroadcastRepository.finish(persistence, broadcastId);
    }
    return updated;
}

async function skip(persistence: IPersistence, broadcast: Broadcast, contactId: string, name: string, reason: string, state: 'skipped' | 'failed' = 'skipped'): Promise<Recipient> {
    const recipient: Recipient = { kind: 'recipient', broadcastId: broadcast.id, contactId, name, state, reason, at: new Date().toISOString() };
    await BroadcastRepository.saveRecipient(persistence, recipient);
    return recipient;
}
