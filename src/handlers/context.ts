import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Scope } from '../domain/access';
import type { Actor, ActorContext, ServiceContext } from '../services/context';
import { actorOf } from '../services/session';
import type { AppConfig } from '../services/settings';

/** What every interaction handler works with: the service context, the checked caller, the app's id. */
export type ActionContext = ServiceContext &
    Pick<Actor, 'caller'> & {
        appId: string;
        http: IHttp;
        /** Undefined when the caller has no omnichannel role: every screen then refuses. */
        scope?: Scope;
    };

/** A handler past the role check: the caller may use the Contact Center. */
export type ScreenContext = ActorContext & Omit<ActionContext, 'scope'>;

export type ConfigSource = (read: IRead) => Promise<AppConfig>;

export async function buildContext(
    appId: string,
    user: IUser,
    accessors: { read: IRead; modify: IModify; persistence: IPersistence; http: IHttp },
    config: ConfigSource,
    logger?: ILogger,
): Promise<ActionContext | undefined> {
    const settings = await config(accessors.read);
    const actor = actorOf(user, settings);
    return actor && { appId, ...accessors, config: settings, logger, ...actor };
}
