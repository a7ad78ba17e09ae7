import { buildContactForm } from '../../../src/ui/contactForm';
import { buildContactView } from '../../../src/ui/contactView';
import { buildHistoryView } from '../../../src/ui/historyView';
import { buildContactsView } from '../../../src/ui/contactsView';
import { buildChatsView, tagsInShort } from '../../../src/ui/chatsView';
import { buildMessageView } from '../../../src/ui/messageView';
import { hasKey } from '../../../src/domain/translate';
import { parseContactEditViewId, contactEditViewId } from '../../../src/ui/ids';
import {
    contactsListValue,
    readChatsList,
    readContactOpen,
    readContactsList,
    readTranscript,
    transcriptValue,
} from '../../../src/ui/paging';

/** A contacts list value read back, in the compact form the button carries: query, page, offset. */
const decodePage = (value: unknown) => {
    const list = readContactsList(value);
    return { q: list.query, p: list.place.page, ...(list.place.offset !== undefined ? { o: list.place.offset } : {}) };
};
const encodePage = (state: { q: string; p: number; o?: number }) =>
    contactsListValue({ query: state.q, place: { page: state.p, ...(state.o !== undefined ? { offset: state.o } : {}) } });
import { buildTranscriptView } from '../../../src/ui/transcriptView';
import { aContact } from '../factories';
import { buildBroadcastForm, buildBroadcastReport, buildBroadcastsView } from '../../../src/ui/broadcastViews';
import type { Broadcast } from '../../../src/domain/broadcast';
import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';

