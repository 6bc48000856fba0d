// Parquet encoder: export rows in, file bytes out in chunks, one row group at a time (hyparquet-writer).
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { replaceLoneSurrogates, toSafeJson } from "./escape.js";
import { capDepth } from "./json-depth.js";

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

/** Options of an encoder. */
export interface ParquetEncoderOptions {
  /** Rows per row group: rows are held (as columns) until a group is full, then encoded and handed out. */
  rowGroupRows?: number;
  /** The file's created_by. */
  createdBy?: string;
}

/** Turns rows into Parquet bytes as it goes; each call returns the bytes that are ready (possibly none). */
export interface ParquetEncoder<Row> {
  add(row: Row): Uint8Array[];
  /** Encodes the last row group and the footer; the file is the concatenation of every chunk returned. */
  finish(): Uint8Array[];
}

/** Default rows per row group: a few MB of column data held at once (the bench), large enough for scans. */
export const DEFAULT_ROW_GROUP_ROWS = 50_000;

const utf8 = new TextEncoder();

/**
 * A streaming Parquet encoder over these columns (SNAPPY-compressed, dictionary-encoded where it pays, with
 * column statistics). Text is written exactly, except a lone UTF-16 surrogate, which UTF-8 cannot encode: it
 * is written as U+FFFD, as in the JSON exports (the line has an unpaired-surrogate warning). A text column
 * given a value of another type (only possible with a custom --schema) gets the value's JSON text; JSON text
 * nests at most MAX_VALUE_DEPTH levels (json-depth.ts).
 */
export function parquetEncoder<Row extends object>(
  columns: readonly ParquetColumn[],
  options: ParquetEncoderOptions = {},
): ParquetEncoder<Row> {
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  let ready: Uint8Array[] = [];
  const writer = new ByteWriter(1 << 16);
  // hyparquet-writer calls flush() after each row group: hand out what it wrote and reuse the buffer.
  const takeBytes = (): void => {
    if (writer.index > 0) ready.push(writer.getBytes().slice());
    writer.index = 0;
  };
  Object.assign(writer, { flush: takeBytes, finish: takeBytes });
  const schema = parquetSchema(columns);
  const parquet = new ParquetWriter({
    writer,
    schema,
    codec: "SNAPPY",
    createdBy: options.createdBy ?? "teltel-events",
  });
  const converters = columns.map((column) => CONVERTERS[column.kind]);
  let data: unknown[][] = columns.map(() => []);
  let held = 0;
  const writeGroup = (): void => {
    if (held === 0) return;
    void parquet.write({
      columnData: columns.map((column, i) => ({
        name: column.name,
        data: data[i] as unknown[],
        // JSON min/max statistics would hold whole documents; text and numbers keep theirs.
        statistics: column.kind !== "json",
      })),
      rowGroupSize: held,
    });
    data = columns.map(() => []);
    held = 0;
  };
  const takeReady = (): Uint8Array[] => {
    const out = ready;
    ready = [];
    return out;
  };
  return {
    add(row) {
      const record = row as Record<string, unknown>;
      for (let i = 0; i < columns.length; i += 1) {
        (data[i] as unknown[]).push((converters[i] as Converter)(record[(columns[i] as ParquetColumn).name]));
      }
      held += 1;
      if (held >= rowGroupRows) writeGroup();
      return takeReady();
    },
    finish() {
      writeGroup();
      // Readers such as DuckDB take a JSON column as JSON only with the converted type too; it is added to the
      // footer's schema alone, once every row group is written, because hyparquet-writer would otherwise
      // JSON-encode the (already encoded) values again. The column's bytes do not depend on it.
      for (const element of schema)
        if (element.logical_type?.type === "JSON") element.converted_type = "JSON";
      void parquet.finish();
      return takeReady();
    },
  };
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
  // __proto__); the converted type is added at the end (see finish).
  json: { type: "BYTE_ARRAY", logical_type: { type: "JSON" } },
};

type Converter = (value: unknown) => unknown;

// Any surrogate at all: most text has none, and this test is much cheaper than looking for lone ones.
const SURROGATE = /[\ud800-\udfff]/;

const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") return toSafeJson(capDepth(value));
  return SURROGATE.test(value) ? replaceLoneSurrogates(value) : value;
};

const CONVERTERS: Record<ParquetKind, Converter> = {
  string: text,
  timestamp: (value) => (typeof value === "string" ? Date.parse(value) : null),
  double: (value) => (typeof value === "number" ? value : null),
  int32: (value) => (typeof value === "number" ? value : null),
  int64: (value) => (typeof value === "number" ? BigInt(value) : null),
  boolean: (value) => (typeof value === "boolean" ? value : null),
  "string-list": (value) => (Array.isArray(value) ? value.map((item) => text(item) ?? "null") : []),
  json: (value) => (value === null || value === undefined ? null : utf8.encode(toSafeJson(capDepth(value)))),
};
