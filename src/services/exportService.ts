import { randomBytes, timingSafeEqual } from 'crypto';
import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { scopeOf, type Scope } from '../domain/access';
import { validateFilter } from '../domain/chat';
import { CHAT_COLUMNS, chatRow, contactColumns, contactRow, toCsv } from '../domain/csv';
import { ContactCenterError, ValidationError, conflict, forbidden, gone, notFound } from '../domain/errors';
import { EXPORT_CHUNK_ROWS, EXPORT_LINK_MINUTES, isExpired, type ExportJob, type ExportSubject } from '../domain/exports';
import { boundedText, isId } from '../domain/decode';
import { readCaller } from '../host/users';
import { ExportRepository } from '../store/ExportRepository';
import { findChats } from './chatService';
import { findContacts } from './contactSearch';
import type { ActorContext, ScopedContext, ServiceContext } from './context';

export const EXPORT_JOB = 'cc-export';
export const EXPORT_CLEANUP_JOB = 'cc-export-cleanup';
/** A run stops writing after this long (the host gives a job 30 seconds) and schedules the next one. */
const RUN_BUDGET_MS = 8_000;

/** The subject as the client sent it, checked like the Contacts search box and the Chats filter form. */
export function validateSubject(raw: { kind?: unknown; query?: unknown; filter?: unknown }, scope: Scope): ExportSubject {
    if (raw.kind === 'contacts') {
        return { kind: 'contacts', query: boundedText(raw.query, 200) };
    }
    if (raw.kind === 'chats') {
        const filter = validateFilter(raw.filter && typeof raw.filter === 'object' ? (raw.filter as Record<string, unknown>) : {});
        if (filter.agent && scope.kind !== 'all') {
            throw new ValidationError({ agent: { key: 'error_filter_agent_managers' } });
        }
        return { kind: 'chats', filter };
    }
    throw new ValidationError({ kind: { key: 'error_export_kind' } });
}

/** Starts the export job. The caller's earlier exports and their files are removed: one export per user. */
export async function startExport(ctx: ActorContext, subject: ExportSubject): Promise<ExportJob> {
    const { read, persistence, caller, scope } = ctx;
    const repository = new ExportRepository(read.getPersistenceReader());
    for (const old of await repository.ofOwner(caller.id)) {
        await ExportRepository.remove(persistence, old.id);
    }
    const now = new Date().toISOString();
    const job: ExportJob = {
        kind: 'export',
        id: randomBytes(9).toString('hex'),
        ownerId: caller.id,
        subject,
        scope,
        status: 'running',
        total: 0,
        done: 0,
        chunks: 0,
        token: randomBytes(20).toString('hex'),
        createdAt: now,
        updatedAt: now,
    };
    await ExportRepository.save(persistence, job);
    await ctx.modify.getScheduler().scheduleOnce({ id: EXPORT_JOB, when: new Date(), data: { exportId: job.id } });
    return job;
}

/** An export of the caller's own; the same answer for "does not exist" and "not yours". */
export async function getOwnExport(ctx: ActorContext, id: unknown): Promise<ExportJob> {
    const job = isId(id) ? await new ExportRepository(ctx.read.getPersistenceReader()).get(id) : undefined;
    if (!job || job.ownerId !== ctx.caller.id) {
        throw notFound('error_export_not_found');
    }
    return job;
}

/**
 * One run: reads the rows under the owner's CURRENT scope (roles are read again: a demoted manager's export
 * stops at the agent's contacts), takes the snapshot of ids on the first run, then writes chunks from the
 * first one not yet written until done or out of time. A restart resumes at the next chunk.
 */
export async function runExportStep(ctx: ServiceContext, exportId: unknown): Promise<ExportJob | undefined> {
    const { read, modify, persistence, config } = ctx;
    if (!isId(exportId)) {
        return undefined;
    }
    const repository = new ExportRepository(read.getPersistenceReader());
    const job = await repository.get(exportId);
    if (!job || job.status !== 'running') {
        return job;
    }
    const owner = await readCaller(read, job.ownerId);
    const scope = owner && scopeOf(owner, config.seeAllRoles);
    if (!scope) {
        return fail(persistence, job, 'refused_no_role');
    }
    let rows: { id: string; cells: string[] }[];
    try {
        rows = await readRows({ ...ctx, scope }, job.subject);
    } catch (error) {
        if (error instanceof ContactCenterError) {
            return fail(persistence, job, error instanceof ValidationError ? Object.values(error.fields)[0].key : error.key);
        }
        throw error;
    }
    let ids = await repository.ids(job.id);
    if (!ids) {
        ids = rows.map((r) => r.id);
        await ExportRepository.saveIds(persistence, job.id, ids);
    }
    // Rows gone since the snapshot are left out; rows added since are not in this file.
    const byId = new Map(rows.map((r) => [r.id, r.cells]));
    const chunkCount = Math.max(1, Math.ceil(ids.length / EXPORT_CHUNK_ROWS));
    const header = job.subject.kind === 'contacts' ? contactColumns(config.extraFields) : [...CHAT_COLUMNS];
    const started = Date.now();
    let current: ExportJob = { ...job, total: ids.length };
    for (let index = job.chunks; index < chunkCount; index++) {
        if (index > job.chunks && Date.now() - started > RUN_BUDGET_MS) {
            break;
        }
        const slice = ids.slice(index * EXPORT_CHUNK_ROWS, (index + 1) * EXPORT_CHUNK_ROWS);
        const cells = slice.map((id) => byId.get(id)).filter((c): c is string[] => c !== undefined);
        const text = (index === 0 ? toCsv([header]) : '') + (cells.length > 0 ? toCsv(cells) : '');
        await ExportRepository.saveChunk(persistence, job.id, index, text);
        current = {
            ...current,
            chunks: index + 1,
            done: Math.min(ids.length, (index + 1) * EXPORT_CHUNK_ROWS),
            updatedAt: new Date().toISOString(),
        };
        await ExportRepository.save(persistence, current);
    }
    if (current.chunks >= chunkCount) {
        const expiresAt = Date.now() + EXPORT_LINK_MINUTES * 60_000;
        current = { ...current, status: 'done', expiresAt: new Date(expiresAt).toISOString() };
        await ExportRepository.save(persistence, current);
        await modify
            .getScheduler()
            .scheduleOnce({ id: EXPORT_CLEANUP_JOB, when: new Date(expiresAt + 60_000), data: { exportId: job.id } });
    } else {
        await modify.getScheduler().scheduleOnce({ id: EXPORT_JOB, when: new Date(), data: { exportId: job.id } });
    }
    return current;
}

