// Repeat callers stage (a first-call-resolution proxy): inbound callers who called again within the window
// after one of their answered calls. A caller's calls fall in every worker partition, so each partition keeps
// per caller the STARTs of its inbound calls and the ends of its answered ones; the merge joins them.
import type { Timeline } from "../call/timeline.js";
import { callerNumber } from "./callers-number.js";

/** One caller's inbound calls (epoch ms); once found calling again, the lists are dropped. */
export interface CallerCalls {
  repeat: boolean;
  starts: number[];
  answeredEnds: number[];
}

/** Running state of one partition: caller number (normalised) -> calls; the last COMPLETED seen. */
export interface RepeatState {
  callers: Map<string, CallerCalls>;
  /** Inbound calls whose events name no phone number (in no caller). */
  withoutNumber: number;
  dumpEnd: number;
}

/** The report's `repeatCallers` key. */
export interface RepeatSummary {
  windowSeconds: number;
  /** Distinct inbound callers (numbers after normalising). */
  uniqueCallers: number;
  /** Callers with at least one answered inbound call. */
  answeredCallers: number;
  /** Answered callers who called again within the window after an answered call. */
  repeatCallers: number;
  /** Answered callers not found calling again whose last answered call's window reaches past the dump's end. */
  windowNotOver: number;
  /** repeatCallers / (answeredCallers - windowNotOver); null over nothing. */
  repeatShare: number | null;
  inboundWithoutNumber: number;
}

/** An empty state. */
export function createRepeat(): RepeatState {
  return { callers: new Map(), withoutNumber: 0, dumpEnd: Number.NEGATIVE_INFINITY };
}

/** Adds one complete call (every call moves the dump's end; inbound calls are a caller's). */
export function addRepeat(state: RepeatState, timeline: Timeline, windowMs: number): void {
  const outcome = timeline.outcome;
  const start = timeline.startedAt;
  if (outcome === undefined || start === undefined) return;
  if (outcome.at > state.dumpEnd) state.dumpEnd = outcome.at;
  if (timeline.direction !== "inbound") return;
  const number = callerNumber(timeline);
  if (number === null) {
    state.withoutNumber += 1;
    return;
  }
  let calls = state.callers.get(number);
  if (calls === undefined) {
    calls = { repeat: false, starts: [], answeredEnds: [] };
    state.callers.set(number, calls);
  }
  if (calls.repeat) return;
  // Calls come roughly in time order: most repeats are seen here, and the caller's lists dropped at once.
  for (const end of calls.answeredEnds)
    if (start >= end && start <= end + windowMs) {
      settle(calls);
      return;
    }
  calls.starts.push(start);
  if (outcome.isAnswered) calls.answeredEnds.push(outcome.at);
}

/** Adds `other` into `into` (partials of disjoint partitions). */
export function mergeRepeat(into: RepeatState, other: RepeatState, windowMs: number): void {
  into.withoutNumber += other.withoutNumber;
  if (other.dumpEnd > into.dumpEnd) into.dumpEnd = other.dumpEnd;
  for (const [number, theirs] of other.callers) {
    const mine = into.callers.get(number);
    if (mine === undefined) {
      into.callers.set(number, theirs);
      continue;
    }
    if (mine.repeat) continue;
    if (theirs.repeat) {
      into.callers.set(number, theirs);
      continue;
    }
    for (const start of theirs.starts) mine.starts.push(start);
    for (const end of theirs.answeredEnds) mine.answeredEnds.push(end);
    // Settled callers need their lists no more: merged partials stay as small as they can.
    if (calledAgain(mine, windowMs)) settle(mine);
  }
}

function settle(calls: CallerCalls): void {
  calls.repeat = true;
  calls.starts = [];
  calls.answeredEnds = [];
}

/** Whether a call started at or after an answered call's end and within `windowMs` of it. */
function calledAgain(calls: CallerCalls, windowMs: number): boolean {
  if (calls.answeredEnds.length === 0 || calls.starts.length < 2) return false;
  const starts = Float64Array.from(calls.starts).sort();
  for (const end of calls.answeredEnds) {
    // The first START at or after `end`.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) < end) lo = mid + 1;
      else hi = mid;
    }
    if (lo < starts.length && (starts[lo] as number) <= end + windowMs) return true;
  }
  return false;
}

/** The section from a merged state. */
export function summarizeRepeat(state: RepeatState, windowSeconds: number): RepeatSummary {
  const windowMs = windowSeconds * 1000;
  let answeredCallers = 0;
  let repeatCallers = 0;
  let windowNotOver = 0;
  for (const calls of state.callers.values()) {
    if (calls.repeat || calledAgain(calls, windowMs)) {
      answeredCallers += 1;
      repeatCallers += 1;
      continue;
    }
    if (calls.answeredEnds.length === 0) continue;
    answeredCallers += 1;
    let lastEnd = Number.NEGATIVE_INFINITY;
    for (const end of calls.answeredEnds) lastEnd = Math.max(lastEnd, end);
    if (lastEnd + windowMs > state.dumpEnd) windowNotOver += 1;
  }
  const judged = answeredCallers - windowNotOver;
  return {
    windowSeconds,
    uniqueCallers: state.callers.size,
    answeredCallers,
    repeatCallers,
    windowNotOver,
    repeatShare: judged > 0 ? repeatCallers / judged : null,
    inboundWithoutNumber: state.withoutNumber,
  };
}
