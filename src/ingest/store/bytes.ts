// The scratch bytes an event's values are written to and read from (event-codec.ts, plain-codec.ts) on their way
// to and from the store's arena: one buffer and one position, with varints and latin1 strings. Writing and
// reading are synchronous, so one scratch serves every store of the thread.

/** Buffer with Node's own latin1 codecs (what toString and write call, without their argument checks). */
type Latin1Buffer = Buffer & {
  latin1Slice(from: number, to: number): string;
  latin1Write(text: string, at: number): number;
};
const hasLatin1 = typeof (Buffer.prototype as Partial<Latin1Buffer>).latin1Slice === "function";

/** The scratch: `buf` (replaced by a larger one when needed) and the read or write position `at` in it. */
export const scratch = { buf: Buffer.allocUnsafe(1024) as Latin1Buffer, at: 0 };

/** Makes room for `bytes` more bytes after the position. */
export function room(bytes: number): void {
  const used = scratch.at;
  if (used + bytes <= scratch.buf.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(used + bytes, scratch.buf.length * 2)) as Latin1Buffer;
  scratch.buf.copy(bigger, 0, 0, used);
  scratch.buf = bigger;
}

/** Writes a whole number of 0 or more (up to 2^53) in 7-bit groups, low first (room for 8 bytes is made). */
export function varint(n: number): void {
  room(8);
  scratch.at = writeVarint(scratch.buf, scratch.at, n);
}

/** Writes varint's bytes of `n` into `buf` at `at` (room made by the caller); returns the position after them. */
export function writeVarint(buf: Uint8Array, at: number, n: number): number {
  let rest = n;
  let to = at;
  while (rest >= 0x80) {
    buf[to++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  buf[to++] = rest;
  return to;
}

/** Reads what varint wrote. */
export function readVarint(): number {
  const { buf } = scratch;
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[scratch.at++] as number;
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return n;
    scale *= 0x80;
  }
}

/** Bytes [from, to) of the scratch as a latin1 string: one char per byte, a one-byte string in V8. */
export function latin1(from: number, to: number): string {
  return hasLatin1 ? scratch.buf.latin1Slice(from, to) : scratch.buf.toString("latin1", from, to);
}
