// Bytes off the JS heap in fixed-size blocks: a record is a chain of blocks (the links in their own column),
// freed blocks are listed and reused first, so memory follows what is held, not what went through.

/** A growable arena of `blockBytes`-byte blocks; a record is its first block (-1: no bytes) and its length. */
export class BlockArena {
  readonly blockBytes: number;
  bytes: Uint8Array;
  /** The block after each block of a record (-1 after its last); through free blocks, the next free one. */
  next: Int32Array;
  /** The first free block (-1: none). */
  private free = -1;
  /** Blocks ever handed out (those below it are in use or free). */
  private high = 0;
  /** Blocks in use. */
  used = 0;

  constructor(blockBytes: number, blocks = 1024) {
    this.blockBytes = blockBytes;
    this.bytes = new Uint8Array(blocks * blockBytes);
    this.next = new Int32Array(blocks);
  }

  /** Blocks the arena has room for (in use, free, or never used). */
  get capacity(): number {
    return this.next.length;
  }

  /** Copies bytes [0, length) of `from` into a new record; returns its first block (-1 when length is 0). */
  store(from: Uint8Array, length: number): number {
    const size = this.blockBytes;
    let head = -1;
    let last = -1;
    for (let at = 0; at < length; at += size) {
      const block = this.take();
      if (last === -1) head = block;
      else this.next[last] = block;
      last = block;
      const { bytes } = this;
      const end = Math.min(length, at + size);
      for (let k = at, to = block * size; k < end; k += 1, to += 1) bytes[to] = from[k] as number;
    }
    if (last !== -1) this.next[last] = -1;
    return head;
  }

  /** Copies the record of `length` bytes at `head` into `into` from its start (`into` must hold length). */
  load(head: number, length: number, into: Uint8Array): void {
    const size = this.blockBytes;
    const { bytes, next } = this;
    let block = head;
    for (let at = 0; at < length; at += size) {
      const end = Math.min(length, at + size);
      for (let k = at, from = block * size; k < end; k += 1, from += 1) into[k] = bytes[from] as number;
      block = next[block] as number;
    }
  }

  /** Whether the record of `length` bytes at `head` holds bytes [0, length) of `other`. */
  equals(head: number, length: number, other: Uint8Array): boolean {
    const size = this.blockBytes;
    const { bytes, next } = this;
    let block = head;
    for (let at = 0; at < length; at += size) {
      const end = Math.min(length, at + size);
      for (let k = at, from = block * size; k < end; k += 1, from += 1)
        if (bytes[from] !== other[k]) return false;
      block = next[block] as number;
    }
    return true;
  }

  /** Frees the record at `head` (every block of it goes to the free list). */
  release(head: number): void {
    const { next } = this;
    let block = head;
    while (block !== -1) {
      const after = next[block] as number;
      next[block] = this.free;
      this.free = block;
      this.used -= 1;
      block = after;
    }
  }

  private take(): number {
    this.used += 1;
    const block = this.free;
    if (block !== -1) {
      this.free = this.next[block] as number;
      return block;
    }
    if (this.high === this.next.length) this.grow();
    return this.high++;
  }

  private grow(): void {
    const blocks = this.next.length * 2;
    const bytes = new Uint8Array(blocks * this.blockBytes);
    bytes.set(this.bytes);
    this.bytes = bytes;
    const next = new Int32Array(blocks);
    next.set(this.next);
    this.next = next;
  }
}