const aBroadcast: Broadcast = {
    kind: 'broadcast',
    id: 'b1',
    senderId: 'a1',
    senderUsername: 'alice',
    scope: { kind: 'all' },
    channel: 'email',
    text: 'Hi {name}',
    audience: { kind: 'tag', tag: 'vip' },
    total: 3,
    truncated: true,
    status: 'running',
    counts: { sent: 1, failed: 1, skipped: 1, unknown: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
};

type Node = Record<string, unknown>;

/** Every text object anywhere in a view. */
function texts(value: unknown, found: Node[] = []): Node[] {
    if (Array.isArray(value)) {
        value.forEach((v) => texts(v, found));
    } else if (value && typeof value === 'object') {
        const node = value as Node;
        if ((node.type === 'plain_text' || node.type === 'mrkdwn') && typeof node.text === 'string') {
            found.push(node);
        }
        Object.values(node).forEach((v) => texts(v, found));
    }
    return found;
}

const tricky = aContact({
    name: '*Boss* @all [x](http://evil)',
    emails: ['boss@example.com'],
    phones: ['+5511987654321'],
    servedBy: ['a1'],
});

const views = {
    list: buildContactsView('app', {
        query: 'bo',
        at: { page: 1, start: 25 },
        pageSize: 25,
        items: [{ id: tricky.id, name: tricky.name, email: 'boss@example.com' }],
        total: 60,
        capped: false,
    }),
    empty: buildContactsView('app', { query: 'zzz', at: { page: 0, start: 0 }, pageSize: 25, items: [], total: 0, capped: false }),
    contact: buildContactView('app', tricky),
    form: buildContactForm('app', tricky),
    newForm: buildContactForm('app'),
    refused: buildMessageView('app', 'refused_no_role'),
    broadcastForm: buildBroadcastForm('app', { query: 'bo' }),
    broadcastPreview: buildBroadcastForm(
        'app',
        { tag: 'vip', message: 'Hi {name}' },
        {
            valid: { audience: { kind: 'tag', tag: 'vip' }, channel: 'email', text: 'Hi {name}' },
            total: 3,
            deliverable: 1,
            skipped: { do_not_contact: 1, no_email: 1 },
            truncated: true,
            sample: { name: tricky.name, text: 'Hi *Boss*' },
        },
    ),
    broadcasts: buildBroadcastsView('app', [aBroadcast], { notice: 'bc_started' }),
    broadcastsNone: buildBroadcastsView('app', []),
    broadcastReport: buildBroadcastReport('app', aBroadcast, [
        { name: 'A', state: 'sent' },
        { name: 'B', state: 'failed', reason: 'bc_reason_error' },
        { name: 'C', state: 'skipped', reason: 'skip_no_email' },
        { name: 'D', state: 'unknown', reason: 'bc_reason_email_interrupted' },
        { name: 'E', state: 'pending' },
    ]),
};

describe('views', () => {
    it.each(Object.entries(views))('%s: every label is a known i18n key', (_name, view) => {
        const keys = texts(view)
            .map((t) => (t.i18n as { key?: string } | undefined)?.key)
            .filter((k): k is string => !!k);
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.filter((k) => !hasKey(k))).toEqual([]);
    });

    it.each(Object.entries(views))('%s: never renders markdown', (_name, view) => {
        expect(texts(view).filter((t) => t.type !== 'plain_text')).toEqual([]);
    });

    it('shows a name with markdown and mentions as typed, in plain text', () => {
        const names = texts(views.contact).filter((t) => t.text === tricky.name);
        expect(names).toHaveLength(1);
        expect(names[0].type).toBe('plain_text');
    });

    it('pages with Previous and Next that carry the query', () => {
        const buttons = JSON.stringify(views.list.blocks);
        expect(buttons).toContain('"actionId":"cc-page"');
        const values = (views.list.blocks as Node[])
            .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Node[]) : []))
            .filter((e) => e.actionId === 'cc-page')
            .map((e) => decodePage(e.value));
        // The fixture's page 1 shows one row of 60: Next starts right after it, wherever a full page would end.
        expect(values).toEqual([
            { q: 'bo', p: 0 },
            { q: 'bo', p: 2, o: 26 },
        ]);
    });

    it('after a short page, Next starts right after the last row shown and Previous goes back a page', () => {
        const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, name: `Contact ${from + i}` }));
        const navOf = (view: ReturnType<typeof buildContactsView>) =>
            (view.blocks as Node[])
                .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Node[]) : []))
                .filter((e) => e.actionId === 'cc-page')
                .map((e) => decodePage(e.value));
        // The search stopped at its budget with 22 of a page of 25: more exist.
        const short = buildContactsView('app', {
            query: 'bo',
            at: { page: 0, start: 0 },
            pageSize: 25,
            items: rows(22),
            total: 22,
            more: true,
            capped: false,
        });
        expect(navOf(short)).toEqual([{ q: 'bo', p: 1, o: 22 }]);
        expect(
            texts(short).some(
                (t) => t.text?.toString().includes('1') && (t.i18n as { key: string } | undefined)?.key === 'contacts_showing_more',
            ),
        ).toBe(true);
        const after = buildContactsView('app', {
            query: 'bo',
            at: { page: 1, start: 22 },
            pageSize: 25,
            items: rows(25, 22),
            total: 60,
            capped: false,
        });
        expect(navOf(after)).toEqual([
            { q: 'bo', p: 0 },
            { q: 'bo', p: 2, o: 47 },
        ]);
    });

    it('a chat opened after a short page goes back to that list position, from the transcript too', () => {
        const place = { roomId: 'room1', page: 0, list: { filter: { tag: 'vip' }, place: { page: 1, offset: 22 } } };
        const state = readTranscript(transcriptValue(place));
        expect(state).toEqual(place);
        const view = buildTranscriptView('app', state as typeof place, [], false);
        const back = (view.blocks as Node[])
            .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Node[]) : []))
            .find((e) => e.actionId === 'cc-chat-open');
        expect(readChatsList(back?.value)).toEqual({ filter: { tag: 'vip' }, place: { page: 1, offset: 22 }, roomId: 'room1' });
        expect(readTranscript(JSON.stringify({ r: 'room1', p: 0, l: { p: 1, o: -5 } }))).toEqual({
            roomId: 'room1',
            page: 0,
            list: { filter: {}, place: { page: 1 } },
        });
    });

    it("a filtered Chats page's Next carries its last chat, and back from a chat and its transcript returns there; a forged cursor reads as absent", () => {
        const last = { at: Date.parse('2026-03-01T10:00:00.000Z'), id: 'room25' };
        const view = buildChatsView('app', {
            filter: { tag: 'vip' },
            at: { page: 0, start: 0 },
            pageSize: 25,
            items: Array.from({ length: 25 }, (_, i) => ({
                roomId: `room${i + 1}`,
                contactName: `Person ${i + 1}`,
                closedAt: new Date(last.at + (24 - i) * 60_000).toISOString(),
                tags: ['vip'],
            })),
            total: 26,
            more: true,
            capped: false,
            last,
            canFilterAgent: false,
        });
        const next = (view.blocks as Node[])
            .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Node[]) : []))
            .find((e) => e.actionId === 'cc-chats-page');
        expect(readChatsList(next?.value)).toEqual({ filter: { tag: 'vip' }, place: { page: 1, after: last } });
        const place = { roomId: 'room1', page: 0, list: { filter: { tag: 'vip' }, place: { page: 1, after: last } } };
        expect(readTranscript(transcriptValue(place))).toEqual(place);
        for (const forged of [[last.at, 'a b'], [-1, 'room1'], [1.5, 'room1'], ['1', 'room1'], [last.at], {}]) {
            expect(readChatsList(JSON.stringify({ f: {}, p: 1, a: forged })).place).toEqual({ page: 1 });
        }
    });

    it('says so when nothing matches', () => {
        expect(texts(views.empty).some((t) => (t.i18n as { key: string } | undefined)?.key === 'contacts_none_match')).toBe(true);
    });

    it('every element carries the app id and its block id', () => {
        const elements = (views.list.blocks as Node[]).flatMap((b) => [
            ...(Array.isArray(b.elements) ? (b.elements as Node[]) : []),
            ...(b.accessory ? [b.accessory as Node] : []),
            ...(b.element ? [b.element as Node] : []),
        ]);
        const actionable = elements.filter((e) => 'actionId' in e);
        expect(actionable.length).toBeGreaterThan(2);
        for (const element of actionable) {
            expect(element.appId).toBe('app');
            expect(typeof element.blockId).toBe('string');
            expect((element.blockId as string).length).toBeGreaterThan(0);
        }
    });
});

