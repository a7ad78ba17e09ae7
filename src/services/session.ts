import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { scopeOf } from '../domain/access';
import { callerOf } from '../host/users';
import type { Actor } from './context';
import type { AppConfig } from './settings';

/**
 * Who is asking, from the user Rocket.Chat attaches to the interaction or the REST call (built from its database
 * for the signed-in session; the client sends only ids and values), and what they may see. Undefined for a
 * user the app cannot act for (none, or deactivated); `scope` undefined for a user without an omnichannel role.
 */
export function actorOf(user: IUser | undefined, config: AppConfig): (Omit<Actor, 'scope'> & { scope?: Actor['scope'] }) | undefined {
    const caller = callerOf(user);
    return caller && { caller, scope: scopeOf(caller, config.seeAllRoles) };
}
