import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { Contact } from '../domain/contact';
import { EXTRA_LIMITS, type ExtraField } from '../domain/extraFields';
import { formatPhone } from '../domain/phone';
import { CUSTOM_FIELD_MAX, LIMITS, customFieldId } from '../domain/validation';
import { plain } from './i18n';
import { Blocks } from './blocks';
import { t } from './i18n';
import { ActionIds, Fields, ViewIds, contactEditViewId } from './ids';

/** The form of New Contact and Edit; Save submits it. */
export function buildContactForm(appId: string, contact?: Contact, extraFields: ExtraField[] = []): IUIKitModalViewParam {
    const b = new Blocks(appId);
    // Cancel goes back where the form was opened from (the contact, or the list); the modal's Close closes the
    // Contact Center. After "someone else changed this contact", Reload shows their change.
    if (contact) {
        b.actions([b.button(ActionIds.contactOpen, t('cancel'), contact.id), b.button(ActionIds.contactReload, t('reload'), contact.id)]);
        b.context([t('reload_hint')]);
    } else {
        b.actions([b.button(ActionIds.back, t('cancel'), 'contacts')]);
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
    for (const field of extraFields) {
        const value = contact?.extra.fields?.[field.name];
        if (field.type === 'select') {
            b.select(
                field.id,
                plain(field.name),
                field.options.map((o) => ({ value: o, text: plain(o) })),
                value,
                !field.required,
            );
        } else {
            const placeholder = field.type === 'date' ? t('hint_date') : field.type === 'number' ? t('hint_number') : undefined;
            b.textInput(field.id, plain(field.name), {
                initialValue: value,
                optional: !field.required,
                maxLength: EXTRA_LIMITS.text,
                ...(placeholder ? { placeholder } : {}),
            });
        }
    }
    b.checkbox(Fields.doNotContact, t('field_do_not_contact'), t('do_not_contact_option'), contact?.extra.doNotContact ?? false);
    return {
        id: contact ? contactEditViewId(contact.id, contact.revision) : ViewIds.contactNew,
        title: contact ? t('edit_contact') : t('new_contact'),
        blocks: b.list,
        submit: b.button('cc-save', t('save'), undefined, 'primary'),
        close: b.button('cc-cancel', t('close')),
    };
}
