import {
    countsOf,
    escapeForChat,
    fingerprint,
    markerOf,
    reachOf,
    recheckEntry,
    renderMessage,
    skipReason,
    validateCompose,
} from '../../../src/domain/broadcast';
import { ValidationError } from '../../../src/domain/errors';
import { aContact } from '../factories';

const fieldsOf = (fn: () => unknown): Record<string, { key: string }> => {
    try {
        fn();
    } catch (error) {
        if (error instanceof ValidationError) return error.fields;
        throw error;
    }
    return {};
};

describe('broadcast compose validation', () => {
    it('accepts a message with known placeholders and one audience', () => {
        expect(validateCompose({ query: ' ana ', message: ' Hi {first_name} ({email}) ', channel: 'email' })).toEqual({
            audience: { kind: 'search', query: 'ana' },
            channel: 'email',
            text: 'Hi {first_name} ({email})',
        });
        expect(validateCompose({ tag: 'VIP', message: 'Hello {name}' }).audience).toEqual({ kind: 'tag', tag: 'VIP' });
    });
    it('refuses empty, too long, unknown placeholders, and a missing or double audience, all at once', () => {
        expect(fieldsOf(() => validateCompose({ message: '  ' }))).toEqual({
            message: { key: 'error_bc_message_required' },
            query: { key: 'error_bc_audience_required' },
        });
        expect(fieldsOf(() => validateCompose({ query: 'a', message: 'x'.repeat(2001) })).message.key).toBe('error_too_long');
        expect(fieldsOf(() => validateCompose({ query: 'a', message: 'Hi {nome}' })).message).toMatchObject({
            key: 'error_bc_placeholder',
            args: { value: '{nome}' },
        });
        expect(fieldsOf(() => validateCompose({ query: 'a', tag: 'b', message: 'x' })).tag.key).toBe('error_bc_audience_both');
    });
    it('falls back to a conversation for an unknown channel sent by the client', () => {
        expect(validateCompose({ query: 'a', message: 'x', channel: 'sms' }).channel).toBe('conversation');
    });
});

describe('rendering inserted values', () => {
    it('fills the placeholders', () => {
        expect(renderMessage('Hi {first_name}, {name} <{email}> {unknown}', { name: 'Ana  Lima', email: 'ana@x.io' }, 'email')).toBe(
            'Hi Ana, Ana Lima <ana@x.io> {unknown}',
        );
    });
    it('inserts a value as written in a chat message (no backslashes), breaking mentions and link syntax only', () => {
        const text = renderMessage(
            'Hello {name}!',
            { name: "*@all* _x_ [link](http://evil) <http://x|y> `code` #general O'Brien (VIP) a|b > c" },
            'conversation',
        );
        expect(text).toBe(
            "Hello *@\u200Ball* _x_ [link]\u200B(http://evil) <\u200Bhttp://x|y> `code` #\u200Bgeneral O'Brien (VIP) a|b > c!",
        );
        expect(text).not.toMatch(/@all|\\/);
        expect(escapeForChat('@here')).toBe('@\u200Bhere');
    });
    it('leaves the sender’s own text as written, and collapses line breaks in values', () => {
        expect(renderMessage('*Sale* for {name}', { name: 'Bob\nBcc: x@y.z' }, 'email')).toBe('*Sale* for Bob Bcc: x@y.z');
    });
});

describe('recipients', () => {
    it('skips do-not-contact always, and contacts without an email for email', () => {
        const dnc = aContact({ emails: ['a@b.c'], extra: { company: '', notes: '', doNotContact: true } });
        expect(skipReason(dnc, 'conversation')).toBe('do_not_contact');
        expect(skipReason(aContact(), 'email')).toBe('no_email');
        expect(skipReason(aContact(), 'conversation')).toBeUndefined();
        expect(skipReason(aContact({ channels: [] }), 'conversation')).toBe('no_visitor');
    });
    it('re-checks a recipient as the contact is now: opted out, a new address, gone', () => {
        const entry = { contactId: 'c1', name: 'Ana', email: 'old@x.io' };
        const now = aContact({ id: 'c1', emails: ['new@x.io'] });
        expect(recheckEntry(entry, now, 'email')).toEqual({
            contactId: 'c1',
            name: 'Ana',
            email: 'new@x.io',
            visitorId: now.channels[0].visitorId,
        });
        const noEmail = aContact({ id: 'c1', emails: [] });
        expect(recheckEntry(entry, noEmail, 'email')).toEqual({
            contactId: 'c1',
            name: 'Ana',
            skip: 'no_email',
            visitorId: noEmail.channels[0].visitorId,
        });
        expect(
            recheckEntry(
                entry,
                aContact({ id: 'c1', emails: ['a@x.io'], extra: { company: '', notes: '', doNotContact: true } }),
                'conversation',
            ).skip,
        ).toBe('do_not_contact');
        expect(recheckEntry(entry, undefined, 'email').skip).toBe('gone');
    });
    it('tells a change of what decides reaching a contact from any other change', () => {
        const contact = aContact({ emails: ['a@x.io'] });
        const renamed = { ...contact, name: 'Renamed' };
        expect(reachOf(contact)).toBe(reachOf(renamed));
        expect(reachOf(contact)).not.toBe(reachOf({ ...contact, emails: ['b@x.io'] }));
        expect(reachOf(contact)).not.toBe(reachOf({ ...contact, extra: { ...contact.extra, doNotContact: true } }));
        expect(reachOf(contact)).not.toBe(reachOf(undefined));
    });
    it('counts final states only', () => {
        expect(
            countsOf([
                { state: 'sent' },
                { state: 'sending' },
                { state: 'failed' },
                { state: 'skipped' },
                { state: 'unknown' },
                { state: 'sent' },
            ]),
        ).toEqual({
            sent: 2,
            failed: 1,
            skipped: 1,
            unknown: 1,
        });
    });
    it('has a deterministic marker and fingerprint', () => {
        expect(markerOf('b1', 'c1')).toBe('cc-bc:b1:c1');
        const v = validateCompose({ query: 'a', message: 'x' });
        expect(fingerprint(v)).toBe(fingerprint({ ...v }));
        expect(fingerprint(v)).not.toBe(fingerprint({ ...v, text: 'y' }));
    });
});
