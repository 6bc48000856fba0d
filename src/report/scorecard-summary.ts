// Operator scorecard as reported: one row per operator, most calls handled first.
import { addDuration, createHistogram, type DurationStats, durationStats } from "./histogram.js";
import { ratio } from "./metrics.js";
import type { MissedRingRule, OperatorCard, ScorecardState } from "./scorecard.js";

/** One day of an operator: talk, the span from their first to their last event, and talk / span. */
export interface OperatorDaySummary {
  day: string;
  talkS: number;
  spanS: number;
  busyShare: number | null;
}

/** One operator's scorecard row. */
export interface OperatorRow {
  operator: string;
  ringsOffered: number;
  ringsAnswered: number;
  /** ringsAnswered / ringsOffered. */
  answerRate: number | null;
  missedRings: number;
  callsHandled: number;
  /** Operator talk per handled call (seconds). */
  talk: DurationStats;
  talkTotalS: number;
  /** Calls whose COMPLETED names the operator as the party who hung up. */
  hangups: number;
  shortCalls: number;
  /** Gaps from the end of one handled call's talk to the start of the next, the same day (median only). */
  gap: { count: number; median: number | null };
  /** Talk summed over days / spans summed over days. */
  busyShare: number | null;
  days: OperatorDaySummary[];
}

/** The scorecard section of the report (`operators` in JSON). */
export interface ScorecardSummary {
  missedRing: MissedRingRule;
  shortCallSeconds: number;
  unattributedMissedRings: number;
  /** The counts summed over operators (a transfer's call counts once per operator), and the answer rate. */
  totals: ScorecardTotals;
  rows: OperatorRow[];
}

/** The scorecard's counts over every operator: what gates without a selector and baseline deltas read. */
export interface ScorecardTotals {
  operators: number;
  ringsOffered: number;
  ringsAnswered: number;
  answerRate: number | null;
  missedRings: number;
  callsHandled: number;
  hangups: number;
  shortCalls: number;
}

/** The report's form of a merged scorecard. */
export function summarizeScorecard(state: ScorecardState): ScorecardSummary {
  const rows = [...state.operators].map(([operator, card]) => row(operator, card));
  rows.sort((a, b) => b.callsHandled - a.callsHandled || (a.operator < b.operator ? -1 : 1));
  return {
    missedRing: state.options.missedRing,
    shortCallSeconds: state.options.shortCallSeconds,
    unattributedMissedRings: state.unattributedMissedRings,
    totals: totalsOf(rows),
    rows,
  };
}

function totalsOf(rows: readonly OperatorRow[]): ScorecardTotals {
  const sum = (pick: (r: OperatorRow) => number): number => rows.reduce((s, r) => s + pick(r), 0);
  const ringsOffered = sum((r) => r.ringsOffered);
  const ringsAnswered = sum((r) => r.ringsAnswered);
  return {
    operators: rows.length,
    ringsOffered,
    ringsAnswered,
    answerRate: ratio(ringsAnswered, ringsOffered),
    missedRings: sum((r) => r.missedRings),
    callsHandled: sum((r) => r.callsHandled),
    hangups: sum((r) => r.hangups),
    shortCalls: sum((r) => r.shortCalls),
  };
}

function row(operator: string, card: OperatorCard): OperatorRow {
  const days = [...card.byDay]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, d]): OperatorDaySummary => {
      const spanS = (d.lastAt - d.firstAt) / 1000;
      return { day, talkS: d.talkMs / 1000, spanS, busyShare: ratio(d.talkMs / 1000, spanS) };
    });
  const talkTotalS = card.talk.sumMs / 1000;
  const gaps = gapStats(card);
  return {
    operator,
    ringsOffered: card.ringsOffered,
    ringsAnswered: card.ringsAnswered,
    answerRate: ratio(card.ringsAnswered, card.ringsOffered),
    missedRings: card.missedRings,
    callsHandled: card.handled,
    talk: durationStats(card.talk),
    talkTotalS,
    hangups: card.hangups,
    shortCalls: card.shortCalls,
    gap: { count: gaps.count, median: gaps.median },
    busyShare: ratio(
      days.reduce((sum, d) => sum + d.talkS, 0),
      days.reduce((sum, d) => sum + d.spanS, 0),
    ),
    days,
  };
}

/** Gaps between consecutive handled calls (by talk start) of one day; overlapping calls give 0. */
function gapStats(card: OperatorCard): DurationStats {
  const order = Array.from({ length: card.n }, (_, i) => i);
  const { starts, ends, days } = card;
  order.sort(
    (a, b) => (starts[a] as number) - (starts[b] as number) || (ends[a] as number) - (ends[b] as number),
  );
  const histogram = createHistogram();
  for (let k = 1; k < order.length; k += 1) {
    const previous = order[k - 1] as number;
    const next = order[k] as number;
    if (days[previous] !== days[next]) continue;
    addDuration(histogram, ((starts[next] as number) - (ends[previous] as number)) / 1000);
  }
  return durationStats(histogram);
}
