// The page's header (what was analysed, how, by which version, when) and its headline tiles.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { dec, pct } from "../cells.js";
import { baselineLine, type TileDelta, tileDelta } from "./compare.js";
import { h } from "./escape.js";
import { inZone, num } from "./figure.js";

/** Who made the page: the tool's version and when (ISO time), told by the CLI. */
export interface PageMeta {
  toolVersion: string;
  generatedAt: string;
}

/** The header: title, input files, time range in the report's zone, filters, lateness, version, time made. */
export function renderHeader(report: AnalyzeReport, meta: PageMeta): string {
  const tz = report.kpis.timeZone;
  const { from, to } = report.input.timeRange;
  const range =
    from === null || to === null ? "no events" : `${inZone(from, tz)} – ${inZone(to, tz)} (${h(tz)})`;
  const files = report.input.fileNames.map((f) => `<li>${h(f)}</li>`).join("");
  const rows: [string, string][] = [
    ["Input files", `<ul class="files">${files}</ul>`],
    ["Events from", range],
    ["Filters", filtersText(report)],
    [
      "Lateness",
      `${h(report.settings.latenessSeconds)} s (events arriving later are counted as late, not used)`,
    ],
    ["Made by", `teltel-events ${h(meta.toolVersion)} on ${h(meta.generatedAt)}`],
  ];
  const baseline = baselineLine(report);
  if (baseline !== undefined) rows.push(["Baseline", baseline]);
  const dl = rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join("\n");
  return `<header>\n<h1>Call report</h1>\n<dl class="meta">\n${dl}\n</dl>\n</header>`;
}

function filtersText(report: AnalyzeReport): string {
  const f = report.filters;
  if (!f.active) return "none (all complete calls)";
  const parts: string[] = [];
  if (f.since !== null) parts.push(`START at or after ${h(f.since)}`);
  if (f.until !== null) parts.push(`START before ${h(f.until)}`);
  for (const name of ["direction", "type", "account", "operator", "campaign"] as const)
    if (f[name].length > 0) parts.push(`${name}: ${f[name].map(h).join(", ")}`);
  parts.push(`${num(f.sessionsExcluded)} sessions left out`);
  return parts.join("; ");
}

/** One headline figure. `key` names it for tests; `metric` is its name in the gate catalogue (its delta). */
export interface Tile {
  key: string;
  metric: string;
  label: string;
  value: string;
  detail: string;
  /** With a baseline: the baseline's value and the change. */
  delta?: TileDelta | undefined;
}

/** One tile's markup: the only place a tile is drawn; the change from the baseline under the value. */
export function renderTile(tile: Tile): string {
  return [
    `<div class="tile" data-kpi="${h(tile.key)}">`,
    `<div class="label">${h(tile.label)}</div>`,
    `<div class="value">${h(tile.value)}</div>`,
    tile.delta === undefined ? "" : renderDelta(tile.delta),
    `<div class="detail">${h(tile.detail)}</div>`,
    "</div>",
  ].join("");
}

/** `+23.7 pp ~ within noise` over `baseline 51.4 %`; the `~` hidden from screen readers, which read the words. */
function renderDelta(delta: TileDelta): string {
  const noise = delta.withinNoise
    ? ` <span class="noise"><span aria-hidden="true">~</span> within noise</span>`
    : "";
  return [
    `<div class="delta" title="${h(delta.sentence)}">`,
    `<span class="change">${h(delta.change)}</span>${noise}`,
    `<span class="base">baseline ${h(delta.baseline)}</span>`,
    "</div>",
  ].join("");
}

/** The headline tiles, from the report's KPIs (formatted as the table and CSV round them), with their deltas. */
export function headlineTiles(report: AnalyzeReport): Tile[] {
  const k = report.kpis;
  const seconds = (n: number | null): string => (n === null ? "–" : `${num(dec(n))} s`);
  const percent = (n: number | null): string => num(pct(n));
  const among = report.filters.active ? "complete calls passing the filters" : "complete calls";
  const tiles: Omit<Tile, "delta">[] = [
    { key: "calls", metric: "calls", label: "Calls", value: num(k.calls), detail: among },
    {
      key: "answered",
      metric: "answered",
      label: "Answered",
      value: num(k.answered),
      detail: "a RINGRESULT ANSWER",
    },
    { key: "asr", metric: "asr", label: "ASR", value: percent(k.asr), detail: "answered / calls" },
    {
      key: "ner",
      metric: "ner",
      label: "NER",
      value: percent(k.ner),
      detail: "ring results reaching the user",
    },
    {
      key: "service-level",
      metric: "service_level",
      label: `Service level (${k.serviceLevelSeconds} s)`,
      value: percent(k.inbound.serviceLevel),
      detail: `inbound answered within ${k.serviceLevelSeconds} s / offered less abandons under ${k.shortAbandonSeconds} s`,
    },
    {
      key: "abandonment",
      metric: "abandon_rate",
      label: "Abandonment rate",
      value: percent(k.inbound.abandonRate),
      detail: `${num(k.inbound.abandoned)} of ${num(k.inbound.offered)} inbound: caller hung up unanswered`,
    },
    {
      key: "acd",
      metric: "acd",
      label: "ACD",
      value: seconds(k.talk.mean),
      detail: "mean talk per answered call",
    },
    {
      key: "answer-median",
      metric: "time_to_answer.median",
      label: "Time to answer, median",
      value: seconds(k.timeToAnswer.median),
      detail: `START to first ANSWER, ${num(k.timeToAnswer.count)} calls`,
    },
    {
      key: "answer-p90",
      metric: "time_to_answer.p90",
      label: "Time to answer, p90",
      value: seconds(k.timeToAnswer.p90),
      detail: "90 % answered within this",
    },
  ];
  return tiles.map((tile) => ({ ...tile, delta: tileDelta(tile.metric, tile.label, report.delta) }));
}
