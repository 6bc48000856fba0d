// Strings of stored bytes, made once per distinct value while it stays in a small cache: the same operator,
// number, call id or campaign read from event after event is one string, and the cache's size is fixed, so its
// memory does not grow with the dump.

const BITS = 12;
const SIZE = 1 << BITS;
// Longer values (URLs) are rarely repeated: they are made each time.
const MAX_CACHED = 64;
/** Node's latin1 decoder, for any Uint8Array: one char per byte, a one-byte string in V8. */
const latin1Slice =
  (Buffer.prototype as unknown as { latin1Slice?: (from: number, to: number) => string }).latin1Slice ??
  function (this: Uint8Array, from: number, to: number): string {
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString("latin1", from, to);
  };

/** A direct-mapped cache of latin1 strings by their bytes. */
export class TextCache {
  private readonly texts: string[] = new Array<string>(SIZE).fill("");

  /** The string of bytes [from, to) of `buf`: the cached one when it spells them, else a new one (then cached). */
  text(buf: Uint8Array, from: number, to: number): string {
    const n = to - from;
    if (n > MAX_CACHED) return latin1Slice.call(buf, from, to);
    // The slot from the length and up to eight bytes at the ends (ids differ there); the compare decides.
    let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
    const head = Math.min(n, 4);
    for (let k = 0; k < head; k += 1) {
      h = Math.imul(h ^ (buf[from + k] as number), 0x01000193);
      h = Math.imul(h ^ (buf[to - 1 - k] as number), 0x01000193);
    }
    const at = (h ^ (h >>> BITS) ^ (h >>> 24)) & (SIZE - 1);
    const cached = this.texts[at] as string;
    if (cached.length === n) {
      // From the end: ids that share a prefix differ there first.
      let k = n - 1;
      while (k >= 0 && cached.charCodeAt(k) === buf[from + k]) k -= 1;
      if (k < 0) return cached;
    }
    const made = latin1Slice.call(buf, from, to);
    this.texts[at] = made;
    return made;
  }
}
