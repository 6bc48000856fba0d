// Waits stage: how long inbound callers waited (START to first ANSWER, or to COMPLETED when they hung up),
// bucketed, with service level at several thresholds; calls that start while closed (--open-hours) apart.
import type { CallFacts } from "../call/facts.js";
import { ratio } from "./metrics.js";

/** Upper edges (s) of the wait buckets; a bucket holds waits above the previous edge up to its own (0-5 holds 5). */
export const WAIT_BUCKET_EDGES = [5, 10, 20, 30, 60, 120, 300] as const;
/** The bucket labels, the last one open-ended. */
export const WAIT_BUCKETS = ["0-5", "5-10", "10-20", "20-30", "30-60", "60-120", "120-300", "300+"] as const;

/** What the wait figures depend on. Plain data (it travels to workers). */
export interface WaitsSettings {
  /** Service-level thresholds (s), the first is the headline (--sl-threshold). */
  thresholdsSeconds: number[];
  /** An abandon shorter than this leaves the service level's denominator (--short-abandon). */
  shortAbandonSeconds: number;
}

/** Running wait counts of one partition; states of disjoint calls merge by addition. */
export interface WaitsState {
  /** Inbound calls counted (open, or every inbound call without --open-hours). */
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  /** Answered calls whose wait is known (a RINGRESULT ANSWER), and the sum of their waits in ms. */
  answeredTimed: number;
  answeredWaitMs: number;
  /** Longest wait (ms) of an answered or abandoned call; -1 when none. */
  longestMs: number;
  answeredByBucket: number[];
  abandonedByBucket: number[];
  /** Per threshold: answered within it (wait ≤ threshold). */
  withinThreshold: number[];
  /** Inbound calls that started while closed, and how they ended. */
  closed: number;
  closedAnswered: number;
  closedAbandoned: number;
}

/** An empty state. */
export function createWaits(settings: WaitsSettings): WaitsState {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredTimed: 0,
    answeredWaitMs: 0,
    longestMs: -1,
    answeredByBucket: new Array<number>(WAIT_BUCKETS.length).fill(0),
    abandonedByBucket: new Array<number>(WAIT_BUCKETS.length).fill(0),
    withinThreshold: new Array<number>(settings.thresholdsSeconds.length).fill(0),
    closed: 0,
    closedAnswered: 0,
    closedAbandoned: 0,
  };
}

/** The wait of a call in seconds (as the KPIs: answered -> time to answer, caller hang-up -> duration), else null. */
export function waitOf(call: CallFacts): number | null {
  if (call.direction !== "inbound") return null;
  if (call.answered) return call.answerS;
  return call.hangedBy === "phone" ? call.durationS : null;
}

/** The bucket index of a wait in seconds. */
export function waitBucket(waitS: number): number {
  let i = 0;
  while (i < WAIT_BUCKET_EDGES.length && waitS > (WAIT_BUCKET_EDGES[i] as number)) i += 1;
  return i;
}

/** Adds one complete call; `closed`: it started outside --open-hours. Outbound calls are not counted. */
export function addWaits(state: WaitsState, call: CallFacts, settings: WaitsSettings, closed: boolean): void {
  if (call.direction !== "inbound") return;
  const abandoned = !call.answered && call.hangedBy === "phone";
  if (closed) {
    state.closed += 1;
    if (call.answered) state.closedAnswered += 1;
    else if (abandoned) state.closedAbandoned += 1;
    return;
  }
  state.offered += 1;
  const wait = waitOf(call);
  if (call.answered) {
    state.answered += 1;
    if (wait === null) return;
    state.answeredTimed += 1;
    state.answeredWaitMs += Math.round(wait * 1000);
    bump(state.answeredByBucket, waitBucket(wait));
    settings.thresholdsSeconds.forEach((t, i) => {
      if (wait <= t) bump(state.withinThreshold, i);
    });
  } else if (abandoned) {
    state.abandoned += 1;
    if (wait === null) return;
    if (wait < settings.shortAbandonSeconds) state.shortAbandoned += 1;
    bump(state.abandonedByBucket, waitBucket(wait));
  }
  if (wait !== null && wait * 1000 > state.longestMs) state.longestMs = Math.round(wait * 1000);
}

