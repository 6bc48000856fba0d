// Value counts read back (value-counts.ts keeps them): every value with its count, or the top ones ranked by
// count then by value; a value is made into a string only when it is listed.

/** The entries of value counts (value-counts.ts's ValueCounts), as reading them back needs them. */
export interface CountedValues {
  size: number;
  /** Where each entry's bytes start; they end where the next entry's start (the last: at `used`). */
  starts: Uint32Array;
  /** 1 where an entry is stored two bytes per code unit. */
  wide: Uint8Array;
  counts: Float64Array;
  bytes: Uint8Array;
  used: number;
}

/** Code units turned into a string per call when decoding (well under any engine's argument limit). */
const DECODE_CHUNK = 8192;

/** Every value kept, with its count, in no particular order. */
export function valueEntries(counts: CountedValues): [string, number][] {
  const entries: [string, number][] = [];
  for (let entry = 0; entry < counts.size; entry += 1) {
    entries.push([decode(counts, entry), counts.counts[entry] as number]);
  }
  return entries;
}

/**
 * The `limit` values counted most often, most first, ties in code-unit order (as `<` orders strings); only
 * the values listed are made into strings.
 */
export function topValueEntries(counts: CountedValues, limit: number): [string, number][] {
  const top: number[] = [];
  if (limit <= 0) return [];
  for (let entry = 0; entry < counts.size; entry += 1) {
    // Kept best first: a new entry that does not beat the last of a full list is out at once.
    if (top.length === limit && !ranksBefore(counts, entry, top[limit - 1] as number)) continue;
    let at = Math.min(top.length, limit - 1);
    while (at > 0 && ranksBefore(counts, entry, top[at - 1] as number)) at -= 1;
    top.splice(at, 0, entry);
    if (top.length > limit) top.pop();
  }
  return top.map((entry) => [decode(counts, entry), counts.counts[entry] as number]);
}

/** Whether entry a ranks before entry b: a higher count, or the same count and a smaller value. */
function ranksBefore(counts: CountedValues, a: number, b: number): boolean {
  const na = counts.counts[a] as number;
  const nb = counts.counts[b] as number;
  if (na !== nb) return na > nb;
  const bytes = counts.bytes;
  const stepA = 1 + (counts.wide[a] as number);
  const stepB = 1 + (counts.wide[b] as number);
  let atA = counts.starts[a] as number;
  let atB = counts.starts[b] as number;
  const endA = endOf(counts, a);
  const endB = endOf(counts, b);
  for (; atA < endA && atB < endB; atA += stepA, atB += stepB) {
    const unitA =
      stepA === 1 ? (bytes[atA] as number) : (bytes[atA] as number) | ((bytes[atA + 1] as number) << 8);
    const unitB =
      stepB === 1 ? (bytes[atB] as number) : (bytes[atB] as number) | ((bytes[atB + 1] as number) << 8);
    if (unitA !== unitB) return unitA < unitB;
  }
  return atA >= endA && atB < endB;
}

/** Where the bytes of `entry` end: where the next entry's start (the last's: at `used`). */
export function endOf(counts: CountedValues, entry: number): number {
  return entry + 1 < counts.size ? (counts.starts[entry + 1] as number) : counts.used;
}

function decode(counts: CountedValues, entry: number): string {
  const start = counts.starts[entry] as number;
  const end = endOf(counts, entry);
  const step = 1 + (counts.wide[entry] as number);
  const units = new Uint16Array((end - start) / step);
  for (let i = 0, at = start; at < end; i += 1, at += step) {
    units[i] =
      step === 1
        ? (counts.bytes[at] as number)
        : (counts.bytes[at] as number) | ((counts.bytes[at + 1] as number) << 8);
  }
  let text = "";
  for (let at = 0; at < units.length; at += DECODE_CHUNK) {
    text += String.fromCharCode(...units.subarray(at, at + DECODE_CHUNK));
  }
  return text;
}
