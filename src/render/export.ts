// Export renderers: per-call records as CSV (csv-stringify quoting), a JSON array or NDJSON, one row at a time.
import { stringify } from "csv-stringify/sync";
import { CALL_RECORD_COLUMNS, type CallRecord } from "../call/record.js";
import { type CsvCellOptions, csvText } from "./csv.js";
import { toSafeJson } from "./escape.js";

/** The export formats, by --format name. */
export const EXPORT_FORMATS = ["csv", "json", "ndjson"] as const;
/** One export format name. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options of the export renderers: the CSV cell options of analyze (--excel-safe, terminal escaping). */
export type ExportRenderOptions = CsvCellOptions;

/** Text pieces of one export: what comes before the rows, each row, and what comes after them. */
export interface ExportRenderer {
  head(): string;
  row(record: CallRecord, index: number): string;
  tail(rows: number): string;
}

/** The renderer of one export format; rows are rendered one at a time, so output can stream. */
export function exportRenderer(format: ExportFormat, options: ExportRenderOptions = {}): ExportRenderer {
  if (format === "json") {
    return {
      head: () => "[",
      row: (record, index) => `${index === 0 ? "\n" : ",\n"}  ${toSafeJson(record)}`,
      tail: (rows) => (rows === 0 ? "]\n" : "\n]\n"),
    };
  }
  if (format === "ndjson") {
    return { head: () => "", row: (record) => `${toSafeJson(record)}\n`, tail: () => "" };
  }
  return {
    head: () => stringify([[...CALL_RECORD_COLUMNS]]),
    row: (record) => stringify([CALL_RECORD_COLUMNS.map((column) => csvCell(record[column], options))]),
    tail: () => "",
  };
}

/**
 * A record value as a CSV cell: empty for null, numbers and true/false as written, anomaly codes joined by
 * ";", text through csvText (escaped for a terminal, formula-guarded with --excel-safe).
 */
export function csvCell(value: CallRecord[keyof CallRecord], options: ExportRenderOptions = {}): string {
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return csvText(Array.isArray(value) ? value.join(";") : value, options);
}
