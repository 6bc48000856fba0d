// The floor of any NDJSON analyzer in Node: read the file in 1 MiB chunks, split on newlines by scanning the
// Buffers (no readline), JSON.parse every line, count the objects that have an `event`. Prints one number.
// Usage: node test/bench/floor.mjs FILE
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

/**
 * Counts the lines of `path` that parse as JSON objects with an `event` attribute; bad lines are skipped.
 * @param {string} path
 * @returns {Promise<{ lines: number, events: number }>}
 */
export async function countEvents(path) {
  const file = await open(path, "r");
  let lines = 0;
  let events = 0;
  let carry = null;
  const parse = (buf, start, end) => {
    lines += 1;
    if (end === start) return;
    try {
      const value = JSON.parse(buf.toString("utf8", start, end));
      if (value !== null && typeof value === "object" && value.event !== undefined) events += 1;
    } catch {
      // not JSON: skipped, as a bad line would be
    }
  };
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await file.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      let buf = chunk.subarray(0, bytesRead);
      let start = 0;
      let nl = buf.indexOf(NEWLINE);
      if (carry !== null && nl !== -1) {
        // The line that straddles the chunk boundary: join its two parts once.
        const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
        parse(joined, 0, joined.length);
        carry = null;
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      } else if (carry !== null) {
        buf = Buffer.concat([carry, buf]);
        carry = null;
      }
      while (nl !== -1) {
        parse(buf, start, nl);
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    }
    if (carry !== null) parse(carry, 0, carry.length);
  } finally {
    await file.close();
  }
  return { lines, events };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write("usage: node test/bench/floor.mjs FILE\n");
    process.exit(2);
  }
  const { events } = await countEvents(path);
  process.stdout.write(`${events}\n`);
}
