// The gates, baseline and delta blocks of the report as named tables (terminal and CSV), and a gate's value as text.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { MetricKind } from "../report/gate-metrics.js";
import type { GateGroupResult, GateResult } from "../report/gates.js";
import { type Cell, dec, pct, type ReportTable } from "./cells.js";

/** The gates table: one row per gate, then one per failing group of a selector gate. */
export function gatesTable(report: AnalyzeReport): ReportTable[] {
  const gates = report.gates;
  if (gates === undefined) return [];
  const failed = gates.filter((g) => g.status === "fail");
  const errors = failed.filter((g) => g.level === "error").length;
  const rows: Cell[][] = [];
  for (const gate of gates) {
    rows.push(gateRow(gate, gate.groups === undefined ? null : groupsSummary(gate), gate));
    for (const group of gate.groups ?? [])
      if (group.status === "fail") rows.push(gateRow(gate, `  ${groupLabel(gate, group)}`, group));
  }
  return [
    {
      name: "gates",
      title: `Gates: ${gates.length - failed.length} of ${gates.length} hold; ${errors} error${errors === 1 ? "" : "s"}, ${failed.length - errors} warning${failed.length - errors === 1 ? "" : "s"}`,
      columns: ["gate", "level", "result", "group", "value", "threshold", "baseline", "n", "unit"],
      rows,
    },
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

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
