import type { ILivechatContact } from '@rocket.chat/apps-engine/definition/livechat';
import { ContactBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { VerifyContactChannelParams } from '@rocket.chat/apps-engine/server/bridges/ContactBridge';

import { convertContact } from '../converters';
import { addEmail } from '../rocketchat/contactModel';
import { verifyContactChannel } from '../rocketchat/enterprise';
import type { HostContext } from './context';

// After apps/meteor/app/apps/server/bridges/contact.ts. The engine's ContactBridge checks the app's permissions
// first (contact.read for getById, contact.write for the others): without them it logs PermissionDeniedError and
// answers undefined, as for every other permission.
export class HostContactBridge extends ContactBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    /** The enabled contact (a deleted contact is disabled, so it reads as not found). */
    protected async getById(contactId: string): Promise<ILivechatContact | undefined> {
        return this.ctx.converters.contactById(contactId);
    }

    /**
     * addContactEmail -> LivechatContacts.addEmail: a findOneAndUpdate with `$addToSet` and the driver's default
     * returnDocument, so the app receives the contact as it was BEFORE the email was added.
     */
    protected async addContactEmail(contactId: string, email: string): Promise<ILivechatContact> {
        const before = await addEmail(this.ctx.store, contactId, email, { now: this.ctx.now });
        if (!before) throw new Error('error-contact-not-found');
        return convertContact(before)!;
    }

    /** Community servers answer nothing and change nothing; with the Enterprise module the channel is verified and merged. */
    protected async verifyContact(params: VerifyContactChannelParams): Promise<void> {
        if (!this.ctx.enterprise) return;
        await verifyContactChannel(this.ctx.store, params, { now: this.ctx.now });
    }
}
