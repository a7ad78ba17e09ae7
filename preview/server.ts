import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { AppEndpointResponse, CurrentView, PreviewBackend, ViewErrors } from './backend';

/** The page's bundle, built by `node preview/web/build.mjs`. */
export const STATIC_DIR = path.join(__dirname, 'web', 'dist');

const DEFAULT_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="4" fill="#156ff5"/>' +
    '<path d="M12 5l6 3.5v7L12 19l-6-3.5v-7z" fill="none" stroke="#fff" stroke-width="1.5"/></svg>';
const MAX_BODY = 1024 * 1024;
const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.map': 'application/json',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
};

export interface PreviewServer {
    port: number;
    url: string;
    close(): Promise<void>;
}

class HttpError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

type Body = Record<string, unknown>;

function str(body: Body, key: string, required = true): string | undefined {
    const value = body[key];
    if (typeof value === 'string' && value.length > 0) {
        return value;
    }
    if (required) {
        throw new HttpError(400, `${key} is required`);
    }
    return undefined;
}

function readBody(req: http.IncomingMessage): Promise<Body> {
    return new Promise((resolve, reject) => {
        const chunks: Uint8Array[] = [];
        let size = 0;
        req.on('data', (chunk: Uint8Array) => {
            size += chunk.length;
            if (size > MAX_BODY) {
                reject(new HttpError(413, 'body too large'));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => {
            try {
                const parsed: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
                resolve(parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Body) : {});
            } catch {
                reject(new HttpError(400, 'invalid JSON'));
            }
        });
        req.on('error', reject);
    });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body ?? null);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
}

