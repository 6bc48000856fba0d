// The words of the callers worklist that the terminal table and the HTML section share: column heads, status
// words, the summary's lines, and how instants and lengths are written.
import type { CallersResult } from "../commands/callers.js";
import type { CallerStatus } from "../report/callers.js";

/** How the status of a row reads. */
export const STATUS_WORDS: Readonly<Record<CallerStatus, string>> = {
  returned: "returned",
  "called-again": "called again",
  attempted: "attempted",
  open: "open",
  "window-not-over": "window not over",
};

/** The heads of the worklist's columns. */
export const CALLER_HEAD = [
  "number",
  "missed at (UTC)",
  "calls",
  "waited",
  "status",
  "after",
  "by",
  "attempts",
];

/** The summary over every row, one line each (the first is the headline; indented lines belong to it). */
export function summaryLines(result: CallersResult, windowS: number): string[] {
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
export function when(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** Seconds as `m:ss`, or `h:mm:ss` from an hour, rounded to the second. */
export function clock(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
