// Parquet column values: rows in, one array of stored values per column out, a row group at a time.
import { replaceLoneSurrogates, toSafeJson } from "./escape.js";
import { capDepth } from "./json-depth.js";
import type { ParquetColumn, ParquetKind } from "./parquet-schema.js";

/** Rows held as columns of stored values until a row group is taken. */
export interface ColumnBuffer {
  /** Converts one row's values and appends them; returns how many rows are held now. */
  add(row: object): number;
  /** The held columns (in column order) and their row count; the buffer starts empty again. */
  take(): { data: unknown[][]; rows: number };
}

/**
 * A buffer for these columns. Text is kept exactly, except a lone UTF-16 surrogate, which UTF-8 cannot encode:
 * it becomes U+FFFD, as in the JSON exports. A text column given a value of another type (only possible with
 * a custom --schema) gets the value's JSON text; JSON text nests at most MAX_VALUE_DEPTH levels (json-depth.ts).
 */
export function columnBuffer(columns: readonly ParquetColumn[]): ColumnBuffer {
  const names = columns.map((column) => column.name);
  const converters = columns.map((column) => CONVERTERS[column.kind]);
  let data: unknown[][] = columns.map(() => []);
  let held = 0;
  return {
    add(row) {
      const record = row as Record<string, unknown>;
      for (let i = 0; i < names.length; i += 1) {
        (data[i] as unknown[]).push((converters[i] as Converter)(record[names[i] as string]));
      }
      held += 1;
      return held;
    },
    take() {
      const taken = { data, rows: held };
      data = columns.map(() => []);
      held = 0;
      return taken;
    },
  };
}

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
  // Epoch ms as they are (call records for Parquet), ISO 8601 text parsed (event rows).
  timestamp: (value) =>
    typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : null,
  double: (value) => (typeof value === "number" ? value : null),
  int32: (value) => (typeof value === "number" ? value : null),
  // As numbers: parquet-group.ts makes the BigInts (cheaper to post to the encoder thread).
  int64: (value) => (typeof value === "number" ? value : null),
  boolean: (value) => (typeof value === "boolean" ? value : null),
  "string-list": (value) => (Array.isArray(value) ? value.map((item) => text(item) ?? "null") : []),
  // As text: parquet-group.ts encodes it (a string posts to the encoder thread much cheaper than bytes).
  json: (value) => (value === null || value === undefined ? null : toSafeJson(capDepth(value))),
};