describe('client values are parsed strictly', () => {
    it('round-trips the edit view id and refuses forged ones', () => {
        expect(parseContactEditViewId(contactEditViewId('abc_DEF-1', 7))).toEqual({ contactId: 'abc_DEF-1', revision: 7 });
        expect(parseContactEditViewId('cc-contact-edit:../x:1')).toBeUndefined();
        expect(parseContactEditViewId('cc-contact-edit:abc:1:2')).toBeUndefined();
        expect(parseContactEditViewId({ id: 'x' })).toBeUndefined();
    });
    it('decodes page values defensively', () => {
        expect(decodePage(encodePage({ q: 'ana', p: 3 }))).toEqual({ q: 'ana', p: 3 });
        expect(decodePage('{"q":{"$gt":""},"p":-1}')).toEqual({ q: '', p: 0 });
        expect(decodePage('not json')).toEqual({ q: '', p: 0 });
        expect(decodePage(JSON.stringify({ q: 'x'.repeat(5000), p: 1e9 }))).toEqual({ q: 'x'.repeat(200), p: 0 });
        expect(decodePage(encodePage({ q: 'ana', p: 1, o: 22 }))).toEqual({ q: 'ana', p: 1, o: 22 });
        expect(decodePage(JSON.stringify({ q: 'ana', p: 1, o: -3 }))).toEqual({ q: 'ana', p: 1 });
        expect(decodePage(JSON.stringify({ q: 'ana', p: 1, o: 1e12 }))).toEqual({ q: 'ana', p: 1 });
        expect(decodePage(JSON.stringify({ q: 'ana', p: 1, o: '5' }))).toEqual({ q: 'ana', p: 1 });
    });
});

describe('values shown the same way on the contact and in its history', () => {
    const textsOf = (view: unknown) => texts(view).map((n) => n.text);

    it('says Yes or No for "do not contact", never a sign', () => {
        const shown = textsOf(buildContactView('app', aContact({ extra: { company: '', notes: '', doNotContact: false } })));
        expect(shown[shown.indexOf('Do not contact') + 1]).toBe('No');
        expect(textsOf(buildContactView('app', aContact({ extra: { company: '', notes: '', doNotContact: true } })))).toContain('Yes');
    });

    it('shows a phone in history in the format of the contact page, and a tick box change in words', () => {
        const view = buildHistoryView(
            'app',
            { id: 'c1', name: 'Ana' },
            {
                items: [
                    {
                        kind: 'audit',
                        id: 'a1',
                        subject: { kind: 'contact', id: 'c1' },
                        action: 'contact.updated',
                        actor: { id: 'u1', username: 'mona' },
                        at: '2026-12-01T10:00:00.000Z',
                        changes: [
                            { field: 'phones', from: [], to: ['+5511988881234'] },
                            { field: 'doNotContact', from: false, to: true },
                        ],
                    },
                ],
                total: 1,
                page: 0,
            },
            30,
        );
        const contactPage = textsOf(buildContactView('app', aContact({ phones: ['+5511988881234'] })));
        const formatted = contactPage.find((text) => String(text).startsWith('+55 11'));
        expect(formatted).toBe('+55 11 98888 1234');
        expect(textsOf(view)).toEqual(expect.arrayContaining([`— → ${formatted}`, 'No → Yes']));
    });
});

