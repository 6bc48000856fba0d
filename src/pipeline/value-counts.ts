// Exact counts of up to `cap` distinct string values, kept in flat typed arrays: no object per value, so the
// garbage collector neither traces nor copies them, and a partial state crosses threads as a few blocks.

/**
 * Counts by value (their UTF-16 code units in one arena, so any string, lone surrogates included, keeps its
 * identity; found through an open-addressing table). Past `cap`
 * distinct values no new value is added and `overflow` is set: overflow happens exactly when the values
 * counted, however partitioned and merged, number more than `cap`.
 */
export interface ValueCounts {
  cap: number;
  overflow: boolean;
  size: number;
  /** Slots holding entry index + 1 (0: empty); its length is a power of two, at least twice `size`. */
  table: Int32Array;
  hashes: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  counts: Float64Array;
  units: Uint16Array;
  used: number;
}

const INITIAL_ENTRIES = 64;
/** Code units turned into a string per call when decoding (well under any engine's argument limit). */
const DECODE_CHUNK = 8192;

/** Empty counts that keep at most `cap` distinct values. */
export function createValueCounts(cap: number): ValueCounts {
  return {
    cap,
    overflow: false,
    size: 0,
    table: new Int32Array(INITIAL_ENTRIES * 2),
    hashes: new Uint32Array(INITIAL_ENTRIES),
    starts: new Uint32Array(INITIAL_ENTRIES),
    ends: new Uint32Array(INITIAL_ENTRIES),
    counts: new Float64Array(INITIAL_ENTRIES),
    units: new Uint16Array(INITIAL_ENTRIES * 16),
    used: 0,
  };
}

/** Adds `n` to the count of `value`. */
export function addValue(counts: ValueCounts, value: string, n: number): void {
  // The value is written at the arena's free end; it stays there only if it is new.
  reserveUnits(counts, value.length);
  const units = counts.units;
  for (let i = 0; i < value.length; i += 1) units[counts.used + i] = value.charCodeAt(i);
  addPending(counts, value.length, n);
}

/** Adds every count of `other` into `into`. */
export function mergeValueCounts(into: ValueCounts, other: ValueCounts): void {
  if (other.overflow) into.overflow = true;
  for (let entry = 0; entry < other.size; entry += 1) {
    const start = other.starts[entry] as number;
    const end = other.ends[entry] as number;
    reserveUnits(into, end - start);
    into.units.set(other.units.subarray(start, end), into.used);
    addPending(into, end - start, other.counts[entry] as number);
  }
}

/** Every value kept, with its count, in no particular order. */
export function valueEntries(counts: ValueCounts): [string, number][] {
  const entries: [string, number][] = [];
  for (let entry = 0; entry < counts.size; entry += 1) {
    entries.push([decode(counts, entry), counts.counts[entry] as number]);
  }
  return entries;
}

function decode(counts: ValueCounts, entry: number): string {
  const end = counts.ends[entry] as number;
  let text = "";
  for (let at = counts.starts[entry] as number; at < end; at += DECODE_CHUNK) {
    text += String.fromCharCode(...counts.units.subarray(at, Math.min(end, at + DECODE_CHUNK)));
  }
  return text;
}

/** Counts the `length` code units just written at the arena's free end as one value. */
function addPending(counts: ValueCounts, length: number, n: number): void {
  const start = counts.used;
  const end = start + length;
  const hash = fnv1a(counts.units, start, end);
  const mask = counts.table.length - 1;
  let slot = hash & mask;
  for (let held = counts.table[slot] as number; held !== 0; held = counts.table[slot] as number) {
    const entry = held - 1;
    if (counts.hashes[entry] === hash && sameUnits(counts, entry, start, end)) {
      counts.counts[entry] = (counts.counts[entry] as number) + n;
      return;
    }
    slot = (slot + 1) & mask;
  }
  if (counts.size >= counts.cap) {
    counts.overflow = true;
    return;
  }
  const entry = counts.size;
  if (entry === counts.hashes.length) growEntries(counts);
  counts.hashes[entry] = hash;
  counts.starts[entry] = start;
  counts.ends[entry] = end;
  counts.counts[entry] = n;
  counts.table[slot] = entry + 1;
  counts.used = end;
  counts.size += 1;
  if (counts.size * 2 > counts.table.length) rehash(counts);
}

function sameUnits(counts: ValueCounts, entry: number, start: number, end: number): boolean {
  const from = counts.starts[entry] as number;
  if ((counts.ends[entry] as number) - from !== end - start) return false;
  const units = counts.units;
  for (let i = 0; i < end - start; i += 1) if (units[from + i] !== units[start + i]) return false;
  return true;
}

function reserveUnits(counts: ValueCounts, extra: number): void {
  if (counts.used + extra <= counts.units.length) return;
  const units = new Uint16Array(Math.max(counts.units.length * 2, counts.used + extra));
  units.set(counts.units.subarray(0, counts.used));
  counts.units = units;
}

function growEntries(counts: ValueCounts): void {
  const size = counts.hashes.length * 2;
  const hashes = new Uint32Array(size);
  const starts = new Uint32Array(size);
  const ends = new Uint32Array(size);
  const values = new Float64Array(size);
  hashes.set(counts.hashes);
  starts.set(counts.starts);
  ends.set(counts.ends);
  values.set(counts.counts);
  Object.assign(counts, { hashes, starts, ends, counts: values });
}

function rehash(counts: ValueCounts): void {
  const table = new Int32Array(counts.table.length * 2);
  const mask = table.length - 1;
  for (let entry = 0; entry < counts.size; entry += 1) {
    let slot = (counts.hashes[entry] as number) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = entry + 1;
  }
  counts.table = table;
}

function fnv1a(units: Uint16Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    hash ^= units[i] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
