import type { IUIKitResponse, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { validateFilter, type ChatFilter } from '../domain/chat';
import { boundedText, own } from '../domain/decode';
import { FIRST_PAGE, LIST_LIMITS } from '../domain/listAt';
import { customFieldId } from '../domain/validation';
import { setTags } from '../services/chatService';
import { saveContact } from '../services/contactService';
import { ActionIds, Fields, ViewIds, baseViewId, parseChatTagsViewId, parseContactEditViewId } from '../ui/ids';
import { readChatsList } from '../ui/paging';
import { previewScreen, sendScreen } from './broadcastScreens';
import { chatScreen, filteredChatsScreen } from './chatScreens';
import { contactScreen, contactsScreen } from './contactScreens';
import type { ActionContext } from './context';
import { importSubmitScreen } from './csvScreens';
import { submitted, type Screen } from './respond';

/**
 * Submits: Search on Contacts and Chats, Save on the contact and tags forms, Preview and Send of a broadcast, Check
 * and Import of a CSV file. A submit keeps the modal (same view id) and shows the next screen in it; bad input comes
 * back as errors next to the fields.
 */
export async function onViewSubmit(ctx: ActionContext, context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
    const { view } = context.getInteractionData();
    const field = stateOf(view.state);
    // Either instance of a screen (see instanceViewId) submits the same form.
    const id = baseViewId(view.id);
    if (id === ViewIds.contacts) {
        return submitted(ctx, context, contactsScreen(boundedText(field(Fields.query), LIST_LIMITS.query), FIRST_PAGE));
    }
    if (id === ViewIds.chats) {
        // The folded filter has one input, the contact search: the rest of the filter is the one its list shows,
        // carried by its Filter button.
        const shown = filterShown(view.blocks);
        const filter = () =>
            validateFilter(
                shown
                    ? { ...shown, name: field(Fields.chatsSearch) }
                    : {
                          name: field(Fields.filterName),
                          agent: field(Fields.filterAgent),
                          department: field(Fields.filterDepartment),
                          tag: field(Fields.filterTag),
                          from: field(Fields.filterFrom),
                          to: field(Fields.filterTo),
                      },
            );
        // Validation names a filter by its meaning; the form's inputs carry a "filter-" prefix.
        const inputOf = (name: string) => (shown && name === 'name' ? Fields.chatsSearch : `filter-${name}`);
        return submitted(ctx, context, (c) => filteredChatsScreen(filter())(c), { inputOf });
    }
    const contactForm = parseContactEditViewId(id);
    if (id === ViewIds.contactNew || contactForm) {
        const save: Screen = async (c) => {
            const contact = await saveContact(c, {
                contactId: contactForm?.contactId,
                revision: contactForm?.revision,
                input: {
                    name: field(Fields.name),
                    emails: field(Fields.emails),
                    phones: field(Fields.phones),
                    company: field(Fields.company),
                    notes: field(Fields.notes),
                    doNotContact: field(Fields.doNotContact),
                    extraValues: Object.fromEntries(c.config.extraFields.map((f) => [f.id, field(f.id)])),
                },
                customFieldsFor: (keys) => Object.fromEntries(keys.map((key) => [key, field(customFieldId(key))])),
            });
            return contactScreen(contact.id, contact)(c);
        };
        return submitted(ctx, context, save, { conflictField: Fields.name });
    }
    if (id === ViewIds.broadcastCompose) {
        const previewed = confirmed(field(Fields.bcConfirm));
        // The confirmation the form showed, if any (the submitted view's own blocks: they only choose the answer).
        const shownSend = confirmed(shownOption(view, Fields.bcConfirm));
        const input = {
            query: field(Fields.bcQuery),
            tag: field(Fields.bcTag),
            channel: field(Fields.bcChannel),
            message: field(Fields.bcMessage),
            picked: field(Fields.bcPick),
        };
        return submitted(ctx, context, previewed ? sendScreen(input, previewed) : previewScreen(input, shownSend));
    }
    if (id === ViewIds.importForm) {
        const shownImport = shownOption(view, Fields.importConfirm) !== undefined;
        const confirm = field(Fields.importConfirm);
        const ticked = Array.isArray(confirm) ? confirm.includes('yes') : confirm === 'yes';
        return submitted(ctx, context, importSubmitScreen(field(Fields.importCsv), ticked, shownImport));
    }
    const tagsForm = parseChatTagsViewId(id);
    if (tagsForm) {
        const save: Screen = async (c) => {
            await setTags(c, { roomId: tagsForm.roomId, revision: tagsForm.revision, tags: field(Fields.tags) });
            return chatScreen(tagsForm.roomId, { filter: {}, place: FIRST_PAGE }, 'tags_saved')(c);
        };
        return submitted(ctx, context, save, { conflictField: Fields.tags });
    }
    return context.getInteractionResponder().errorResponse();
}

/** The value of the (first) option of a checkbox the submitted view showed, if it showed one. */
function shownOption(view: { blocks?: unknown }, blockId: string): unknown {
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    const block = blocks.find((b) => own(b, 'blockId') === blockId);
    const options = own(own(block, 'element'), 'options');
    return Array.isArray(options) ? own(options[0], 'value') : undefined;
}

/** The fingerprint a ticked Send confirmation carries, if any. */
function confirmed(value: unknown): string | undefined {
    const values = Array.isArray(value) ? value : [value];
    return values.find((v): v is string => typeof v === 'string' && /^[a-z0-9]{1,16}$/.test(v));
}

/** A form value: each input's block id and action id are its field name (see ui/ids). Unknown shapes read as empty. */
/** The filter of the folded Chats view, from its Filter button; undefined when the view shows the filter's inputs. */
function filterShown(blocks: unknown): ChatFilter | undefined {
    for (const block of Array.isArray(blocks) ? blocks : []) {
        const elements = own(block, 'elements');
        for (const element of Array.isArray(elements) ? elements : []) {
            if (own(element, 'actionId') === ActionIds.chatsFilter) {
                return readChatsList(own(element, 'value')).filter;
            }
        }
    }
    return undefined;
}

function stateOf(state: unknown): (field: string) => unknown {
    return (field) => own(own(state, field), field);
}
