import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { VisitorData } from '../domain/directory';
import { unavailable } from '../domain/errors';

/**
 * The livechat visitor as the host keeps it. The host registers only the first email and the first
 * phone of a visitor: the others live in the app's contact record.
 */
export async function readVisitor(read: IRead, id: string): Promise<IVisitor | undefined> {
    return read.getLivechatReader().getLivechatVisitorById(id);
}

export async function findVisitorByEmail(read: IRead, email: string): Promise<IVisitor | undefined> {
    return read.getLivechatReader().getLivechatVisitorByEmail(email);
}

export async function findVisitorByPhone(read: IRead, phone: string): Promise<IVisitor | undefined> {
    return read.getLivechatReader().getLivechatVisitorByPhoneNumber(phone);
}

export interface VisitorFields {
    token?: string;
    username?: string;
    name: string;
    email?: string;
    phone?: string;
}

/** Creates the visitor (new token) or updates it (same token: the host upserts). */
export async function writeVisitor(modify: IModify, fields: VisitorFields): Promise<IVisitor> {
    const creator = modify.getCreator().getLivechatCreator();
    const token = fields.token ?? creator.createToken();
    const visitor: IVisitor = {
        token,
        username: fields.username ?? `guest-${token.slice(0, 10)}`,
        name: fields.name,
        visitorEmails: fields.email ? [{ address: fields.email }] : [],
        phone: fields.phone ? [{ phoneNumber: fields.phone }] : [],
    };
    const saved = await creator.createAndReturnVisitor(visitor);
    if (!saved || !saved.id) {
        // A denied bridge call answers undefined instead of throwing.
        throw unavailable('error_permission_missing', { permission: 'livechat-visitor.write' });
    }
    return saved;
}

/**
 * The token and username the app writes a channel's visitor with: as the app last saw them, else read from
 * Rocket.Chat. Undefined when the channel's visitor is gone.
 */
export async function visitorHandle(
    read: IRead,
    channel: { visitorId: string; token?: string; username?: string } | undefined,
): Promise<{ token: string; username?: string } | undefined> {
    if (!channel) {
        return undefined;
    }
    if (channel.token) {
        return { token: channel.token, ...(channel.username ? { username: channel.username } : {}) };
    }
    const visitor = await readVisitor(read, channel.visitorId);
    return visitor?.token ? { token: visitor.token, ...(visitor.username ? { username: visitor.username } : {}) } : undefined;
}

/** The visitor as plain values. */
export function visitorDataOf(visitor: IVisitor & { id: string }): VisitorData {
    const customFields: Record<string, string> = {};
    for (const [key, value] of Object.entries(visitor.livechatData ?? {})) {
        if (value !== undefined && value !== null && typeof value !== 'object') {
            customFields[key] = String(value);
        }
    }
    return {
        id: visitor.id,
        ...(visitor.token ? { token: visitor.token } : {}),
        ...(visitor.username ? { username: visitor.username } : {}),
        ...(visitor.name ? { name: visitor.name } : {}),
        emails: emailsOf(visitor),
        phones: phonesOf(visitor),
        customFields,
        ...(visitor.department ? { department: visitor.department } : {}),
    };
}

/** A visitor as plain values; undefined when Rocket.Chat has none with this id. */
export async function readVisitorData(read: IRead, id: string): Promise<VisitorData | undefined> {
    const visitor = await readVisitor(read, id);
    return visitor?.id ? visitorDataOf(visitor as IVisitor & { id: string }) : undefined;
}

function emailsOf(visitor: IVisitor): string[] {
    return (visitor.visitorEmails ?? []).map((e) => e.address).filter((a): a is string => typeof a === 'string' && a.length > 0);
}

function phonesOf(visitor: IVisitor): string[] {
    return (visitor.phone ?? []).map((p) => p.phoneNumber).filter((p): p is string => typeof p === 'string' && p.length > 0);
}

/** Writes the custom fields whose value changed; the host accepts only fields defined in the workspace. */
export async function writeCustomFields(
    modify: IModify,
    token: string,
    before: Record<string, string>,
    after: Record<string, string>,
): Promise<void> {
    const updater = modify.getUpdater().getLivechatUpdater();
    for (const [key, value] of Object.entries(after)) {
        if (before[key] !== value) {
            const written = await updater.setCustomFields(token, key, value, true);
            // A denied bridge call reaches the app as null (undefined over JSON-RPC).
            if (written == null) {
                throw unavailable('error_permission_missing', { permission: 'livechat-custom-fields.write' });
            }
        }
    }
}
