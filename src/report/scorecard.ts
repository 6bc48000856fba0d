// Operator scorecard stage: each call's operator legs fold into per-operator running figures (plain data and
// typed arrays: worker partials merge after structured clone, in any order, to the same figures).
import type { CallFacts } from "../call/facts.js";
import type { OperatorLegs } from "../call/operator-legs.js";
import { addDuration, createHistogram, type Histogram, mergeHistograms } from "./histogram.js";
import { localDay } from "./zone.js";

/** Which operator a ring group nobody answered charges (--missed-ring). */
export const MISSED_RING_RULES = ["every", "first"] as const;
export type MissedRingRule = (typeof MISSED_RING_RULES)[number];

/** The scorecard's settings (plain data: it travels to workers). */
export interface ScorecardOptions {
  missedRing: MissedRingRule;
  /** A handled call whose operator talk is under this is a short call (--short-call). */
  shortCallSeconds: number;
}

/** Defaults: every missed RING counts (the operator breakdown's missedRings), short calls under 10 s. */
export const DEFAULT_SCORECARD_OPTIONS: ScorecardOptions = { missedRing: "every", shortCallSeconds: 10 };

/** One day of one operator (the day of the calls' START in the report's time zone). */
export interface OperatorDay {
  talkMs: number;
  firstAt: number;
  lastAt: number;
}

/** Running figures of one operator. */
export interface OperatorCard {
  ringsOffered: number;
  ringsAnswered: number;
  missedRings: number;
  handled: number;
  hangups: number;
  shortCalls: number;
  /** Operator talk per handled call, seconds. */
  talk: Histogram;
  /** Handled calls: talk start and end (epoch ms) and local day number, `n` used; grows with handled calls. */
  starts: Float64Array;
  ends: Float64Array;
  days: Float64Array;
  n: number;
  byDay: Map<string, OperatorDay>;
}

/** The scorecard of one partition. */
export interface ScorecardState {
  options: ScorecardOptions;
  operators: Map<string, OperatorCard>;
  /** Missed rings toward SIP (under the rule) that name no operator. */
  unattributedMissedRings: number;
}

const DAY_MS = 86_400_000;

/** An empty scorecard. */
export function createScorecard(options: ScorecardOptions): ScorecardState {
  return { options, operators: new Map(), unattributedMissedRings: 0 };
}

/** Adds one call (a complete session that passed the filters); `local` is its START's local ms. */
export function addToScorecard(
  state: ScorecardState,
  call: CallFacts,
  legs: OperatorLegs,
  local: number,
): void {
  const every = state.options.missedRing === "every";
  state.unattributedMissedRings += every ? legs.unattributedEvery : legs.unattributedFirst;
  const day = localDay(local);
  const dayNumber = Math.floor(local / DAY_MS);
  for (const leg of legs.legs) {
    const card = cardOf(state, leg.operator);
    card.ringsOffered += leg.ringsOffered;
    card.ringsAnswered += leg.ringsAnswered;
    card.missedRings += every ? leg.missedEvery : leg.missedFirst;
    const today = dayOf(card, day, leg.firstAt, leg.lastAt);
    if (!leg.handled) continue;
    card.handled += 1;
    const talkS = leg.talkMs / 1000;
    addDuration(card.talk, talkS);
    if (talkS < state.options.shortCallSeconds) card.shortCalls += 1;
    today.talkMs += leg.talkMs;
    pushCall(card, leg.talkStart, leg.talkEnd, dayNumber);
  }
  if (call.hangupOperator !== null) cardOf(state, call.hangupOperator).hangups += 1;
}

/** Adds `other` into `into` (partials of disjoint partitions, same options). */
export function mergeScorecards(into: ScorecardState, other: ScorecardState): void {
  into.unattributedMissedRings += other.unattributedMissedRings;
  for (const [key, card] of other.operators) {
    const mine = into.operators.get(key);
    if (mine === undefined) {
      into.operators.set(key, card);
      continue;
    }
    mine.ringsOffered += card.ringsOffered;
    mine.ringsAnswered += card.ringsAnswered;
    mine.missedRings += card.missedRings;
    mine.handled += card.handled;
    mine.hangups += card.hangups;
    mine.shortCalls += card.shortCalls;
    mergeHistograms(mine.talk, card.talk);
    for (let i = 0; i < card.n; i += 1)
      pushCall(mine, card.starts[i] as number, card.ends[i] as number, card.days[i] as number);
    for (const [day, d] of card.byDay) {
      const today = dayOf(mine, day, d.firstAt, d.lastAt);
      today.talkMs += d.talkMs;
    }
  }
}

function cardOf(state: ScorecardState, operator: string): OperatorCard {
  let card = state.operators.get(operator);
  if (card === undefined) {
    card = {
      ringsOffered: 0,
      ringsAnswered: 0,
      missedRings: 0,
      handled: 0,
      hangups: 0,
      shortCalls: 0,
      talk: createHistogram(),
      starts: new Float64Array(4),
      ends: new Float64Array(4),
      days: new Float64Array(4),
      n: 0,
      byDay: new Map(),
    };
    state.operators.set(operator, card);
  }
  return card;
}

/** The card's day, widened to cover firstAt..lastAt. */
function dayOf(card: OperatorCard, day: string, firstAt: number, lastAt: number): OperatorDay {
  let today = card.byDay.get(day);
  if (today === undefined) {
    today = { talkMs: 0, firstAt, lastAt };
    card.byDay.set(day, today);
  } else {
    if (firstAt < today.firstAt) today.firstAt = firstAt;
    if (lastAt > today.lastAt) today.lastAt = lastAt;
  }
  return today;
}

function pushCall(card: OperatorCard, start: number, end: number, day: number): void {
  if (card.n === card.starts.length) {
    card.starts = grow(card.starts);
    card.ends = grow(card.ends);
    card.days = grow(card.days);
  }
  card.starts[card.n] = start;
  card.ends[card.n] = end;
  card.days[card.n] = day;
  card.n += 1;
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
