// Metrics stage: finalised timelines fold into mergeable counters; summarizeMetrics turns them into the report.

import type { Timeline } from "../call/timeline.js";
import { DIRECTIONS, type Direction, PARTY_TYPES, RING_STATES } from "../types.js";
import {
  addValue,
  createValueCounts,
  mergeValueCounts,
  topValueEntries,
  type ValueCounts,
} from "./value-counts.js";

// The reference's enums, where the renderers have long taken them from.
export { DIRECTIONS, PARTY_TYPES, RING_STATES };

/** Running counts over finalised timelines; two states of disjoint sessions merge by addition. */
export interface MetricsState {
  sessions: { total: number; complete: number; missingStart: number; missingCompleted: number };
  calls: Map<Direction, { total: number; answered: number }>;
  hangupBy: Map<string, number>;
  /** Exact up to RANKED_VALUES_CAP distinct values, so memory does not grow with the dump. */
  hangedValues: ValueCounts;
  hangedUsers: ValueCounts;
  ringResults: Map<Direction, Map<string, number>>;
}

/** Distinct hanged_value / hanged_user values counted exactly before the ranking is withheld. */
export const RANKED_VALUES_CAP = 100_000;

/** An empty state. */
export function createMetrics(rankedValuesCap = RANKED_VALUES_CAP): MetricsState {
  return {
    sessions: { total: 0, complete: 0, missingStart: 0, missingCompleted: 0 },
    calls: new Map(),
    hangupBy: new Map(),
    hangedValues: createValueCounts(rankedValuesCap),
    hangedUsers: createValueCounts(rankedValuesCap),
    ringResults: new Map(),
  };
}

/** Counts one timeline: every session; calls, answers and hang-ups only for complete ones; every ring result. */
export function addTimeline(state: MetricsState, timeline: Timeline): void {
  const s = state.sessions;
  s.total += 1;
  if (!timeline.hasStart) s.missingStart += 1;
  if (!timeline.hasCompleted) s.missingCompleted += 1;
  for (const attempt of timeline.ringAttempts) {
    if (attempt.state === undefined) continue;
    let byState = state.ringResults.get(attempt.direction);
    if (byState === undefined) {
      byState = new Map<string, number>();
      state.ringResults.set(attempt.direction, byState);
    }
    bump(byState, attempt.state, 1);
  }
  if (timeline.status !== "complete" || timeline.outcome === undefined) return;
  s.complete += 1;
  let calls = state.calls.get(timeline.direction);
  if (calls === undefined) {
    calls = { total: 0, answered: 0 };
    state.calls.set(timeline.direction, calls);
  }
  calls.total += 1;
  const outcome = timeline.outcome;
  if (outcome.isAnswered) calls.answered += 1;
  bump(state.hangupBy, outcome.hangedBy, 1);
  addValue(state.hangedValues, outcome.hangedValue, 1);
  if (outcome.hangedUser !== undefined) addValue(state.hangedUsers, outcome.hangedUser, 1);
}

/** Adds `other` into `into` (for per-worker partial states). */
export function mergeMetrics(into: MetricsState, other: MetricsState): void {
  into.sessions.total += other.sessions.total;
  into.sessions.complete += other.sessions.complete;
  into.sessions.missingStart += other.sessions.missingStart;
  into.sessions.missingCompleted += other.sessions.missingCompleted;
  for (const [direction, c] of other.calls) {
    const mine = getOrCreate(into.calls, direction, () => ({ total: 0, answered: 0 }));
    mine.total += c.total;
    mine.answered += c.answered;
  }
  for (const [key, n] of other.hangupBy) bump(into.hangupBy, key, n);
  mergeValueCounts(into.hangedValues, other.hangedValues);
  mergeValueCounts(into.hangedUsers, other.hangedUsers);
  for (const [direction, byState] of other.ringResults) {
    const mine = getOrCreate(into.ringResults, direction, () => new Map<string, number>());
    for (const [key, n] of byState) bump(mine, key, n);
  }
}

/** Calls and answers of one group; answerRate is a fraction 0..1, or null when there are no calls. */
export interface CallCounts {
  total: number;
  answered: number;
  answerRate: number | null;
}

