// The Parquet encoder alone: bytes handed out per full row group, the schema it declares, values as stored.
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { type ParquetColumn, parquetEncoder, parquetSchema } from "../../src/render/parquet.js";

const COLUMNS: ParquetColumn[] = [
  { name: "id", kind: "string", required: true },
  { name: "at", kind: "timestamp", required: false },
  { name: "n", kind: "int64", required: false },
  { name: "codes", kind: "string-list", required: true },
  { name: "doc", kind: "json", required: false },
];

const toArrayBuffer = (chunks: Uint8Array[]): ArrayBuffer => {
  const bytes = Buffer.concat(chunks);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

describe("parquetEncoder", () => {
  it("returns bytes only when a row group is full, and holds no more than one group", () => {
    const encoder = parquetEncoder<Record<string, unknown>>(COLUMNS, { rowGroupRows: 2 });
    const sizes: number[] = [];
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 5; i += 1) {
      const out = encoder.add({ id: `r${i}`, at: null, n: i, codes: [], doc: null });
      sizes.push(out.length);
      chunks.push(...out);
    }
    expect(sizes).toEqual([0, 1, 0, 1, 0]);
    const tail = encoder.finish();
    expect(tail).toHaveLength(2); // the last group (one row), then the indexes and footer
    chunks.push(...tail);
    const metadata = parquetMetadata(toArrayBuffer(chunks));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2, 2, 1]);
    expect(metadata.created_by).toBe("teltel-events");
  });

  it("stores each kind as documented, values exact (JSON keys such as __proto__ kept)", async () => {
    const encoder = parquetEncoder<Record<string, unknown>>(COLUMNS);
    const doc = JSON.parse('{"__proto__":{"a":1},"s":"x\\u0000\\ud800"}');
    const chunks = [
      ...encoder.add({ id: "a\u0000b", at: "2026-03-04T08:02:10.123Z", n: 2 ** 40, codes: ["x", "y"], doc }),
      ...encoder.add({ id: "lone \udc00", at: null, n: null, codes: [], doc: null }),
      ...encoder.finish(),
    ];
    const rows = await parquetReadObjects({ file: toArrayBuffer(chunks) });
    const first = rows[0] as Record<string, unknown>;
    expect(first.id).toBe("a\u0000b");
    expect((first.at as Date).toISOString()).toBe("2026-03-04T08:02:10.123Z");
    expect(first.n).toBe(2n ** 40n);
    expect(first.codes).toEqual(["x", "y"]);
    expect(Object.keys(first.doc as object)).toEqual(["__proto__", "s"]);
    // A lone surrogate, which UTF-8 cannot carry, is U+FFFD as in the JSON exports.
    expect((first.doc as { s: string }).s).toBe("x\u0000\ufffd");
    expect(rows[1]).toEqual({ id: "lone \ufffd", at: null, n: null, codes: [], doc: null });
  });

  it("a text column given another type (a custom --schema) stores its JSON text", async () => {
    const encoder = parquetEncoder<Record<string, unknown>>([{ name: "v", kind: "string", required: false }]);
    const chunks = [...encoder.add({ v: 42 }), ...encoder.add({ v: { a: true } }), ...encoder.finish()];
    const rows = await parquetReadObjects({ file: toArrayBuffer(chunks) });
    expect(rows.map((row) => row.v)).toEqual(["42", '{"a":true}']);
  });
});

describe("parquetSchema", () => {
  it("a LIST column has the spec's three levels; a timestamp says UTC and milliseconds", () => {
    expect(parquetSchema(COLUMNS.slice(1, 2).concat(COLUMNS.slice(3, 4)))).toEqual([
      { name: "root", num_children: 2 },
      {
        name: "at",
        repetition_type: "OPTIONAL",
        type: "INT64",
        converted_type: "TIMESTAMP_MILLIS",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
      },
      {
        name: "codes",
        repetition_type: "REQUIRED",
        converted_type: "LIST",
        logical_type: { type: "LIST" },
        num_children: 1,
      },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      {
        name: "element",
        repetition_type: "REQUIRED",
        type: "BYTE_ARRAY",
        converted_type: "UTF8",
        logical_type: { type: "STRING" },
      },
    ]);
  });
});