/** One of the app's own endpoints (the CSV download link, the REST API), as Rocket.Chat routes them. */
async function callApp(backend: PreviewBackend, req: http.IncomingMessage, url: URL, appPath: string): Promise<AppEndpointResponse> {
    if (!backend.callAppEndpoint) {
        return { status: 404, content: 'Not Found' };
    }
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
    const raw = Buffer.concat(chunks).toString('utf8');
    let content: unknown;
    try {
        content = raw ? JSON.parse(raw) : undefined;
    } catch {
        return { status: 400, content: { error: 'The body is not JSON.' } };
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    return backend.callAppEndpoint({
        method: req.method ?? 'GET',
        path: `/${appPath}`,
        query: Object.fromEntries(url.searchParams),
        headers,
        ...(content !== undefined ? { content } : {}),
    });
}

function sendApp(res: http.ServerResponse, answer: AppEndpointResponse): void {
    const headers = {
        'cache-control': 'no-store',
        ...Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const body = answer.content;
    if (typeof body === 'string') {
        res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
        res.end(body);
        return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body ?? null));
}

function serveIcon(res: http.ServerResponse, file: string | undefined): void {
    if (file && fs.existsSync(file)) {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        fs.createReadStream(file).pipe(res);
        return;
    }
    res.writeHead(200, { 'content-type': TYPES['.svg'] });
    res.end(DEFAULT_ICON);
}

function serveStatic(res: http.ServerResponse, urlPath: string): void {
    const rel = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
    let file = path.resolve(STATIC_DIR, rel);
    if (!file.startsWith(STATIC_DIR + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        file = path.join(STATIC_DIR, 'index.html');
    }
    if (!fs.existsSync(file)) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The page is not built: run `node preview/web/build.mjs` first.\n');
        return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
}

/** JSON API of the page (see preview/README.md), delegating to the backend. */
function createApi(backend: PreviewBackend) {
    // Errors of the last refused submit, per user: shown until that user does anything else.
    const submitErrors = new Map<string, { viewId: string; errors: ViewErrors }>();

    const viewOf = (userId: string): CurrentView => {
        const current = backend.currentView(userId) ?? {};
        const last = submitErrors.get(userId);
        const viewId = (current.view as { id?: string } | undefined)?.id;
        const errors = current.errors ?? (last && viewId === last.viewId ? last.errors : undefined);
        return { ...(current.view ? { view: current.view } : {}), ...(errors ? { errors } : {}) };
    };

    return async (method: string, route: string, query: URLSearchParams, req: http.IncomingMessage): Promise<unknown> => {
        if (method === 'GET') {
            switch (route) {
                case '/api/users':
                    return backend.users();
                case '/api/rooms':
                    return backend.rooms(query.get('userId') ?? '');
                case '/api/i18n':
                    return backend.i18n(query.get('lang') ?? undefined);
                case '/api/languages':
                    return backend.languages?.() ?? [{ code: 'en', name: 'English' }];
                case '/api/app':
                    return { appId: backend.appId(), name: backend.appName(), buttons: backend.actionButtons() };
                case '/api/view':
                    return viewOf(query.get('userId') ?? '');
            }
            throw new HttpError(404, 'not found');
        }
        if (method !== 'POST') {
            throw new HttpError(405, 'method not allowed');
        }
        const body = await readBody(req);
        const userId = str(body, 'userId') as string;
        submitErrors.delete(userId);
        const closeRoom = /^\/api\/rooms\/([^/]+)\/close$/.exec(route);
        if (closeRoom) {
            await backend.closeRoom(decodeURIComponent(closeRoom[1]), userId);
            return { ok: true };
        }
        switch (route) {
            case '/api/language': {
                const language = str(body, 'language') as string;
                if (!backend.setLanguage) throw new HttpError(404, 'not found');
                if (!backend.languages?.().some((l) => l.code === language)) throw new HttpError(400, `no ${language} translation`);
                await backend.setLanguage(userId, language);
                return { ok: true };
            }
            case '/api/action-button':
                await backend.actionButton(userId, str(body, 'actionId') as string, str(body, 'roomId', false));
                return viewOf(userId);
            case '/api/block-action':
                await backend.blockAction(userId, {
                    actionId: str(body, 'actionId') as string,
                    blockId: typeof body.blockId === 'string' ? body.blockId : '',
                    value: body.value,
                    viewId: str(body, 'viewId') as string,
                });
                return viewOf(userId);
            case '/api/view-submit': {
                const viewId = str(body, 'viewId') as string;
                const state = body.state && typeof body.state === 'object' ? body.state : {};
                const { errors } = (await backend.viewSubmit(userId, viewId, state)) ?? {};
                if (errors && Object.keys(errors).length > 0) {
                    submitErrors.set(userId, { viewId, errors });
                }
                return viewOf(userId);
            }
            case '/api/view-close':
                await backend.viewClose(userId, str(body, 'viewId') as string);
                return viewOf(userId);
        }
        throw new HttpError(404, 'not found');
    };
}

/** Serves the page and its API on 127.0.0.1 (port 0 picks a free port). */
export function startPreviewServer(backend: PreviewBackend, port = 3000, host = '127.0.0.1'): Promise<PreviewServer> {
    const api = createApi(backend);
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://preview.local');
        if (url.pathname === '/api/app/icon') {
            serveIcon(res, backend.appIconPath?.());
            return;
        }
        if (!url.pathname.startsWith('/api/')) {
            serveStatic(res, url.pathname);
            return;
        }
        const appRoute = `/api/apps/public/${backend.appId()}/`;
        if (url.pathname.startsWith(appRoute)) {
            callApp(backend, req, url, url.pathname.slice(appRoute.length)).then(
                (answer) => sendApp(res, answer),
                (error: unknown) => send(res, 500, { error: error instanceof Error ? error.message : String(error) }),
            );
            return;
        }
        api(req.method ?? 'GET', url.pathname, url.searchParams, req).then(
            (body) => send(res, 200, body),
            (error: unknown) => {
                const status = error instanceof HttpError ? error.status : 500;
                if (status === 500) {
                    console.error('[preview]', req.method, url.pathname, error);
                }
                send(res, status, { error: error instanceof Error ? error.message : String(error) });
            },
        );
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            const actual = (server.address() as AddressInfo).port;
            resolve({
                port: actual,
                url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actual}`,
                close: () => new Promise<void>((done) => server.close(() => done())),
            });
        });
    });
}
