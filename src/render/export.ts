// Export renderers: per-call or per-event rows as CSV (csv-stringify quoting), a JSON array or NDJSON, one row at a
// time; values from the input nested deeper than MAX_VALUE_DEPTH are written capped (json-depth.ts).
import { stringify } from "csv-stringify/sync";
import { type CsvCellOptions, csvText } from "./csv.js";
import { toSafeJson } from "./escape.js";
import { capDepth, capRowDepth } from "./json-depth.js";

/** The export formats, by --format name (parquet is binary: see render/parquet.ts). */
export const EXPORT_FORMATS = ["csv", "json", "ndjson", "parquet"] as const;
/** One export format name. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The export formats written as text. */
export type TextExportFormat = Exclude<ExportFormat, "parquet">;

/** Options of the export renderers: the CSV cell options of analyze (--excel-safe, terminal escaping). */
export type ExportRenderOptions = CsvCellOptions;

/** A value of an export row: text, number, boolean, null, a list of text, or a JSON object (an event's data). */
export type ExportValue = string | number | boolean | null | readonly string[] | Record<string, unknown>;

/** Text pieces of one export: what comes before the rows, each row, and what comes after them. */
export interface ExportRenderer<Row> {
  head(): string;
  row(record: Row, index: number): string;
  tail(rows: number): string;
}

/** The renderer of one text export format over rows with these columns; rows are rendered one at a time. */
export function exportRenderer<Row extends object>(
  format: TextExportFormat,
  columns: readonly (keyof Row & string)[],
  options: ExportRenderOptions = {},
): ExportRenderer<Row> {
  if (format === "json") {
    return {
      head: () => "[",
      row: (record, index) => `${index === 0 ? "\n" : ",\n"}  ${toSafeJson(capRowDepth(record))}`,
      tail: (rows) => (rows === 0 ? "]\n" : "\n]\n"),
    };
  }
  if (format === "ndjson") {
    return { head: () => "", row: (record) => `${toSafeJson(capRowDepth(record))}\n`, tail: () => "" };
  }
  return {
    head: () => stringify([[...columns]]),
    row: (record) => stringify([columns.map((column) => csvCell(record[column] as ExportValue, options))]),
    tail: () => "",
  };
}

/**
 * A row value as a CSV cell: empty for null, numbers and true/false as written, lists (anomaly codes) joined
 * by ";", an object (an event's data) as its JSON text (nested at most MAX_VALUE_DEPTH levels: see
 * capDepth), text through csvText (escaped for a terminal, formula-guarded with --excel-safe, cut to what a
 * spreadsheet cell holds).
 */
export function csvCell(value: ExportValue, options: ExportRenderOptions = {}): string {
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return csvText(value, options);
  if (Array.isArray(value)) return csvText(value.join(";"), options);
  return csvText(JSON.stringify(capDepth(value)), options);
}
