// Renderers of the callers worklist as text pieces: CSV (rows only) and JSON (settings, rows, summary), a
// row at a time, so the rows need not be held.
import type { CallersResult } from "../commands/callers.js";
import type { CallerRow } from "../report/callers.js";
import { toSafeJson } from "./escape.js";
import { callersSectionRenderer } from "./html/callers-section.js";
import { type ExportRenderOptions, exportRenderer } from "./export.js";

/** The callers formats, by --format name. */
export const CALLERS_FORMATS = ["table", "csv", "json", "html-section"] as const;
/** One callers format name. */
export type CallersFormat = (typeof CALLERS_FORMATS)[number];

/** The columns of a callers row, as CSV heads them and JSON names them. */
export const CALLER_COLUMNS = [
  "number",
  "missed_at",
  "last_missed_at",
  "missed_calls",
  "waited_s",
  "status",
  "resolved_at",
  "after_s",
  "by",
  "attempts",
  "session_id",
  "resolved_session_id",
] as const;

/** One row as written: instants as ISO text, lengths in seconds. */
export type CallerRecord = Record<(typeof CALLER_COLUMNS)[number], string | number | null>;

/** The settings a callers output states. */
export interface CallersSettings {
  returnWindowS: number;
  open: boolean;
}

/** A row as CSV and JSON write it. */
export function callerRecord(row: CallerRow): CallerRecord {
  return {
    number: row.number,
    missed_at: iso(row.missedAt),
    last_missed_at: iso(row.lastMissedAt),
    missed_calls: row.missedCalls,
    waited_s: row.waitedS,
    status: row.status,
    resolved_at: row.resolvedAt === null ? null : iso(row.resolvedAt),
    after_s: row.afterS,
    by: row.by,
    attempts: row.attempts,
    session_id: row.sessionId,
    resolved_session_id: row.resolvedSessionId,
  };
}

/** Text pieces of one streamed callers output: before the rows, each row, and after them. */
export interface CallersTextRenderer {
  head(): string;
  row(row: CallerRow, index: number): string;
  tail(result: CallersResult, rows: number): string;
}

/** The CSV (one line per row, no summary), JSON or HTML fragment renderer. */
export function callersTextRenderer(
  format: "csv" | "json" | "html-section",
  settings: CallersSettings,
  options: ExportRenderOptions = {},
): CallersTextRenderer {
  if (format === "html-section") return callersSectionRenderer(settings);
  if (format === "csv") {
    const csv = exportRenderer<CallerRecord>("csv", CALLER_COLUMNS, options);
    return { head: csv.head, row: (row, index) => csv.row(callerRecord(row), index), tail: () => "" };
  }
  return {
    head: () => `{\n  "callersVersion": 1,\n  "settings": ${toSafeJson(settings)},\n  "callers": [`,
    row: (row, index) => `${index === 0 ? "\n" : ",\n"}    ${toSafeJson(callerRecord(row))}`,
    tail: (result, rows) =>
      `${rows === 0 ? "" : "\n  "}],\n  "summary": ${indented(result.summary)},\n  "input": ${indented(result.input)}\n}\n`,
  };
}

/** A value as JSON indented to sit at the second level of the document. */
function indented(value: unknown): string {
  return toSafeJson(value, 2).replace(/\n/g, "\n  ");
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
