// Bounded exact value counts: the same counts as a Map, overflow exactly past the cap, mergeable partitions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addValue,
  createValueCounts,
  mergeValueCounts,
  topValueEntries,
  type ValueCounts,
  valueEntries,
} from "../../src/report/value-counts.js";

const SEED = 20_261_125;

function countsOf(values: readonly string[], cap: number): ValueCounts {
  const counts = createValueCounts(cap);
  for (const value of values) addValue(counts, value, 1);
  return counts;
}

function sorted(entries: [string, number][]): [string, number][] {
  return [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function mapCounts(values: readonly string[]): [string, number][] {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return sorted([...map]);
}

// Short strings from a small alphabet repeat often; lone surrogates and the empty string must stay distinct.
const value = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", "7", "ā", "😀", "\ud800", "\udc00"), maxLength: 4 }),
  fc.string({ maxLength: 40 }),
);

describe("ValueCounts", () => {
  it("counts exactly what a Map counts while under the cap", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        const counts = countsOf(values, 1_000);
        expect(counts.overflow).toBe(false);
        expect(sorted(valueEntries(counts))).toEqual(mapCounts(values));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("keeps lone surrogates, the empty string and long values apart and intact", () => {
    const long = "x".repeat(20_000);
    // "a\u0001" (one byte a unit) and "\u0161" (two) are the same bytes: 0x61 0x01.
    const values = ["\ud800", "\udc00", "\ufffd", "", long, `${long}y`, "\ud800", "a\u0001", "\u0161", "ÿ"];
    expect(sorted(valueEntries(countsOf(values, 10)))).toEqual(mapCounts(values));
  });

  it("grows past its first table and arena (5,000 distinct values, each twice)", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => `+3712${String(i).padStart(6, "0")}`);
    const counts = countsOf([...values, ...values], 10_000);
    expect(counts.size).toBe(5_000);
    expect(valueEntries(counts).every(([, n]) => n === 2)).toBe(true);
  });

  it("overflows at the first distinct value past the cap and still counts the values it holds", () => {
    const counts = countsOf(["a", "b", "c"], 3);
    expect(counts.overflow).toBe(false);
    addValue(counts, "a", 1);
    expect(counts.overflow).toBe(false);
    addValue(counts, "d", 1);
    expect(counts.overflow).toBe(true);
    addValue(counts, "b", 5);
    // a 2, b 6, c 1; d was never added
    expect(sorted(valueEntries(counts))).toEqual([
      ["a", 2],
      ["b", 6],
      ["c", 1],
    ]);
  });

  it("merges partitions into the same counts and overflow as one state over everything", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, fc.integer({ min: 0, max: 2 })), { maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        (tagged, cap) => {
          const all = tagged.map(([v]) => v);
          const one = countsOf(all, cap);
          const merged = createValueCounts(cap);
          for (const part of [0, 1, 2]) {
            const values = tagged.filter(([, p]) => p === part).map(([v]) => v);
            mergeValueCounts(merged, countsOf(values, cap));
          }
          expect(merged.overflow).toBe(one.overflow);
          expect(one.overflow).toBe(new Set(all).size > cap);
          if (!one.overflow) expect(sorted(valueEntries(merged))).toEqual(sorted(valueEntries(one)));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("survives structured cloning (how a worker's partial reaches the main thread)", () => {
    const counts = countsOf(["a", "b", "a", "😀"], 10);
    const copy = structuredClone(counts);
    addValue(copy, "a", 1);
    expect(sorted(valueEntries(copy))).toEqual([
      ["a", 3],
      ["b", 1],
      ["😀", 1],
    ]);
  });

  it("lists the top values as sorting every value by count, then by code units, would", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.integer({ min: 0, max: 12 }), (values, limit) => {
        const counts = countsOf(values, 1_000);
        const all = mapCounts(values).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        expect(topValueEntries(counts, limit)).toEqual(all.slice(0, limit));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("ranks ties by code units, a prefix first, across one- and two-byte values", () => {
    // Code units: "Z" 0x5a < "a" 0x61 < "ÿ" 0xff < "ā" 0x101 < "\ud800" < "😀" (0xd83d 0xde00) < "\ufffd".
    const values = ["\ufffd", "😀", "\ud800", "ā", "ÿ", "ab", "a", "Z", "ab"];
    expect(topValueEntries(countsOf(values, 100), 9)).toEqual([
      ["ab", 2],
      ["Z", 1],
      ["a", 1],
      ["ÿ", 1],
      ["ā", 1],
      ["\ud800", 1],
      ["😀", 1],
      ["\ufffd", 1],
    ]);
    expect(topValueEntries(countsOf(values, 100), 3)).toEqual([
      ["ab", 2],
      ["Z", 1],
      ["a", 1],
    ]);
  });
});
