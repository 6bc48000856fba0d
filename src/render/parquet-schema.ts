// Parquet column kinds and the file schema they make: what each export column is stored as.
import type { SchemaElement } from "hyparquet-writer";

/**
 * How a column is stored: text (UTF-8 STRING), an instant (INT64 TIMESTAMP, UTC, milliseconds), a DOUBLE, a
 * 32- or 64-bit integer, a BOOLEAN, a LIST of text, or a JSON document (BYTE_ARRAY with the JSON logical type).
 */
export type ParquetKind =
  | "string"
  | "timestamp"
  | "double"
  | "int32"
  | "int64"
  | "boolean"
  | "string-list"
  | "json";

/** One column of a Parquet export: its name, how it is stored, and whether it may be null. */
export interface ParquetColumn {
  name: string;
  kind: ParquetKind;
  /** Never null (REQUIRED); a list column is always required (an empty list when there is nothing). */
  required: boolean;
}

/** The Parquet schema of these columns: the root, then each column (a LIST is three levels, per the spec). */
export function parquetSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  for (const { name, kind, required } of columns) {
    const repetition_type = required ? "REQUIRED" : "OPTIONAL";
    if (kind === "string-list") {
      schema.push(
        {
          name,
          repetition_type: "REQUIRED",
          converted_type: "LIST",
          logical_type: { type: "LIST" },
          num_children: 1,
        },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", repetition_type: "REQUIRED", ...STRING },
      );
    } else schema.push({ name, repetition_type, ...ELEMENTS[kind] });
  }
  return schema;
}

const STRING = { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } } as const;

const ELEMENTS: Record<Exclude<ParquetKind, "string-list">, Omit<SchemaElement, "name">> = {
  string: STRING,
  // The logical type says UTC and milliseconds explicitly (hyparquet-writer's TIMESTAMP sets only the
  // converted type, which DuckDB reads as a timestamp without time zone); the converted type is kept for
  // older readers (TIMESTAMP_MILLIS means UTC-adjusted milliseconds).
  timestamp: {
    type: "INT64",
    converted_type: "TIMESTAMP_MILLIS",
    logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
  },
  double: { type: "DOUBLE" },
  int32: { type: "INT32" },
  int64: { type: "INT64" },
  boolean: { type: "BOOLEAN" },
  // The values are encoded here, exactly (hyparquet-writer's own JSON conversion would drop keys named
  // __proto__); the converted type is added at the end (see parquet-group.ts's finish).
  json: { type: "BYTE_ARRAY", logical_type: { type: "JSON" } },
};
