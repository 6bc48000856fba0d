// Baseline comparison: a previous `analyze --format json` report checked for the same KPI settings, then every
// metric of the catalogue with its baseline value and change; rates get a two-proportion z-test (`~`: noise).
import { METRICS, type MetricDef, type MetricKind, readerOf, readMetric } from "./gate-metrics.js";
import { runWaitsMetrics } from "./waits-metrics.js";

/** A setting that differs between this run and the baseline. */
export interface SettingDifference {
  setting: string;
  current: unknown;
  baseline: unknown;
}

/** The report's `baseline` block: which report was compared with, and whether its settings match. */
export interface BaselineSummary {
  file: string;
  reportVersion: number | null;
  timeRange: { from: unknown; to: unknown };
  calls: number | null;
  /** True when every compared setting is the same; false only with --baseline-any. */
  settingsMatch: boolean;
  differences: SettingDifference[];
}

/** One metric against the baseline; `change` is absolute (for a rate a fraction: 0.05 = 5 percentage points). */
export interface MetricDelta {
  metric: string;
  kind: MetricKind;
  value: number | null;
  baseline: number | null;
  change: number | null;
  /** change / |baseline|; null when the baseline is 0 or unknown. */
  relativeChange: number | null;
  /** Rates: the two-proportion z statistic (null for other kinds, or when either side has n = 0). */
  z: number | null;
  /** Rates: |z| < Z_NOISE, the change is within noise (`~`); null for other kinds. */
  withinNoise: boolean | null;
}

/**
 * |z| below this is within noise: 1.96 is the two-sided 5 % level of the normal distribution, so a change is
 * marked significant only when a difference that large would occur by chance less than 1 time in 20.
 */
export const Z_NOISE = 1.96;

/** The settings a baseline must share with the run: each as a dotted path of the JSON report. */
export const COMPARED_SETTINGS = [
  "reportVersion",
  "kpis.shortAbandonSeconds",
  "kpis.serviceLevelSeconds",
  "kpis.timeZone",
  "settings.latenessSeconds",
  "settings.maxLineBytes",
  "filters.direction",
  "filters.type",
  "filters.account",
  "filters.operator",
  "filters.campaign",
  "waits.openHours",
] as const;

/**
 * Why a parsed JSON value is not an analyze report this tool can read (one sentence, no period), or null
 * when it is one. `readable` is the reportVersion this tool writes: any other cannot be read, whatever
 * --baseline-any says (its fields may mean something else).
 */
export function notAReport(value: unknown, readable: number): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "is not a JSON object";
  const get = readerOf(value);
  const version = at(value, "reportVersion");
  if (version === undefined) {
    if (typeof at(value, "event") === "string" && at(value, "session_id") !== undefined)
      return "looks like one event of a dump, not an `analyze --format json` report";
    return "has no reportVersion (is it an `analyze --format json` report?)";
  }
  if (typeof version !== "number")
    return `has reportVersion ${preview(version)}${jsonType(version)}, not the number ${readable} an \`analyze --format json\` report has`;
  if (version !== readable)
    return `is a report of ${version > readable ? "a newer" : "another"} version (reportVersion ${version}), which this tool cannot read: it reads reportVersion ${readable}; make both reports with the same teltel-events`;
  if (get("kpis.calls") === null || get("input.lines") === null)
    return "has no kpis or input section (is it an `analyze --format json` report?)";
  return null;
}

/** A JSON value shortened for a message: a file's field is shown, never pasted whole. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 24 ? text : `${text.slice(0, 20)}...`;
}

/** `, a string`: what a JSON value is, when its text does not say it (null does). */
function jsonType(value: unknown): string {
  if (value === null) return "";
  if (Array.isArray(value)) return ", a list";
  return typeof value === "object" ? ", an object" : `, a ${typeof value}`;
}

/** Whether a report (parsed JSON) has a breakdown by `dimension`. */
export function hasBreakdown(report: unknown, dimension: string): boolean {
  const breakdowns = at(report, "breakdowns");
  return Array.isArray(breakdowns) && breakdowns.some((b) => at(b, "by") === dimension);
}

/** The compared settings that differ between the run (a report, or the settings part of one) and the baseline. */
export function settingDifferences(current: unknown, baseline: unknown): SettingDifference[] {
  const differences: SettingDifference[] = [];
  for (const setting of COMPARED_SETTINGS) {
    const mine = at(current, setting);
    const theirs = at(baseline, setting);
    if (canonical(mine) !== canonical(theirs))
      differences.push({ setting, current: mine ?? null, baseline: theirs ?? null });
  }
  return differences;
}

/** The `baseline` block. */
export function summarizeBaseline(
  file: string,
  baseline: unknown,
  differences: readonly SettingDifference[],
): BaselineSummary {
  const get = readerOf(baseline);
  return {
    file,
    reportVersion: get("reportVersion"),
    timeRange: {
      from: at(baseline, "input.timeRange.from") ?? null,
      to: at(baseline, "input.timeRange.to") ?? null,
    },
    calls: get("kpis.calls"),
    settingsMatch: differences.length === 0,
    differences: [...differences],
  };
}

/**
 * Every metric of the catalogue, overall, against the baseline; a metric of its own report key (the dialer
 * figures) only when either report has that key, so a report without them keeps its deltas as they were.
 */
export function compareWithBaseline(report: unknown, baseline: unknown): MetricDelta[] {
  // The scorecard's metrics only when the report has a scorecard (explicit --by operator).
  const scorecard = (report as { operators?: unknown } | null)?.operators !== undefined;
  const present = (metric: MetricDef): boolean => {
    if (metric.scope === "operator") return scorecard;
    const key = metric.section?.path.split(".")[0];
    return (
      key === undefined ||
      [report, baseline].some((r) => typeof r === "object" && r !== null && Object.hasOwn(r, key))
    );
  };
  // The run's service_level_<T> follow the catalogue: which there are depends on its --sl-threshold.
  return [...METRICS.filter(present), ...runWaitsMetrics(readerOf(report))].map((metric) => {
    const now = readMetric(metric, report);
    const then = readMetric(metric, baseline);
    const change = now.value === null || then.value === null ? null : now.value - then.value;
    const relativeChange =
      change === null || then.value === null || then.value === 0 ? null : change / Math.abs(then.value);
    let z: number | null = null;
    if (metric.kind === "rate" && now.x !== undefined && then.x !== undefined)
      z = twoProportionZ(now.x, now.n, then.x, then.n);
    return {
      metric: metric.name,
      kind: metric.kind,
      value: now.value,
      baseline: then.value,
      change,
      relativeChange,
      z,
      withinNoise: metric.kind === "rate" && z !== null ? Math.abs(z) < Z_NOISE : null,
    };
  });
}

/**
 * The two-proportion z statistic of x1/n1 against x2/n2 with the pooled proportion p = (x1 + x2) / (n1 + n2):
 * z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)). Two equal proportions (the standard error is 0 only
 * when both are 0 % or both 100 %) give 0. Null when either n is 0.
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const difference = x1 / n1 - x2 / n2;
  return se === 0 ? 0 : difference / se;
}

function at(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A setting as compared: filter lists as sets (order and repeats do not matter). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...new Set(value.map(String))].sort());
  return JSON.stringify(value ?? null);
}
