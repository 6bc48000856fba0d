// Bytes off the JS heap in pages of 1 MiB, cut into chunks by size class (multiples of 4 bytes up to 256, then
// powers of two): a record is one chunk, freed chunks are listed per class and reused first, and the arena
// grows by a page at a time, so growing copies nothing and leaves no garbage behind.

const PAGE_BITS = 20;
/** Bytes of a page; a longer record gets a page of its own, given back when it is freed. */
const PAGE = 1 << PAGE_BITS;
/** Pages an arena can address (a handle is page << PAGE_BITS | offset in an Int32): 2 GiB. */
const MAX_PAGES = 1 << (31 - PAGE_BITS);
/**
 * Classes: 1-64 hold multiples of 4 bytes up to 256 (4 is the least a free chunk needs, for its link), 65-76
 * powers of two from 512 to PAGE.
 */
const CLASSES = 77;
const EMPTY = new Uint8Array(0);
/** Buffer's native copy, for any Uint8Array as the source. */
const copy = Buffer.prototype.copy;
// A record up to this long is copied byte by byte: Buffer's copy costs more to call than such a loop takes.
const LOOP_BYTES = 512;

/** The size class of a record of `length` (> 0) bytes. */
function classOf(length: number): number {
  return length <= 256 ? (length + 3) >> 2 : 65 + (32 - Math.clz32(length - 1)) - 9;
}
/** The chunk bytes of class `c`. */
function chunkOf(c: number): number {
  return c <= 64 ? c << 2 : 1 << (c - 65 + 9);
}

/** A growable arena of chunks; a record is a handle (-1: no bytes) and its length, which the owner keeps. */
export class ChunkArena {
  // Plain Uint8Arrays, not Buffers (a subclass): byte loops over them stay monomorphic and fast.
  private readonly pages: Uint8Array[] = [];
  /** Per class, the handle of the first free chunk (-1: none); a free chunk holds the next in its first 4 bytes. */
  private readonly free = new Int32Array(CLASSES).fill(-1);
  /** The page chunks are cut from (-1: none yet), and where the next new chunk starts in it. */
  private current = -1;
  private top = PAGE;
  /** Pages given back (a long record's, once freed), reused first. */
  private readonly spare: number[] = [];
  /** Bytes of the chunks in use. */
  used = 0;

  /** Bytes the arena holds from the system (pages). */
  get reserved(): number {
    let bytes = 0;
    for (const page of this.pages) bytes += page.length;
    return bytes;
  }

  /** Copies bytes [0, length) of `from` into a new chunk; returns its handle (-1 when length is 0). */
  store(from: Uint8Array, length: number): number {
    if (length === 0) return -1;
    const handle = length > PAGE ? this.ownPage(length) : this.take(classOf(length));
    const page = this.pages[handle >>> PAGE_BITS] as Uint8Array;
    const at = handle & (PAGE - 1);
    if (length > LOOP_BYTES) copy.call(from, page, at, 0, length);
    else for (let k = 0; k < length; k += 1) page[at + k] = from[k] as number;
    return handle;
  }

  /** Copies the record of `length` bytes at `handle` into `into` from its start (`into` must hold length). */
  load(handle: number, length: number, into: Uint8Array): void {
    if (length === 0) return;
    const at = handle & (PAGE - 1);
    const page = this.pages[handle >>> PAGE_BITS] as Uint8Array;
    if (length > LOOP_BYTES) copy.call(page, into, 0, at, at + length);
    else for (let k = 0; k < length; k += 1) into[k] = page[at + k] as number;
  }

  /** Byte `k` of the record at `handle`. */
  byteAt(handle: number, k: number): number {
    return (this.pages[handle >>> PAGE_BITS] as Uint8Array)[(handle & (PAGE - 1)) + k] as number;
  }

  /** Whether the record of `length` bytes at `handle` holds bytes [0, length) of `other`. */
  equals(handle: number, length: number, other: Uint8Array): boolean {
    if (length === 0) return true;
    const page = this.pages[handle >>> PAGE_BITS] as Uint8Array;
    const at = handle & (PAGE - 1);
    for (let k = 0; k < length; k += 1) if (page[at + k] !== other[k]) return false;
    return true;
  }

  /** Frees the record of `length` bytes at `handle`. */
  release(handle: number, length: number): void {
    if (length === 0) return;
    const p = handle >>> PAGE_BITS;
    if (length > PAGE) {
      this.used -= length;
      this.pages[p] = EMPTY;
      this.spare.push(p);
      return;
    }
    const c = classOf(length);
    this.used -= chunkOf(c);
    const page = this.pages[p] as Uint8Array;
    const at = handle & (PAGE - 1);
    const next = this.free[c] as number;
    page[at] = next & 0xff;
    page[at + 1] = (next >>> 8) & 0xff;
    page[at + 2] = (next >>> 16) & 0xff;
    page[at + 3] = next >>> 24;
    this.free[c] = handle;
  }

  /** The page the record at `handle` is in (its bytes start at offsetOf(handle)), to read it in place. */
  pageOf(handle: number): Uint8Array {
    return this.pages[handle >>> PAGE_BITS] as Uint8Array;
  }

  private take(c: number): number {
    const size = chunkOf(c);
    this.used += size;
    const handle = this.free[c] as number;
    if (handle !== -1) {
      const page = this.pages[handle >>> PAGE_BITS] as Uint8Array;
      const at = handle & (PAGE - 1);
      this.free[c] =
        (page[at] as number) |
        ((page[at + 1] as number) << 8) |
        ((page[at + 2] as number) << 16) |
        ((page[at + 3] as number) << 24);
      return handle;
    }
    if (this.top + size > PAGE) {
      // The rest of the page is left unused (less than one chunk of this class).
      this.current = this.addPage(PAGE);
      this.top = 0;
    }
    const at = this.top;
    this.top += size;
    return (this.current << PAGE_BITS) | at;
  }

  private ownPage(length: number): number {
    this.used += length;
    const p = this.spare.pop();
    if (p === undefined) return this.addPage(length) << PAGE_BITS;
    this.pages[p] = new Uint8Array(length);
    return p << PAGE_BITS;
  }

  /** A new page of `bytes`; returns its index. */
  private addPage(bytes: number): number {
    if (this.pages.length === MAX_PAGES)
      throw new RangeError("the session store is full (2 GiB of event values)");
    this.pages.push(new Uint8Array(bytes));
    return this.pages.length - 1;
  }
}

/** Where the record at `handle` starts in its page (ChunkArena.pageOf). */
export function offsetOf(handle: number): number {
  return handle & (PAGE - 1);
}
