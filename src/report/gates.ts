// Gate evaluation: each parsed gate against the report (and the baseline report), as coded results — every
// gate and every group, never only the first breach. A gate over nothing (n = 0) is a skip, never a pass.
import type { Comparator, GateExpr, Operand } from "./gate-expr.js";
import { type MetricDef, metricNamed, type Reading, readMetric } from "./gate-metrics.js";

/** How much a gate matters: an error fails the run (exit 1), a warning is only reported. */
export type GateLevel = "error" | "warn";

/** A gate as given: its expression and level. */
export interface GateSpec {
  gate: GateExpr;
  level: GateLevel;
}

/** What a gate (or one group of it) came to: the condition held (fail), did not (pass), or could not be judged. */
export type GateStatus = "pass" | "fail" | "skip";

/** Why a gate was skipped: nothing to take the metric over, or no baseline value to compare with. */
export type SkipReason = "no-data" | "no-baseline";

/** One group of a selector gate. */
export interface GateGroupResult {
  /** The group's key as in the report's breakdown; null: calls without a value; "(other)": groups past the cap. */
  key: string | null;
  status: GateStatus;
  reason?: SkipReason;
  value: number | null;
  /** The value the measured one is compared with (a fixed value, or the baseline's with its offset). */
  threshold: number | null;
  baseline?: number | null;
  n: number;
}

/** One gate's result, as the JSON report carries it. */
export interface GateResult {
  expr: string;
  level: GateLevel;
  status: GateStatus;
  reason?: SkipReason;
  metric: string;
  /** rate: a fraction 0..1; duration: seconds; count: a number. */
  kind: MetricDef["kind"];
  /** Without a selector: the measured value; with one: null (see groups). */
  value: number | null;
  threshold: number | null;
  /** With a baseline operand: the baseline's value of the metric. */
  baseline?: number | null;
  n: number;
  /** With a selector: the dimension and every group, failing ones first. */
  by?: string;
  groups?: GateGroupResult[];
}

/**
 * Every gate evaluated against `report`, with `baseline` (a previous report) when given. Both are read as
 * plain JSON (kpis, input, breakdowns), so a baseline file read from disk works as well as the run's report.
 */
export function evaluateGates(specs: readonly GateSpec[], report: unknown, baseline?: unknown): GateResult[] {
  return specs.map((spec) => evaluateGate(spec, report, baseline));
}

function evaluateGate(spec: GateSpec, report: unknown, baseline: unknown): GateResult {
  const { gate, level } = spec;
  const metric = metricNamed(gate.metric) as MetricDef;
  const common = { expr: gate.text, level, metric: metric.name, kind: metric.kind };
  const usesBaseline = gate.operand.kind === "baseline";
  if (gate.selector === null) {
    const base = usesBaseline && baseline !== undefined ? readMetric(metric, baseline) : undefined;
    const one = judge(gate, readMetric(metric, report), base);
    return { ...common, ...one };
  }
  const { dimension, key } = gate.selector;
  const groupsOf = (of: unknown) => metricGroups(metric, of, dimension);
  const groups = groupsOf(report).filter(([k]) => key === "*" || k === key);
  // A key asked for by name that has no calls is still judged: a skip with n = 0, never left out.
  if (key !== "*" && groups.length === 0) groups.push([key, undefined]);
  const baseGroups = baseline === undefined ? [] : groupsOf(baseline);
  const results: GateGroupResult[] = groups.map(([groupKey, group]) => {
    let base: Reading | undefined;
    if (usesBaseline) {
      const match = baseGroups.find(([k]) => k === groupKey);
      base = match?.[1] === undefined ? { value: null, n: 0 } : readMetric(metric, baseline, match[1]);
    }
    const reading = group === undefined ? { value: null, n: 0 } : readMetric(metric, report, group);
    return { key: groupKey, ...judge(gate, reading, base) };
  });
  // Failing groups first, the worst first (a renderer that must cut, like GitHub's 10 annotations, keeps them).
  const rank = { fail: 0, skip: 2, pass: 1 } as const;
  results.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (a.status === "fail" ? breach(gate.comparator, b) - breach(gate.comparator, a) || b.n - a.n : 0),
  );
  const status: GateStatus = results.some((g) => g.status === "fail")
    ? "fail"
    : results.some((g) => g.status === "pass")
      ? "pass"
      : "skip";
  return {
    ...common,
    status,
    ...(status === "skip" ? { reason: results[0]?.reason ?? "no-data" } : {}),
    value: null,
    threshold: gate.operand.kind === "value" ? gate.operand.value : null,
    n: results.reduce((sum, g) => sum + g.n, 0),
    by: dimension,
    groups: results,
  };
}

