// The chart panels: calls over time by outcome, weekday x hour, ring results, hang-ups, time distributions.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { definition } from "../../report/definitions.js";
import type { HistogramBin } from "../../report/histogram.js";
import { DIRECTIONS, PARTY_TYPES, RING_STATES } from "../../report/metrics.js";
import { WEEKDAYS } from "../../report/zone.js";
import { pct } from "../cells.js";
import { barsChart, COLORS, heatmapChart, outcomeChart } from "./charts.js";
import { mdText } from "./defined.js";
import { h } from "./escape.js";
import { figure, panel } from "./figure.js";
import { slotPeaks } from "./load.js";
import { rankedTable } from "./tables.js";

const DAY_MS = 86_400_000;

/** Calls per START hour (per day when the calls span more than two days), stacked by outcome, with SL. */
export function activityPanel(report: AnalyzeReport): string {
  const { activity, kpis } = report;
  if (kpis.calls === 0) return panel("Calls over time", nothing("No complete calls in this report"));
  const perDay = activity.byDay.length > 0 && spanDays(report) > 2;
  const slots = perDay
    ? activity.byDay.map((d) => ({ ...d, label: d.day }))
    : busyHours(activity.byHour).map((d) => ({ ...d, label: `${String(d.hour).padStart(2, "0")}:00` }));
  const unit = perDay ? "START day" : "START hour";
  const caption = `Calls per ${unit} (${kpis.timeZone}) by outcome, and inbound service level (answered within ${kpis.serviceLevelSeconds} s) per ${perDay ? "day" : "hour"}`;
  const peakOf = slotPeaks(report, perDay);
  const svg = outcomeChart(
    slots.map((s) => ({ ...s, sl: s.serviceLevel, peak: peakOf(s) })),
    `${unit} (${kpis.timeZone})`,
    caption,
  );
  const rows = slots.map((s) => [
    s.label,
    s.calls,
    s.answered,
    s.notAnswered,
    s.abandoned,
    pct(s.serviceLevel),
    peakOf(s),
  ]);
  const columns = [
    ...[unit, "calls", "answered", "not answered", "abandoned by the caller", "service level %"],
    "peak concurrent calls",
  ];
  const abandoned = definition("inbound.abandoned");
  const serviceLevel = definition("inbound.serviceLevel");
  return panel(
    `Calls over time (${num(kpis.calls)} complete calls)`,
    figure(caption, svg, columns, rows),
    `Abandoned by the caller: ${mdText(abandoned.formula)}. Service level: ${mdText(serviceLevel.formula)}; T = ${kpis.serviceLevelSeconds} s, short abandons: under ${kpis.shortAbandonSeconds} s.`,
  );
}

/** The weekday x hour heatmap, only when the calls span a week or more (else it says so). */
export function heatmapPanel(report: AnalyzeReport): string | undefined {
  if (spanDays(report) < 7) return undefined;
  const tz = report.kpis.timeZone;
  const caption = `Calls by weekday and START hour (${tz})`;
  const svg = heatmapChart(report.activity.byWeekdayHour, WEEKDAYS, caption);
  const rows = report.activity.byWeekdayHour.map((row, w) => [WEEKDAYS[w] as string, ...row]);
  const hours = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, "0"));
  return panel(
    `When calls start (${num(report.kpis.calls)} complete calls)`,
    figure(caption, svg, ["weekday", ...hours], rows),
  );
}

/** RINGRESULT states: all ten, per direction. */
export function ringResultsPanel(report: AnalyzeReport): string {
  const byDirection = report.ringResultsByDirection;
  const count = (d: (typeof DIRECTIONS)[number], state: string): number =>
    Object.hasOwn(byDirection[d], state) ? (byDirection[d][state] as number) : 0;
  const total = Object.values(report.ringResults).reduce((a, b) => a + b, 0);
  if (total === 0) return panel("Ring results", nothing("No RINGRESULT events in this report"));
  const caption = `RINGRESULT states per direction (${num(total)} ring results, all sessions)`;
  const svg = barsChart(
    RING_STATES,
    DIRECTIONS.map((d) => ({ name: d, color: COLORS[d], data: RING_STATES.map((s) => count(d, s)) })),
    { x: "RINGRESULT state", y: "ring results" },
    caption,
    { horizontal: true, height: 360 },
  );
  const rows = RING_STATES.map((s) => [
    s,
    ...DIRECTIONS.map((d) => count(d, s)),
    count("inbound", s) + count("outbound", s),
  ]);
  return panel("Ring results", figure(caption, svg, ["state", ...DIRECTIONS, "all"], rows));
}

