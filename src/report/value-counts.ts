// Exact counts of up to `cap` distinct string values, kept in flat typed arrays: no object per value, so the
// garbage collector neither traces nor copies them, and a partial state crosses threads as a few blocks.
// Counting and merging are here; reading the values back is value-entries.ts.

import { type CountedValues, endOf } from "./value-entries.js";

export { topValueEntries, valueEntries } from "./value-entries.js";

/**
 * Counts by value, found through an open-addressing table. A value is kept as bytes in one arena, appended in
 * the order values first appear: one byte per UTF-16 code unit when all are below 256 (ids, numbers, most
 * names), else two (so any string, lone surrogates included, keeps its identity). Past `cap` distinct values
 * no new value is added and `overflow` is set: overflow happens exactly when the values counted, however
 * partitioned and merged, number more than `cap`.
 */
export interface ValueCounts extends CountedValues {
  cap: number;
  overflow: boolean;
  /** Slots holding entry index + 1 (0: empty); its length is a power of two, at least twice `size`. */
  table: Int32Array;
  hashes: Uint32Array;
}

const INITIAL_ENTRIES = 64;

/** Empty counts that keep at most `cap` distinct values. */
export function createValueCounts(cap: number): ValueCounts {
  const entries = Math.max(1, Math.min(cap, INITIAL_ENTRIES));
  return {
    cap,
    overflow: false,
    size: 0,
    table: new Int32Array(INITIAL_ENTRIES * 2),
    hashes: new Uint32Array(entries),
    starts: new Uint32Array(entries),
    wide: new Uint8Array(entries),
    counts: new Float64Array(entries),
    bytes: new Uint8Array(INITIAL_ENTRIES * 16),
    used: 0,
  };
}

/** Adds `n` to the count of `value`. */
export function addValue(counts: ValueCounts, value: string, n: number): void {
  // The value is written at the arena's free end (and hashed on the way); it stays there only if it is new.
  const length = value.length;
  reserveBytes(counts, length);
  const bytes = counts.bytes;
  const start = counts.used;
  let hash = FNV_BASIS;
  for (let i = 0; i < length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit > 0xff) {
      addWide(counts, value, n);
      return;
    }
    bytes[start + i] = unit;
    hash = Math.imul(hash ^ unit, FNV_PRIME);
  }
  addPending(counts, length, 0, n, hash >>> 0);
}

/** addValue for a value with a code unit past 0xff: two bytes a unit. */
function addWide(counts: ValueCounts, value: string, n: number): void {
  reserveBytes(counts, value.length * 2);
  const bytes = counts.bytes;
  let at = counts.used;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    bytes[at] = unit & 0xff;
    bytes[at + 1] = unit >>> 8;
    at += 2;
  }
  const length = at - counts.used;
  addPending(counts, length, 1, n, fnv1a(bytes, counts.used, at, 1));
}

/** Adds every count of `other` into `into`. */
export function mergeValueCounts(into: ValueCounts, other: ValueCounts): void {
  if (other.overflow) into.overflow = true;
  for (let entry = 0; entry < other.size; entry += 1) {
    const start = other.starts[entry] as number;
    const end = endOf(other, entry);
    reserveBytes(into, end - start);
    into.bytes.set(other.bytes.subarray(start, end), into.used);
    addPending(
      into,
      end - start,
      other.wide[entry] as number,
      other.counts[entry] as number,
      other.hashes[entry] as number,
    );
  }
}

/** Counts the `length` bytes just written at the arena's free end, whose hash is `hash`, as one value. */
function addPending(counts: ValueCounts, length: number, wide: number, n: number, hash: number): void {
  const start = counts.used;
  const end = start + length;
  const mask = counts.table.length - 1;
  let slot = hash & mask;
  for (let held = counts.table[slot] as number; held !== 0; held = counts.table[slot] as number) {
    const entry = held - 1;
    if (
      counts.hashes[entry] === hash &&
      counts.wide[entry] === wide &&
      sameBytes(counts, entry, start, end)
    ) {
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
  counts.wide[entry] = wide;
  counts.counts[entry] = n;
  counts.table[slot] = entry + 1;
  counts.used = end;
  counts.size += 1;
  if (counts.size * 2 > counts.table.length) rehash(counts);
}

function sameBytes(counts: ValueCounts, entry: number, start: number, end: number): boolean {
  const from = counts.starts[entry] as number;
  if (endOf(counts, entry) - from !== end - start) return false;
  const bytes = counts.bytes;
  for (let i = 0; i < end - start; i += 1) if (bytes[from + i] !== bytes[start + i]) return false;
  return true;
}

function reserveBytes(counts: ValueCounts, extra: number): void {
  if (counts.used + extra <= counts.bytes.length) return;
  const bytes = new Uint8Array(Math.max(Math.ceil(counts.bytes.length * 1.5), counts.used + extra));
  bytes.set(counts.bytes.subarray(0, counts.used));
  counts.bytes = bytes;
}

function growEntries(counts: ValueCounts): void {
  // Never more room than the cap allows.
  const size = Math.min(counts.hashes.length * 2, counts.cap);
  const hashes = new Uint32Array(size);
  const starts = new Uint32Array(size);
  const wide = new Uint8Array(size);
  const values = new Float64Array(size);
  hashes.set(counts.hashes);
  starts.set(counts.starts);
  wide.set(counts.wide);
  values.set(counts.counts);
  Object.assign(counts, { hashes, starts, wide, counts: values });
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

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of the bytes, its basis xor-ed with `seed` (1 for values stored two bytes a unit). */
function fnv1a(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let hash = FNV_BASIS ^ seed;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash >>> 0;
}
