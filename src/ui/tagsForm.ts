import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { TAG_LIMITS, tagKey, type Chat } from '../domain/chat';
import { Blocks } from './blocks';
import { plain, t } from './i18n';
import { FIRST_PAGE } from '../domain/listAt';
import { ActionIds, Fields, chatTagsViewId } from './ids';
import { chatsListValue } from './paging';

/** The tags of a closed conversation. Rocket.Chat's own tags of the room are shown, not edited. */
/** `allowed`: the workspace's tags in list mode (a multi-select); absent: free text. */
export function buildTagsForm(appId: string, chat: Chat, allowed?: string[]): IUIKitModalViewParam {
    const b = new Blocks(appId);
    // Cancel goes back to the chat; the modal's Close closes the Contact Center.
    b.section(
        plain(chat.contactName),
        b.button(ActionIds.chatOpen, t('cancel'), chatsListValue({ filter: {}, place: FIRST_PAGE }, chat.roomId)),
    );
    if (chat.coreTags.length > 0) {
        b.context([t('tags_core', { tags: chat.coreTags.join(', ') })]);
    }
    if (allowed) {
        // List mode: the workspace's tags only. A tag set before the list existed is not offered, and goes on save.
        const known = chat.tags.map((tag) => allowed.find((a) => tagKey(a) === tagKey(tag))).filter((a): a is string => a !== undefined);
        b.multiSelect(
            Fields.tags,
            t('tags'),
            allowed.map((tag) => ({ value: tag, text: plain(tag) })),
            known,
        );
        b.context([t('tags_hint_list', { max: TAG_LIMITS.count })]);
    } else {
        b.textInput(Fields.tags, t('tags'), {
            initialValue: chat.tags.join('\n'),
            multiline: true,
            placeholder: t('hint_one_per_line'),
            maxLength: TAG_LIMITS.count * (TAG_LIMITS.length + 1),
        });
        b.context([t('tags_hint', { max: TAG_LIMITS.count, length: TAG_LIMITS.length })]);
    }
    return {
        id: chatTagsViewId(chat.roomId, chat.revision),
        title: t('tags'),
        blocks: b.list,
        submit: b.button('cc-save', t('save'), undefined, 'primary'),
        close: b.button('cc-cancel', t('close')),
    };
}
