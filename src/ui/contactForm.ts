import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { Contact } from '../domain/contact';
import { formatPhone } from '../domain/phone';
import { CUSTOM_FIELD_MAX, LIMITS, customFieldId } from '../domain/validation';
import { plain } from './i18n';
import { Blocks } from './blocks';
import { t } from './i18n';
import { ActionIds, Fields, ViewIds, contactEditViewId } from './ids';

/** The form of New Contact and Edit; Save submits it. */
export function buildContactForm(appId: string, contact?: Contact): IUIKitModalViewParam {
    const b = new Blocks(appId);
    if (contact) {
        // After "someone else changed this contact", Reload shows their change (what was typed is lost).
        b.actions([b.button(ActionIds.contactReload, t('reload'), contact.id)]);
    }
    b.textInput(Fields.name, t('field_name'), { initialValue: contact?.name, optional: false, maxLength: LIMITS.name });
    b.textInput(Fields.emails, t('field_emails'), {
        initialValue: contact?.emails.join('\n'),
        multiline: true,
        placeholder: t('hint_one_per_line'),
    });
    b.textInput(Fields.phones, t('field_phones'), {
        initialValue: contact?.phones.map(formatPhone).join('\n'),
        multiline: true,
        placeholder: t('hint_one_per_line'),
    });
    b.textInput(Fields.company, t('field_company'), { initialValue: contact?.extra.company, maxLength: LIMITS.company });
    b.textInput(Fields.notes, t('field_notes'), { initialValue: contact?.extra.notes, multiline: true, maxLength: LIMITS.notes });
    for (const [key, value] of Object.entries(contact?.customFields ?? {})) {
        b.textInput(customFieldId(key), plain(key), { initialValue: value, maxLength: CUSTOM_FIELD_MAX });
    }
    b.checkbox(Fields.doNotContact, t('field_do_not_contact'), t('do_not_contact_option'), contact?.extra.doNotContact ?? false);
    return {
        id: contact ? contactEditViewId(contact.id, contact.revision) : ViewIds.contactNew,
        title: contact ? t('edit_contact') : t('new_contact'),
        blocks: b.list,
        submit: b.button('cc-save', t('save'), undefined, 'primary'),
        close: b.button('cc-cancel', t('cancel')),
    };
}
