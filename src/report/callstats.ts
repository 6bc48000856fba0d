// report/ main file — calls in, figures out: each call is filtered, then its KPIs go overall, per breakdown group
// and to the variants. The state is plain data (Maps, objects): worker partials merge after structured clone.

import { type CallFacts, callFacts } from "../call/facts.js";
import { operatorLegs } from "../call/operator-legs.js";
import type { Outcome, Timeline } from "../call/timeline.js";
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
  addDialer,
  createDialer,
  type DialerOptions,
  type DialerState,
  type DialerSummary,
  mergeDialer,
  summarizeDialer,
} from "./dialer-stats.js";
import { addLoad, createLoad, type LoadState, type LoadSummary, mergeLoad, summarizeLoad } from "./load.js";
import { createOpenCheck, type OpenHoursSpec } from "./open-hours.js";
import {
  addVariant,
  createVariants,
  mergeVariants,
  summarizeVariants,
  type VariantState,
  type VariantsSummary,
  variantOf,
} from "./variants.js";
import {
  addToScorecard,
  createScorecard,
  mergeScorecards,
  type ScorecardOptions,
  type ScorecardState,
} from "./scorecard.js";
import { type ScorecardSummary, summarizeScorecard } from "./scorecard-summary.js";
import {
  addWaits,
  createWaits,
  mergeWaits,
  summarizeWaits,
  type WaitsSettings,
  type WaitsState,
  type WaitsSummary,
} from "./waits.js";
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
  /** The operator scorecard (explicit --by operator); absent: none. */
  scorecard?: ScorecardOptions;
  /** Service-level thresholds of the waits, the first is slThresholdSeconds; [slThresholdSeconds] when not given. */
  slThresholdsSeconds?: number[];
  /** --open-hours and --holidays: inbound calls starting while closed leave the inbound KPIs and waits. */
  openHours?: OpenHoursSpec;
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

/** Running call statistics of one partition. */
export interface CallStatsState extends DialerState {
  excluded: number;
  kpis: KpiState;
  /** Calls by START hour (0..23) in the time zone. */
  callsByHour: number[];
  activity: ActivityState;
  breakdowns: BreakdownState[];
  variants: VariantState | null;
  /** With options.scorecard. */
  scorecard?: ScorecardState;
  /** Calls and phone legs in progress over time (always on). */
  load: LoadState;
  waits: WaitsState;
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
    ...(options.scorecard === undefined ? {} : { scorecard: createScorecard(options.scorecard) }),
    load: createLoad(),
    ...createDialer(options),
    waits: createWaits(waitsSettings(options)),
  };
}

/** What a collector may also tell about each call it counts (--explain listens). */
export type CallListener = (
  call: CallFacts,
  timeline: Timeline,
  local: number,
  columns: EventColumns,
  closed: boolean,
) => void;

/** A collector with its own time zone clock (created once); `onCall` hears every call it counts. */
export function createCallStatsCollector(
  options: CallStatsOptions,
  onCall?: CallListener,
): CallStatsCollector {
  const state = createCallStats(options);
  const clock = createZoneClock(options.timeZone);
  const filtering = !isEmptyFilter(options.filter);
  const operatorRings = options.by.includes("operator");
  const waits = waitsSettings(options);
  const isOpen = options.openHours === undefined ? undefined : createOpenCheck(options.openHours);
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
      const closed = isOpen !== undefined && call.direction === "inbound" && !isOpen(local);
      addCallKpis(state.kpis, call, options, closed);
      state.callsByHour[hour] = (state.callsByHour[hour] ?? 0) + 1;
      addActivity(state.activity, call, local, options);
      for (const breakdown of state.breakdowns) addToBreakdown(breakdown, call, local, options);
      if (state.variants !== null) addVariant(state.variants, variantOf(events));
      onCall?.(call, timeline, local, events, closed);
      if (state.scorecard !== undefined)
        addToScorecard(state.scorecard, call, operatorLegs(events, timeline.ringAttempts), local);
      addLoad(state.load, timeline.startedAt as number, (timeline.outcome as Outcome).at, events);
      addDialer(state, options, timeline, events, call, local);
      addWaits(state.waits, call, waits, closed);
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
  if (into.scorecard !== undefined && other.scorecard !== undefined)
    mergeScorecards(into.scorecard, other.scorecard);
  mergeLoad(into.load, other.load);
  mergeDialer(into, other, dialer);
  mergeWaits(into.waits, other.waits);
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
  /** With the scorecard (explicit --by operator): one row per operator. */
  operators?: ScorecardSummary;
  /** Peak concurrency of calls and phone legs, the busy hour and Erlangs per local hour. */
  load: LoadSummary;
  /** Waits of inbound callers, service level at every threshold, calls while closed (waits.ts). */
  waits: WaitsSummary;
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
    ...(state.scorecard === undefined ? {} : { operators: summarizeScorecard(state.scorecard) }),
    load: summarizeLoad(state.load, options.timeZone),
    ...summarizeDialer(state, options, options.timeZone),
    waits: summarizeWaits(
      state.waits,
      waitsSettings(options),
      options.openHours === undefined
        ? null
        : { hours: options.openHours.text, holidays: options.openHours.holidays.length },
    ),
  };
}

/** The wait settings of these options. */
function waitsSettings(options: CallStatsOptions): WaitsSettings {
  return {
    thresholdsSeconds: options.slThresholdsSeconds ?? [options.slThresholdSeconds],
    shortAbandonSeconds: options.shortAbandonSeconds,
  };
}