/** Adds `other` into `into` (same settings). */
export function mergeWaits(into: WaitsState, other: WaitsState): void {
  for (const key of COUNTS) into[key] += other[key];
  into.longestMs = Math.max(into.longestMs, other.longestMs);
  addArrays(into.answeredByBucket, other.answeredByBucket);
  addArrays(into.abandonedByBucket, other.abandonedByBucket);
  addArrays(into.withinThreshold, other.withinThreshold);
}

const COUNTS = [
  "offered",
  "answered",
  "abandoned",
  "shortAbandoned",
  "answeredTimed",
  "answeredWaitMs",
  "closed",
  "closedAnswered",
  "closedAbandoned",
] as const;

/** One wait bucket of the report. */
export interface WaitBucketSummary {
  bucket: string;
  /** Lower (exclusive, except 0) and upper (inclusive; null: open) edge in seconds. */
  fromS: number;
  toS: number | null;
  answered: number;
  abandoned: number;
  /** Answered with a wait up to this bucket's upper edge / (offered - short abandons); null at 300+ and with nothing offered. */
  answeredWithinShare: number | null;
}

/** The report's `waits` key. */
export interface WaitsSummary {
  /** Inbound calls counted: open ones with --open-hours, else every inbound call. */
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  /** Average speed of answer: mean wait of answered calls (s). */
  asaS: number | null;
  /** Longest wait of an answered or abandoned call (s). */
  longestWaitS: number | null;
  buckets: WaitBucketSummary[];
  /** Service level per --sl-threshold value: answered within T / (offered - short abandons). */
  serviceLevels: { thresholdS: number; answeredWithin: number; serviceLevel: number | null }[];
  /** With --open-hours: inbound calls that started while closed (left out of every figure above). */
  closed: { calls: number; answered: number; abandoned: number } | null;
  /** The --open-hours text and how many --holidays dates, or null without --open-hours. */
  openHours: { hours: string; holidays: number } | null;
}

/** The `waits` key from a merged state; `openHours` as the run was given it. */
export function summarizeWaits(
  state: WaitsState,
  settings: WaitsSettings,
  openHours: { hours: string; holidays: number } | null,
): WaitsSummary {
  const denominator = state.offered - state.shortAbandoned;
  let cumulative = 0;
  const buckets = WAIT_BUCKETS.map((bucket, i): WaitBucketSummary => {
    const answered = state.answeredByBucket[i] ?? 0;
    cumulative += answered;
    const toS = WAIT_BUCKET_EDGES[i] ?? null;
    return {
      bucket,
      fromS: i === 0 ? 0 : (WAIT_BUCKET_EDGES[i - 1] as number),
      toS,
      answered,
      abandoned: state.abandonedByBucket[i] ?? 0,
      answeredWithinShare: toS === null ? null : ratio(cumulative, denominator),
    };
  });
  return {
    offered: state.offered,
    answered: state.answered,
    abandoned: state.abandoned,
    shortAbandoned: state.shortAbandoned,
    asaS: state.answeredTimed === 0 ? null : state.answeredWaitMs / state.answeredTimed / 1000,
    longestWaitS: state.longestMs < 0 ? null : state.longestMs / 1000,
    buckets,
    serviceLevels: settings.thresholdsSeconds.map((thresholdS, i) => ({
      thresholdS,
      answeredWithin: state.withinThreshold[i] ?? 0,
      serviceLevel: ratio(state.withinThreshold[i] ?? 0, denominator),
    })),
    closed:
      openHours === null
        ? null
        : { calls: state.closed, answered: state.closedAnswered, abandoned: state.closedAbandoned },
    openHours,
  };
}

function bump(counts: number[], i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

function addArrays(into: number[], other: readonly number[]): void {
  other.forEach((n, i) => {
    into[i] = (into[i] ?? 0) + n;
  });
}
