// Strings of stored bytes, made once per distinct value while it stays in a small cache of fixed size (its
// memory does not grow with the dump): the values calls share (an account, an operator, a campaign) in one kept
// across sessions; a call's own values (its call ids, numbers) in one that only remembers the session's recent
// ones, so they die young with the session instead of filling the first cache and the old generation.

const BITS = 12;
const SIZE = 1 << BITS;
// Longer values (URLs) are rarely repeated: they are made each time.
const MAX_CACHED = 64;
/** Node's latin1 decoder, for any Uint8Array (call it on one): one char per byte, a one-byte string in V8. */
export const latin1Slice: (this: Uint8Array, from: number, to: number) => string =
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

const RECENT = 8;

/** The last few distinct strings read (of one session: clear() at the start of the next). */
export class RecentTexts {
  private readonly texts: string[] = new Array<string>(RECENT).fill("");
  private count = 0;
  private next = 0;

  /** Forgets every string. */
  clear(): void {
    this.count = 0;
  }

  /** The string of bytes [from, to) of `buf`: a recent one when it spells them, else a new one (then recent). */
  text(buf: Uint8Array, from: number, to: number): string {
    const n = to - from;
    for (let r = 0; r < this.count; r += 1) {
      const recent = this.texts[r] as string;
      if (recent.length !== n) continue;
      let k = n - 1;
      while (k >= 0 && recent.charCodeAt(k) === buf[from + k]) k -= 1;
      if (k < 0) return recent;
    }
    const made = latin1Slice.call(buf, from, to);
    this.texts[this.next] = made;
    this.next = (this.next + 1) % RECENT;
    if (this.count < RECENT) this.count += 1;
    return made;
  }
}
