// The threaded Parquet encoder (uses dist/: npm run build first): the same file in the same chunks as the
// in-thread encoder, the worker never more than two row groups behind, and a worker's error reported.
import { describe, expect, it } from "vitest";
import { type ParquetColumn, parquetEncoder } from "../../src/render/parquet.js";
import { threadedParquetEncoder } from "../../src/render/parquet-thread.js";

const COLUMNS: ParquetColumn[] = [
  { name: "id", kind: "string", required: true },
  { name: "at", kind: "timestamp", required: false },
  { name: "secs", kind: "double", required: false },
  { name: "count", kind: "int32", required: true },
  { name: "n", kind: "int64", required: false },
  { name: "ok", kind: "boolean", required: false },
  { name: "codes", kind: "string-list", required: true },
  { name: "doc", kind: "json", required: false },
];

/** Row i: every kind, nulls on every third row, a lone surrogate and a __proto__ key now and then. */
function row(i: number): Record<string, unknown> {
  const none = i % 3 === 2;
  return {
    id: i % 5 === 4 ? `lone \ud800 ${i}` : `call-${i}`,
    at: none ? null : new Date(Date.UTC(2026, 2, 2, 8, 0, i)).toISOString(),
    secs: none ? null : i / 4,
    count: i,
    n: none ? null : 2 ** 40 + i,
    ok: none ? null : i % 2 === 0,
    codes: i % 4 === 0 ? [] : ["late", `code-${i % 3}`],
    doc: none ? null : JSON.parse(`{"__proto__":{"i":${i}},"s":"x"}`),
  };
}

/** The chunks of `count` rows from the in-thread encoder (`expected`) and from the threaded one (`chunks`). */
async function bothEncoders(count: number, rowGroupRows: number) {
  const inThread = parquetEncoder<Record<string, unknown>>(COLUMNS, { rowGroupRows });
  const threaded = threadedParquetEncoder<Record<string, unknown>>(COLUMNS, { rowGroupRows });
  const expected: Uint8Array[] = [];
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < count; i += 1) {
    expected.push(...inThread.add(row(i)));
    chunks.push(...threaded.add(row(i)));
  }
  expected.push(...inThread.finish());
  chunks.push(...(await threaded.finish()));
  await threaded.stop();
  return { expected, chunks };
}

describe("threadedParquetEncoder", () => {
  it("writes the in-thread encoder's bytes in the same chunks (3 groups of 4 and one of 2, then the footer)", async () => {
    const { expected, chunks } = await bothEncoders(14, 4);
    expect(expected).toHaveLength(5);
    expect(chunks.map((chunk) => Buffer.from(chunk))).toEqual(expected.map((chunk) => Buffer.from(chunk)));
  });

  it("the same file when this thread posts a group in parts (groups of 2500 rows, posted 1024 at a time)", async () => {
    const { expected, chunks } = await bothEncoders(6000, 2500);
    expect(expected).toHaveLength(4); // 2500, 2500, 1000 rows, then the footer
    expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true);
    expect(chunks.map((chunk) => chunk.length)).toEqual(expected.map((chunk) => chunk.length));
  });

  it("add waits while the worker is more than two row groups behind", async () => {
    const encoder = threadedParquetEncoder<Record<string, unknown>>(COLUMNS, { rowGroupRows: 1 });
    let chunks = 0;
    for (let i = 0; i < 6; i += 1) {
      chunks += encoder.add(row(i)).length;
      // After row i, i + 1 groups are posted: at least i - 1 are encoded and handed out (one chunk each).
      expect(chunks).toBeGreaterThanOrEqual(i - 1);
    }
    chunks += (await encoder.finish()).length;
    await encoder.stop();
    expect(chunks).toBe(7); // six groups (the first with the magic bytes), then the footer
  });

  it("an error in the worker (an INT64 out of range) rejects finish with the encoder's message", async () => {
    const big = { ...row(0), n: 2 ** 64 };
    expect(() => {
      const encoder = parquetEncoder<Record<string, unknown>>(COLUMNS);
      encoder.add(big);
      encoder.finish();
    }).toThrow("parquet INT64 value out of range: 18446744073709551616");
    const encoder = threadedParquetEncoder<Record<string, unknown>>(COLUMNS);
    encoder.add(big);
    await expect(encoder.finish()).rejects.toThrow("parquet INT64 value out of range: 18446744073709551616");
    await encoder.stop();
  });
});
