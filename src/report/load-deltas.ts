// Load deltas: intervals as +1/-1 per second in typed blocks, one per UTC hour that holds a start or an end.
// Partials of disjoint calls merge by addition; the sweep (load-sweep.ts) reads them in time order. Memory
// grows with the hours in which something starts or ends, never with the calls.

const SECOND_MS = 1000;
/** Seconds in one block. */
export const BLOCK_SECONDS = 3600;

/** Per-second deltas keyed by UTC hour number (epoch seconds / 3600). */
export type DeltaBlocks = Map<number, Int32Array>;

/**
 * Adds the interval [startMs, endMs) at a resolution of one second: it counts in every whole second it touches
 * (first second floor(start), last ceil(end) - 1), and in at least one. So a call that ends at t (a whole
 * second) is no longer in progress at t, and one that starts at t is.
 */
export function addInterval(blocks: DeltaBlocks, startMs: number, endMs: number): void {
  const from = Math.floor(startMs / SECOND_MS);
  const to = Math.max(Math.ceil(endMs / SECOND_MS), from + 1);
  bump(blocks, from, 1);
  bump(blocks, to, -1);
}

function bump(blocks: DeltaBlocks, second: number, by: number): void {
  const hour = Math.floor(second / BLOCK_SECONDS);
  let block = blocks.get(hour);
  if (block === undefined) {
    block = new Int32Array(BLOCK_SECONDS);
    blocks.set(hour, block);
  }
  const i = second - hour * BLOCK_SECONDS;
  block[i] = (block[i] as number) + by;
}

/** Adds `other` into `into`. */
export function mergeDeltas(into: DeltaBlocks, other: DeltaBlocks): void {
  for (const [hour, block] of other) {
    const mine = into.get(hour);
    if (mine === undefined) into.set(hour, Int32Array.from(block));
    else for (let i = 0; i < BLOCK_SECONDS; i += 1) mine[i] = (mine[i] as number) + (block[i] as number);
  }
}
