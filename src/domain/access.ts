import type { Chat } from './chat';
import type { Contact } from './contact';

/** Who is asking, with the roles read from the server (never from the client). */
export interface Caller {
    id: string;
    username: string;
    roles: string[];
}

export const AGENT_ROLE = 'livechat-agent';

export type Scope = { kind: 'all' } | { kind: 'agent'; agentId: string };

/** Parses the "roles that see everything" setting: a comma separated list. */
export function parseRoles(setting: unknown): string[] {
    return String(setting ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r.length > 0);
}

/** The caller's scope, or undefined when the caller may not use the Contact Center at all. */
export function scopeOf(caller: Caller, seeAllRoles: string[]): Scope | undefined {
    if (caller.roles.some((role) => seeAllRoles.includes(role))) {
        return { kind: 'all' };
    }
    if (caller.roles.includes(AGENT_ROLE)) {
        return { kind: 'agent', agentId: caller.id };
    }
    return undefined;
}

export function canSeeContact(scope: Scope, contact: Contact): boolean {
    return scope.kind === 'all' || contact.servedBy.includes(scope.agentId) || contact.createdBy === scope.agentId;
}

/** Managers see every chat; an agent the chats they served. */
export function canSeeChat(scope: Scope, chat: Pick<Chat, 'agentId'>): boolean {
    return scope.kind === 'all' || chat.agentId === scope.agentId;
}
