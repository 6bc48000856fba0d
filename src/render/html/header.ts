// The page's header (what was analysed, how, by which version, when) and its headline tiles.
import type { AnalyzeReport } from "../../commands/analyze.js";
import type { FigureId } from "../../report/definitions.js";
import { dec, pct } from "../cells.js";
import { baselineLine, type TileDelta, tileDelta } from "./compare.js";
import { definitionText, formulaOver } from "./defined.js";
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
  /** The caption under the value, as HTML: the figure's definition (src/report/definitions.ts). */
  detailHtml: string;
  /** The whole definition in plain text: the caption's tooltip. */
  about: string;
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
    `<div class="detail" title="${h(tile.about)}">${tile.detailHtml}</div>`,
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

/**
 * The headline tiles, from the report's KPIs (formatted as the table and CSV round them), with their deltas;
 * each caption is its figure's definition, the settings and counts it depends on filled in.
 */
export function headlineTiles(report: AnalyzeReport): Tile[] {
  const k = report.kpis;
  const seconds = (n: number | null): string => (n === null ? "–" : `${num(dec(n))} s`);
  const percent = (n: number | null): string => num(pct(n));
  const tile = (
    key: string,
    metric: string,
    id: FigureId,
    label: string,
    value: string,
    detailHtml = formulaOver(id),
  ): Omit<Tile, "delta"> => ({ key, metric, label, value, detailHtml, about: definitionText(id) });
  const answers = num(k.timeToAnswer.count);
  const tiles = [
    tile("calls", "calls", "calls", "Calls", num(k.calls)),
    tile("answered", "answered", "answered", "Answered", num(k.answered)),
    tile("asr", "asr", "asr", "ASR", percent(k.asr)),
    tile("ner", "ner", "ner", "NER", percent(k.ner)),
    tile(
      "service-level",
      "service_level",
      "inbound.serviceLevel",
      `Service level (${k.serviceLevelSeconds} s)`,
      percent(k.inbound.serviceLevel),
      `${formulaOver("inbound.serviceLevel")}; T = ${h(k.serviceLevelSeconds)} s, short abandons: under ${h(
        k.shortAbandonSeconds,
      )} s`,
    ),
    tile(
      "abandonment",
      "abandon_rate",
      "inbound.abandonRate",
      "Abandonment rate",
      percent(k.inbound.abandonRate),
      `${formulaOver("inbound.abandonRate")}: ${num(k.inbound.abandoned)} of ${num(k.inbound.offered)}`,
    ),
    tile("acd", "acd", "talk.mean", "ACD", seconds(k.talk.mean)),
    tile(
      "answer-median",
      "time_to_answer.median",
      "timeToAnswer",
      "Time to answer, median",
      seconds(k.timeToAnswer.median),
      formulaOver("timeToAnswer", answers),
    ),
    tile(
      "answer-p90",
      "time_to_answer.p90",
      "timeToAnswer",
      "Time to answer, p90",
      seconds(k.timeToAnswer.p90),
      `90 % within this; ${formulaOver("timeToAnswer", answers)}`,
    ),
  ];
  return tiles.map((t) => ({ ...t, delta: tileDelta(t.metric, t.label, report.delta) }));
}
