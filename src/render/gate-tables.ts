// The gates, baseline and delta blocks of the report as named tables (terminal and CSV), and a gate's value as text.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { MetricKind } from "../report/gate-metrics.js";
import type { GateGroupResult, GateResult } from "../report/gates.js";
import { type Cell, dec, pct, type ReportTable } from "./cells.js";
import { counted } from "./words.js";

/**
 * The gates table: one row per gate, then per selector gate its failing groups (worst first) and its `(none)`
 * and `(other)` groups whatever they came to (they hold the calls no listed group has). A skip is counted as
 * a skip, never as a hold.
 */
export function gatesTable(report: AnalyzeReport): ReportTable[] {
  const gates = report.gates;
  if (gates === undefined) return [];
  const count = (status: GateResult["status"]) => gates.filter((g) => g.status === status).length;
  const failed = count("fail");
  const skipped = count("skip");
  const errors = gates.filter((g) => g.status === "fail" && g.level === "error").length;
  const rows: Cell[][] = [];
  for (const gate of gates) {
    rows.push(gateRow(gate, gate.groups === undefined ? null : groupsSummary(gate), gate));
    for (const group of shownGroups(gate)) rows.push(gateRow(gate, `  ${groupLabel(gate, group)}`, group));
  }
  return [
    {
      name: "gates",
      title: `Gates: ${grouped(count("pass"))} of ${grouped(gates.length)} hold, ${grouped(failed)} failed (${counted(errors, "error")}, ${counted(failed - errors, "warning")}), ${grouped(skipped)} skipped`,
      columns: ["gate", "level", "result", "group", "value", "threshold", "baseline", "n", "unit"],
      rows,
      note:
        skipped === 0
          ? undefined
          : "A skipped gate had nothing to measure (n=0) or no baseline value: it did not hold, and fails the run only with --fail-on-skip.",
    },
  ];
}

/**
 * The groups of a selector gate listed under it: every failing one (in the evaluation's order, worst first),
 * then `(none)` and `(other)` when they did not fail — shown whatever the number of groups.
 */
export function shownGroups(gate: GateResult): GateGroupResult[] {
  const groups = gate.groups ?? [];
  return [
    ...groups.filter((g) => g.status === "fail"),
    ...groups.filter((g) => g.status !== "fail" && (g.key === null || g.key === "(other)")),
  ];
}

/** The baseline and delta tables (with --baseline). */
export function baselineTables(report: AnalyzeReport): ReportTable[] {
  const { baseline, delta } = report;
  if (baseline === undefined || delta === undefined) return [];
  const rows: Cell[][] = [
    ["file", baseline.file],
    ["report version", baseline.reportVersion],
    ["first event", text(baseline.timeRange.from)],
    ["last event", text(baseline.timeRange.to)],
    ["calls", baseline.calls],
    ["settings match", baseline.settingsMatch ? "yes" : "no (--baseline-any)"],
    ...baseline.differences.map((d): Cell[] => [
      `  ${d.setting}`,
      `${JSON.stringify(d.current)} here, ${JSON.stringify(d.baseline)} in the baseline`,
    ]),
  ];
  return [
    { name: "baseline", title: "Baseline", columns: ["metric", "value"], rows },
    {
      name: "delta",
      title:
        "Change from the baseline (rates in percentage points; ~: within noise, two-proportion |z| < 1.96)",
      columns: ["metric", "unit", "value", "baseline", "change (pp for %)", "change %", "noise"],
      rows: delta.map((d) => [
        d.metric,
        UNITS[d.kind],
        valueCell(d.kind, d.value),
        valueCell(d.kind, d.baseline),
        d.change === null ? null : d.kind === "rate" ? dec(d.change * 100) : valueCell(d.kind, d.change),
        pct(d.relativeChange),
        d.withinNoise === true ? "~" : "",
      ]),
    },
  ];
}

const UNITS: Record<MetricKind, string> = { rate: "%", duration: "s", count: "" };

/** A gate's value in its unit, as text: `51.4%`, `223.1 s`, `37`; `-` when unknown. */
export function formatGateValue(kind: MetricKind, value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  if (kind === "rate") return `${round1(value * 100)}%`;
  if (kind === "duration") return `${round1(value)} s`;
  return Number.isInteger(value) ? String(value) : round1(value);
}

/** A gate's result as a word: `✓ pass`, `✗ fail`, `skip (n=0)`, `skip (no baseline)`. */
export function resultWord(result: {
  status: GateResult["status"];
  reason?: GateResult["reason"];
  n: number;
}): string {
  if (result.status === "pass") return "✓ pass";
  if (result.status === "fail") return "✗ fail";
  return result.reason === "no-baseline" ? "skip (no baseline)" : `skip (n=${result.n})`;
}

/** A selector group as text: `operator 31001`, `operator (none)`. */
export function groupLabel(gate: GateResult, group: GateGroupResult): string {
  const key =
    group.key === null
      ? "(none)"
      : gate.by === "hour" && group.key !== "(other)"
        ? `${group.key}:00`
        : group.key;
  return `${gate.by} ${key}`;
}

function gateRow(gate: GateResult, group: string | null, result: GateResult | GateGroupResult): Cell[] {
  return [
    gate.expr,
    gate.level,
    resultWord(result),
    group,
    valueCell(gate.kind, result.value),
    valueCell(gate.kind, result.threshold),
    result.baseline === undefined ? null : valueCell(gate.kind, result.baseline),
    result.n,
    UNITS[gate.kind],
  ];
}

function groupsSummary(gate: GateResult): string {
  const groups = gate.groups ?? [];
  const count = (status: string) => groups.filter((g) => g.status === status).length;
  const skipped = count("skip");
  const skip = skipped > 0 ? `, ${skipped} skipped` : "";
  return `${count("fail")} of ${groups.length} ${gate.by} groups fail${skip}`;
}

function valueCell(kind: MetricKind, value: number | null | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (kind === "rate") return pct(value);
  if (kind === "duration" || !Number.isInteger(value)) return dec(value);
  return value;
}

function grouped(n: number): string {
  return n.toLocaleString("en-US");
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