async function readRows(ctx: ScopedContext, subject: ExportSubject): Promise<{ id: string; cells: string[] }[]> {
    if (subject.kind === 'contacts') {
        return (await findContacts(ctx, subject.query)).map((c) => ({ id: c.id, cells: contactRow(c, ctx.config.extraFields) }));
    }
    return (await findChats(ctx, subject.filter)).map((c) => ({ id: c.roomId, cells: chatRow(c) }));
}

async function fail(persistence: IPersistence, job: ExportJob, error: string): Promise<ExportJob> {
    const failed: ExportJob = { ...job, status: 'failed', error, updatedAt: new Date().toISOString() };
    await ExportRepository.save(persistence, failed);
    return failed;
}

export interface ExportFile {
    filename: string;
    text: string;
}

/**
 * The file behind a download link. The token is the credential (a browser following the link sends no
 * Rocket.Chat headers); when the request does carry a user, it must be the owner. A wrong token answers
 * like an unknown export. The owner's roles are read again: a deactivated owner, or one who no longer sees
 * what the file was made with (a manager demoted to agent), gets nothing.
 */
export async function downloadExport(
    ctx: Pick<ServiceContext, 'read' | 'config'>,
    id: unknown,
    token: unknown,
    userId: string | undefined,
    now = new Date(),
): Promise<ExportFile> {
    const { read } = ctx;
    const repository = new ExportRepository(read.getPersistenceReader());
    const job = isId(id) ? await repository.get(id) : undefined;
    if (!job || typeof token !== 'string' || !sameSecret(token, job.token)) {
        throw notFound('error_export_not_found');
    }
    if (userId !== undefined && userId !== job.ownerId) {
        throw forbidden('error_export_not_yours');
    }
    if (isExpired(job, now)) {
        throw gone('error_export_expired');
    }
    if (job.status !== 'done') {
        throw conflict('error_export_not_ready');
    }
    const owner = await readCaller(read, job.ownerId);
    const scope = owner && scopeOf(owner, ctx.config.seeAllRoles);
    if (!scope || !job.scope || !sameScope(scope, job.scope)) {
        throw forbidden('error_export_not_allowed');
    }
    return { filename: `contact-center-${job.subject.kind}-${job.createdAt.slice(0, 10)}.csv`, text: await repository.text(job.id) };
}

function sameScope(a: Scope, b: Scope): boolean {
    return a.kind === b.kind && (a.kind === 'all' || a.agentId === (b as { agentId?: string }).agentId);
}

/**
 * Removes the files of exports whose link expired: one export (scheduled when its file was ready), or every
 * expired one (the daily sweep, for a clean-up that did not run). The progress record stays, so the link
 * answers "expired".
 */
export async function cleanUpExports(
    ctx: Pick<ServiceContext, 'read' | 'persistence'>,
    exportId?: unknown,
    now = new Date(),
): Promise<number> {
    const { read, persistence } = ctx;
    const repository = new ExportRepository(read.getPersistenceReader());
    const jobs = exportId === undefined ? await repository.all() : isId(exportId) ? [await repository.get(exportId)] : [];
    const expired = jobs.filter((job): job is ExportJob => !!job && job.status === 'done' && isExpired(job, now));
    for (const job of expired) {
        await ExportRepository.removeFile(persistence, job.id);
        await ExportRepository.save(persistence, { ...job, status: 'expired', updatedAt: now.toISOString() });
    }
    return expired.length;
}

function sameSecret(given: string, expected: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(new Uint8Array(a), new Uint8Array(b));
}

/** Where the link points: the workspace's address (Site_Url) and the app's public endpoint path. */
export async function downloadUrl(read: IRead, appId: string, job: ExportJob): Promise<string> {
    const path = `/api/apps/public/${appId}/exports/${job.id}/download?token=${job.token}`;
    let site = '';
    try {
        site = String((await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url')) ?? '');
    } catch {
        // Without the setting the path alone still works in the web client, which runs on the same origin.
    }
    return `${site.replace(/\/+$/, '')}${path}`;
}