describe("a contact's closed conversations", () => {
    const textsOf = (view: unknown) => texts(view).map((n) => n.text);
    const served = aContact({ closedRoomIds: ['r1', 'r2', 'r3'] });
    const mine = [{ roomId: 'r1', contactName: served.name, agentName: 'alice', closedAt: '2026-12-01T10:00:00.000Z', tags: [] }];

    it('never says "no closed conversations" beside a count of three: the others are said to be other agents\u2019', () => {
        const none = textsOf(buildContactView('app', served, 0, []));
        expect(none).not.toContain('No closed conversations yet.');
        expect(none).toContain('3 closed conversations, served by other agents: only they and managers can open them.');
        expect(textsOf(buildContactView('app', served, 0, mine))).toContain(
            'And 2 more, served by other agents: only they and managers can open them.',
        );
        expect(textsOf(buildContactView('app', aContact({ closedRoomIds: [] }), 0, []))).toContain('No closed conversations yet.');
    });
});

describe('where a page is in a list cut to its most recent entries', () => {
    const textsOf = (view: unknown) => texts(view).map((n) => n.text);
    const page = (start: number) =>
        buildContactsView('app', {
            query: '',
            at: { page: start / 25, start },
            pageSize: 25,
            items: Array.from({ length: 25 }, (_, i) => ({ id: `c${start + i}`, name: `Contact ${start + i}` })),
            total: 500,
            capped: true,
        });

    it('says "of the 500 most recent", not "of 500", and explains the cut once, under the last page', () => {
        expect(textsOf(page(0))).toContain('1–25 of the 500 most recent');
        expect(textsOf(page(0))).not.toContain('Only the most recent contacts are listed: search to find older ones.');
        expect(textsOf(page(475))).toContain('Only the most recent contacts are listed: search to find older ones.');
    });
});

describe('the place a contact was opened from', () => {
    it('rides on its Open button and comes back on Back; a bare id or a forged value opens without a place', () => {
        const list = { query: 'ana', place: { page: 2, offset: 47 } };
        const opened = readContactOpen(contactsListValue(list, 'c1'));
        expect(opened).toEqual({ contactId: 'c1', list });
        const view = buildContactView('app', aContact({ id: 'c1' }), 0, [], undefined, [], false, opened.list);
        const buttons = (value: unknown): Node[] =>
            Array.isArray(value)
                ? value.flatMap(buttons)
                : value && typeof value === 'object'
                  ? [...((value as Node).type === 'button' ? [value as Node] : []), ...Object.values(value as Node).flatMap(buttons)]
                  : [];
        const back = buttons(view.blocks).find((b) => (b.text as Node).text === 'Back');
        expect(back?.actionId).toBe('cc-page');
        const value = back?.value;
        expect(readContactsList(value)).toEqual(list);
        expect(readContactOpen('c1')).toEqual({ contactId: 'c1' });
        expect(readContactOpen('{"c":{"$gt":""},"q":"x"}').list).toEqual({ query: 'x', place: { page: 0 } });
    });
});

