// The callers worklist as an HTML fragment (--format html-section): one <section> with the rows as a table and
// the summary as a list, no style and no script, to paste into an intranet page or a mail; written a row at a
// time, as CSV and JSON are.
import type { CallersResult } from "../../commands/callers.js";
import type { CallerRow } from "../../report/callers.js";
import type { CallersSettings, CallersTextRenderer } from "../callers.js";
import { CALLER_HEAD, clock, STATUS_WORDS, summaryLines, when } from "../callers-words.js";
import { h } from "./escape.js";

/** The fragment's pieces: the section's head and table head, a row, and the summary that closes it. */
export function callersSectionRenderer(settings: CallersSettings): CallersTextRenderer {
  const title = settings.open ? "Missed callers nobody has returned yet" : "Missed callers";
  return {
    head: () =>
      `<section class="teltel-callers" aria-label="${h(title)}">\n<h2>${h(title)}</h2>\n<table>\n<thead><tr>${CALLER_HEAD.map(
        (name) => `<th scope="col">${h(name)}</th>`,
      ).join("")}</tr></thead>\n<tbody>\n`,
    row: (row) => `${rowHtml(row)}\n`,
    tail: (result, rows) =>
      `${rows === 0 ? `<tr><td colspan="${CALLER_HEAD.length}">none</td></tr>\n` : ""}</tbody>\n</table>\n${summaryHtml(
        result,
        settings.returnWindowS,
      )}\n</section>\n`,
  };
}

function rowHtml(row: CallerRow): string {
  const cells = [
    h(row.number),
    `<time datetime="${new Date(row.missedAt).toISOString()}">${when(row.missedAt)}</time>`,
    String(row.missedCalls),
    clock(row.waitedS),
    `<span data-status="${row.status}">${STATUS_WORDS[row.status]}</span>`,
    row.afterS === null ? "-" : clock(row.afterS),
    row.by === null ? "-" : h(row.by),
    String(row.attempts),
  ];
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
}

/** The summary's lines as a list: a line indented under the headline is an item of a nested list. */
function summaryHtml(result: CallersResult, windowS: number): string {
  const [headline = "", ...rest] = summaryLines(result, windowS);
  const nested = rest.filter((line) => line.startsWith("  ")).map((line) => `<li>${h(line.trim())}</li>`);
  const after = rest.filter((line) => !line.startsWith("  ")).map((line) => `<li>${h(line)}</li>`);
  return `<ul class="summary">\n<li>${h(headline)}\n<ul>\n${nested.join("\n")}\n</ul>\n</li>\n${after.join("\n")}${
    after.length > 0 ? "\n" : ""
  }</ul>`;
}
