import { recordAudit } from './audit';
import { isId } from '../domain/decode';
import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller } from '../domain/access';
import {
    EMPTY_COUNTS,
    reachOf,
    renderMessage,
    type AudienceEntry,
    type Broadcast,
    type Recipient,
    type ValidCompose,
} from '../domain/broadcast';
import type { Contact } from '../domain/contact';
import { ValidationError, forbidden, notFound } from '../domain/errors';
import { BroadcastRepository } from '../store/BroadcastRepository';
import { computeAudience, narrowAudience, type AudienceSummary } from './broadcastAudience';
import type { ActorContext, ScopedContext, ServiceContext } from './context';
import type { AppConfig } from './settings';

export const BROADCAST_JOB = 'cc-broadcast';

/** Only the roles of the setting may broadcast; checked on the server for every broadcast action and every run. */
export function mayBroadcast(caller: Caller, config: AppConfig): boolean {
    return caller.roles.some((role) => config.broadcastRoles.includes(role));
}

export function assertMayBroadcast(caller: Caller, config: AppConfig): void {
    if (!mayBroadcast(caller, config)) {
        throw forbidden('error_bc_not_allowed');
    }
}

/** Managers (the roles that see every contact) see and stop anyone's broadcast. */
const seesAll = (caller: Caller, config: AppConfig): boolean => caller.roles.some((role) => config.seeAllRoles.includes(role));

export interface BroadcastPreview {
    /** Who the broadcast would reach (the picked recipients, when some were picked). */
    summary: AudienceSummary;
    /** The whole audience of the query or tag, to pick from. */
    full: AudienceSummary;
    /** The message as the first recipient who will receive it would read it. */
    sample?: { name: string; text: string };
}

export async function previewBroadcast(ctx: ScopedContext, valid: ValidCompose): Promise<BroadcastPreview> {
    // The whole audience is read so that recipients unticked before can be ticked again.
    const full = await computeAudience(ctx, valid.audience, valid.channel);
    const summary = valid.picked ? narrowAudience(full, valid.picked) : full;
    assertAudience(summary, valid);
    const first = summary.entries.find((e) => !e.skip) as AudienceEntry;
    return { summary, full, sample: { name: first.name, text: renderMessage(valid.text, first, valid.channel) } };
}

/** The audience is computed again here, whatever the preview showed; then the job takes over. */
export async function createBroadcast(ctx: ActorContext, valid: ValidCompose): Promise<Broadcast> {
    const { persistence, caller, scope } = ctx;
    assertMayBroadcast(caller, ctx.config);
    const id = newId();
    // Running before the audience is read: a contact changed from now on is noted for it (see noteContactChange).
    await BroadcastRepository.markActive(persistence, id);
    const summary = await computeAudience(ctx, valid.audience, valid.channel, valid.picked);
    assertAudience(summary, valid);
    const now = new Date().toISOString();
    const broadcast: Broadcast = {
        kind: 'broadcast',
        id,
        senderId: caller.id,
        senderUsername: caller.username,
        scope,
        channel: valid.channel,
        text: valid.text,
        audience: valid.audience,
        total: summary.entries.length,
        truncated: summary.truncated,
        status: 'running',
        counts: EMPTY_COUNTS,
        createdAt: now,
        updatedAt: now,
    };
    await BroadcastRepository.create(persistence, broadcast, summary.entries);
    await ctx.modify.getScheduler().scheduleOnce({ id: BROADCAST_JOB, when: new Date(), data: { broadcastId: broadcast.id } });
    const audience: Record<string, string> =
        valid.audience.kind === 'search' ? { query: valid.audience.query } : { tag: valid.audience.tag };
    await recordAudit(persistence, {
        subject: { kind: 'broadcast', id: broadcast.id },
        action: 'broadcast.started',
        actor: caller,
        detail: { channel: broadcast.channel, recipients: broadcast.total, ...audience },
    });
    return broadcast;
}

function assertAudience(summary: AudienceSummary, valid: ValidCompose): void {
    if (summary.deliverable === 0) {
        const field = valid.audience.kind === 'search' ? 'query' : 'tag';
        throw new ValidationError({
            [field]: { key: summary.entries.length === 0 ? 'error_bc_audience_empty' : 'error_bc_audience_all_skipped' },
        });
    }
}

/**
 * A broadcast the caller may see: their own while they may broadcast, anyone's for a manager. The same answer
 * for "does not exist" and "not yours".
 */
export async function getVisibleBroadcast(ctx: ActorContext, id: unknown): Promise<Broadcast> {
    const manager = seesAll(ctx.caller, ctx.config);
    if (!manager) {
        assertMayBroadcast(ctx.caller, ctx.config);
    }
    const broadcast = isId(id) ? await new BroadcastRepository(ctx.read.getPersistenceReader()).get(id) : undefined;
    if (!broadcast || (broadcast.senderId !== ctx.caller.id && !manager)) {
        throw notFound('error_bc_not_found');
    }
    return broadcast;
}

