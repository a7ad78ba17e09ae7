/**
 * MongoDB wire-protocol framing for the test stand-in server: just what the official driver sends to a
 * standalone server without compression or TLS. The driver's first handshake on each socket is a legacy OP_QUERY
 * (it cannot know yet whether the server speaks OP_MSG); everything after is OP_MSG.
 * https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
import { BSON } from 'mongodb';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export type Command = Record<string, unknown>;

export interface Request {
    requestId: number;
    opCode: number;
    command: Command;
    /** The client asked for no reply (unacknowledged write). */
    noReply: boolean;
}

// Plain Uint8Array and DataView rather than Buffer: with @types/node 14 under TypeScript 5.9, a Buffer is not
// assignable to the Uint8Array that BSON and socket.write expect.
const int32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(at, true);

export function concat(parts: Uint8Array[]): Uint8Array {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
        out.set(part, at);
        at += part.length;
    }
    return out;
}

/** Splits complete messages off the front of `bytes`; returns them and the unconsumed rest. */
export function readMessages(bytes: Uint8Array): { messages: Uint8Array[]; rest: Uint8Array } {
    const messages: Uint8Array[] = [];
    let offset = 0;
    while (bytes.length - offset >= 4) {
        const length = int32(bytes, offset);
        if (bytes.length - offset < length) break;
        messages.push(bytes.subarray(offset, offset + length));
        offset += length;
    }
    return { messages, rest: bytes.subarray(offset) };
}

const bsonAt = (msg: Uint8Array, at: number) => BSON.deserialize(msg.subarray(at, at + int32(msg, at)));

export function parseRequest(msg: Uint8Array): Request {
    const requestId = int32(msg, 4);
    const opCode = int32(msg, 12);
    if (opCode === OP_QUERY) {
        // flags(4) fullCollectionName(cstring) numberToSkip(4) numberToReturn(4) query(BSON)
        const docStart = msg.indexOf(0, 20) + 1 + 8;
        return { requestId, opCode, command: bsonAt(msg, docStart), noReply: false };
    }
    if (opCode !== OP_MSG) throw new Error(`stand-in: unsupported opCode ${opCode}`);
    const flags = int32(msg, 16);
    const end = msg.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
    let command: Command = {};
    const sequences: Record<string, unknown[]> = {};
    for (let offset = 20; offset < end;) {
        const kind = msg[offset++];
        const size = int32(msg, offset);
        if (kind === 0) {
            command = bsonAt(msg, offset);
        } else {
            // Kind 1: a document sequence (e.g. `documents` of an insert) sent beside the command body.
            const idEnd = msg.indexOf(0, offset + 4);
            const docs: unknown[] = [];
            for (let at = idEnd + 1; at < offset + size; at += int32(msg, at)) docs.push(bsonAt(msg, at));
            sequences[String.fromCharCode(...msg.subarray(offset + 4, idEnd))] = docs;
        }
        offset += size;
    }
    return { requestId, opCode, command: { ...command, ...sequences }, noReply: !!(flags & MORE_TO_COME) };
}

/** Little-endian int32 fields. */
function int32s(...values: number[]): Uint8Array {
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => view.setInt32(i * 4, v, true));
    return out;
}

/** Answers in the request's own format: OP_REPLY to an OP_QUERY, OP_MSG to an OP_MSG. */
export function encodeReply(request: Request, reply: Command): Uint8Array {
    const doc = BSON.serialize(reply);
    const body =
        request.opCode === OP_QUERY
            ? // responseFlags(4) cursorID(8) startingFrom(4) numberReturned(4)
              concat([int32s(0, 0, 0, 0, 1), doc])
            : // flagBits(4), one kind-0 section
              concat([int32s(0), Uint8Array.of(0), doc]);
    const opCode = request.opCode === OP_QUERY ? OP_REPLY : OP_MSG;
    return concat([int32s(16 + body.length, 0, request.requestId, opCode), body]);
}
