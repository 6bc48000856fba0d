// The order tombstones were laid in: a ring of (slot, ticket); an entry whose slot has since been given another
// ticket (its tombstone was lifted, renewed, or the slot reused) is stale and skipped.

/** A first-in first-out queue of (slot, ticket). */
export class TombQueue {
  private slot = new Int32Array(256);
  private ticket = new Int32Array(256);
  private head = 0;
  size = 0;

  push(slot: number, ticket: number): void {
    if (this.size === this.slot.length) this.grow();
    const i = (this.head + this.size) % this.slot.length;
    this.slot[i] = slot;
    this.ticket[i] = ticket;
    this.size += 1;
  }

  /** The slot of the oldest entry. */
  get firstSlot(): number {
    return this.slot[this.head] as number;
  }
  /** The ticket of the oldest entry. */
  get firstTicket(): number {
    return this.ticket[this.head] as number;
  }

  /** Removes the oldest entry. */
  shift(): void {
    this.head = (this.head + 1) % this.slot.length;
    this.size -= 1;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const size = this.slot.length * 2;
    const slot = new Int32Array(size);
    const ticket = new Int32Array(size);
    for (let k = 0; k < this.size; k += 1) {
      const i = (this.head + k) % this.slot.length;
      slot[k] = this.slot[i] as number;
      ticket[k] = this.ticket[i] as number;
    }
    this.slot = slot;
    this.ticket = ticket;
    this.head = 0;
  }
}