/** Cancel stops the job before its next message; what was sent stays sent. The sender or a manager may cancel. */
export async function cancelBroadcast(ctx: ActorContext, id: unknown): Promise<void> {
    const broadcast = await getVisibleBroadcast(ctx, id);
    if (broadcast.status === 'running') {
        await BroadcastRepository.cancel(ctx.persistence, broadcast, ctx.caller.username);
        await recordAudit(ctx.persistence, {
            subject: { kind: 'broadcast', id: broadcast.id },
            action: 'broadcast.cancelled',
            actor: ctx.caller,
            ...(broadcast.senderId !== ctx.caller.id ? { detail: { sender: broadcast.senderUsername } } : {}),
        });
    }
}

/**
 * The caller's broadcasts, newest first. A manager sees everyone's: those still running first (whenever they
 * started), then the others of this month and the last, with their own.
 */
export async function listBroadcasts(ctx: ActorContext, now = new Date()): Promise<Broadcast[]> {
    const { caller } = ctx;
    const repository = new BroadcastRepository(ctx.read.getPersistenceReader());
    if (!seesAll(caller, ctx.config)) {
        return repository.history(caller.id);
    }
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const [own, recent, active] = await Promise.all([
        repository.history(caller.id),
        repository.ofMonths([now.toISOString().slice(0, 7), lastMonth]),
        repository.active(),
    ]);
    const byId = new Map([...recent, ...own].map((b) => [b.id, b]));
    const missing = await Promise.all(active.filter((id) => !byId.has(id)).map((id) => repository.get(id)));
    const all = [...byId.values(), ...missing.filter((b): b is Broadcast => !!b)];
    const running = all.filter((b) => b.status === 'running');
    const newest = (a: Broadcast, b: Broadcast) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);
    return [...running.sort(newest), ...all.filter((b) => b.status !== 'running').sort(newest)];
}

/**
 * A contact changed: when what decides whether and where it is reached changed (do not contact, its address, its
 * visitor), every running broadcast notes it, so its job reads the contact again before delivering to it. Costs one
 * read when nothing runs.
 */
export async function noteContactChange(
    ctx: Pick<ServiceContext, 'read' | 'persistence'>,
    before: Contact | undefined,
    after: Contact | undefined,
): Promise<void> {
    const id = after?.id ?? before?.id;
    if (!id || reachOf(before) === reachOf(after)) {
        return;
    }
    const running = await new BroadcastRepository(ctx.read.getPersistenceReader()).active();
    await BroadcastRepository.noteChanged(ctx.persistence, running, id);
}

export interface ReportRow {
    contactId: string;
    name: string;
    state: Recipient['state'] | 'pending';
    reason?: string;
}

export async function broadcastReport(ctx: ActorContext, id: unknown): Promise<{ broadcast: Broadcast; rows: ReportRow[] }> {
    const own = await getVisibleBroadcast(ctx, id);
    const repository = new BroadcastRepository(ctx.read.getPersistenceReader());
    const [[broadcast], entries, recipients] = await Promise.all([
        repository.history(own.senderId).then((all) => all.filter((b) => b.id === own.id)),
        repository.audience(own.id),
        repository.recipients(own.id),
    ]);
    const byContact = new Map(recipients.map((r) => [r.contactId, r]));
    const rows = entries.map((entry): ReportRow => {
        const recipient = byContact.get(entry.contactId);
        if (recipient) {
            return {
                contactId: entry.contactId,
                name: entry.name,
                state: recipient.state,
                ...(recipient.reason ? { reason: recipient.reason } : {}),
            };
        }
        return { contactId: entry.contactId, name: entry.name, state: 'pending', ...(entry.skip ? { reason: `skip_${entry.skip}` } : {}) };
    });
    return { broadcast: broadcast ?? own, rows };
}

/**
 * Upgrade: broadcasts created by a version without the audience index (store/BroadcastRepository: members) get it,
 * so that the erasure of a person finds them. `since` is when that version was installed (its first backfill).
 */
export async function indexEarlierAudiences(ctx: ServiceContext, since: string, now = new Date()): Promise<number> {
    const months: string[] = [];
    for (let at = new Date(`${since.slice(0, 7)}-01T00:00:00Z`); at <= now; at.setUTCMonth(at.getUTCMonth() + 1)) {
        months.push(at.toISOString().slice(0, 7));
    }
    const repository = new BroadcastRepository(ctx.read.getPersistenceReader());
    const broadcasts = await repository.ofMonths(months);
    for (const broadcast of broadcasts) {
        await BroadcastRepository.indexAudience(ctx.persistence, broadcast.id, await repository.audience(broadcast.id));
    }
    return broadcasts.length;
}

/** After a restart: one chain of runs per broadcast that still has work (jobs left from before are replaced). */
export async function resumeBroadcasts(read: IRead, scheduler: ISchedulerModify): Promise<void> {
    const ids = await new BroadcastRepository(read.getPersistenceReader()).active();
    await scheduler.cancelJob(BROADCAST_JOB);
    for (const broadcastId of ids) {
        await scheduler.scheduleOnce({ id: BROADCAST_JOB, when: new Date(), data: { broadcastId } });
    }
}

function newId(): string {
    return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
