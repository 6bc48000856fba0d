// Parquet file writer: columns of stored values in, one row group at a time; file bytes out (hyparquet-writer).
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { type ParquetColumn, type ParquetKind, parquetSchema } from "./parquet-schema.js";

/** Writes row groups of these columns; each call returns the file bytes it produced, in file order. */
export interface GroupWriter {
  /** Encodes one row group (`data[i]` holds column i's values as parquet-values.ts makes them, `rows` of them). */
  write(data: unknown[][], rows: number): Uint8Array[];
  /** Writes the indexes and footer; the file is the concatenation of every chunk returned. */
  finish(): Uint8Array[];
}

/**
 * A file of these columns, SNAPPY-compressed, dictionary-encoded where it pays, with column statistics (none
 * for JSON, whose min/max would hold whole documents). The first chunk also holds the file's magic bytes.
 */
export function parquetGroupWriter(columns: readonly ParquetColumn[], createdBy: string): GroupWriter {
  let ready: Uint8Array[] = [];
  const writer = new ByteWriter(1 << 16);
  // hyparquet-writer calls flush() after each row group: hand out what it wrote and reuse the buffer.
  const takeBytes = (): void => {
    if (writer.index > 0) ready.push(writer.getBytes().slice());
    writer.index = 0;
  };
  Object.assign(writer, { flush: takeBytes, finish: takeBytes });
  const schema = parquetSchema(columns);
  const parquet = new ParquetWriter({ writer, schema, codec: "SNAPPY", createdBy });
  const takeReady = (): Uint8Array[] => {
    const out = ready;
    ready = [];
    return out;
  };
  return {
    write(data, rows) {
      if (rows === 0) return [];
      void parquet.write({
        columnData: columns.map((column, i) => ({
          name: column.name,
          data: physical(column.kind, data[i] as unknown[]),
          statistics: column.kind !== "json",
        })),
        rowGroupSize: rows,
      });
      return takeReady();
    },
    finish() {
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

const utf8 = new TextEncoder();

/**
 * A column's values as hyparquet-writer takes them: INT64 as BigInt, JSON text as UTF-8 bytes (as before: its
 * size estimate, which decides dictionary encoding, counts UTF-16 units for text, so text could change the file).
 */
function physical(kind: ParquetKind, values: unknown[]): unknown[] {
  if (kind === "int64") return values.map((value) => (value === null ? null : BigInt(value as number)));
  if (kind === "json") return values.map((value) => (value === null ? null : utf8.encode(value as string)));
  return values;
}