describe('list rows: one line each, with a button that names what it opens', () => {
    const sections = (view: { blocks: unknown[] }) =>
        (view.blocks as Node[]).filter((b) => b.type === 'section' && b.accessory) as { text: Node; accessory: { text: Node } }[];

    it('a contact: its name and one way to reach them (the first email, else the phone); the button says "Open <name>"', () => {
        const view = buildContactsView('app', {
            query: '',
            at: { page: 0, start: 0 },
            pageSize: 25,
            items: [
                { id: 'c1', name: 'Ana Lima', email: 'ana@example.com', phone: '+5511987654321' },
                { id: 'c2', name: 'Rui Sá', phone: '+5511987654321' },
                { id: 'c3', name: 'Eva Ruiz' },
            ],
            total: 3,
            capped: false,
        });
        const rows = sections(view);
        expect(rows.map((r) => r.text.text)).toEqual(['Ana Lima · ana@example.com', 'Rui Sá · +55 11 98765 4321', 'Eva Ruiz']);
        expect(rows.map((r) => r.accessory.text.text)).toEqual(['Open Ana Lima', 'Open Rui Sá', 'Open Eva Ruiz']);
        expect(rows.map((r) => (r.accessory.text.i18n as Node).key)).toEqual(['open_named', 'open_named', 'open_named']);
    });

    it('a chat: the contact, the agent for managers, the first tag and how many more; the button names it by when it closed', () => {
        const data = {
            filter: {},
            at: { page: 0, start: 0 },
            pageSize: 25,
            items: [
                {
                    roomId: 'r1',
                    contactName: 'Ana Lima',
                    agentDisplayName: 'Alice',
                    closedAt: '2026-01-02T10:30:00.000Z',
                    tags: ['vip', 'a', 'b'],
                },
                { roomId: 'r2', contactName: 'Ana Lima', agentName: 'bob', closedAt: '2026-01-01T09:00:00.000Z', tags: [] },
            ],
            total: 2,
            capped: false,
        };
        const agent = sections(buildChatsView('app', { ...data, canFilterAgent: false }));
        expect(agent.map((r) => r.text.text)).toEqual(['Ana Lima · vip +2', 'Ana Lima']);
        expect(agent.map((r) => r.accessory.text.text)).toEqual(['Open chat of 2026-01-02 10:30', 'Open chat of 2026-01-01 09:00']);
        const manager = sections(buildChatsView('app', { ...data, canFilterAgent: true }));
        expect(manager.map((r) => r.text.text)).toEqual(['Ana Lima · Alice · vip +2', 'Ana Lima · bob']);
    });

    it('shortens tags to one: the first (cut at 20 characters) and "+N"', () => {
        expect(tagsInShort([])).toBe('');
        expect(tagsInShort(['support'])).toBe('support');
        expect(tagsInShort(['support', 'billing'])).toBe('support +1');
        expect(tagsInShort(['a-very-long-tag-name-indeed', 'x'])).toBe('a-very-long-tag-nam… +1');
    });
});

describe('the contact page and the transcript', () => {
    it('titles a contact page with the contact’s name, as typed', () => {
        const view = buildContactView('app', tricky);
        expect(view.title).toEqual({ type: 'plain_text', text: tricky.name, emoji: false });
    });

    it('shows one line a message: the sender (the agent marked), the time (the date when the day changes), the text', () => {
        const message = (id: string, sender: { _id: string; name: string }, at: string, text: string) =>
            ({ id, roomId: 'r1', sender: { ...sender, username: sender.name }, createdAt: at, text }) as unknown as IMessageRaw;
        const joana = { _id: 'v1', name: 'Joana *Prado*' };
        const alice = { _id: 'a1', name: 'Alice' };
        const view = buildTranscriptView(
            'app',
            { roomId: 'r1', page: 0, list: { filter: {}, place: { page: 0 } }, agentId: 'a1' },
            [
                message('m1', joana, '2026-01-01T23:59:00.000Z', 'Hi'),
                message('m2', alice, '2026-01-02T00:01:00.000Z', 'Hello'),
                message('m3', joana, '2026-01-02T00:02:00.000Z', 'Thanks'),
            ],
            false,
            0,
            'de',
        );
        const lines = (view.blocks as Node[]).filter((b) => b.type === 'section').map((b) => b.text as Node);
        expect(lines.map((l) => l.text)).toEqual([
            'Joana *Prado* · 2026-01-01 23:59: Hi',
            'Alice (Agent) · 2026-01-02 00:01: Hello',
            'Joana *Prado* · 00:02: Thanks',
        ]);
        expect(lines.every((l) => l.type === 'plain_text')).toBe(true);
        // The agent rides on the transcript's buttons (Next carries it on).
        const place = { roomId: 'r1', page: 1, list: { filter: {}, place: { page: 0 } }, agentId: 'a1' };
        expect(readTranscript(transcriptValue(place))).toEqual(place);
    });
});

describe('the broadcasts list', () => {
    it('names each Report and Cancel button by the broadcast it acts on', () => {
        const older = { ...aBroadcast, id: 'b0', createdAt: '2025-12-31T09:00:00.000Z' };
        const view = buildBroadcastsView('app', [aBroadcast, older]);
        const labels = texts(view.blocks).filter((n) => /^(Report|Cancel)/.test(String(n.text)));
        expect(labels.map((n) => n.text)).toEqual([
            'Report of 2026-01-01 00:00',
            'Cancel the broadcast of 2026-01-01 00:00',
            'Report of 2025-12-31 09:00',
            'Cancel the broadcast of 2025-12-31 09:00',
        ]);
    });
});
