import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpoint, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { validateFilter } from '../../domain/chat';
import { publicContact } from '../../domain/contact';
import { boundedText } from '../../domain/decode';
import { ValidationError } from '../../domain/errors';
import { exportPercent, type ExportJob } from '../../domain/exports';
import { LIST_LIMITS, listAt } from '../../domain/listAt';
import { chatsOfContact, listChats, setTags } from '../../services/chatService';
import { getVisibleContact, searchContacts } from '../../services/contactSearch';
import { downloadExport, downloadUrl, getOwnExport, startExport, validateSubject } from '../../services/exportService';
import { dryRunImport, importStatus, startImport } from '../../services/importService';
import type { ActionContext, ConfigSource, ScreenContext } from '../context';
import { bodyOf, errorResponse, json, parsePlace, positionOf, toResponse } from './http';

type Accessors = { read: IRead; modify: IModify; persistence: IPersistence; http: IHttp };
export type ContextFactory = (user: IUser, accessors: Accessors) => Promise<ActionContext | undefined>;
type Handler = (ctx: ScreenContext, request: IApiRequest) => Promise<IApiResponse>;

/**
 * The REST API: each endpoint requires a Rocket.Chat login (the server answers 401 itself without one),
 * re-reads the caller's roles, refuses callers without an omnichannel role (403), then parses, calls one
 * service and maps its typed error to a status (see http.ts).
 */
export function apiEndpoints(contextFor: ContextFactory, config: ConfigSource): IApiEndpoint[] {
    const route = (path: string, methods: Partial<Record<'get' | 'post' | 'put', Handler>>): IApiEndpoint => {
        const endpoint: IApiEndpoint = { path, authRequired: true };
        for (const [method, handler] of Object.entries(methods)) {
            endpoint[method as 'get'] = async (request, _info, read, modify, http, persistence) => {
                const ctx = request.user ? await contextFor(request.user, { read, modify, persistence, http }) : undefined;
                if (!ctx) {
                    return errorResponse(401, 'error_unauthorized');
                }
                if (!ctx.scope) {
                    return errorResponse(403, 'refused_no_role');
                }
                try {
                    return await handler({ ...ctx, scope: ctx.scope }, request);
                } catch (error) {
                    return toResponse(error, (message, e) => ctx.logger?.error(message, e));
                }
            };
        }
        return endpoint;
    };

    return [
        route('contacts', {
            get: async (ctx, { query }) => {
                const at = listAt(parsePlace(query), ctx.config.pageSize);
                const result = await searchContacts(ctx, boundedText(query.q, LIST_LIMITS.query), at);
                return json(200, { ...result, ...positionOf(at, result, ctx.config.pageSize) });
            },
        }),
        route('contacts/:id', {
            get: async (ctx, { params }) => {
                const contact = await getVisibleContact(ctx, params.id);
                const chats = await chatsOfContact(ctx, contact.id);
                return json(200, { contact: publicContact(contact), chats });
            },
        }),
        route('chats', {
            get: async (ctx, { query }) => {
                const at = listAt(parsePlace(query), ctx.config.pageSize);
                const filter = validateFilter({
                    name: query.name,
                    agent: query.agent,
                    department: query.department,
                    tag: query.tag,
                    from: query.from,
                    to: query.to,
                });
                const result = await listChats(ctx, filter, at);
                return json(200, { ...result, ...positionOf(at, result, ctx.config.pageSize), filter });
            },
        }),
        route('chats/:id/tags', {
            put: async (ctx, { params, content }) => {
                const body = bodyOf(content);
                if (!Number.isInteger(body.revision)) {
                    throw new ValidationError({ revision: { key: 'error_revision_required' } });
                }
                const chat = await setTags(ctx, { roomId: params.id, revision: body.revision as number, tags: tagsText(body.tags) });
                return json(200, { chat: { roomId: chat.roomId, tags: chat.tags, revision: chat.revision } });
            },
        }),
        route('exports', {
            post: async (ctx, { content }) => {
                const job = await startExport(ctx, validateSubject(bodyOf(content), ctx.scope));
                return json(202, { export: await exportView(ctx, job) });
            },
        }),
        route('exports/:id', {
            get: async (ctx, { params }) => json(200, { export: await exportView(ctx, await getOwnExport(ctx, params.id)) }),
        }),
        route('imports', {
            post: async (ctx, { content }) => {
                const body = bodyOf(content);
                if (body.dryRun !== false) {
                    return json(200, { dryRun: true, ...(await dryRunImport(ctx, body.csv)) });
                }
                const job = await startImport(ctx, body.csv);
                return json(202, { import: { id: job.id, status: job.status, total: job.rows.length } });
            },
        }),
        route('imports/:id', {
            get: async (ctx, { params }) => {
                const { job, outcomes, counts } = await importStatus(ctx, params.id);
                return json(200, {
                    import: {
                        id: job.id,
                        status: job.status,
                        total: job.rows.length,
                        done: outcomes.length,
                        counts,
                        rows: outcomes,
                        ...(job.error ? { error: job.error } : {}),
                    },
                });
            },
        }),
        downloadEndpoint(config),
    ];
}

/**
 * The download link. Not authRequired: a browser following a link sends no X-User-Id/X-Auth-Token, and
 * Rocket.Chat does not pass its session cookie to app endpoints. The link's token is the credential: long,
 * random, shown only to the owner, and valid for a short time once the file is ready.
 */
function downloadEndpoint(config: ConfigSource): IApiEndpoint {
    return {
        path: 'exports/:id/download',
        authRequired: false,
        get: async (request, _info, read) => {
            try {
                const file = await downloadExport(
                    { read, config: await config(read) },
                    request.params.id,
                    request.query.token,
                    request.user?.id,
                );
                return {
                    status: 200,
                    headers: {
                        'Content-Type': 'text/csv; charset=utf-8',
                        'Content-Disposition': `attachment; filename="${file.filename}"`,
                        'Cache-Control': 'no-store',
                    },
                    content: file.text,
                };
            } catch (error) {
                return toResponse(error);
            }
        },
    };
}

/** Tags as a JSON array of strings or as one text (one a line or comma separated, like the form). */
function tagsText(tags: unknown): string {
    if (typeof tags === 'string') {
        return tags;
    }
    if (Array.isArray(tags) && tags.every((t) => typeof t === 'string')) {
        return tags.join('\n');
    }
    throw new ValidationError({ tags: { key: 'error_tags_format' } });
}

async function exportView(ctx: ScreenContext, job: ExportJob) {
    const { token: _token, ownerId: _owner, kind: _kind, ...shown } = job;
    return {
        ...shown,
        percent: exportPercent(job),
        ...(job.status === 'done' ? { downloadUrl: await downloadUrl(ctx.read, ctx.appId, job) } : {}),
    };
}
