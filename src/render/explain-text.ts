// Terminal renderer of --explain: the figure, its definition, numerator and denominator, and the calls behind
// each as grids; coloured only when asked.
import { Chalk } from "chalk";
import type { DecisiveEvent } from "../report/explain.js";
import type { ExplainedPart, Explanation } from "../report/explain-figure.js";
import { escapeControls } from "./escape.js";
import { drawGrid } from "./grid.js";

/** The explanation as text for the terminal. */
export function renderExplainText(explanation: Explanation, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const e = explanation;
  const lines: string[] = [chalk.bold.cyan(`${explainedName(e)} = ${figure(e.value, e.kind)}`)];
  if (e.definition !== null) {
    lines.push(`${e.definition.label}: ${plain(e.definition.formula)}`);
    if (e.definition.over !== undefined) lines.push(`Over ${plain(e.definition.over)}.`);
    if (e.definition.notes !== undefined) lines.push(`${plain(e.definition.notes)}.`);
  } else lines.push(`${e.about}.`);
  if (e.shape === "input" || e.shape === "whole") {
    lines.push("", unlistedReason(e));
    return `${lines.join("\n")}\n`;
  }
  const values = e.shape === "values";
  lines.push("");
  if (e.shape === "rate" && e.denominator !== undefined) {
    lines.push(`numerator:   ${e.numerator.counts} = ${e.numerator.value ?? "-"}`);
    lines.push(`denominator: ${e.denominator.counts} = ${e.denominator.value ?? "-"}`);
  } else
    lines.push(`${values ? "taken over" : "counted"}: ${e.numerator.counts} = ${e.numerator.value ?? "-"}`);
  if (!e.consistent)
    lines.push(
      chalk.red("the calls recounted here do not add up to the report's figure: a defect, please report it"),
    );
  const title = values
    ? `Calls behind it, largest ${e.numerator.counts} first`
    : `Calls in the ${e.shape === "rate" ? "numerator" : "count"} (${e.numerator.counts})`;
  lines.push("", chalk.bold(title), callsGrid(e.numerator, values));
  if (e.denominator !== undefined)
    lines.push(
      "",
      chalk.bold(`Calls in the denominator only (${e.denominator.counts}, not in the numerator)`),
      callsGrid(e.denominator, false),
    );
  return `${lines.join("\n")}\n`;
}

/** Why a figure comes without its calls. */
export function unlistedReason(e: Explanation): string {
  return e.shape === "input"
    ? "A figure of the whole input, not of calls: `validate` lists the lines behind it."
    : "--explain lists the calls behind the KPI figures (`kpis` and their breakdown groups); this figure's calls are not listed: its value is read from the report as given above.";
}

/** `asr` or `asr{operator:31004}`. */
export function explainedName(e: Explanation): string {
  return e.group === null ? e.metric : `${e.metric}{${e.group.dimension}:${e.group.key}}`;
}

/** A figure as the tables write it: a rate in percent, a time in seconds, a count as is. */
export function figure(value: number | null, kind: Explanation["kind"]): string {
  if (value === null) return "- (nothing to take it over)";
  if (kind === "rate") return `${(value * 100).toFixed(1)}%`;
  if (kind === "duration") return `${value.toFixed(1)} s`;
  return String(Number.isInteger(value) ? value : value.toFixed(2));
}

/** The columns of a list of calls (with a value column for a statistic's calls). */
export function callColumns(values: boolean): string[] {
  return [
    "session",
    "start (UTC)",
    "direction",
    "type",
    ...(values ? ["value"] : []),
    "first line",
    "decisive events",
  ];
}

/** A call's decisive events in one line: `RINGRESULT ANSWER 08:02:17 (line 5); ...`. */
export function eventsText(events: readonly DecisiveEvent[]): string {
  return events
    .map(
      (ev) => `${ev.event}${ev.state === undefined ? "" : ` ${ev.state}`} ${clock(ev.at)} (line ${ev.line})`,
    )
    .join("; ");
}

function callsGrid(part: ExplainedPart, values: boolean): string {
  if (part.calls.length === 0) return "none";
  const head = callColumns(values);
  const rows = part.calls.map((call) => [
    escapeControls(call.sessionId),
    iso(call.start),
    call.direction,
    call.type,
    ...(values ? [(call.values ?? []).map((v) => String(round(v))).join(", ")] : []),
    `${escapeControls(call.file)}:${call.line}`,
    eventsText(call.events),
  ]);
  const grid = drawGrid({ head, colAligns: head.map((name) => (name === "value" ? "right" : "left")) }, rows);
  return part.unlisted > 0 ? `${grid}\n… and ${part.unlisted} more (--max-problems lists more)` : grid;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
/** An instant as the terminal and the page write it: `2026-03-04 08:15:05` (UTC). */
export const iso = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "");
const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
/** A definition's Markdown without its marks (the terminal and the page's plain lines). */
export const plain = (text: string): string =>
  text.replace(/\*\*|`|\*/g, "").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1");
