// Histogram: exact mean, nearest-rank median and p90 at 0.1 s resolution, merge equals adding all.
import { describe, expect, it } from "vitest";
import { addDuration, createHistogram, durationStats, mergeHistograms } from "../../src/report/histogram.js";

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
