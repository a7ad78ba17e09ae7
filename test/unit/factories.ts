import { EMPTY_EXTRA, type Contact } from '../../src/domain/contact';

let sequence = 0;

/** A contact with sensible defaults; override what the test is about. */
export function aContact(overrides: Partial<Contact> = {}): Contact {
    sequence += 1;
    return {
        id: `visitor${sequence}`,
        keyedBy: 'visitor',
        name: `Contact ${sequence}`,
        emails: [],
        phones: [],
        customFields: {},
        channels: [{ visitorId: `visitor${sequence}`, type: 'widget', token: `token${sequence}`, username: `guest-${sequence}` }],
        closedRoomIds: [],
        servedBy: [],
        extra: EMPTY_EXTRA,
        revision: 1,
        updatedAt: '2026-01-01T00:00:00.000Z',
        ...overrides,
    };
}
