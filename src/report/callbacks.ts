// Callback funnel stage (type = callback): leg 1 (the contact) reached, leg 2 (the operator) reached, the two
// bridged, the time to bridge, and the RINGRESULT state that ended each failed leg. Plain data: merges.
import type { Timeline } from "../call/timeline.js";
import type { EventColumns } from "../ingest/event-columns.js";
import {
  addDuration,
  createHistogram,
  type DurationStats,
  durationStats,
  type Histogram,
  mergeHistograms,
} from "./histogram.js";

/** Running callback figures of one partition. */
export interface CallbacksState {
  calls: number;
  leg1Reached: number;
  leg2Reached: number;
  bridged: number;
  /** START to the moment both legs had joined, seconds. */
  toBridge: Histogram;
  /** The last RINGRESULT state of leg 1 when it was never answered ("none": it had no RINGRESULT). */
  leg1Failed: Map<string, number>;
  /** The same for leg 2, of the calls whose leg 1 was reached. */
  leg2Failed: Map<string, number>;
}

/** The report's `callbacks` key. */
export interface CallbacksSummary {
  calls: number;
  leg1Reached: number;
  leg2Reached: number;
  bridged: number;
  /** Both legs answered but never joined at once. */
  reachedNotBridged: number;
  /** leg1Reached / calls, leg2Reached / leg1Reached, bridged / calls; null over nothing. */
  leg1Rate: number | null;
  leg2Rate: number | null;
  bridgeRate: number | null;
  timeToBridge: DurationStats;
  /** State -> calls, most first (then by name). */
  leg1Failed: Record<string, number>;
  leg2Failed: Record<string, number>;
}

/** The state named for a leg that had no RINGRESULT at all. */
export const NO_RESULT = "none";

/** An empty state. */
export function createCallbacks(): CallbacksState {
  return {
    calls: 0,
    leg1Reached: 0,
    leg2Reached: 0,
    bridged: 0,
    toBridge: createHistogram(),
    leg1Failed: new Map(),
    leg2Failed: new Map(),
  };
}

/** Adds one complete callback call: leg 1 is `leg` contact, leg 2 `leg` operator (the vendor's two legs). */
export function addCallback(state: CallbacksState, timeline: Timeline, c: EventColumns): void {
  let leg1: string | undefined;
  let leg2: string | undefined;
  let leg1Answered = false;
  let leg2Answered = false;
  for (const attempt of timeline.ringAttempts) {
    const state = attempt.state ?? NO_RESULT;
    if (attempt.leg === "operator") {
      leg2 = state;
      leg2Answered ||= state === "ANSWER";
    } else {
      leg1 = state;
      leg1Answered ||= state === "ANSWER";
    }
  }
  let join1 = Number.NaN;
  let join2 = Number.NaN;
  for (let i = 0; i < c.length; i += 1) {
    if (c.event[i] !== "JOIN") continue;
    if (c.leg[i] === "operator") join2 = Number.isNaN(join2) ? (c.ts[i] as number) : join2;
    else join1 = Number.isNaN(join1) ? (c.ts[i] as number) : join1;
  }
  state.calls += 1;
  if (!leg1Answered) {
    bump(state.leg1Failed, leg1 ?? NO_RESULT);
    return;
  }
  state.leg1Reached += 1;
  if (!leg2Answered) {
    bump(state.leg2Failed, leg2 ?? NO_RESULT);
    return;
  }
  state.leg2Reached += 1;
  const start = timeline.startedAt;
  if (Number.isNaN(join1) || Number.isNaN(join2) || start === undefined) return;
  state.bridged += 1;
  addDuration(state.toBridge, (Math.max(join1, join2) - start) / 1000);
}

function bump(counts: Map<string, number>, key: string, n = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

/** Adds `other` into `into` (partials of disjoint partitions). */
export function mergeCallbacks(into: CallbacksState, other: CallbacksState): void {
  into.calls += other.calls;
  into.leg1Reached += other.leg1Reached;
  into.leg2Reached += other.leg2Reached;
  into.bridged += other.bridged;
  mergeHistograms(into.toBridge, other.toBridge);
  for (const [key, n] of other.leg1Failed) bump(into.leg1Failed, key, n);
  for (const [key, n] of other.leg2Failed) bump(into.leg2Failed, key, n);
}

/** The section from a merged state. */
export function summarizeCallbacks(state: CallbacksState): CallbacksSummary {
  const ratio = (x: number, n: number): number | null => (n > 0 ? x / n : null);
  return {
    calls: state.calls,
    leg1Reached: state.leg1Reached,
    leg2Reached: state.leg2Reached,
    bridged: state.bridged,
    reachedNotBridged: state.leg2Reached - state.bridged,
    leg1Rate: ratio(state.leg1Reached, state.calls),
    leg2Rate: ratio(state.leg2Reached, state.leg1Reached),
    bridgeRate: ratio(state.bridged, state.calls),
    timeToBridge: durationStats(state.toBridge),
    leg1Failed: sorted(state.leg1Failed),
    leg2Failed: sorted(state.leg2Failed),
  };
}

function sorted(counts: Map<string, number>): Record<string, number> {
  const entries = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
