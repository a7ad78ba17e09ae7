import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { TAG_LIMITS, type Chat } from '../domain/chat';
import { Blocks } from './blocks';
import { plain, t } from './i18n';
import { Fields, chatTagsViewId } from './ids';

/** The tags of a closed conversation. Rocket.Chat's own tags of the room are shown, not edited. */
export function buildTagsForm(appId: string, chat: Chat): IUIKitModalViewParam {
    const b = new Blocks(appId);
    b.section(plain(chat.contactName));
    if (chat.coreTags.length > 0) {
        b.context([t('tags_core', { tags: chat.coreTags.join(', ') })]);
    }
    b.textInput(Fields.tags, t('tags'), {
        initialValue: chat.tags.join('\n'),
        multiline: true,
        placeholder: t('hint_one_per_line'),
        maxLength: TAG_LIMITS.count * (TAG_LIMITS.length + 1),
    });
    b.context([t('tags_hint', { max: TAG_LIMITS.count, length: TAG_LIMITS.length })]);
    return {
        id: chatTagsViewId(chat.roomId, chat.revision),
        title: t('tags'),
        blocks: b.list,
        submit: b.button('cc-save', t('save'), undefined, 'primary'),
        close: b.button('cc-cancel', t('cancel')),
    };
}