/** A value and how often it occurred, with its share of the whole (0..1). */
export interface RankedValue {
  value: string;
  count: number;
  share: number;
}

/** The metric sections of the report (the input section and problems are added by the command). */
export interface MetricsSummary {
  sessions: {
    total: number;
    complete: number;
    incomplete: number;
    missingStart: number;
    missingCompleted: number;
  };
  calls: CallCounts & { byDirection: Record<Direction, CallCounts> };
  hangupBy: Record<string, number>;
  hangupShares: Record<string, number | null>;
  /** Empty when there are more distinct values than `rankedValuesCap` (see `hangedValuesRanked`). */
  topHangedValues: RankedValue[];
  topHangedUsers: RankedValue[];
  /** Whether the lists above are exact rankings (false: too many distinct values to count exactly). */
  hangedValuesRanked: boolean;
  hangedUsersRanked: boolean;
  rankedValuesCap: number;
  ringResults: Record<string, number>;
  ringResultShares: Record<string, number | null>;
  ringResultsByDirection: Record<Direction, Record<string, number>>;
}

/** How many values the top-N lists keep. */
export const TOP_N = 10;

/** The report's metric sections from a state. */
export function summarizeMetrics(state: MetricsState): MetricsSummary {
  const byDirection = {} as Record<Direction, CallCounts>;
  let total = 0;
  let answered = 0;
  for (const direction of DIRECTIONS) {
    const c = state.calls.get(direction) ?? { total: 0, answered: 0 };
    byDirection[direction] = { ...c, answerRate: ratio(c.answered, c.total) };
    total += c.total;
    answered += c.answered;
  }
  const hangups = sum(state.hangupBy.values());
  const ringResults = countStates(mergedStates(state.ringResults));
  const ringTotal = sum(Object.values(ringResults));
  const ringResultsByDirection = {} as Record<Direction, Record<string, number>>;
  for (const direction of DIRECTIONS) {
    ringResultsByDirection[direction] = countStates(state.ringResults.get(direction) ?? new Map());
  }
  const s = state.sessions;
  return {
    sessions: {
      total: s.total,
      complete: s.complete,
      incomplete: s.total - s.complete,
      missingStart: s.missingStart,
      missingCompleted: s.missingCompleted,
    },
    calls: { total, answered, answerRate: ratio(answered, total), byDirection },
    hangupBy: Object.fromEntries(PARTY_TYPES.map((p) => [p, state.hangupBy.get(p) ?? 0])),
    hangupShares: Object.fromEntries(PARTY_TYPES.map((p) => [p, ratio(state.hangupBy.get(p) ?? 0, hangups)])),
    topHangedValues: topValues(state.hangedValues, hangups),
    topHangedUsers: topValues(state.hangedUsers, hangups),
    hangedValuesRanked: !state.hangedValues.overflow,
    hangedUsersRanked: !state.hangedUsers.overflow,
    rankedValuesCap: state.hangedValues.cap,
    ringResults,
    ringResultShares: Object.fromEntries(
      Object.entries(ringResults).map(([k, n]) => [k, ratio(n, ringTotal)]),
    ),
    ringResultsByDirection,
  };
}

/** numerator / denominator, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function mergedStates(byDirection: Map<Direction, Map<string, number>>): Map<string, number> {
  const all = new Map<string, number>();
  for (const byState of byDirection.values()) for (const [key, n] of byState) bump(all, key, n);
  return all;
}

/** Every known state (zero included) in reference order, then any others a custom schema let through. */
function countStates(byState: Map<string, number>): Record<string, number> {
  const entries: [string, number][] = RING_STATES.map((s) => [s, byState.get(s) ?? 0]);
  for (const [key, n] of byState)
    if (!(RING_STATES as readonly string[]).includes(key)) entries.push([key, n]);
  return Object.fromEntries(entries);
}

function topValues(counts: ValueCounts, whole: number): RankedValue[] {
  // A ranking is shown only when it is exact.
  if (counts.overflow) return [];
  return topValueEntries(counts, TOP_N).map(([value, count]) => ({
    value,
    count,
    share: whole === 0 ? 0 : count / whole,
  }));
}

function bump(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const n of values) total += n;
  return total;
}