/** Who hung up (COMPLETED hanged_by), and the top hanged_value / hanged_user values when ranked. */
export function hangupsPanel(report: AnalyzeReport): string {
  const calls = PARTY_TYPES.reduce((n, p) => n + (report.hangupBy[p] ?? 0), 0);
  const caption = `Who hung up: COMPLETED hanged_by (${num(calls)} complete calls)`;
  if (calls === 0) return panel("Who hung up", nothing("No complete calls in this report"));
  const svg = barsChart(
    PARTY_TYPES,
    [{ name: "calls", color: COLORS.line, data: PARTY_TYPES.map((p) => report.hangupBy[p] ?? 0) }],
    { x: "hanged_by", y: "calls" },
    caption,
    { horizontal: true, height: 130 },
  );
  const rows = PARTY_TYPES.map((p) => [p, report.hangupBy[p] ?? 0, pct(report.hangupShares[p] ?? null)]);
  return panel(
    "Who hung up",
    [
      figure(caption, svg, ["hanged_by", "calls", "share %"], rows),
      rankedTable("hanged_value", report.topHangedValues, report.hangedValuesRanked, report.rankedValuesCap),
      rankedTable("hanged_user", report.topHangedUsers, report.hangedUsersRanked, report.rankedValuesCap),
    ].join("\n"),
  );
}

/** Histograms of time to answer and talk time (answered calls), from the report's bins. */
export function distributionsPanel(report: AnalyzeReport): string {
  const { timeToAnswer, talk } = report.distributions;
  const k = report.kpis;
  return panel(
    "How long callers wait and talk",
    histogramPair(
      histogram("timeToAnswer", k.timeToAnswer.count, timeToAnswer, COLORS.line),
      histogram("talk", k.talk.count, talk, COLORS.answered),
    ),
  );
}

function histogramPair(a: string, b: string): string {
  return `<div class="pair">${a}\n${b}</div>`;
}

/**
 * The histogram of a time figure, captioned with its definition: `Time to answer: first RINGRESULT ANSWER −
 * START (23 calls with an ANSWER on any leg, answered or not)`; a sentence when no call has one.
 */
function histogram(
  id: "timeToAnswer" | "talk",
  count: number,
  bins: readonly HistogramBin[],
  color: string,
): string {
  const d = definition(id);
  const over = mdText(d.over ?? "calls");
  if (bins.every((b) => b.count === 0)) return nothing(`${d.label}: no ${over}`);
  const caption = `${d.label}: ${mdText(d.formula)} (${num(count)} ${over})`;
  const labels = bins.map(binLabel);
  const svg = barsChart(
    labels,
    [{ name: "calls", color, data: bins.map((b) => b.count) }],
    { x: "seconds", y: "calls" },
    caption,
    {
      height: 240,
    },
  );
  return figure(
    caption,
    svg,
    ["seconds", "calls"],
    bins.map((b, i) => [labels[i] as string, b.count]),
  );
}

function binLabel(bin: HistogramBin): string {
  return bin.toS === null ? `${bin.fromS}+` : `${bin.fromS}–${bin.toS}`;
}

/** A sentence in place of a chart with nothing to draw. */
function nothing(text: string): string {
  return `<p class="note">${h(text)}; nothing to chart.</p>`;
}

/** The hours from the first to the last with calls (all 24 when there are none). */
function busyHours<T extends { calls: number }>(hours: readonly T[]): readonly T[] {
  const first = hours.findIndex((h) => h.calls > 0);
  if (first < 0) return hours;
  const last = hours.length - 1 - [...hours].reverse().findIndex((h) => h.calls > 0);
  return hours.slice(first, last + 1);
}

/** Days from the first to the last START date with calls (1 for a single day). */
function spanDays(report: AnalyzeReport): number {
  const days = report.activity.byDay;
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  if (first === undefined || last === undefined) return 0;
  return Math.round((Date.parse(last) - Date.parse(first)) / DAY_MS) + 1;
}

function num(n: number): string {
  return n.toLocaleString("en-US");
}
