import { filterOrNone, type ChatFilter } from '../domain/chat';
import { boundedText, isId, jsonObject, own, intIn } from '../domain/decode';
import { LIST_LIMITS, readPlace, type ListPlace } from '../domain/listAt';

/**
 * What the list buttons carry in their values, written and read here only. Values come back from the client:
 * every one is read strictly (see domain/decode), and what a screen is asked to show is checked again there.
 *   contacts list   {"q": search, "p": page, "o": offset, "a": cursor, "c": the contact opened from it}
 *   chats list      {"f": filter, "p": page, "o": offset, "a": cursor, "r": the chat opened from it}
 * (the cursor, [time, id], is the last item of the page before: see domain/listAt.ts)
 *   transcript      {"r": room, "p": transcript page, "l": the chats list to go back to}
 *   history         {"c": contact, "p": page}
 */
/** A longer value is not one the app wrote: it reads as absent. */
const MAX_VALUE = 10_000;

export interface ContactsList {
    query: string;
    place: ListPlace;
}

export interface ChatsList {
    filter: ChatFilter;
    place: ListPlace;
}

export interface TranscriptPlace {
    roomId: string;
    page: number;
    /** The chats list the chat was opened from, to go back to it. */
    list: ChatsList;
    /** The chat's agent, whose lines the transcript marks as the agent's (a label only: it grants nothing). */
    agentId?: string;
}

const placeValue = (place: ListPlace) => ({
    p: place.page,
    ...(place.offset !== undefined ? { o: place.offset } : {}),
    ...(place.after ? { a: [place.after.at, place.after.id] } : {}),
});
const readPlaceOf = (value: Record<string, unknown> | undefined): ListPlace => readPlace(own(value, 'p'), own(value, 'o'), own(value, 'a'));
const chatsValue = (list: ChatsList) => ({ f: list.filter, ...placeValue(list.place) });
const readChats = (value: Record<string, unknown> | undefined): ChatsList => ({
    filter: filterOrNone(own(value, 'f')),
    place: readPlaceOf(value),
});

export const contactsListValue = (list: ContactsList, contactId?: string): string =>
    JSON.stringify({ q: list.query, ...placeValue(list.place), ...(contactId ? { c: contactId } : {}) });

/**
 * A contact's Open: the contact and the list it was opened from (to go back to it), or a bare contact id (opened
 * from elsewhere: a room, its history). The id is checked again by the screen like any client value.
 */
export function readContactOpen(value: unknown): { contactId: unknown; list?: ContactsList } {
    if (isId(value)) {
        return { contactId: value };
    }
    const parsed = jsonObject(value, MAX_VALUE);
    return parsed ? { contactId: own(parsed, 'c'), list: readContactsList(value) } : { contactId: value };
}

export function readContactsList(value: unknown): ContactsList {
    const parsed = jsonObject(value, MAX_VALUE);
    return { query: boundedText(own(parsed, 'q'), LIST_LIMITS.query), place: readPlaceOf(parsed) };
}

/** A chats list, and the chat opened from it when there is one (the Open button of a row, the transcript's Back). */
export const chatsListValue = (list: ChatsList, roomId?: string): string =>
    JSON.stringify({ ...chatsValue(list), ...(roomId ? { r: roomId } : {}) });

export function readChatsList(value: unknown): ChatsList & { roomId?: string } {
    const parsed = jsonObject(value, MAX_VALUE);
    const roomId = own(parsed, 'r');
    return { ...readChats(parsed), ...(isId(roomId) ? { roomId } : {}) };
}

export const transcriptValue = (at: TranscriptPlace): string =>
    JSON.stringify({ r: at.roomId, p: at.page, l: chatsValue(at.list), ...(at.agentId ? { a: at.agentId } : {}) });

export function readTranscript(value: unknown): TranscriptPlace | undefined {
    const parsed = jsonObject(value, MAX_VALUE);
    const roomId = own(parsed, 'r');
    const list = own(parsed, 'l');
    const agentId = own(parsed, 'a');
    return isId(roomId)
        ? {
              roomId,
              page: intIn(own(parsed, 'p'), 0, LIST_LIMITS.page) ?? 0,
              list: readChats(list && typeof list === 'object' ? (list as Record<string, unknown>) : undefined),
              ...(isId(agentId) ? { agentId } : {}),
          }
        : undefined;
}

export const historyValue = (contactId: string, page: number): string => JSON.stringify({ c: contactId, p: page });

/** A contact's history page: the contact (checked again by the screen) and the page. */
export function readHistoryPlace(value: unknown): { contactId: unknown; page: number } {
    const parsed = jsonObject(value, 200);
    return { contactId: own(parsed, 'c'), page: intIn(own(parsed, 'p'), 0, LIST_LIMITS.page) ?? 0 };
}
