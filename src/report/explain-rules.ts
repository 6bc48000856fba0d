// What each KPI of the gate catalogue counts, call by call: the rules --explain lists the calls behind a
// figure with. They use the KPI stage's own tests (kpis.ts), and a test recounts every figure of every sample
// through them, so a rule cannot drift from the figure it explains.
import type { CallFacts } from "../call/facts.js";
import type { FigureId } from "./definitions.js";
import {
  answeredWithin,
  isAbandoned,
  isShortAbandon,
  type KpiSettings,
  NETWORK_FAILURE_STATES,
  REACHED_STATES,
} from "./kpis.js";

/** How a figure is made from calls: a share x / n, a count x, or a statistic of values (one or more per call). */
export type ExplainShape = "rate" | "count" | "values";

/** One call's part in a figure: x (numerator or count) and n (denominator), or its values. */
export interface Contribution {
  x: number;
  n: number;
  values: number[];
}

/** The rule of one metric. */
export interface ExplainRule {
  shape: ExplainShape;
  /** The definition (README, HTML captions) the metric is written from. */
  definition: FigureId;
  /** What x, n and the values count, in words ("answered calls"). */
  x: string;
  n: string;
  /** The events that decide a call's part, in the order they are listed for each call. */
  decisive: readonly string[];
  /** This call's part; `closed`: an inbound call that started outside --open-hours (out of the inbound KPIs). */
  of(call: CallFacts, settings: KpiSettings, into: Contribution, closed: boolean): void;
}

type Of = ExplainRule["of"];

const part = (x: boolean | number, n: boolean | number, into: Contribution): void => {
  into.x = Number(x);
  into.n = Number(n);
};

const rate = (definition: FigureId, x: string, n: string, decisive: string[], of: Of): ExplainRule => ({
  shape: "rate",
  definition,
  x,
  n,
  decisive,
  of,
});
const count = (definition: FigureId, x: string, decisive: string[], of: Of): ExplainRule => ({
  shape: "count",
  definition,
  x,
  n: "calls",
  decisive,
  of,
});
const values = (definition: FigureId, x: string, decisive: string[], of: Of): ExplainRule => ({
  shape: "values",
  definition,
  x,
  n: x,
  decisive,
  of,
});

const value = (v: number | null, into: Contribution): void => {
  if (v !== null) into.values.push(v);
};

const ringResults = (call: CallFacts, states?: ReadonlySet<string>): number => {
  let n = 0;
  for (const attempt of call.attempts)
    if (attempt.state !== undefined && (states === undefined || states.has(attempt.state))) n += 1;
  return n;
};

// The inbound KPIs count the inbound calls that started while open (all of them without --open-hours).
const inbound = (call: CallFacts, closed: boolean): boolean => call.direction === "inbound" && !closed;
const abandoned = (call: CallFacts, closed: boolean): boolean => !closed && isAbandoned(call);
const shortAbandon = (call: CallFacts, s: KpiSettings, closed: boolean): boolean =>
  !closed && isShortAbandon(call, s);
const autodialer = (call: CallFacts): boolean => call.type === "autodialer";

const talk: Of = (call, _s, into) => {
  if (call.answered) value(call.talkS ?? 0, into);
};
const setup: Of = (call, _s, into) => value(call.setupS, into);
const answer: Of = (call, _s, into) => value(call.answerS, into);
const duration: Of = (call, _s, into) => value(call.durationS, into);
const rings: Of = (call, _s, into) => value(call.ringsBeforeAnswer, into);
const ringTime: Of = (call, _s, into) => {
  for (const a of call.attempts)
    if (a.ringAt !== undefined && a.resultAt !== undefined) into.values.push((a.resultAt - a.ringAt) / 1000);
};

const TALK = ["RINGRESULT", "JOIN", "LEAVE", "COMPLETED"];
const FOUR = ["mean", "median", "p90"] as const;
const each = (prefix: string, rule: ExplainRule, total = false): [string, ExplainRule][] => [
  ...FOUR.map((stat): [string, ExplainRule] => [`${prefix}.${stat}`, rule]),
  ...(total ? [[`${prefix}.total`, rule] as [string, ExplainRule]] : []),
];

