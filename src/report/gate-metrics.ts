// Gate metrics: the catalogue of names a gate or a baseline delta can read, each with its kind and how to
// read it (and the count it is taken over) from a report — or from a breakdown group — as plain JSON.
import { DIALER_METRICS, type MetricSection } from "./gate-metrics-dialer.js";
import { LOAD_METRICS } from "./load-metrics.js";
import { WAITS_METRICS, waitsMetricNamed } from "./waits-metrics.js";

/** What a metric measures: a fraction 0..1, a time in seconds, or a count. */
export type MetricKind = "rate" | "duration" | "count";

/**
 * Where a metric is read: the KPIs (overall, or one breakdown group), the whole input (no groups), or the
 * operator scorecard (`operators`: its totals, or the row of the selector's operator).
 */
export type MetricScope = "kpi" | "input" | "operator";

/** A number at a path of a JSON value, or null when the path does not lead to a finite number. */
export type Reader = (path: string) => number | null;

/** One reading: the value (null when there is nothing to take it over), `n` what it is taken over, and for a rate its numerator `x`. */
export interface Reading {
  value: number | null;
  n: number;
  x?: number;
}

/** One metric of the catalogue. */
export interface MetricDef {
  name: string;
  kind: MetricKind;
  scope: MetricScope;
  /** One line for the README and the tables. */
  about: string;
  /** A metric of its own report key (gate-metrics-dialer.ts), not of the KPIs; its groups are that key's. */
  section?: MetricSection;
  read(get: Reader): Reading;
}

/** A count of calls (n: the calls of the group). */
function callCount(name: string, path: string, about: string): MetricDef {
  return { name, kind: "count", scope: "kpi", about, read: (get) => reading(get(path), get("calls")) };
}

/** A rate x / n read from its parts. */
function rate(
  name: string,
  about: string,
  parts: (get: Reader) => [number | null, number | null],
): MetricDef {
  return {
    name,
    kind: "rate",
    scope: "kpi",
    about,
    read(get) {
      const [x, n] = parts(get);
      if (x === null || n === null || n <= 0) return { value: null, n: Math.max(0, n ?? 0) };
      return { value: x / n, n, x };
    },
  };
}

/** mean, median and p90 of one time statistic (and `total` for talk). */
function times(prefix: string, field: string, kind: MetricKind, about: string): MetricDef[] {
  const stat = (which: string, path: string): MetricDef => ({
    name: `${prefix}.${which}`,
    kind,
    scope: "kpi",
    about: `${about}, ${which === "total" ? "sum" : which}`,
    read: (get) => reading(get(path), get(`${field}.count`)),
  });
  const all = ["mean", "median", "p90"].map((which) => stat(which, `${field}.${which}`));
  return prefix === "talk" ? [...all, stat("total", "talk.totalS")] : all;
}

function inputCount(name: string, path: string, about: string, over = "input.lines"): MetricDef {
  return { name, kind: "count", scope: "input", about, read: (get) => reading(get(path), get(over)) };
}

/** A scorecard figure (n: the operators it is over — 1 for one operator's row, else totals.operators). */
function scorecardMetric(
  name: string,
  kind: MetricKind,
  path: string,
  about: string,
  over?: string,
): MetricDef {
  return {
    name,
    kind,
    scope: "operator",
    about,
    read: (get) => reading(get(path), over === undefined ? (get("operators") ?? 1) : get(over)),
  };
}

function reading(value: number | null, n: number | null): Reading {
  const over = n ?? 0;
  return { value: over > 0 ? value : null, n: over };
}

const minus = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a - b;

