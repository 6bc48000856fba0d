// Durations as a bounded, mergeable histogram: mean to the millisecond, median and p90 to 0.1 s (1 s beyond an hour).

/**
 * Counts of durations by bucket, with their exact count, sum, minimum and maximum. Bucket b counts the values
 * that round to it (0.1 s steps below an hour, 1 s steps beyond). The buckets below `dense.length` are counted
 * in `dense`, the others in `sparse`. The dense part grows (by doubling, up to every bucket below an hour)
 * to cover the largest bucket seen, but only to 16 slots per value counted, so a histogram of few values
 * stays small; its length follows from the count and the largest bucket alone, whatever the order of adds
 * and merges. A bucket holds fewer than 2^31 values.
 */
export interface Histogram {
  count: number;
  /** Sum in whole milliseconds: integer sums are exact, so merge order (threads) cannot change the mean. */
  sumMs: number;
  min: number;
  max: number;
  dense: Int32Array;
  /** Buckets at or past `dense.length`. */
  sparse: Map<number, number>;
  /** The largest bucket of `dense`'s reach (below an hour and the hour itself) counted (-1: none). */
  topFine: number;
  /** The count at which `dense` may grow to take in buckets now in `sparse` (Infinity: none waits). */
  growAt: number;
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
/** Dense slots at most: every 0.1 s bucket below an hour, and the hour itself. */
const DENSE_MAX = FINE_BUCKETS + 1;
const DENSE_MIN = 64;
/** Dense slots allowed per value counted (64 bytes, about what a Map entry costs). */
const SLOTS_PER_VALUE = 16;

/** An empty histogram. */
export function createHistogram(): Histogram {
  return {
    count: 0,
    sumMs: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    dense: new Int32Array(DENSE_MIN),
    sparse: new Map(),
    topFine: -1,
    growAt: Number.POSITIVE_INFINITY,
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
  if (bucket < DENSE_MAX && bucket > histogram.topFine) {
    histogram.topFine = bucket;
    if (bucket >= histogram.dense.length) histogram.growAt = 0;
  }
  if (histogram.count >= histogram.growAt) growDense(histogram);
  const dense = histogram.dense;
  if (bucket < dense.length) dense[bucket] = (dense[bucket] as number) + 1;
  else addToSparse(histogram, bucket, 1);
}

/** Adds `other` into `into`. */
export function mergeHistograms(into: Histogram, other: Histogram): void {
  into.count += other.count;
  into.sumMs += other.sumMs;
  into.min = Math.min(into.min, other.min);
  into.max = Math.max(into.max, other.max);
  if (other.topFine > into.topFine) into.topFine = other.topFine;
  growDense(into);
  // Their dense part fits in ours: its length follows from a count and top no greater than ours now.
  const dense = into.dense;
  const theirs = other.dense;
  for (let bucket = 0; bucket < theirs.length; bucket += 1)
    dense[bucket] = (dense[bucket] as number) + (theirs[bucket] as number);
  for (const [bucket, n] of other.sparse) {
    if (bucket < dense.length) dense[bucket] = (dense[bucket] as number) + n;
    else addToSparse(into, bucket, n);
  }
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

function addToSparse(histogram: Histogram, bucket: number, n: number): void {
  histogram.sparse.set(bucket, (histogram.sparse.get(bucket) ?? 0) + n);
}

/** Grows `dense` to the length its count and largest bucket allow, moving buckets in from `sparse`. */
function growDense(histogram: Histogram): void {
  const length = denseLength(histogram.count, histogram.topFine);
  const old = histogram.dense;
  if (length > old.length) {
    const dense = new Int32Array(length);
    dense.set(old);
    for (const [bucket, n] of histogram.sparse) {
      if (bucket >= length) continue;
      dense[bucket] = n;
      histogram.sparse.delete(bucket);
    }
    histogram.dense = dense;
  }
  // Buckets left out for want of values: the count at which the next doubling is allowed.
  histogram.growAt =
    histogram.topFine >= histogram.dense.length
      ? Math.ceil((histogram.dense.length * 2) / SLOTS_PER_VALUE)
      : Number.POSITIVE_INFINITY;
}

/** The dense length for a count and a largest fine bucket: a power of two (or DENSE_MAX) within budget. */
function denseLength(count: number, topFine: number): number {
  let length = DENSE_MIN;
  while (length <= topFine && length < DENSE_MAX && length * 2 <= count * SLOTS_PER_VALUE) length *= 2;
  return Math.min(length, DENSE_MAX);
}

/** Nearest-rank quantile: the smallest value with at least q of all values at or below it. */
function quantile(histogram: Histogram, q: number): number {
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  let seen = 0;
  const dense = histogram.dense;
  for (let bucket = 0; bucket < dense.length; bucket += 1) {
    seen += dense[bucket] as number;
    if (seen >= rank) return clamp(histogram, bucketValue(bucket));
  }
  const sorted = [...histogram.sparse].sort((a, b) => a[0] - b[0]);
  for (const [bucket, n] of sorted) {
    seen += n;
    if (seen >= rank) return clamp(histogram, bucketValue(bucket));
  }
  return histogram.max;
}

function clamp(histogram: Histogram, value: number): number {
  return Math.min(histogram.max, Math.max(histogram.min, value));
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
  const place = (bucket: number, n: number): void => {
    const value = bucketValue(bucket);
    let i = bins.length - 1;
    while (i > 0 && value < (bins[i] as HistogramBin).fromS) i -= 1;
    (bins[i] as HistogramBin).count += n;
  };
  histogram.dense.forEach((n, bucket) => {
    if (n !== 0) place(bucket, n);
  });
  for (const [bucket, n] of histogram.sparse) place(bucket, n);
  return bins;
}