/** One comparison: the reading against the operand (and the baseline reading, for a baseline operand). */
function judge(gate: GateExpr, reading: Reading, base: Reading | undefined): Omit<GateGroupResult, "key"> {
  const usesBaseline = gate.operand.kind === "baseline";
  const baselineValue = base?.value ?? null;
  const threshold = thresholdOf(gate.operand, baselineValue);
  const shown = usesBaseline ? { baseline: baselineValue } : {};
  if (reading.value === null)
    return { status: "skip", reason: "no-data", value: null, threshold, ...shown, n: reading.n };
  if (threshold === null)
    return { status: "skip", reason: "no-baseline", value: reading.value, threshold, ...shown, n: reading.n };
  const holds = compare(reading.value, gate.comparator, threshold);
  return { status: holds ? "fail" : "pass", value: reading.value, threshold, ...shown, n: reading.n };
}

/**
 * How far a failing group is past its threshold, in the metric's units (larger is worse): below it for `<`,
 * above it for `>`, either way for `!=`; 0 for `==` (every failing group is exactly on it).
 */
function breach(comparator: Comparator, group: GateGroupResult): number {
  if (group.value === null || group.threshold === null) return 0;
  const above = group.value - group.threshold;
  if (comparator === "<" || comparator === "<=") return -above;
  if (comparator === ">" || comparator === ">=") return above;
  return comparator === "!=" ? Math.abs(above) : 0;
}

function thresholdOf(operand: Operand, baseline: number | null): number | null {
  if (operand.kind === "value") return operand.value;
  if (baseline === null) return null;
  const offset = operand.offset;
  if (offset === null) return baseline;
  return offset.mode === "absolute" ? baseline + offset.value : baseline * (1 + offset.value);
}

/**
 * Whether `value comparator threshold` holds. Two numbers within 1e-9 (relative) are equal: a threshold
 * made by arithmetic (baseline - 5pp) must not miss an equal value by a rounding error of the last bit.
 */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  const equal = Math.abs(value - threshold) <= 1e-9 * Math.max(1, Math.abs(value), Math.abs(threshold));
  switch (comparator) {
    case "<":
      return !equal && value < threshold;
    case "<=":
      return equal || value < threshold;
    case ">":
      return !equal && value > threshold;
    case ">=":
      return equal || value > threshold;
    case "==":
      return equal;
    case "!=":
      return !equal;
  }
}

/** The groups a metric is read from by `dimension`: its own report key's, else the breakdown's. */
export function metricGroups(
  metric: MetricDef,
  report: unknown,
  dimension: string,
): [string | null, unknown][] {
  const groups = metric.section?.groups;
  return groups === undefined ? breakdownGroupsOf(report, dimension) : sectionGroupsOf(groups.path)(report);
}

/** The groups of the first breakdown by `dimension` in a report: [key, group], `(other)` last. */
function breakdownGroupsOf(report: unknown, dimension: string): [string | null, unknown][] {
  const breakdowns = (report as { breakdowns?: unknown } | null)?.breakdowns;
  if (!Array.isArray(breakdowns)) return [];
  const breakdown = (breakdowns as unknown[]).find(
    (b): b is { groups?: unknown; other?: unknown } =>
      typeof b === "object" && b !== null && (b as { by?: unknown }).by === dimension,
  );
  if (breakdown === undefined) return [];
  const groups: [string | null, unknown][] = [];
  if (Array.isArray(breakdown.groups))
    for (const group of breakdown.groups) {
      const key = (group as { key?: unknown })?.key;
      if (typeof key === "string" || key === null) groups.push([key, group]);
    }
  if (typeof breakdown.other === "object" && breakdown.other !== null)
    groups.push(["(other)", breakdown.other]);
  return groups;
}

/** A reader of the groups of a metric's own report key: the `key`ed objects of the list at `path`. */
function sectionGroupsOf(path: string): (report: unknown) => [string | null, unknown][] {
  return (report) => {
    let list: unknown = report;
    for (const part of path.split(".")) list = (list as Record<string, unknown> | null)?.[part];
    if (!Array.isArray(list)) return [];
    return list.flatMap((group): [string | null, unknown][] => {
      const key = (group as { key?: unknown })?.key;
      return typeof key === "string" || key === null ? [[key, group]] : [];
    });
  };
}

/** Whether any error-level gate failed: the run's findings exit code. */
export function gatesFailed(results: readonly GateResult[]): boolean {
  return results.some((r) => r.level === "error" && r.status === "fail");
}

/** Whether any error-level gate was skipped: a findings exit code with --fail-on-skip (a skip is never a hold). */
export function gatesSkipped(results: readonly GateResult[]): boolean {
  return results.some((r) => r.level === "error" && r.status === "skip");
}
