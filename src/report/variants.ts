// Variants stage: each call's event sequence ("trace variant") counted, so unusual flows stand out. Bounded.
import type { EventColumns } from "../ingest/event-columns.js";

/** At most this many distinct variants are counted; calls of further variants are counted as "other". */
export const MAX_VARIANTS = 10_000;

/** Counts of calls per variant, plus the calls of variants beyond MAX_VARIANTS. */
export interface VariantState {
  calls: number;
  counts: Map<string, number>;
  other: number;
}

/** An empty state. */
export function createVariants(): VariantState {
  return { calls: 0, counts: new Map(), other: 0 };
}

/**
 * The variant of an ordered session: its event names joined by spaces, RINGRESULT with its state
 * (`RINGRESULT:ANSWER`), a run of the same step written once with its count (`RING×3`). Steps at the same
 * instant are taken in lifecycle order and, among RINGRESULTs, by state, so arrival order does not matter.
 */
export function variantOf(c: EventColumns): string {
  const labels: string[] = [];
  let runStart = 0;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i] as string;
    labels.push(name === "RINGRESULT" ? `RINGRESULT:${c.state[i] ?? "?"}` : name);
    if (i + 1 === c.length || c.ts[i + 1] !== c.ts[i] || c.event[i + 1] !== name) {
      if (i > runStart) sortRange(labels, runStart, i + 1);
      runStart = i + 1;
    }
  }
  const steps: string[] = [];
  for (let i = 0; i < labels.length; ) {
    let j = i + 1;
    while (j < labels.length && labels[j] === labels[i]) j += 1;
    steps.push(j - i > 1 ? `${labels[i]}×${j - i}` : (labels[i] as string));
    i = j;
  }
  return steps.join(" ");
}

/** Counts one call's variant. */
export function addVariant(state: VariantState, variant: string): void {
  state.calls += 1;
  const n = state.counts.get(variant);
  if (n !== undefined) state.counts.set(variant, n + 1);
  else if (state.counts.size < MAX_VARIANTS) state.counts.set(variant, 1);
  else state.other += 1;
}

/** Adds `other` into `into`; beyond MAX_VARIANTS the rarest variants go to "other". */
export function mergeVariants(into: VariantState, other: VariantState): void {
  into.calls += other.calls;
  into.other += other.other;
  for (const [variant, n] of other.counts) into.counts.set(variant, (into.counts.get(variant) ?? 0) + n);
  if (into.counts.size <= MAX_VARIANTS) return;
  for (const [variant, n] of ranked(into.counts).slice(MAX_VARIANTS)) {
    into.other += n;
    into.counts.delete(variant);
  }
}

/** One listed variant. */
export interface VariantCount {
  variant: string;
  count: number;
  /** count / calls */
  share: number;
}

/** The most common variants and what the list leaves out. */
export interface VariantsSummary {
  calls: number;
  /** Distinct variants counted (at most MAX_VARIANTS). */
  distinct: number;
  /** Calls whose variant came after MAX_VARIANTS others were counted. */
  uncounted: number;
  top: VariantCount[];
  /** Calls whose variant is not in `top` (uncounted ones included). */
  notListed: number;
}

/** The `limit` most common variants (count descending, then variant). */
export function summarizeVariants(state: VariantState, limit: number): VariantsSummary {
  const top = ranked(state.counts)
    .slice(0, limit)
    .map(([variant, count]) => ({ variant, count, share: count / state.calls }));
  const listed = top.reduce((sum, v) => sum + v.count, 0);
  return {
    calls: state.calls,
    distinct: state.counts.size,
    uncounted: state.other,
    top,
    notListed: state.calls - listed,
  };
}

function ranked(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function sortRange(labels: string[], from: number, to: number): void {
  const sorted = labels.slice(from, to).sort();
  for (let i = from; i < to; i += 1) labels[i] = sorted[i - from] as string;
}
