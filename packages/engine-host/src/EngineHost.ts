import * as fs from 'fs';

import { AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import { authenticate, HostApiBridge, loginHeaders } from './bridges/ApiBridge';
import { HostBridges } from './bridges/HostBridges';
import type { HostContext, OutboxEntry } from './bridges/context';
import { JobQueue, JobRun } from './bridges/SchedulerBridge';
import { ViewTracker } from './bridges/views';
import { Converters } from './converters';
import { StoreLogStorage, StoreMetadataStorage, StoreSourceStorage } from './engineStorage';
import { countRoundTrips, enterEngineEnvironment } from './engineEnv';
import { TEMP_DIR } from './enginePaths';
import { Interactions } from './interactions';
import { Metrics, MetricsSnapshot } from './metrics';
import { RocketChatActions } from './rocketchat/actions';
import { MemoryStore } from './store/MemoryStore';
import { Collections, Field, Store } from './store/Store';
import { makeAdmin } from './factories';

export interface StartOptions {
    /** The packaged app (.zip). Ignored when `store` already holds an installed app: that one is reloaded. */
    zipPath: string;
    /** Reuse a store to simulate a server restart (installed app, persistence and scheduled jobs survive). */
    store?: Store;
    /** What the admin grants at install. Default: exactly the permissions app.json declares, as the install dialog does. */
    permissionsGranted?: IPermission[];
    /** App settings (IAppSettings) to set after install, like an admin saving the settings page. */
    settings?: Record<string, unknown>;
    /** The host clock (scheduler due times, view trigger deadline). Default: real time. */
    now?: () => Date;
    /** Also run due jobs on a real timer every `pollMs` (default off: call runJobs()). */
    realTimers?: { pollMs: number };
    /** Raise the engine version the parser accepts, if the app's requiredApiVersion is refused. */
    engineVersion?: string;
    /**
     * When the store already holds the app, replace its package with `zipPath` if they differ, as an admin's
     * update does (persistence and settings are kept). Default: reload the stored package, like a server restart.
     */
    updateInstalled?: boolean;
    /**
     * The workspace has Rocket.Chat Enterprise (module contact-id-verification): an app's verifyContact verifies the
     * channel and merges contacts verified with the same value. Default false: verifyContact does nothing.
     */
    enterprise?: boolean;
}

export class EngineHost {
    readonly interactions: Interactions;
    /** What people do in Rocket.Chat itself (start a chat, edit, delete or merge contacts...): see rocketchat/actions.ts. */
    readonly rocketChat: RocketChatActions;
    private timer?: NodeJS.Timeout;
    private readonly pending = new Set<Promise<unknown>>();

    private constructor(
        readonly store: Store,
        readonly manager: AppManager,
        readonly appId: string,
        private readonly ctx: HostContext,
        private readonly counters: Metrics,
        private readonly restoreEnv: () => void,
    ) {
        this.interactions = new Interactions(manager, appId, ctx, (p) => this.track(p));
        this.rocketChat = new RocketChatActions(ctx, (event, payload) => this.fireEvent(event, payload));
    }

    static async start(options: StartOptions): Promise<EngineHost> {
        const store = options.store ?? new MemoryStore();
        const now = options.now ?? (() => new Date());
        const counters = new Metrics();
        const restoreEnv = enterEngineEnvironment();
        let hostRef: EngineHost | undefined;
        const ctx: HostContext = {
            store,
            now,
            converters: new Converters(store),
            views: new ViewTracker(now),
            jobs: new JobQueue(store, now),
            outbox: [],
            api: new HostApiBridge(),
            enterprise: options.enterprise ?? false,
            onLivechatRoomClosed: (roomId) => hostRef?.track(hostRef.fireEvent('IPostLivechatRoomClosed', roomId)),
        };
        countRoundTrips(counters);
        const stopExamined = store.onExamined?.((collection, docs) => counters.examined(collection, docs));
        const restore = () => {
            stopExamined?.();
            restoreEnv();
        };
        fs.mkdirSync(TEMP_DIR, { recursive: true });
        const metadataStorage = new StoreMetadataStorage(store);
        const manager = new AppManager({
            metadataStorage,
            logStorage: new StoreLogStorage(store),
            bridges: new HostBridges(ctx, counters),
            sourceStorage: new StoreSourceStorage(store),
            tempFilePath: TEMP_DIR,
        });
        try {
            if (options.engineVersion) (manager.getParser() as Field).appsEngineVersion = options.engineVersion;
            const zip = fs.readFileSync(options.zipPath);
            const { info } = await manager.getParser().unpackageApp(zip);
            await manager.load();
            const stored = await metadataStorage.retrieveOne(info.id);
            const storedZip = stored && options.updateInstalled ? await new StoreSourceStorage(store).fetch(stored) : undefined;
            if (stored && storedZip && Buffer.compare(new Uint8Array(zip), new Uint8Array(storedZip)) !== 0) {
                const aff = await manager.update(zip, options.permissionsGranted ?? info.permissions ?? [], {
                    loadApp: true,
                    user: await ensureInstaller(store, ctx),
                });
                if (aff.hasStorageError() || aff.hasAppUserError()) {
                    throw new Error(`Update failed: ${aff.getStorageError() ?? JSON.stringify(aff.getAppUserError())}`);
                }
                await manager.enableAll();
            } else if (stored) {
                await manager.enableAll();
            } else {
                const installer = await ensureInstaller(store, ctx);
                const aff = await manager.add(zip, {
                    enable: true,
                    user: installer,
                    permissionsGranted: options.permissionsGranted ?? info.permissions,
                });
                if (aff.hasStorageError() || aff.hasAppUserError()) {
                    throw new Error(`Install failed: ${aff.getStorageError() ?? JSON.stringify(aff.getAppUserError())}`);
                }
            }
            hostRef = new EngineHost(store, manager, info.id, ctx, counters, restore);
            await hostRef.assertEnabled();
            for (const [id, value] of Object.entries(options.settings ?? {})) await hostRef.updateAppSetting(id, value);
            // Tracked, so that stop() waits for a run in progress before the store goes away.
            if (options.realTimers) hostRef.timer = setInterval(() => void hostRef!.track(hostRef!.runJobs()), options.realTimers.pollMs);
            counters.reset();
            return hostRef;
        } catch (e) {
            await shutdown(manager).catch(() => undefined);
            restore();
            throw e;
        }
    }

    get app(): ProxiedApp {
        return this.manager.getOneById(this.appId);
    }

    private async assertEnabled(): Promise<void> {
        const status = await this.app.getStatus();
        if (!AppStatusUtils.isEnabled(status)) {
            const logs = await this.appLogs();
            throw new Error(`App ${this.appId} is ${status}, not enabled. App logs:\n${JSON.stringify(logs.slice(-5), null, 2)}`);
        }
    }

    /** Keeps fire-and-forget work (events the server fires asynchronously) so stop() and settle() can wait for it. */
    track<T>(promise: Promise<T>): Promise<T> {
        this.pending.add(promise);
        void promise.catch(() => undefined).finally(() => this.pending.delete(promise));
        return promise;
    }

    /** Waits for events fired in the background (e.g. IPostLivechatRoomClosed after the app closed a room). */
    async settle(): Promise<void> {
        while (this.pending.size) await Promise.allSettled([...this.pending]);
    }

    // ---- UIKit (delegated; see interactions.ts) ----
    clickActionButton: Interactions['clickActionButton'] = (args) => this.interactions.clickActionButton(args);
    blockAction: Interactions['blockAction'] = (args) => this.interactions.blockAction(args);
    submitView: Interactions['submitView'] = (args) => this.interactions.submitView(args);
    closeView: Interactions['closeView'] = (args) => this.interactions.closeView(args);

    currentView(userId: string) {
        return this.ctx.views.current(userId);
    }

    viewsFor(userId: string) {
        return this.ctx.views.viewsFor(userId);
    }

    /** View events that the client dropped (late trigger, unknown view), newest last. */
    ignoredViews(userId?: string) {
        return this.ctx.views.ignored(userId);
    }

    /** Ephemeral messages and e-mails the app sent. */
    get outbox(): OutboxEntry[] {
        return this.ctx.outbox;
    }

    /**
     * Runs an event listener the way Rocket.Chat fires it. Room events accept a room id or a raw rocketchat_room
     * document (converted like the server converts it); other payloads are passed as given.
     */
    async fireEvent(event: `${AppInterface}`, payload: unknown): Promise<unknown> {
        let data = payload;
        if (/Room/.test(event) && (typeof payload === 'string' || (payload && typeof payload === 'object' && '_id' in payload))) {
            const roomId = typeof payload === 'string' ? payload : (payload as { _id: string })._id;
            data = await this.ctx.converters.room(await this.store.collection(Collections.rooms).findOne({ _id: roomId }));
            if (!data) throw new Error(`fireEvent(${event}): no room ${roomId} in the store`);
        }
        // executeListener is typed per interface; `data` was shaped for `event` above.
        return this.manager.getListenerManager().executeListener(event as AppInterface.IPostLivechatRoomClosed, data as never);
    }

    /** Runs the scheduler jobs due now (by the host clock), deterministically, and reports each run. */
    runJobs(): Promise<JobRun[]> {
        return this.ctx.jobs.runDue();
    }

    /**
     * Calls one of the app's endpoints as Rocket.Chat's router does for `/api/apps/public/<appId>/<path>`
     * (see bridges/ApiBridge.ts): route match with params, X-User-Id/X-Auth-Token authentication (401
     * "Unauthorized" from the server itself when the endpoint requires it), then the app. `content` is the
     * parsed JSON body; an app error becomes a 500 with its message, as express answers it.
     */
    async callEndpoint(
        path: string,
        request: { method?: string; content?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
    ) {
        const { method = 'post', content, query = {} } = request;
        const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const matched = this.ctx.api.match(this.appId, path);
        if (!matched) return { status: 404, content: 'Not Found' };
        const user = await authenticate(this.ctx, headers);
        if (matched.route.endpoint.authRequired && !user) return { status: 401, content: 'Unauthorized' };
        try {
            return await this.manager.getApiManager().executeApi(this.appId, matched.route.endpoint.path, {
                method: method.toLowerCase(),
                content: content ?? {},
                query,
                headers,
                params: matched.params,
                privateHash: undefined,
                user: user ? await this.ctx.converters.userById(user._id) : undefined,
            } as Field);
        } catch (error) {
            return { status: 500, content: (error as Error).message };
        }
    }

    /** Logs a user in and returns the X-User-Id / X-Auth-Token headers a REST client would send. */
    loginHeaders(userId: string): Promise<Record<string, string>> {
        return loginHeaders(this.ctx, userId);
    }

    appSetting(id: string): unknown {
        return this.manager.getSettingsManager().getAppSetting(this.appId, id).value;
    }

    /** Like an admin saving the app's settings page: fires onPreSettingUpdate / onSettingUpdated. */
    async updateAppSetting(id: string, value: unknown): Promise<void> {
        const current = this.manager.getSettingsManager().getAppSetting(this.appId, id);
        await this.manager.getSettingsManager().updateAppSetting(this.appId, { ...current, value });
    }

    async appLogs() {
        return this.store.collection(Collections.appLogs).find({ appId: this.appId });
    }

    metrics(): MetricsSnapshot {
        return this.counters.snapshot();
    }

    resetMetrics(): void {
        this.counters.reset();
    }

    /** Unloads the app and the AppManager singleton. The store keeps everything, for a restart on it. */
    async stop(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        await this.settle();
        await shutdown(this.manager);
        this.ctx.jobs.forgetProcessors();
        countRoundTrips(undefined);
        this.restoreEnv();
    }
}

async function shutdown(manager: AppManager): Promise<void> {
    const controllers = (await manager.get()).map((app) => app.getRuntimeController());
    for (const controller of controllers) {
        // The engine's liveness ping can fire after the Deno process is gone: its write to the closed pipe would fail
        // (EPIPE) outside any caller. The watchdog stops and a late pipe error is ignored: the process is on its way out.
        const runtime = controller as unknown as {
            livenessManager?: { stop(): void };
            deno?: { stdin?: { on(event: 'error', listener: () => void): void } };
        };
        runtime.livenessManager?.stop();
        runtime.deno?.stdin?.on('error', () => undefined);
    }
    try {
        await manager.unload(true);
    } finally {
        // unload() does not wait for the Deno processes to exit; a new host must not race the old ones.
        await Promise.all(controllers.map((c) => c.stopApp().catch(() => undefined)));
        (AppManager as Field).Instance = undefined;
    }
}

/** The installing admin (Rocket.Chat records who installed the app). */
async function ensureInstaller(store: Store, ctx: HostContext) {
    const users = store.collection(Collections.users);
    let admin = await users.findOne({ roles: 'admin' });
    if (!admin) {
        const doc = makeAdmin();
        await users.insertOne(doc);
        admin = doc;
    }
    return (await ctx.converters.userById(admin._id))!;
}
