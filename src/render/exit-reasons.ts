// Why analyze exits 1 for a reason its report may not show (the report can go to a file): one sentence each,
// worded from codes and rule descriptions only. A problem's own message may quote the data (a phone number
// in a bad value), so it is never repeated here.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { GateResult } from "../report/gates.js";
import { RULES } from "../rules.js";
import { escapeControls } from "./escape.js";
import { counted } from "./words.js";

/** The codes of problems that make a line invalid (counted in input.invalid), in the reading order. */
const INVALID_LINE_CODES: ReadonlySet<string> = new Set([
  "line-too-long",
  "invalid-utf8",
  "invalid-json",
  "not-an-object",
  "missing-event",
  "unknown-event",
  "missing-attribute",
  "bad-value",
  "wrong-type",
  "not-allowed",
  "bad-format",
  "out-of-range",
  "schema-violation",
  "conflicting-duplicate",
  "unbelievable-timestamp",
]);

/** `--strict: 3 invalid lines, the first at dump.ndjson:12 (invalid-json: a line is not valid JSON)`. */
export function strictReason(report: AnalyzeReport): string {
  const lines = counted(report.input.invalid, "invalid line");
  // Problems are kept in file and line order, so the first invalid-line problem kept is the first invalid line.
  const first = report.problems.find((p) => INVALID_LINE_CODES.has(p.code));
  if (first === undefined)
    return `--strict: ${lines} (none of them among the problems listed: raise --max-problems to see them)`;
  const why = RULES[first.code]?.description ?? "invalid";
  return `--strict: ${lines}, the first at ${escapeControls(first.file)}:${first.line} (${first.code}: ${why})`;
}

/** `--fail-on-skip: 1 error-level gate skipped (asr < 60%: n=0)`: the gates a skip failed the run on. */
export function skipReason(gates: readonly GateResult[]): string {
  const skipped = gates.filter((g) => g.level === "error" && g.status === "skip");
  const first = skipped[0];
  const why = first?.reason === "no-baseline" ? "no baseline value" : `n=${first?.n ?? 0}`;
  const more = skipped.length > 1 ? `, and ${skipped.length - 1} more` : "";
  return `--fail-on-skip: ${counted(skipped.length, "error-level gate")} skipped (${escapeControls(first?.expr ?? "")}: ${why}${more})`;
}
