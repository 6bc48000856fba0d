// Parquet encoder: export rows in, file bytes out in chunks, one row group at a time, in this thread.
import { parquetGroupWriter } from "./parquet-group.js";
import type { ParquetColumn } from "./parquet-schema.js";
import { columnBuffer } from "./parquet-values.js";

/** The column kinds and the schema they make (parquet-schema.ts). */
export { type ParquetColumn, type ParquetKind, parquetSchema } from "./parquet-schema.js";

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

/**
 * A streaming Parquet encoder over these columns (values as parquet-values.ts stores them, the file as
 * parquet-group.ts writes it): `add` returns a row group's bytes as soon as the group is full.
 */
export function parquetEncoder<Row extends object>(
  columns: readonly ParquetColumn[],
  options: ParquetEncoderOptions = {},
): ParquetEncoder<Row> {
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  const buffer = columnBuffer(columns);
  const file = parquetGroupWriter(columns, options.createdBy ?? "teltel-events");
  const writeGroup = (): Uint8Array[] => {
    const { data, rows } = buffer.take();
    return file.write(data, rows);
  };
  return {
    add(row) {
      return buffer.add(row) >= rowGroupRows ? writeGroup() : [];
    },
    finish() {
      return [...writeGroup(), ...file.finish()];
    },
  };
}
