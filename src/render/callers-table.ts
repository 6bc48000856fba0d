// Terminal renderer of the callers worklist: one grid of the rows, then the summary, coloured only when asked.
import { Chalk } from "chalk";
import type { CallersResult } from "../commands/callers.js";
import type { CallerRow } from "../report/callers.js";
import { escapeControls } from "./escape.js";
import { CALLER_HEAD, clock, STATUS_WORDS, summaryLines, when } from "./callers-words.js";
import { drawGrid } from "./grid.js";

/** The rows as a grid (or a line saying there are none), then the summary over every row. */
export function renderCallersTable(
  rows: readonly CallerRow[],
  result: CallersResult,
  options: { color: boolean; open: boolean; windowS: number },
): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const title = chalk.bold.cyan(options.open ? "Missed callers nobody has returned yet" : "Missed callers");
  const cells = rows.map((row) => [
    escapeControls(row.number),
    when(row.missedAt),
    String(row.missedCalls),
    clock(row.waitedS),
    STATUS_WORDS[row.status],
    row.afterS === null ? "-" : clock(row.afterS),
    row.by === null ? "-" : escapeControls(row.by),
    String(row.attempts),
  ]);
  const grid =
    cells.length === 0
      ? "none"
      : drawGrid(
          {
            head: CALLER_HEAD.map((h) => chalk.bold(h)),
            colAligns: ["left", "left", "right", "right", "left", "right", "left", "right"],
          },
          cells,
        );
  return `${title}\n${grid}\n\n${summaryLines(result, options.windowS).join("\n")}\n`;
}
