// KPI stage: call facts fold into a mergeable accumulator (counts, duration histograms) per group of calls.
import type { CallFacts } from "../call/facts.js";
import {
  addDuration,
  createHistogram,
  type DurationStats,
  durationStats,
  type Histogram,
  mergeHistograms,
} from "./histogram.js";
import { ratio } from "./metrics.js";

/** The thresholds the KPIs depend on, in seconds. */
export interface KpiSettings {
  /** An abandon shorter than this is a short abandon (--short-abandon). */
  shortAbandonSeconds: number;
  /** Service level counts inbound calls answered within this (--sl-threshold). */
  slThresholdSeconds: number;
}

/** Ring results that reached the user (NER's numerator). */
export const REACHED_STATES: ReadonlySet<string> = new Set([
  "ANSWER",
  "BUSY",
  "NOANSWER",
  "CANCEL",
  "DONTCALL",
  "TORTURE",
]);
/** Ring results that are network failures. */
export const NETWORK_FAILURE_STATES: ReadonlySet<string> = new Set(["CONGESTION", "CHANUNAVAIL"]);

/** Running KPI counts of a group of calls (complete sessions); states of disjoint calls merge by addition. */
export interface KpiState {
  calls: number;
  answered: number;
  ringResults: number;
  reachedUser: number;
  networkFailures: number;
  talk: Histogram;
  setup: Histogram;
  answer: Histogram;
  ringTime: Histogram;
  duration: Histogram;
  rings: Histogram;
  inbound: number;
  inboundAnswered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinSl: number;
  autodialer: number;
  reached: number;
  connected: number;
  /** Operator breakdown only: RINGs to this operator not ending in ANSWER, and calls they hung up. */
  missedRings: number;
  hangups: number;
}

const COUNTS = [
  "calls",
  "answered",
  "ringResults",
  "reachedUser",
  "networkFailures",
  "inbound",
  "inboundAnswered",
  "abandoned",
  "shortAbandoned",
  "answeredWithinSl",
  "autodialer",
  "reached",
  "connected",
  "missedRings",
  "hangups",
] as const;
const HISTOGRAMS = ["talk", "setup", "answer", "ringTime", "duration", "rings"] as const;

/** An empty accumulator. */
export function createKpis(): KpiState {
  const state = {} as KpiState;
  for (const key of COUNTS) state[key] = 0;
  for (const key of HISTOGRAMS) state[key] = createHistogram();
  return state;
}

/** Adds one call (a complete session); a `closed` one (started outside --open-hours) leaves the inbound figures. */
export function addCallKpis(state: KpiState, call: CallFacts, settings: KpiSettings, closed = false): void {
  state.calls += 1;
  if (call.answered) {
    state.answered += 1;
    addDuration(state.talk, call.talkS ?? 0);
  }
  for (const attempt of call.attempts) {
    if (attempt.state !== undefined) {
      state.ringResults += 1;
      if (REACHED_STATES.has(attempt.state)) state.reachedUser += 1;
      else if (NETWORK_FAILURE_STATES.has(attempt.state)) state.networkFailures += 1;
    }
    if (attempt.ringAt !== undefined && attempt.resultAt !== undefined)
      addDuration(state.ringTime, (attempt.resultAt - attempt.ringAt) / 1000);
  }
  if (call.setupS !== null) addDuration(state.setup, call.setupS);
  if (call.answerS !== null) addDuration(state.answer, call.answerS);
  if (call.durationS !== null) addDuration(state.duration, call.durationS);
  addDuration(state.rings, call.ringsBeforeAnswer);
  if (call.direction === "inbound" && !closed) {
    state.inbound += 1;
    if (call.answered) {
      state.inboundAnswered += 1;
      if (answeredWithin(call, settings.slThresholdSeconds)) state.answeredWithinSl += 1;
    } else if (isAbandoned(call)) {
      state.abandoned += 1;
      if (isShortAbandon(call, settings)) state.shortAbandoned += 1;
    }
  }
  if (call.type === "autodialer") {
    state.autodialer += 1;
    if (call.contactReached) state.reached += 1;
    if (call.talkedToOperator) state.connected += 1;
  }
}

