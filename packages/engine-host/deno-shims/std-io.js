// Stand-in for jsr:@std/io (jsr.io is unreachable here). The runtime only uses writeAll.
// Plain JS so the project's tsc (which type-checks test/**/*.ts for Node) leaves these Deno files alone.
/** @param {{ write(p: Uint8Array): Promise<number> }} writer @param {Uint8Array} data */
export async function writeAll(writer, data) {
    let written = 0;
    while (written < data.length) {
        written += await writer.write(data.subarray(written));
    }
}
