// Building blocks of the page: a chart figure with its numbers, a data table, a panel, a number's and a time's text.
import type { MetricKind } from "../../report/gate-metrics.js";
import { createZoneClock } from "../../report/zone.js";
import { type Cell, cellNumber, dec, pct } from "../cells.js";
import { h } from "./escape.js";

/** A table's cells: numbers right-aligned and grouped, text escaped; `raw` cells are trusted markup. */
export type HtmlCell = Cell | { raw: string };

/**
 * A table as HTML: header row, then rows; numeric cells get the class "n" (right-aligned), and so does the
 * header of a column of numbers (the first column is the rows' headers, never numeric).
 */
export function dataTable(columns: readonly string[], rows: readonly HtmlCell[][], caption?: string): string {
  const numeric = (i: number): boolean =>
    i > 0 && rows.length > 0 && rows.every((row) => row[i] === undefined || typeof row[i] !== "string");
  const head = columns
    .map((c, i) => `<th scope="col"${numeric(i) ? ' class="n"' : ""}>${h(c)}</th>`)
    .join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => (i === 0 ? headerCell(cell) : dataCell(cell))).join("")}</tr>`)
    .join("\n");
  const cap = caption === undefined ? "" : `<caption>${h(caption)}</caption>`;
  return `<div class="scroll"><table>${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function headerCell(cell: HtmlCell): string {
  return typeof cell === "string" ? `<th scope="row">${h(cell)}</th>` : dataCell(cell);
}

function dataCell(cell: HtmlCell): string {
  if (cell !== null && typeof cell === "object" && "raw" in cell) return `<td class="n">${cell.raw}</td>`;
  return typeof cell === "string" ? `<td>${h(cell)}</td>` : `<td class="n">${num(cell)}</td>`;
}

/** A number cell's text: grouped integers, percentages and decimals to 0.1 (as the terminal table shows them). */
export function num(cell: Exclude<Cell, string>): string {
  if (cell === null) return "–";
  if (typeof cell === "number") return cell.toLocaleString("en-US");
  const n = cellNumber(cell);
  if (n === null) return "–";
  const text = n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return "percent" in cell ? `${text} %` : text;
}

/** A metric's value in its unit as the tiles show it: `51.4 %`, `223.1 s`, `37`; `–` when unknown. */
export function measure(kind: MetricKind, value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (kind === "rate") return num(pct(value));
  if (kind === "duration") return `${num(dec(value))} s`;
  return Number.isInteger(value) ? num(value) : num(dec(value));
}

/** A chart with its caption, and its numbers in a <details> table (screen readers, copy-paste, print). */
export function figure(
  caption: string,
  svg: string,
  columns: readonly string[],
  rows: readonly HtmlCell[][],
): string {
  return [
    "<figure>",
    `<figcaption>${h(caption)}</figcaption>`,
    `<div class="chart">${svg}</div>`,
    `<details><summary>Numbers of this chart</summary>${dataTable(columns, rows)}</details>`,
    "</figure>",
  ].join("\n");
}

/** A section of the page: a heading that says what is counted, then its content. */
export function panel(title: string, content: string, note?: string): string {
  const p = note === undefined ? "" : `<p class="note">${h(note)}</p>`;
  return `<section class="panel">\n<h2>${h(title)}</h2>\n${p}${content}\n</section>`;
}

/** A horizontal bar proportional to value/max inside a table cell, with the number beside it. */
export function inlineBar(value: number | null, max: number, text: string): { raw: string } {
  const width = value === null || max <= 0 ? 0 : Math.max(value > 0 ? 1 : 0, Math.round((value / max) * 80));
  // A width attribute on an SVG rect: no style attribute, so the CSP needs no 'unsafe-inline'.
  const bar = `<svg class="bar" viewBox="0 0 80 8" width="80" height="8" aria-hidden="true"><rect width="${width}" height="8"></rect></svg>`;
  return { raw: `<span class="barcell">${text}${bar}</span>` };
}

/**
 * An ISO instant as YYYY-MM-DD HH:MM:SS in the zone (escaped; shown as given when it does not parse). Years
 * 0000-9999 keep four digits (`0999-06-15`), others ISO 8601's expanded form (`+010000-01-01`), as `--tz` dates.
 */
export function inZone(iso: string, timeZone: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return h(iso);
  const local = new Date(createZoneClock(timeZone)(ms)).toISOString();
  return h(
    `${local.slice(0, local.indexOf("T"))} ${local.slice(local.indexOf("T") + 1, local.indexOf("."))}`,
  );
}