/** An inbound call the caller hung up unanswered (an abandon); the KPIs and --explain share this test. */
export function isAbandoned(call: CallFacts): boolean {
  return call.direction === "inbound" && !call.answered && call.hangedBy === "phone";
}

/** An abandon shorter than --short-abandon. */
export function isShortAbandon(call: CallFacts, settings: KpiSettings): boolean {
  return isAbandoned(call) && call.durationS !== null && call.durationS < settings.shortAbandonSeconds;
}

/** An answered call whose time to answer is at most `seconds` (service level's numerator, inbound). */
export function answeredWithin(call: CallFacts, seconds: number): boolean {
  return call.answered && call.answerS !== null && call.answerS <= seconds;
}

/** Adds `other` into `into`. */
export function mergeKpis(into: KpiState, other: KpiState): void {
  for (const key of COUNTS) into[key] += other[key];
  for (const key of HISTOGRAMS) mergeHistograms(into[key], other[key]);
}

/** Mean, median and p90 of a duration in seconds, and the calls or attempts they were taken over. */
export type Stats = DurationStats;

/** The KPIs of a group of calls; rates are fractions 0..1, null when there is nothing to divide by. */
export interface KpiSummary {
  calls: number;
  answered: number;
  /** answered / calls */
  asr: number | null;
  ringResults: number;
  reachedUser: number;
  networkFailures: number;
  /** reachedUser / ringResults */
  ner: number | null;
  /** Talk per answered call; mean is the ACD. */
  talk: Stats & { totalS: number };
  setupDelay: Stats;
  timeToAnswer: Stats;
  ringTime: Stats;
  duration: Stats;
  ringAttempts: Stats;
  inbound: {
    offered: number;
    answered: number;
    abandoned: number;
    shortAbandoned: number;
    /** abandoned / offered */
    abandonRate: number | null;
    /** (abandoned - shortAbandoned) / (offered - shortAbandoned) */
    abandonRateExShort: number | null;
    answeredWithinThreshold: number;
    /** answeredWithinThreshold / (offered - shortAbandoned) */
    serviceLevel: number | null;
  };
  autodialer: {
    dialled: number;
    reached: number;
    connected: number;
    /** reached / dialled */
    reachRate: number | null;
    /** connected / dialled */
    connectRate: number | null;
  };
}

/** The KPIs of an accumulator. */
export function summarizeKpis(state: KpiState): KpiSummary {
  const offeredExShort = state.inbound - state.shortAbandoned;
  return {
    calls: state.calls,
    answered: state.answered,
    asr: ratio(state.answered, state.calls),
    ringResults: state.ringResults,
    reachedUser: state.reachedUser,
    networkFailures: state.networkFailures,
    ner: ratio(state.reachedUser, state.ringResults),
    talk: { ...durationStats(state.talk), totalS: state.talk.sumMs / 1000 },
    setupDelay: durationStats(state.setup),
    timeToAnswer: durationStats(state.answer),
    ringTime: durationStats(state.ringTime),
    duration: durationStats(state.duration),
    ringAttempts: durationStats(state.rings),
    inbound: {
      offered: state.inbound,
      answered: state.inboundAnswered,
      abandoned: state.abandoned,
      shortAbandoned: state.shortAbandoned,
      abandonRate: ratio(state.abandoned, state.inbound),
      abandonRateExShort: ratio(state.abandoned - state.shortAbandoned, offeredExShort),
      answeredWithinThreshold: state.answeredWithinSl,
      serviceLevel: ratio(state.answeredWithinSl, offeredExShort),
    },
    autodialer: {
      dialled: state.autodialer,
      reached: state.reached,
      connected: state.connected,
      reachRate: ratio(state.reached, state.autodialer),
      connectRate: ratio(state.connected, state.autodialer),
    },
  };
}
