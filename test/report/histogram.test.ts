// Histogram: exact mean, nearest-rank median and p90 at 0.1 s resolution, merge equals adding all.
import { describe, expect, it } from "vitest";
import {
  addDuration,
  createHistogram,
  durationStats,
  histogramBins,
  mergeHistograms,
} from "../../src/report/histogram.js";

function of(values: number[]) {
  const h = createHistogram();
  for (const v of values) addDuration(h, v);
  return h;
}

describe("durationStats", () => {
  it("is all null for no values", () => {
    expect(durationStats(createHistogram())).toEqual({ count: 0, mean: null, median: null, p90: null });
  });

  it("gives the nearest-rank median and p90", () => {
    // 10 values 1..10: mean 5.5; median rank ceil(0.5*10)=5 -> 5; p90 rank ceil(0.9*10)=9 -> 9.
    expect(durationStats(of([3, 1, 2, 10, 9, 8, 7, 6, 5, 4]))).toEqual({
      count: 10,
      mean: 5.5,
      median: 5,
      p90: 9,
    });
    // 3 values: median rank 2 -> 20; p90 rank ceil(2.7)=3 -> 30.
    expect(durationStats(of([10, 20, 30]))).toEqual({ count: 3, mean: 20, median: 20, p90: 30 });
  });

  it("rounds to 0.1 s below an hour and to 1 s above, but never outside the observed range", () => {
    expect(durationStats(of([1.234])).median).toBe(1.234);
    // 1.24 and 1.26 fall in buckets 12 and 13: the median (rank 1) is 1.2 s, clamped up to the minimum 1.24.
    expect(durationStats(of([1.24, 1.26])).median).toBe(1.24);
    // p90 rank ceil(3.6)=4: 7200.4 s falls in the whole-second bucket 7200.
    expect(durationStats(of([0.5, 0.5, 7200.4, 7200.4])).p90).toBe(7200);
    expect(durationStats(of([3, 3, 4000.6, 5000])).median).toBe(3);
    // 4000.6 s is bucketed to the whole second 4001, which is within [min, max].
    expect(durationStats(of([4000.6, 4000.6, 5000])).median).toBe(4001);
  });

  it("clamps negative durations to zero", () => {
    expect(durationStats(of([-5, 5]))).toEqual({ count: 2, mean: 2.5, median: 0, p90: 5 });
  });
});

describe("mergeHistograms", () => {
  it("gives what adding every value to one histogram gives", () => {
    const values = [0, 0.1, 2.5, 2.5, 17, 60, 3599.9, 3600, 86_400];
    const merged = of(values.slice(0, 4));
    mergeHistograms(merged, of(values.slice(4)));
    expect(merged).toEqual(of(values));
  });
});

describe("dense and sparse buckets", () => {
  it("puts 0.1 s buckets up to the hour itself in the dense part, whole seconds beyond it", () => {
    // 4096 values: 16 slots per value allow the whole dense part, 0..36000 (36,001 slots).
    const h = of([...new Array<number>(4091).fill(0), 3599.9, 3599.95, 3600, 3600.4, 3600.5]);
    expect(h.dense.length).toBe(36_001);
    // 3599.9 -> 35999; 3599.95, 3600 and 3600.4 -> 36000 (the hour); 3600.5 -> 36000 + round(0.5) = 36001.
    expect([h.dense[0], h.dense[35_999], h.dense[36_000]]).toEqual([4091, 1, 3]);
    expect([...h.sparse]).toEqual([[36_001, 1]]);
    expect(histogramBins(h, [0, 3599.9, 3600, 3601])).toEqual([
      { fromS: 0, toS: 3599.9, count: 4091 },
      { fromS: 3599.9, toS: 3600, count: 1 },
      { fromS: 3600, toS: 3601, count: 3 },
      { fromS: 3601, toS: null, count: 1 },
    ]);
    // Ranks: median 2048 -> 0 s; p90 ceil(3686.4) = 3687 -> 0 s (4091 zeros come first).
    expect(durationStats(h)).toMatchObject({ count: 4096, median: 0, p90: 0 });
    // p99.99 would be past the hour: the top value alone, 3601 s at bucket resolution, within max 3600.5.
    expect(durationStats(of([3600.5])).median).toBe(3600.5);
  });

  it("grows the dense part only to 16 slots per value, whatever the largest value", () => {
    const h = of([100]);
    // One value: 64 slots (the least); 100 s is bucket 1000, kept sparse.
    expect(h.dense.length).toBe(64);
    expect([...h.sparse]).toEqual([[1000, 1]]);
    // 63 values allow 1008 slots: 512 (a power of two); 64 values allow 1024, which reaches bucket 1000.
    for (let i = 0; i < 62; i += 1) addDuration(h, 0);
    expect(h.dense.length).toBe(512);
    expect([...h.sparse]).toEqual([[1000, 1]]);
    addDuration(h, 0);
    expect(h.dense.length).toBe(1024);
    expect(h.sparse.size).toBe(0);
    expect([h.dense[0], h.dense[1000]]).toEqual([63, 1]);
    // median rank 32 -> 0 s; p90 rank ceil(57.6) = 58 -> 0 s; the maximum stays 100 s.
    expect(durationStats(h)).toEqual({ count: 64, mean: 100 / 64, median: 0, p90: 0 });
  });

  it("keeps a histogram of one value at 64 slots however large it is", () => {
    expect(of([3599.9]).dense.length).toBe(64);
    expect(of([86_400]).dense.length).toBe(64);
    expect([...of([86_400]).sparse]).toEqual([[36_000 + 82_800, 1]]);
  });

  it("merges partials of any split into what adding every value to one histogram gives", () => {
    // A seeded spread over the whole range: mostly short, some past the hour.
    let seed = 7;
    const next = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const values = Array.from({ length: 3000 }, () => {
      const r = next();
      return r < 0.6 ? next() * 30 : r < 0.95 ? next() * 3600 : 3600 + next() * 20_000;
    });
    const whole = of(values);
    for (const cut of [1, 7, 100, 1500, 2999]) {
      const merged = of(values.slice(0, cut));
      mergeHistograms(merged, of(values.slice(cut)));
      expect(merged).toEqual(whole);
      const reversed = of(values.slice(cut));
      mergeHistograms(reversed, of(values.slice(0, cut)));
      expect(durationStats(reversed)).toEqual(durationStats(whole));
    }
  }, 60_000);
});