/** Every metric, in report order: KPIs first, then the input figures. */
export const METRICS: readonly MetricDef[] = [
  callCount("calls", "calls", "calls (complete sessions passing the filters)"),
  callCount("answered", "answered", "answered calls"),
  rate("asr", "answer-seizure ratio: answered / calls", (get) => [get("answered"), get("calls")]),
  callCount("ring_results", "ringResults", "ring results of the calls"),
  callCount("reached_user", "reachedUser", "ring results that reached the user"),
  callCount("network_failures", "networkFailures", "ring results that are network failures"),
  rate("ner", "network effectiveness ratio: reached the user / ring results", (get) => [
    get("reachedUser"),
    get("ringResults"),
  ]),
  {
    name: "acd",
    kind: "duration",
    scope: "kpi",
    about: "average call duration: mean talk per answered call",
    read: (get) => reading(get("talk.mean"), get("talk.count")),
  },
  ...times("talk", "talk", "duration", "talk per answered call"),
  ...times("setup_delay", "setupDelay", "duration", "setup delay, START to first RING"),
  ...times("time_to_answer", "timeToAnswer", "duration", "time to answer, START to first ANSWER"),
  ...times("ring_time", "ringTime", "duration", "ring time per attempt, RING to RINGRESULT"),
  ...times("duration", "duration", "duration", "call duration, START to COMPLETED"),
  ...times("ring_attempts", "ringAttempts", "count", "ring attempts per call"),
  callCount("offered", "inbound.offered", "inbound calls"),
  callCount("abandoned", "inbound.abandoned", "inbound calls the caller hung up unanswered"),
  callCount("short_abandoned", "inbound.shortAbandoned", "abandons shorter than --short-abandon"),
  callCount(
    "answered_within_threshold",
    "inbound.answeredWithinThreshold",
    "inbound calls answered within --sl-threshold",
  ),
  rate("abandon_rate", "abandoned / offered", (get) => [get("inbound.abandoned"), get("inbound.offered")]),
  rate("abandon_rate_ex_short", "(abandoned - short) / (offered - short)", (get) => [
    minus(get("inbound.abandoned"), get("inbound.shortAbandoned")),
    minus(get("inbound.offered"), get("inbound.shortAbandoned")),
  ]),
  rate("service_level", "answered within --sl-threshold / (offered - short abandons)", (get) => [
    get("inbound.answeredWithinThreshold"),
    minus(get("inbound.offered"), get("inbound.shortAbandoned")),
  ]),
  callCount("dialled", "autodialer.dialled", "autodialer calls"),
  callCount("reached", "autodialer.reached", "autodialer calls whose contact answered"),
  callCount("connected", "autodialer.connected", "autodialer calls connected to an operator"),
  rate("reach_rate", "reached / dialled", (get) => [get("autodialer.reached"), get("autodialer.dialled")]),
  rate("connect_rate", "connected / dialled", (get) => [
    get("autodialer.connected"),
    get("autodialer.dialled"),
  ]),
  scorecardMetric("rings_offered", "count", "ringsOffered", "scorecard: RINGs to the operator"),
  {
    ...rate("operator_answer_rate", "scorecard: rings answered / rings offered", (get) => [
      get("ringsAnswered"),
      get("ringsOffered"),
    ]),
    scope: "operator",
  },
  scorecardMetric("missed_rings", "count", "missedRings", "scorecard: missed rings (--missed-ring rule)"),
  scorecardMetric("calls_handled", "count", "callsHandled", "scorecard: calls the operator talked in"),
  scorecardMetric("hung_up_first", "count", "hangups", "scorecard: calls the operator hung up first"),
  scorecardMetric("short_calls", "count", "shortCalls", "scorecard: handled calls under --short-call"),
  ...["mean", "median", "p90"].map((which) =>
    scorecardMetric(
      `handled_talk.${which}`,
      "duration",
      `talk.${which}`,
      `scorecard: talk per handled call, ${which}`,
      "talk.count",
    ),
  ),
  scorecardMetric(
    "after_call_gap.median",
    "duration",
    "gap.median",
    "scorecard: gap between calls, median",
    "gap.count",
  ),
  scorecardMetric("busy_share", "rate", "busyShare", "scorecard: talk / span of the operator's events"),
  ...DIALER_METRICS,
  inputCount("lines", "input.lines", "lines of every input file"),
  inputCount("events", "input.events", "valid events used"),
  inputCount("invalid", "input.invalid", "invalid lines"),
  {
    name: "invalid_share",
    kind: "rate",
    scope: "input",
    about: "invalid lines / non-blank lines",
    read(get) {
      const n = minus(get("input.lines"), get("input.blank"));
      const x = get("input.invalid");
      return n === null || x === null || n <= 0 ? { value: null, n: 0 } : { value: x / n, n, x };
    },
  },
  inputCount("duplicates", "input.duplicates", "webhook retries (duplicate events)"),
  inputCount("late", "input.late", "events that came after their session was finalised"),
  inputCount("sessions", "sessions.total", "sessions (complete or not)"),
  inputCount("incomplete", "sessions.incomplete", "incomplete sessions", "sessions.total"),
  {
    name: "incomplete_share",
    kind: "rate",
    scope: "input",
    about: "incomplete sessions / sessions",
    read(get) {
      const n = get("sessions.total");
      const x = get("sessions.incomplete");
      return n === null || x === null || n <= 0 ? { value: null, n: 0 } : { value: x / n, n, x };
    },
  },
  ...LOAD_METRICS,
  ...WAITS_METRICS,
];

const BY_NAME: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.name, m]));

/** The metric of a name, or undefined. */
export function metricNamed(name: string): MetricDef | undefined {
  return BY_NAME.get(name) ?? waitsMetricNamed(name);
}

/** A reader of numbers at dotted paths under `root` (any JSON value: a report, a group, a baseline file). */
export function readerOf(root: unknown): Reader {
  return (path) => {
    let value: unknown = root;
    for (const key of path.split(".")) {
      if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return null;
      value = (value as Record<string, unknown>)[key];
    }
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  };
}

/**
 * A metric read from a whole report (`group` undefined) or from one breakdown group (an object with the KPI
 * fields). KPI metrics are under `kpis` of a report; input metrics at its root.
 */
export function readMetric(metric: MetricDef, report: unknown, group?: unknown): Reading {
  if (metric.scope === "operator") return metric.read(readerOf(scorecardPart(report, group)));
  if (group !== undefined) return metric.read(readerOf(group));
  const section = metric.section?.path;
  if (section !== undefined) {
    const root = readerOf(report);
    return metric.read((path) => root(`${section}.${path}`));
  }
  if (metric.scope === "input") return metric.read(readerOf(report));
  const kpis = readerOf(report);
  return metric.read((path) => kpis(`kpis.${path}`));
}

/** The scorecard's totals (no group), or the row of the group's operator; undefined without a scorecard. */
function scorecardPart(report: unknown, group: unknown): unknown {
  const card = (report as { operators?: { totals?: unknown; rows?: unknown } } | null)?.operators;
  if (group === undefined) return card?.totals;
  const key = (group as { key?: unknown } | null)?.key;
  return Array.isArray(card?.rows)
    ? (card.rows as { operator?: unknown }[]).find((r) => r?.operator === key)
    : undefined;
}
