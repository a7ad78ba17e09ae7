import { boundedText } from '../domain/ids';
import type { IUIKitResponse, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { validateFilter } from '../domain/chat';
import { ContactCenterError, ValidationError } from '../domain/errors';
import { customFieldId } from '../domain/validation';
import { setTags } from '../services/chatService';
import { saveContact } from '../services/contactService';
import { translate } from '../ui/i18n';
import { Fields, ViewIds, parseChatTagsViewId, parseContactEditViewId } from '../ui/ids';
import { previewScreen, sendScreen } from './broadcastScreens';
import { importSubmitScreen } from './transferScreens';
import { MAX_QUERY_LENGTH } from '../ui/paging';
import type { ActionContext } from './context';
import { chatScreen, chatsScreen, contactScreen, contactsScreen, errorScreen, logFailure, screen } from './screens';

/**
 * Submits: Search on Contacts and Chats, Save on the contact and tags forms. A submit keeps the modal
 * (same view id) and shows the next screen in it; bad input comes back as errors next to the fields.
 */
export async function onViewSubmit(ctx: ActionContext, context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const field = stateOf(view.state);
    const show = (next: IUIKitModalViewParam) => responder.updateModalViewResponse({ ...next, id: view.id });
    try {
        if (view.id === ViewIds.contacts) {
            const query = boundedText(field(Fields.query), MAX_QUERY_LENGTH);
            return show(await screen(ctx, contactsScreen(query, 0)));
        }
        if (view.id === ViewIds.chats) {
            const filter = validateFilter({
                name: field(Fields.filterName),
                agent: field(Fields.filterAgent),
                department: field(Fields.filterDepartment),
                tag: field(Fields.filterTag),
                from: field(Fields.filterFrom),
                to: field(Fields.filterTo),
            });
            return show(await screen(ctx, chatsScreen(filter, 0)));
        }
        if (!ctx.scope) {
            return show(await screen(ctx, contactsScreen('', 0)));
        }
        const contactForm = parseContactEditViewId(view.id);
        if (view.id === ViewIds.contactNew || contactForm) {
            const contact = await saveContact(ctx.read, ctx.modify, ctx.persistence, ctx.config, {
                caller: ctx.caller,
                scope: ctx.scope,
                contactId: contactForm?.contactId,
                revision: contactForm?.revision,
                input: {
                    name: field(Fields.name),
                    emails: field(Fields.emails),
                    phones: field(Fields.phones),
                    company: field(Fields.company),
                    notes: field(Fields.notes),
                    doNotContact: field(Fields.doNotContact),
                    extraValues: Object.fromEntries(ctx.config.extraFields.map((f) => [f.id, field(f.id)])),
                },
                customFieldsFor: (keys) => Object.fromEntries(keys.map((key) => [key, field(customFieldId(key))])),
            }, ctx.logger);
            return show(await screen(ctx, contactScreen(contact.id, contact)));
        }
        if (view.id === ViewIds.broadcastCompose) {
            const previewed = confirmed(field(Fields.bcConfirm));
            const input = {
                query: field(Fields.bcQuery),
                tag: field(Fields.bcTag),
                channel: field(Fields.bcChannel),
                message: field(Fields.bcMessage),
                picked: field(Fields.bcPick),
            };
            // Called directly (not through screen()) so that a ValidationError reaches the fields below.
            const build = previewed ? sendScreen(input, previewed) : previewScreen(input);
            return show(await build({ ...ctx, scope: ctx.scope }));
        }
        if (view.id === ViewIds.importForm) {
            const confirm = field(Fields.importConfirm);
            const ticked = Array.isArray(confirm) ? confirm.includes('yes') : confirm === 'yes';
            // Called directly (not through screen()) so that a problem with the file reaches the CSV field.
            return show(await importSubmitScreen(field(Fields.importCsv), ticked)({ ...ctx, scope: ctx.scope }));
        }
        const tagsForm = parseChatTagsViewId(view.id);
        if (tagsForm) {
            const allowed = ctx.config.tagMode === 'list' ? ctx.config.tagList : undefined;
            await setTags(ctx.read, ctx.persistence, ctx.caller, ctx.scope, tagsForm.roomId, tagsForm.revision, field(Fields.tags), allowed);
            return show(await screen(ctx, chatScreen(tagsForm.roomId, { filter: {}, page: 0 })));
        }
        return responder.errorResponse();
    } catch (error) {
        if (error instanceof ValidationError) {
            const errors = Object.fromEntries(Object.entries(error.fields).map(([name, e]) => [fieldIdOf(view.id, name), translate(e.key, e.args, ctx.caller.language)]));
            return responder.viewErrorResponse({ viewId: view.id, errors });
        }
        if (error instanceof ContactCenterError && error.key === 'error_conflict') {
            const target = parseChatTagsViewId(view.id) ? Fields.tags : Fields.name;
            return responder.viewErrorResponse({ viewId: view.id, errors: { [target]: translate(error.key, error.args, ctx.caller.language) } });
        }
        await logFailure(ctx, error);
        return show(errorScreen(ctx, error));
    }
}

/** The fingerprint a ticked Send confirmation carries, if any. */
function confirmed(value: unknown): string | undefined {
    const values = Array.isArray(value) ? value : [value];
    return values.find((v): v is string => typeof v === 'string' && /^[a-z0-9]{1,16}$/.test(v));
}

/** Validation names fields by their meaning; the Chats form's inputs carry a "filter-" prefix. */
function fieldIdOf(viewId: string, name: string): string {
    return viewId === ViewIds.chats ? `filter-${name}` : name;
}

/** A form value: each input's block id and action id are its field name (see ui/ids). Unknown shapes read as empty. */
function stateOf(state: unknown): (field: string) => unknown {
    return (field) => {
        if (!state || typeof state !== 'object' || !Object.prototype.hasOwnProperty.call(state, field)) {
            return undefined;
        }
        const block = (state as Record<string, unknown>)[field];
        return block && typeof block === 'object' && Object.prototype.hasOwnProperty.call(block, field) ? (block as Record<string, unknown>)[field] : undefined;
    };
}
