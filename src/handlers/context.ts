import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Caller, Scope } from '../domain/access';
import { scopeOf } from '../domain/access';
import { callerOf } from '../host/users';
import type { AppConfig } from '../services/settings';

/** What every interaction handler works with: accessors, the checked caller and the settings. */
export interface ActionContext {
    appId: string;
    read: IRead;
    modify: IModify;
    persistence: IPersistence;
    http: IHttp;
    config: AppConfig;
    logger?: ILogger;
    caller: Caller & { utcOffset: number; language?: string };
    /** Undefined when the caller has no omnichannel role: every screen then refuses. */
    scope?: Scope;
}

export type ConfigSource = (read: IRead) => Promise<AppConfig>;

export async function buildContext(
    appId: string,
    user: IUser,
    accessors: { read: IRead; modify: IModify; persistence: IPersistence; http: IHttp },
    config: ConfigSource,
    logger?: ILogger,
): Promise<ActionContext | undefined> {
    const caller = callerOf(user);
    if (!caller) {
        return undefined;
    }
    const settings = await config(accessors.read);
    return { appId, ...accessors, config: settings, logger, caller, scope: scopeOf(caller, settings.seeAllRoles) };
}
