// The page's header (what was analysed, how, by which version, when) and its headline tiles.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { dec, pct } from "../cells.js";
import { h } from "./escape.js";
import { num } from "./figure.js";

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

/** An ISO instant as YYYY-MM-DD HH:MM:SS in the zone (escaped; shown as given when it does not parse). */
function inZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h(iso);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return h(`${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`);
}

/** One headline figure. `key` names it for tests and later additions (a delta to a baseline, a gate). */
export interface Tile {
  key: string;
  label: string;
  value: string;
  detail: string;
}

/** One tile's markup: the only place a tile is drawn, so a delta or a gate verdict can be added here. */
export function renderTile(tile: Tile): string {
  return [
    `<div class="tile" data-kpi="${h(tile.key)}">`,
    `<div class="label">${h(tile.label)}</div>`,
    `<div class="value">${h(tile.value)}</div>`,
    `<div class="detail">${h(tile.detail)}</div>`,
    "</div>",
  ].join("");
}

/** The headline tiles, from the report's KPIs (formatted as the table and CSV round them). */
export function headlineTiles(report: AnalyzeReport): Tile[] {
  const k = report.kpis;
  const seconds = (n: number | null): string => (n === null ? "–" : `${num(dec(n))} s`);
  const percent = (n: number | null): string => num(pct(n));
  const among = report.filters.active ? "complete calls passing the filters" : "complete calls";
  return [
    { key: "calls", label: "Calls", value: num(k.calls), detail: among },
    { key: "answered", label: "Answered", value: num(k.answered), detail: "a RINGRESULT ANSWER" },
    { key: "asr", label: "ASR", value: percent(k.asr), detail: "answered / calls" },
    { key: "ner", label: "NER", value: percent(k.ner), detail: "ring results reaching the user" },
    {
      key: "service-level",
      label: `Service level (${k.serviceLevelSeconds} s)`,
      value: percent(k.inbound.serviceLevel),
      detail: `inbound answered within ${k.serviceLevelSeconds} s / offered less abandons under ${k.shortAbandonSeconds} s`,
    },
    {
      key: "abandonment",
      label: "Abandonment rate",
      value: percent(k.inbound.abandonRate),
      detail: `${num(k.inbound.abandoned)} of ${num(k.inbound.offered)} inbound: caller hung up unanswered`,
    },
    { key: "acd", label: "ACD", value: seconds(k.talk.mean), detail: "mean talk per answered call" },
    {
      key: "answer-median",
      label: "Time to answer, median",
      value: seconds(k.timeToAnswer.median),
      detail: `START to first ANSWER, ${num(k.timeToAnswer.count)} calls`,
    },
    {
      key: "answer-p90",
      label: "Time to answer, p90",
      value: seconds(k.timeToAnswer.p90),
      detail: "90 % answered within this",
    },
  ];
}
