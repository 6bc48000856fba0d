// The baseline on the page: the header's line saying which report was compared with, and each tile's change.
import type { AnalyzeReport } from "../../commands/analyze.js";
import type { MetricDelta } from "../../report/baseline.js";
import type { MetricKind } from "../../report/gate-metrics.js";
import { h } from "./escape.js";
import { inZone, measure, num } from "./figure.js";

/** A tile's comparison with the baseline, as text (escaped when drawn). */
export interface TileDelta {
  /** The baseline's value in the tile's unit: `51.4 %`. */
  baseline: string;
  /** The signed change: `+23.7 pp` (rates), `-62.4 s` (times), `+3` (counts); `±0.0 pp` when it rounds to 0. */
  change: string;
  /** Rates only: the two-proportion test finds the change within noise (`~`). */
  withinNoise: boolean;
  /** The whole comparison in one sentence (the tile's title). */
  sentence: string;
}

/** The change of the metric named `metric` (a name of the gate catalogue), or undefined without a baseline. */
export function tileDelta(
  metric: string,
  label: string,
  deltas: readonly MetricDelta[] | undefined,
): TileDelta | undefined {
  const d = deltas?.find((one) => one.metric === metric);
  if (d === undefined) return undefined;
  const baseline = measure(d.kind, d.baseline);
  const change = signedChange(d.kind, d.change);
  const relative =
    d.relativeChange === null || d.kind === "rate"
      ? ""
      : ` (${signed(Math.round(d.relativeChange * 1000) / 10, 1, " %")})`;
  const parts = [
    `${label}: ${measure(d.kind, d.value)} here, ${baseline} in the baseline`,
    d.change === null ? "no change to compute" : `change ${change}${relative}`,
  ];
  if (d.z !== null) {
    const z = `two-proportion z = ${d.z.toFixed(2)}`;
    parts.push(d.withinNoise === true ? `within noise (${z}, |z| < 1.96)` : `significant (${z}, |z| ≥ 1.96)`);
  }
  return { baseline, change, withinNoise: d.withinNoise === true, sentence: parts.join("; ") };
}

/**
 * A change with its sign and unit, rounded as the tiles round (0.1 pp, 0.1 s, counts whole): the sign is
 * taken after rounding, so a change too small to show reads `±0.0`, never `+0.0` or `-0.0`.
 */
export function signedChange(kind: MetricKind, change: number | null): string {
  if (change === null) return "–";
  const whole = kind === "count" && Number.isInteger(change);
  const unit = kind === "rate" ? " pp" : kind === "duration" ? " s" : "";
  if (whole) return signed(change, 0, unit);
  return signed(kind === "rate" ? Math.round(change * 1000) / 10 : Math.round(change * 10) / 10, 1, unit);
}

function signed(shown: number, digits: number, unit: string): string {
  const text = Math.abs(shown).toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const sign = shown > 0 ? "+" : shown < 0 ? "-" : "±";
  return `${sign}${text}${unit}`;
}

/** The header's baseline line (HTML): file, its events' time range, calls, and whether the settings match. */
export function baselineLine(report: AnalyzeReport): string | undefined {
  const b = report.baseline;
  if (b === undefined) return undefined;
  const tz = report.kpis.timeZone;
  const { from, to } = b.timeRange;
  const range =
    typeof from === "string" && typeof to === "string"
      ? `events ${inZone(from, tz)} – ${inZone(to, tz)} (${h(tz)})`
      : "no events";
  const calls = b.calls === null ? "calls unknown" : `${num(b.calls)} ${b.calls === 1 ? "call" : "calls"}`;
  const settings = b.settingsMatch
    ? "same settings"
    : `settings differ (accepted with --baseline-any): ${b.differences
        .map((d) => `${h(d.setting)} ${json(d.current)} here, ${json(d.baseline)} in the baseline`)
        .join("; ")}`;
  return `${h(b.file)}: ${range}; ${calls}; ${settings}`;
}

/** A setting's value (any JSON) as escaped text. */
function json(value: unknown): string {
  return h(JSON.stringify(value) ?? "null");
}
