// The sessions' finalisation deadlines in a binary min-heap of typed columns: a time, a slot, and the slot's
// stamp when pushed (a slot reused by another session does not inherit the entry).
import { grown } from "./session-keys.js";

/** A binary min-heap of (at, slot, stamp) by `at`. */
export class DeadlineHeap {
  private at = new Float64Array(256);
  private slot = new Int32Array(256);
  private stamp = new Int32Array(256);
  size = 0;

  /** The earliest time (Infinity when empty). */
  get topAt(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : (this.at[0] as number);
  }
  /** The slot of the earliest entry. */
  get topSlot(): number {
    return this.slot[0] as number;
  }
  /** The stamp of the earliest entry's slot when it was pushed. */
  get topStamp(): number {
    return this.stamp[0] as number;
  }

  push(at: number, slot: number, stamp: number): void {
    if (this.size === this.at.length) {
      const size = this.size * 2;
      this.at = grown(this.at, size);
      this.slot = grown(this.slot, size);
      this.stamp = grown(this.stamp, size);
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.at[parent] as number) <= at) break;
      this.move(i, parent);
      i = parent;
    }
    this.put(i, at, slot, stamp);
  }

  /** Removes the earliest entry. */
  pop(): void {
    if (this.size === 0) return;
    const n = --this.size;
    const { at: ats } = this;
    const at = ats[n] as number;
    const slot = this.slot[n] as number;
    const stamp = this.stamp[n] as number;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (ats[right] as number) < (ats[left] as number) ? right : left;
      if ((ats[child] as number) >= at) break;
      this.move(i, child);
      i = child;
    }
    this.put(i, at, slot, stamp);
  }

  /** Entry `from` to position `to`. */
  private move(to: number, from: number): void {
    this.at[to] = this.at[from] as number;
    this.slot[to] = this.slot[from] as number;
    this.stamp[to] = this.stamp[from] as number;
  }

  private put(i: number, at: number, slot: number, stamp: number): void {
    this.at[i] = at;
    this.slot[i] = slot;
    this.stamp[i] = stamp;
  }
}
