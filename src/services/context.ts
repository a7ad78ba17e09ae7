import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Caller, Scope } from '../domain/access';
import type { AppConfig } from './settings';

/** What every service works with: the engine's accessors for this call, the settings, the app's logger. */
export interface ServiceContext {
    read: IRead;
    persistence: IPersistence;
    modify: IModify;
    config: AppConfig;
    logger?: ILogger;
}

/** Room and visitor events: Rocket.Chat may call them without a modify accessor. */
export type EventContext = Omit<ServiceContext, 'modify'> & { modify?: IModify };

/** A service acting within what someone may see (an agent's contacts, or every contact). */
export type ScopedContext = ServiceContext & { scope: Scope };

/** Who asks, with the roles Rocket.Chat gave the interaction, and what they may see. */
export interface Actor {
    caller: Caller & { utcOffset: number; language?: string };
    scope: Scope;
}

/** A service acting for someone: an agent's click, a REST call. */
export type ActorContext = ServiceContext & Actor;
