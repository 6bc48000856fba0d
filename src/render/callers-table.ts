// Terminal renderer of the callers worklist: one grid of the rows, then the summary, coloured only when asked.
import { Chalk } from "chalk";
import type { CallersResult } from "../commands/callers.js";
import type { CallerRow, CallerStatus } from "../report/callers.js";
import { escapeControls } from "./escape.js";
import { drawGrid } from "./grid.js";

/** How the status of a row reads on the terminal. */
const STATUS_WORDS: Readonly<Record<CallerStatus, string>> = {
  returned: "returned",
  "called-again": "called again",
  attempted: "attempted",
  open: "open",
  "window-not-over": "window not over",
};

const HEAD = ["number", "missed at (UTC)", "calls", "waited", "status", "after", "by", "attempts"];

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
            head: HEAD.map((h) => chalk.bold(h)),
            colAligns: ["left", "left", "right", "right", "left", "right", "left", "right"],
          },
          cells,
        );
  return `${title}\n${grid}\n\n${summaryLines(result, options.windowS).join("\n")}\n`;
}

function summaryLines(result: CallersResult, windowS: number): string[] {
  const s = result.summary;
  const median = s.medianReturnS === null ? "-" : clock(s.medianReturnS);
  const lines = [
    `Missed callers: ${s.missedCallers} (${s.missedCalls} missed calls), return window ${clock(windowS)}`,
    `  returned: ${s.returned} (within 1 h: ${s.returnedWithin1h}), median time to return ${median}`,
    `  called again and got through: ${s.calledAgain}`,
    `  attempted (no answer): ${s.attempted}`,
    `  still open: ${s.open}`,
    `  window not over at the end of the dump: ${s.windowNotOver}`,
  ];
  if (s.missedWithoutNumber > 0)
    lines.push(`Missed calls that name no phone number (not listed): ${s.missedWithoutNumber}`);
  return lines;
}

/** An instant as `YYYY-MM-DD HH:MM:SS` in UTC. */
function when(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** Seconds as `m:ss`, or `h:mm:ss` from an hour, rounded to the second. */
function clock(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
