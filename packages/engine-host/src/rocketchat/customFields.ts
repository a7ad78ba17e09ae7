import { Collections, type Doc, type Store } from '../store/Store';

// getAllowedCustomFields and validateCustomFields (app/livechat/server/lib/contacts/): contacts take the
// workspace's visitor-scoped custom fields that are not hidden; values are trimmed strings matching the field's regexp.

export const allowedCustomFields = (store: Store): Promise<Doc[]> =>
    store.collection(Collections.customFields).find({ scope: 'visitor', visibility: { $ne: 'hidden' } });

export function validateCustomFields(
    allowed: Doc[],
    customFields: Record<string, unknown>,
    { ignoreAdditionalFields = false, ignoreValidationErrors = false } = {},
): Record<string, string> {
    const valid: Record<string, string> = {};
    const invalid = (field: Doc) => new Error(`error-invalid-custom-field-value: ${field.label || field._id}`);
    for (const field of allowed) {
        const raw = Object.prototype.hasOwnProperty.call(customFields, field._id) ? customFields[field._id] : undefined;
        const value = typeof raw === 'string' ? raw.trim() : raw;
        if (!value || typeof value !== 'string') {
            if (field.required && !ignoreValidationErrors) throw invalid(field);
            continue;
        }
        if (field.regexp && !new RegExp(field.regexp).test(value)) {
            if (ignoreValidationErrors) continue;
            throw invalid(field);
        }
        valid[field._id] = value;
    }
    if (!ignoreAdditionalFields) {
        const ids = new Set(allowed.map((f) => f._id));
        for (const key of Object.keys(customFields)) if (!ids.has(key)) throw new Error(`error-custom-field-not-allowed: ${key}`);
    }
    return valid;
}
