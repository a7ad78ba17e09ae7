import { byRecency, fromStored, primaryChannel, publicContact, type Contact } from '../../../src/domain/contact';
import { entryFromContact, foldInto, withContactData, withRoom, type ContactData } from '../../../src/domain/directory';
import { aContact } from '../factories';

const chloe: ContactData = {
    id: 'c-chloe',
    name: 'Chloé Ferreira',
    emails: ['Chloe@Example.com'],
    phones: ['+33 6 12 34 56 78'],
    customFields: { plan: 'pro' },
    channels: [
        { visitorId: 'v-web', type: 'widget' },
        { visitorId: 'v-mail', type: 'email', label: 'Support inbox' },
    ],
    updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('directory entries', () => {
    it('makes an entry of a Rocket.Chat contact: its own name, normalized emails and phones, its channels', () => {
        const entry = entryFromContact(chloe, 'FR', '2026-12-01T10:00:00.000Z');
        expect(entry).toMatchObject({
            id: 'c-chloe',
            keyedBy: 'contact',
            syncedAt: chloe.updatedAt,
            name: 'Chloé Ferreira',
            emails: ['chloe@example.com'],
            phones: ['+33612345678'],
            customFields: { plan: 'pro' },
        });
        expect(entry.channels.map((c) => [c.visitorId, c.type, c.label])).toEqual([
            ['v-web', 'widget', undefined],
            ['v-mail', 'email', 'Support inbox'],
        ]);
    });

    it('takes a contact edited in Rocket.Chat, and returns the same entry when nothing changed there', () => {
        const entry = entryFromContact(chloe, 'FR');
        expect(withContactData(entry, chloe, 'FR')).toBe(entry);
        const edited = withContactData(entry, { ...chloe, name: 'Chloé Lima', phones: [], updatedAt: '2026-12-02T00:00:00.000Z' }, 'FR');
        expect(edited.name).toBe('Chloé Lima');
        expect(edited.phones).toEqual([]);
        expect(edited.extra).toBe(entry.extra);
    });

    it('keeps a name given in the Contact Center pending while Rocket.Chat holds it for review, and drops it once taken', () => {
        const entry = { ...entryFromContact(chloe, 'FR'), pendingName: 'Chloé F. Lima' };
        const held = withContactData(entry, { ...chloe, conflictingName: 'Chloé F. Lima', updatedAt: '2026-12-03T00:00:00.000Z' }, 'FR');
        expect(held).toMatchObject({ name: 'Chloé Ferreira', pendingName: 'Chloé F. Lima' });
        const taken = withContactData(entry, { ...chloe, name: 'Chloé F. Lima', updatedAt: '2026-12-03T00:00:00.000Z' }, 'FR');
        expect(taken.name).toBe('Chloé F. Lima');
        expect(taken.pendingName).toBeUndefined();
    });

    it('counts a closed room once, adds its agent and channel, and leaves the entry as it is for a room seen before', () => {
        const entry = entryFromContact(chloe, 'FR');
        const room = {
            id: 'r1',
            visitorId: 'v-web',
            visitorToken: 'tok',
            open: false,
            agentId: 'alice',
            source: 'widget',
            startedAt: '2026-11-30T09:00:00.000Z',
            closedAt: '2026-11-30T09:30:00.000Z',
        };
        const once = withRoom(entry, room);
        expect(once.closedRoomIds).toEqual(['r1']);
        expect(once.servedBy).toEqual(['alice']);
        expect(once.lastChatAt).toBe(room.closedAt);
        expect(primaryChannel(once)).toMatchObject({ visitorId: 'v-web', token: 'tok' });
        expect(withRoom(once, room)).toBe(once);
    });

    it('folds an entry into another: rooms, agents, channels, the app fields the target lacks, and its id for history', () => {
        const target = { ...entryFromContact(chloe, 'FR'), closedRoomIds: ['r1'], servedBy: ['alice'] };
        const source: Contact = aContact({
            id: 'v-old',
            keyedBy: 'visitor',
            emails: ['old@example.com'],
            closedRoomIds: ['r0'],
            servedBy: ['bob'],
            extra: { company: 'Lima & Co', notes: '', doNotContact: true, fields: { Plan: 'Pro' } },
            firstChatAt: '2020-01-01T00:00:00.000Z',
        });
        const folded = foldInto(target, source);
        expect(folded.closedRoomIds.sort()).toEqual(['r0', 'r1']);
        expect(folded.servedBy.sort()).toEqual(['alice', 'bob']);
        expect(folded.extra).toMatchObject({ company: 'Lima & Co', doNotContact: true, fields: { Plan: 'Pro' } });
        expect(folded.formerIds).toEqual(['v-old']);
        expect(folded.firstChatAt).toBe('2020-01-01T00:00:00.000Z');
        // A contact's emails are Rocket.Chat's: the app's old extra email is not listed as the contact's.
        expect(folded.emails).toEqual(['chloe@example.com']);
    });

    it('reads an entry stored by the earlier version (one per visitor, token on the entry) in the current shape', () => {
        const old = { ...aContact({ id: 'v9' }), token: 'tok9', username: 'guest-9', channels: ['widget', 'email'] } as unknown as Contact;
        delete (old as Partial<Contact>).keyedBy;
        const read = fromStored(old);
        expect(read.keyedBy).toBe('visitor');
        expect(read.channels).toEqual([
            { visitorId: 'v9', type: 'widget', token: 'tok9', username: 'guest-9' },
            { visitorId: 'v9', type: 'email', token: 'tok9', username: 'guest-9' },
        ]);
        expect('token' in read).toBe(false);
    });

    it('shows no visitor token and none of its own bookkeeping through the API', () => {
        const shown = publicContact({
            ...withRoom(entryFromContact(chloe, 'FR'), { id: 'r1', visitorId: 'v-web', visitorToken: 'secret', open: true }),
            writeId: 'w',
        });
        expect(JSON.stringify(shown)).not.toContain('secret');
        expect(shown).not.toHaveProperty('closedRoomIds');
        expect(shown).not.toHaveProperty('writeId');
        expect(shown.chatCount).toBe(0);
    });
});

describe('the order of contact lists', () => {
    it('puts the most recent last chat first, the same instant by id (a cursor of time and id places each), never chatted last by name', () => {
        const at = (iso?: string) => (iso ? { lastChatAt: iso } : {});
        const list = [
            { id: 'c-3', name: 'Ana', ...at('2026-05-01T10:00:00.000Z') },
            { id: 'c-9', name: 'Bea', ...at() },
            { id: 'c-2', name: 'Zoe', ...at('2026-05-01T10:00:00.000Z') },
            { id: 'c-1', name: 'Caio', ...at('2026-05-02T08:00:00.000Z') },
            { id: 'c-0', name: 'Abel', ...at() },
        ];
        expect([...list].sort(byRecency).map((c) => c.id)).toEqual(['c-1', 'c-2', 'c-3', 'c-0', 'c-9']);
    });
});
