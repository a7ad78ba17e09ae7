// App endpoints as Rocket.Chat serves them (apps/meteor/app/apps/server/bridges/api.ts and router.ts):
// an express router per app, mounted at /api/apps/public/:appId and /api/apps/private/:appId/:hash;
// each endpoint path is an express route (`:name` segments become request.params); the body is parsed by
// express.json()/urlencoded() only (any other content type reaches the app as {}); before the app runs,
// authenticationMiddleware({ rejectUnauthorized: !!endpoint.authRequired }) reads X-User-Id + X-Auth-Token,
// finds the user by id and hashed login token, and answers 401 "Unauthorized" itself when the endpoint
// requires authentication and none is valid. request.user is the user converted for apps.
import { createHash, randomBytes } from 'crypto';

import type { IApi, IApiEndpoint } from '@rocket.chat/apps-engine/definition/api';
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

import { Collections, Field } from '../store/Store';
import type { HostContext } from './context';

export interface ApiRoute {
    api: IApi;
    endpoint: IApiEndpoint;
    pattern: RegExp;
    names: string[];
}

/** Rocket.Chat's hashLoginToken (Accounts._hashLoginToken): sha256, base64. */
export const hashLoginToken = (token: string): string => createHash('sha256').update(token).digest('base64');

export class HostApiBridge extends ApiBridge {
    readonly routes = new Map<string, ApiRoute[]>();

    protected registerApi = async ({ api, endpoint }: AppApi, appId: string): Promise<void> => {
        let path = endpoint.path.trim();
        if (!path.startsWith('/')) path = `/${path}`;
        const names: string[] = [];
        const source = path
            .split('/')
            .map((segment) => {
                if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
                names.push(segment.slice(1));
                return '([^/]+)';
            })
            .join('/');
        const list = this.routes.get(appId) ?? [];
        list.push({ api, endpoint, pattern: new RegExp(`^${source}/?$`, 'i'), names });
        this.routes.set(appId, list);
    };

    protected unregisterApis = async (appId: string): Promise<void> => {
        this.routes.delete(appId);
    };

    match(appId: string, path: string): { route: ApiRoute; params: Record<string, string> } | undefined {
        const clean = `/${path.replace(/^\/+/, '').split('?')[0]}`;
        for (const route of this.routes.get(appId) ?? []) {
            const m = route.pattern.exec(clean);
            if (m) {
                const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
                return { route, params };
            }
        }
        return undefined;
    }
}

/** authenticationMiddleware: the user whose id and hashed login token match the headers, if any. */
export async function authenticate(ctx: HostContext, headers: Record<string, string>): Promise<Field | undefined> {
    const userId = headers['x-user-id'];
    const token = headers['x-auth-token'];
    if (!userId || !token) return undefined;
    const user = await ctx.store.collection(Collections.users).findOne({ _id: userId });
    const tokens = (user?.services?.resume?.loginTokens ?? []) as { hashedToken: string }[];
    return user && tokens.some((t) => t.hashedToken === hashLoginToken(token)) ? user : undefined;
}

/** Logs a user in (a new resume token on the user document) and returns the headers a REST client sends. */
export async function loginHeaders(ctx: HostContext, userId: string): Promise<Record<string, string>> {
    const token = randomBytes(24).toString('base64url');
    const users = ctx.store.collection(Collections.users);
    const user = await users.findOne({ _id: userId });
    if (!user) throw new Error(`loginHeaders: no user ${userId}`);
    const loginTokens = [
        ...((user.services?.resume?.loginTokens as unknown[]) ?? []),
        { hashedToken: hashLoginToken(token), when: ctx.now() },
    ];
    await users.updateOne({ _id: userId }, { $set: { 'services.resume.loginTokens': loginTokens } });
    return { 'X-User-Id': userId, 'X-Auth-Token': token };
}
