// Stand-in for jsr:@std/streams (jsr.io is unreachable here). The runtime only uses toArrayBuffer.
/** @param {ReadableStream<Uint8Array>} readable @returns {Promise<ArrayBuffer>} */
export async function toArrayBuffer(readable) {
    const chunks = [];
    let length = 0;
    for await (const chunk of readable) {
        chunks.push(chunk);
        length += chunk.length;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.length;
    }
    return out.buffer;
}
