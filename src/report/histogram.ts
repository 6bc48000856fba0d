// Durations as a bounded, mergeable histogram: mean to the millisecond, median and p90 to 0.1 s (1 s beyond an hour).

/** Counts of durations by bucket, with their exact count, sum, minimum and maximum. */
export interface Histogram {
  count: number;
  /** Sum in whole milliseconds: integer sums are exact, so merge order (threads) cannot change the mean. */
  sumMs: number;
  min: number;
  max: number;
  buckets: Map<number, number>;
}

/** Mean, median and 90th percentile of a histogram, in seconds; null when it is empty. */
export interface DurationStats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

const FINE_LIMIT_S = 3600;
const FINE_STEPS_PER_S = 10;
const FINE_BUCKETS = FINE_LIMIT_S * FINE_STEPS_PER_S;

/** An empty histogram. */
export function createHistogram(): Histogram {
  return {
    count: 0,
    sumMs: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    buckets: new Map(),
  };
}

/** Adds one duration in seconds (negative durations are clamped to 0). */
export function addDuration(histogram: Histogram, seconds: number): void {
  const value = Math.max(0, seconds);
  histogram.count += 1;
  histogram.sumMs += Math.round(value * 1000);
  if (value < histogram.min) histogram.min = value;
  if (value > histogram.max) histogram.max = value;
  const bucket = bucketOf(value);
  histogram.buckets.set(bucket, (histogram.buckets.get(bucket) ?? 0) + 1);
}

/** Adds `other` into `into`. */
export function mergeHistograms(into: Histogram, other: Histogram): void {
  into.count += other.count;
  into.sumMs += other.sumMs;
  into.min = Math.min(into.min, other.min);
  into.max = Math.max(into.max, other.max);
  for (const [bucket, n] of other.buckets) into.buckets.set(bucket, (into.buckets.get(bucket) ?? 0) + n);
}

/** Mean (exact), median and p90 (nearest-rank, at bucket resolution, within [min, max]). */
export function durationStats(histogram: Histogram): DurationStats {
  if (histogram.count === 0) return { count: 0, mean: null, median: null, p90: null };
  return {
    count: histogram.count,
    mean: histogram.sumMs / histogram.count / 1000,
    median: quantile(histogram, 0.5),
    p90: quantile(histogram, 0.9),
  };
}

function bucketOf(seconds: number): number {
  if (seconds < FINE_LIMIT_S) return Math.round(seconds * FINE_STEPS_PER_S);
  return FINE_BUCKETS + Math.round(seconds - FINE_LIMIT_S);
}

function bucketValue(bucket: number): number {
  return bucket <= FINE_BUCKETS ? bucket / FINE_STEPS_PER_S : FINE_LIMIT_S + (bucket - FINE_BUCKETS);
}

/** Nearest-rank quantile: the smallest value with at least q of all values at or below it. */
function quantile(histogram: Histogram, q: number): number {
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  const sorted = [...histogram.buckets].sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [bucket, n] of sorted) {
    seen += n;
    if (seen >= rank) return Math.min(histogram.max, Math.max(histogram.min, bucketValue(bucket)));
  }
  return histogram.max;
}

/** Durations from `fromS` (inclusive) to `toS` (exclusive; null: no upper bound), and how many fell there. */
export interface HistogramBin {
  fromS: number;
  toS: number | null;
  count: number;
}

/**
 * The histogram's counts in coarser bins with these ascending edges (the first is the lowest bound, the last
 * bin open-ended); each value is placed at its bucket's resolution (0.1 s, 1 s beyond an hour).
 */
export function histogramBins(histogram: Histogram, edges: readonly number[]): HistogramBin[] {
  const bins = edges.map((fromS, i) => ({ fromS, toS: edges[i + 1] ?? null, count: 0 }));
  for (const [bucket, n] of histogram.buckets) {
    const value = bucketValue(bucket);
    let i = bins.length - 1;
    while (i > 0 && value < (bins[i] as HistogramBin).fromS) i -= 1;
    (bins[i] as HistogramBin).count += n;
  }
  return bins;
}
