// Session ids interned into integer slots: an open-addressing table (linear probing, backward-shift delete)
// over a hash of the id's bytes, compared byte for byte with the key kept in a chunk arena.

import { latin1, room, scratch, writeVarint } from "./bytes.js";
import { ChunkArena } from "./chunk-arena.js";

// A key is kept as a varint of 2 x its byte count + WIDE (its characters as two bytes each, UTF-16 LE) or
// NARROW (one byte each, all below 256), then the bytes. The varint's code is prefix-free, so comparing whole
// records byte for byte compares their lengths as well: no column of lengths is kept.
const NARROW = 0;
const WIDE = 1;

/** 32-bit FNV-1a of bytes [from, to): a key's hash is that of its bytes after the first (the scanners' hash). */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = from; k < to; k += 1) h = Math.imul(h ^ (bytes[k] as number), 0x01000193);
  return h;
}

/** The interned session ids of one store; a slot is a small integer that stands for one id while it is kept. */
export class SessionKeys {
  /** The arena of the keys' bytes. */
  readonly arena = new ChunkArena();
  /** Slot + 1 by table position (0: empty). */
  private table = new Int32Array(1 << 10);
  private mask = (1 << 10) - 1;
  /** Per slot: its key's hash, and its key's chunk; a free slot's `head` is -2 - the slot released before it. */
  hash = new Int32Array(256);
  head = new Int32Array(256);
  /** The slot released last (-1: none): free slots are reused last in, first out. */
  private freed = -1;
  /** Slots ever handed out. */
  private high = 0;
  /** Slots holding a key. */
  size = 0;
  /** The record of the key last looked up, its length and the hash of the key's bytes. */
  private enc = new Uint8Array(64);
  private encLength = 0;
  private encHash = 0;
  private encKey: string | undefined = undefined;

  /** Slots handed out so far: every slot is below it (columns kept per slot need this length). */
  get slotCount(): number {
    return this.high;
  }

  /** Table entries in use, counted on each read (for tests: one per key held). */
  get occupied(): number {
    let entries = 0;
    for (const entry of this.table) if (entry !== 0) entries += 1;
    return entries;
  }

  /** The slot of `key`, or -1 when it is not interned. */
  find(key: string): number {
    this.encode(key);
    return this.probe();
  }

  /**
   * The slot of the one-byte-a-character key in bytes [from, to) of `bytes` whose hash (hashBytes of those
   * bytes, as the scanners give it) is `hash`, or -1.
   */
  findSpan(bytes: Uint8Array, from: number, to: number, hash: number): number {
    this.fill(bytes, from, to, hash);
    return this.probe();
  }

  /** Interns the one-byte-a-character key in bytes [from, to) of `bytes` (not interned; `hash` as for findSpan). */
  addSpan(bytes: Uint8Array, from: number, to: number, hash: number): number {
    this.fill(bytes, from, to, hash);
    return this.intern();
  }

  private fill(bytes: Uint8Array, from: number, to: number, hash: number): void {
    const at = this.prefix(to - from, NARROW);
    const { enc } = this;
    for (let k = from; k < to; k += 1) enc[k - from + at] = bytes[k] as number;
    this.encLength = at + to - from;
    this.encHash = hash;
    this.encKey = undefined;
  }

  /** Room in enc for a key of `n` bytes, and its varint written there; returns where its bytes start. */
  private prefix(n: number, width: number): number {
    if (n + 8 > this.enc.length) this.enc = new Uint8Array(n * 2 + 8);
    return writeVarint(this.enc, 0, 2 * n + width);
  }

  /** Interns `key` (not interned yet) into a new slot. */
  add(key: string): number {
    this.encode(key);
    return this.intern();
  }

  private probe(): number {
    const { table, mask, hash, head, arena, enc } = this;
    const h = this.encHash;
    const n = this.encLength;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const entry = table[i] as number;
      if (entry === 0) return -1;
      const slot = entry - 1;
      // A kept record shorter than enc differs from it within its varint, before its end.
      if (hash[slot] === h && arena.equals(head[slot] as number, n, enc)) return slot;
    }
  }

  private intern(): number {
    let slot = this.freed;
    if (slot !== -1) this.freed = -2 - (this.head[slot] as number);
    else {
      slot = this.high++;
      if (slot === this.hash.length) this.growSlots();
    }
    this.hash[slot] = this.encHash;
    this.head[slot] = this.arena.store(this.enc, this.encLength);
    this.size += 1;
    if (this.size * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(slot);
    return slot;
  }

  /** The session id of `slot` (a new string). */
  keyOf(slot: number): string {
    const head = this.head[slot] as number;
    const n = this.recordLength(head);
    scratch.at = 0;
    room(n);
    const { buf } = scratch;
    this.arena.load(head, n, buf);
    const from = n - (this.lastWord >>> 1);
    return (this.lastWord & 1) === NARROW ? latin1(from, n) : buf.toString("utf16le", from, n);
  }

  /** The varint of the key read last by recordLength. */
  private lastWord = 0;

  /** The byte length of the record at `head` in the arena (its varint and its key's bytes). */
  private recordLength(head: number): number {
    let word = 0;
    let scale = 1;
    let k = 0;
    for (;;) {
      const byte = this.arena.byteAt(head, k++);
      word += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    this.lastWord = word;
    return k + Math.floor(word / 2);
  }

  /** Forgets the key of `slot` and frees the slot for reuse. */
  release(slot: number): void {
    const { table, mask, hash } = this;
    let i = (hash[slot] as number) & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    // Backward shift: entries after the hole move into it unless their home lies (cyclically) past the hole.
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = (hash[(table[j] as number) - 1] as number) & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!between) {
        table[i] = table[j] as number;
        i = j;
      }
    }
    table[i] = 0;
    const head = this.head[slot] as number;
    this.arena.release(head, this.recordLength(head));
    this.size -= 1;
    this.head[slot] = -2 - this.freed;
    this.freed = slot;
  }

  /** The key's record into enc (one byte a character when all are below 256, else UTF-16 LE), and its hash. */
  private encode(key: string): void {
    if (this.encKey === key) return;
    let narrow = true;
    for (let k = 0; k < key.length && narrow; k += 1) narrow = key.charCodeAt(k) < 0x100;
    const n = narrow ? key.length : 2 * key.length;
    const at = this.prefix(n, narrow ? NARROW : WIDE);
    const { enc } = this;
    if (narrow) for (let k = 0; k < key.length; k += 1) enc[k + at] = key.charCodeAt(k);
    else
      for (let k = 0; k < key.length; k += 1) {
        const code = key.charCodeAt(k);
        enc[2 * k + at] = code & 0xff;
        enc[2 * k + at + 1] = code >>> 8;
      }
    this.encLength = at + n;
    this.encHash = hashBytes(enc, at, at + n);
    this.encKey = key;
  }

  private place(slot: number): void {
    const { table, mask } = this;
    let i = (this.hash[slot] as number) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let slot = 0; slot < this.high; slot += 1) if ((this.head[slot] as number) >= 0) this.place(slot);
  }

  private growSlots(): void {
    const size = this.hash.length * 2;
    this.hash = grown(this.hash, size);
    this.head = grown(this.head, size);
  }
}

/** `array` copied into a new one of `size` entries. */
export function grown<T extends Int32Array | Int16Array | Uint16Array | Float64Array | Uint8Array>(
  array: T,
  size: number,
): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
