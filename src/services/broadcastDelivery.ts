import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { markerOf, renderMessage, type AudienceEntry, type Broadcast, type Recipient } from '../domain/broadcast';
import { translate } from '../domain/translate';
import { BroadcastRepository } from '../store/BroadcastRepository';

export interface Delivery {
    read: IRead;
    modify: IModify;
    persistence: IPersistence;
    broadcast: Broadcast;
    /** The sender, read from the server: the agent who opens the conversations and writes the message. */
    agent: IUser;
}

/**
 * Delivers to one recipient, or resolves a recipient left in "sending" by an interrupted run.
 * The recipient is marked "sending" (with the marker of its conversation) BEFORE anything leaves, and
 * "sent" after. On resume, "sending" means a run stopped somewhere in between:
 *  - email: the host cannot tell whether the mail went, so it is reported "unknown" and NOT resent;
 *  - conversation: the room opened for this recipient is found again (its id recorded after creation, or
 *    the marker carried by its source alias among the visitor's open rooms), and the message is sent only
 *    if the room has no message of the agent with this text. No room means nothing was sent: deliver.
 * A failure is recorded for this recipient only; the caller goes on with the others.
 */
export async function deliver(d: Delivery, entry: AudienceEntry, interrupted?: Recipient): Promise<Recipient> {
    const base: Recipient = interrupted ?? {
        kind: 'recipient',
        broadcastId: d.broadcast.id,
        contactId: entry.contactId,
        name: entry.name,
        state: 'sending',
        marker: markerOf(d.broadcast.id, entry.contactId),
        at: new Date().toISOString(),
    };
    let current = base;
    const save = async (patch: Partial<Recipient>): Promise<Recipient> => {
        current = { ...current, ...patch, at: new Date().toISOString() };
        await BroadcastRepository.saveRecipient(d.persistence, current);
        return current;
    };
    try {
        if (d.broadcast.channel === 'email') {
            if (interrupted) {
                return await save({ state: 'unknown', reason: 'bc_reason_email_interrupted' });
            }
            await save({});
            return await sendEmail(d, entry, save);
        }
        if (!interrupted) {
            await save({});
        }
        return await sendConversation(d, entry, current, !!interrupted, save);
    } catch (error) {
        const detail = String((error as Error)?.message ?? error).slice(0, 200);
        return save({ state: 'failed', reason: 'bc_reason_error', detail });
    }
}

type Save = (patch: Partial<Recipient>) => Promise<Recipient>;

async function sendEmail(d: Delivery, entry: AudienceEntry, save: Save): Promise<Recipient> {
    if (!entry.email) {
        return save({ state: 'skipped', reason: 'skip_no_email' });
    }
    await d.modify
        .getCreator()
        .getEmailCreator()
        .send({
            to: entry.email,
            subject: translate('bc_email_subject', { sender: d.broadcast.senderUsername }),
            text: renderMessage(d.broadcast.text, entry, 'email'),
        });
    return save({ state: 'sent' });
}

async function sendConversation(
    d: Delivery,
    entry: AudienceEntry,
    recipient: Recipient,
    interrupted: boolean,
    save: Save,
): Promise<Recipient> {
    const livechat = d.read.getLivechatReader();
    const visitor = await livechat.getLivechatVisitorById(entry.visitorId ?? entry.contactId);
    if (visitor == null) {
        return save({ state: 'failed', reason: 'bc_reason_no_visitor' });
    }
    const text = renderMessage(d.broadcast.text, entry, 'conversation');
    const marker = recipient.marker ?? markerOf(d.broadcast.id, entry.contactId);
    let room: IRoom | undefined;
    let roomId = recipient.roomId;
    if (!roomId && interrupted) {
        // Interrupted between opening the room and recording it: the room carries the marker.
        const open = (await livechat.getLivechatRooms(visitor)) ?? [];
        roomId = open.find((r) => (r.source as { alias?: string } | undefined)?.alias === marker)?.id;
    }
    if (roomId) {
        const messages = (await d.read.getRoomReader().getMessages(roomId, { limit: 100, sort: { createdAt: 'asc' } })) ?? [];
        const already = messages.find((m) => m.sender?._id === d.agent.id && m.text === text);
        if (already) {
            return save({ state: 'sent', roomId, messageId: already.id });
        }
        room = (await d.read.getRoomReader().getById(roomId)) ?? undefined;
        if (!room) {
            return save({ state: 'failed', reason: 'bc_reason_room_gone', roomId });
        }
    } else {
        const created = await d.modify
            .getCreator()
            .getLivechatCreator()
            .createRoom(visitor, d.agent, { source: { type: 'app', alias: marker, label: translate('bc_source_label') } });
        if (created == null || !created.id) {
            return save({ state: 'failed', reason: 'bc_reason_room' });
        }
        room = created;
        await save({ roomId: created.id });
    }
    const builder = d.modify.getCreator().startMessage().setRoom(room).setSender(d.agent).setText(text).setParseUrls(false);
    const messageId = await d.modify.getCreator().finish(builder);
    return save({ state: 'sent', roomId: room.id, messageId });
}