/** The rule of every KPI metric of the gate catalogue, by its name there. */
export const EXPLAIN_RULES: ReadonlyMap<string, ExplainRule> = new Map<string, ExplainRule>([
  ["calls", count("calls", "calls", ["START", "COMPLETED"], (_c, _s, into) => part(1, 1, into))],
  [
    "answered",
    count("answered", "answered calls", ["COMPLETED"], (c, _s, into) => part(c.answered, 1, into)),
  ],
  ["asr", rate("asr", "answered calls", "calls", ["COMPLETED"], (c, _s, into) => part(c.answered, 1, into))],
  [
    "ring_results",
    count("ner", "ring results", ["RINGRESULT"], (c, _s, into) => part(ringResults(c), 1, into)),
  ],
  [
    "reached_user",
    count("ner", "ring results that reached the user", ["RINGRESULT"], (c, _s, into) =>
      part(ringResults(c, REACHED_STATES), 1, into),
    ),
  ],
  [
    "network_failures",
    count("ner", "ring results that are network failures", ["RINGRESULT"], (c, _s, into) =>
      part(ringResults(c, NETWORK_FAILURE_STATES), 1, into),
    ),
  ],
  [
    "ner",
    rate("ner", "ring results that reached the user", "ring results", ["RINGRESULT"], (c, _s, into) =>
      part(ringResults(c, REACHED_STATES), ringResults(c), into),
    ),
  ],
  ["acd", values("talk.mean", "talk per answered call (s)", TALK, talk)],
  ...each("talk", values("talk", "talk per answered call (s)", TALK, talk), true),
  ...each("setup_delay", values("setupDelay", "setup delay (s)", ["START", "RING"], setup)),
  ...each("time_to_answer", values("timeToAnswer", "time to answer (s)", ["START", "RINGRESULT"], answer)),
  ...each("ring_time", values("ringTime", "ring time per attempt (s)", ["RING", "RINGRESULT"], ringTime)),
  ...each("duration", values("duration", "call duration (s)", ["START", "COMPLETED"], duration)),
  ...each("ring_attempts", values("ringAttempts", "ring attempts per call", ["RING", "RINGRESULT"], rings)),
  [
    "offered",
    count("inbound.abandonRate", "inbound calls", ["START"], (c, _s, into, k) =>
      part(inbound(c, k), 1, into),
    ),
  ],
  [
    "abandoned",
    count("inbound.abandoned", "abandoned inbound calls", ["START", "COMPLETED"], (c, _s, into, k) =>
      part(abandoned(c, k), 1, into),
    ),
  ],
  [
    "short_abandoned",
    count("inbound.shortAbandoned", "short abandons", ["START", "COMPLETED"], (c, s, into, k) =>
      part(shortAbandon(c, s, k), 1, into),
    ),
  ],
  [
    "answered_within_threshold",
    count(
      "inbound.serviceLevel",
      "inbound calls answered within --sl-threshold",
      ["START", "RINGRESULT"],
      (c, s, into, k) => part(inbound(c, k) && answeredWithin(c, s.slThresholdSeconds), 1, into),
    ),
  ],
  [
    "abandon_rate",
    rate(
      "inbound.abandonRate",
      "abandoned inbound calls",
      "inbound calls",
      ["START", "COMPLETED"],
      (c, _s, into, k) => part(abandoned(c, k), inbound(c, k), into),
    ),
  ],
  [
    "abandon_rate_ex_short",
    rate(
      "inbound.abandonRate",
      "abandons that are not short",
      "inbound calls that are not short abandons",
      ["START", "COMPLETED"],
      (c, s, into, k) =>
        part(abandoned(c, k) && !shortAbandon(c, s, k), inbound(c, k) && !shortAbandon(c, s, k), into),
    ),
  ],
  [
    "service_level",
    rate(
      "inbound.serviceLevel",
      "inbound calls answered within --sl-threshold",
      "inbound calls that are not short abandons",
      ["START", "RINGRESULT", "COMPLETED"],
      (c, s, into, k) =>
        part(
          inbound(c, k) && answeredWithin(c, s.slThresholdSeconds),
          inbound(c, k) && !shortAbandon(c, s, k),
          into,
        ),
    ),
  ],
  [
    "dialled",
    count("autodialer", "autodialer calls", ["START"], (c, _s, into) => part(autodialer(c), 1, into)),
  ],
  [
    "reached",
    count("autodialer", "autodialer calls whose contact answered", ["RINGRESULT"], (c, _s, into) =>
      part(autodialer(c) && c.contactReached, 1, into),
    ),
  ],
  [
    "connected",
    count("autodialer", "autodialer calls connected to an operator", ["JOIN", "LEAVE"], (c, _s, into) =>
      part(autodialer(c) && c.talkedToOperator, 1, into),
    ),
  ],
  [
    "reach_rate",
    rate(
      "autodialer",
      "autodialer calls whose contact answered",
      "autodialer calls",
      ["RINGRESULT"],
      (c, _s, into) => part(autodialer(c) && c.contactReached, autodialer(c), into),
    ),
  ],
  [
    "connect_rate",
    rate(
      "autodialer",
      "autodialer calls connected to an operator",
      "autodialer calls",
      ["JOIN", "LEAVE"],
      (c, _s, into) => part(autodialer(c) && c.talkedToOperator, autodialer(c), into),
    ),
  ],
]);
