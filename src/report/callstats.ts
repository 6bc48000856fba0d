// report/ main file — calls in, figures out: each call is filtered, then its KPIs go overall, per breakdown group
// and to the variants. The state is plain data (Maps, objects): worker partials merge after structured clone.

import { callFacts } from "../call/facts.js";
import type { Timeline } from "../call/timeline.js";
import { EventColumns } from "../ingest/event-columns.js";
import {
  type ActivityState,
  type ActivitySummary,
  addActivity,
  createActivity,
  mergeActivity,
  summarizeActivity,
} from "./activity.js";
import {
  addToBreakdown,
  type BreakdownState,
  type BreakdownSummary,
  createBreakdown,
  type Dimension,
  mergeBreakdowns,
  summarizeBreakdown,
} from "./breakdown.js";
import {
  type CallFilter,
  type FilterSummary,
  isEmptyFilter,
  matchesFilter,
  summarizeFilter,
} from "./filters.js";
import {
  addDialer,
  createDialer,
  type DialerOptions,
  type DialerState,
  type DialerSummary,
  mergeDialer,
  summarizeDialer,
} from "./dialer-stats.js";
import { type HistogramBin, histogramBins } from "./histogram.js";
import {
  addCallKpis,
  createKpis,
  type KpiSettings,
  type KpiState,
  type KpiSummary,
  mergeKpis,
  summarizeKpis,
} from "./kpis.js";
import {
  addVariant,
  createVariants,
  mergeVariants,
  summarizeVariants,
  type VariantState,
  type VariantsSummary,
  variantOf,
} from "./variants.js";
import { createZoneClock, localHour } from "./zone.js";

/** What the KPI part of analyze computes, and over which sessions. Plain data (it travels to workers). */
export interface CallStatsOptions extends KpiSettings, DialerOptions {
  /** IANA zone for hours, days and weekdays (--tz). */
  timeZone: string;
  /** One breakdown per dimension (--by, repeatable). */
  by: Dimension[];
  /** List this many variants (--variants); 0: no variants. */
  variants: number;
  filter: CallFilter;
}

/** Defaults: UTC, short abandons under 5 s, service level within 20 s, no breakdowns, variants or filters. */
export const DEFAULT_CALL_STATS_OPTIONS: CallStatsOptions = {
  timeZone: "UTC",
  shortAbandonSeconds: 5,
  slThresholdSeconds: 20,
  by: [],
  variants: 0,
  filter: {},
};

/** Running call statistics of one partition (with the dialer figures' states when asked for). */
export interface CallStatsState extends DialerState {
  excluded: number;
  kpis: KpiState;
  /** Calls by START hour (0..23) in the time zone. */
  callsByHour: number[];
  activity: ActivityState;
  breakdowns: BreakdownState[];
  variants: VariantState | null;
}

/** A collector for one partition: `add` takes each finalised session and says whether the filter kept it. */
export interface CallStatsCollector {
  state: CallStatsState;
  /** Adds one call; `columns` are the session's events its timeline was built from (else its events are read). */
  add(timeline: Timeline, columns?: EventColumns): boolean;
}

/** The columns a call is read from when its collector is given none. */
const ownColumns = new EventColumns();

/** An empty state for these options. */
export function createCallStats(options: CallStatsOptions): CallStatsState {
  return {
    excluded: 0,
    kpis: createKpis(),
    callsByHour: new Array<number>(24).fill(0),
    activity: createActivity(),
    breakdowns: options.by.map(createBreakdown),
    variants: options.variants > 0 ? createVariants() : null,
    ...createDialer(options),
  };
}

/** A collector with its own time zone clock (created once). */
export function createCallStatsCollector(options: CallStatsOptions): CallStatsCollector {
  const state = createCallStats(options);
  const clock = createZoneClock(options.timeZone);
  const filtering = !isEmptyFilter(options.filter);
  const operatorRings = options.by.includes("operator");
  return {
    state,
    add(timeline, columns) {
      const complete = timeline.status === "complete";
      if (!complete && !filtering) return true;
      const events = columns ?? ownColumns.fill(timeline.events);
      const call = callFacts(timeline, operatorRings, events);
      if (filtering && !matchesFilter(call, options.filter)) {
        state.excluded += 1;
        return false;
      }
      if (!complete) return true;
      const local = clock(call.at);
      const hour = localHour(local);
      addCallKpis(state.kpis, call, options);
      state.callsByHour[hour] = (state.callsByHour[hour] ?? 0) + 1;
      addActivity(state.activity, call, local, options);
      for (const breakdown of state.breakdowns) addToBreakdown(breakdown, call, local, options);
      if (state.variants !== null) addVariant(state.variants, variantOf(events));
      addDialer(state, options, timeline, events, call, local);
      return true;
    },
  };
}

/** Adds `other` into `into` (partials of disjoint partitions, same options). */
export function mergeCallStats(
  into: CallStatsState,
  other: CallStatsState,
  dialer: DialerOptions = {},
): void {
  into.excluded += other.excluded;
  mergeKpis(into.kpis, other.kpis);
  other.callsByHour.forEach((n, hour) => {
    into.callsByHour[hour] = (into.callsByHour[hour] ?? 0) + n;
  });
  mergeActivity(into.activity, other.activity);
  other.breakdowns.forEach((breakdown, i) => {
    const mine = into.breakdowns[i];
    if (mine !== undefined) mergeBreakdowns(mine, breakdown);
  });
  if (into.variants !== null && other.variants !== null) mergeVariants(into.variants, other.variants);
  mergeDialer(into, other, dialer);
}

/** The report sections the call statistics add. */
export interface CallStatsSummary extends DialerSummary {
  filters: FilterSummary;
  kpis: KpiSummary & {
    timeZone: string;
    shortAbandonSeconds: number;
    serviceLevelSeconds: number;
    callsByHour: number[];
  };
  /** Calls by START hour and day split by outcome, and by weekday x hour (in the time zone). */
  activity: ActivitySummary;
  /** Time to answer and talk time of answered calls in coarse bins (from the KPIs' bounded histograms). */
  distributions: { timeToAnswer: HistogramBin[]; talk: HistogramBin[] };
  breakdowns: BreakdownSummary[];
  variants: VariantsSummary | null;
}

/** Bin edges in seconds of the time-to-answer distribution. */
export const ANSWER_BIN_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180];
/** Bin edges in seconds of the talk-time distribution. */
export const TALK_BIN_EDGES = [0, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600];

/** The report sections from a merged state. */
export function summarizeCallStats(state: CallStatsState, options: CallStatsOptions): CallStatsSummary {
  return {
    filters: summarizeFilter(options.filter, state.excluded),
    kpis: {
      timeZone: options.timeZone,
      shortAbandonSeconds: options.shortAbandonSeconds,
      serviceLevelSeconds: options.slThresholdSeconds,
      ...summarizeKpis(state.kpis),
      callsByHour: state.callsByHour,
    },
    activity: summarizeActivity(state.activity),
    distributions: {
      timeToAnswer: histogramBins(state.kpis.answer, ANSWER_BIN_EDGES),
      talk: histogramBins(state.kpis.talk, TALK_BIN_EDGES),
    },
    breakdowns: state.breakdowns.map(summarizeBreakdown),
    variants: state.variants === null ? null : summarizeVariants(state.variants, options.variants),
    ...summarizeDialer(state, options, options.timeZone),
  };
}
