// End to end: valid events nested 100,000 levels deep, through every command and format of the built bin. No
// recursion over input depth (JSON.stringify overflowed the stack in `export --events`), and no JSON output nests
// deeper than jq 1.6 reads (256 levels): a value of an export row is cut at 64 levels, the rest written as a
// JSON string of its JSON text; a CSV cell holds at most the 32,767 characters of a spreadsheet cell.
//
// The dump is samples/outbound-sip-to-phone.ndjson (35 lines, 5 complete calls) with, in session s-0302-1000-01:
// line 1 its START with an unknown attribute extra_deep, an array nested 100,000 deep; line 2 the same START again
// (a webhook retry: a duplicate); line 3 the READY; line 4 its RING with data {"deep": {"a": {"a": ... 1}}},
// 100,000 objects under "deep"; line 5 that RING again with 2 for 1 at the bottom (a conflicting duplicate:
// invalid); line 6 the sample's line 4, its RINGRESULT, with that data sent as a JSON string (decoded when read);
// lines 7-37 the sample's lines 5-35.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { parseCsv } from "../support/safety.js";

const TIMEOUT = 120_000;
const DEPTH = 100_000;
const SESSION = "s-0302-1000-01";
const tmp = mkdtempSync(join(tmpdir(), "teltel-deep-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sample = readFileSync("samples/outbound-sip-to-phone.ndjson", "utf8").trimEnd().split("\n");
const deepArray = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;
const deepObject = (bottom: number) => `${'{"a":'.repeat(DEPTH)}${bottom}${"}".repeat(DEPTH)}`;
const withAttribute = (line: string, json: string) => `${line.slice(0, -1)},${json}}`;
const start = withAttribute(sample[0] as string, `"extra_deep":${deepArray}`);
const ring = (bottom: number) => withAttribute(sample[2] as string, `"data":{"deep":${deepObject(bottom)}}`);
const DUMP = join(tmp, "deep.ndjson");
const resultLine = withAttribute(
  sample[3] as string,
  `"data":${JSON.stringify(`{"deep":${deepObject(1)}}`)}`,
);
const lines = [start, start, sample[1], ring(1), ring(2), resultLine, ...sample.slice(4)];
writeFileSync(DUMP, `${lines.join("\n")}\n`);

/** Runs the bin; nothing may go to stderr (an internal error would), and the exit code must be `code`. */
async function output(args: string[], code = 0): Promise<string> {
  const run = await runBin(args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(code);
  return run.stdout;
}

/** jq 1.6 reads the text (it stops at 256 levels of nesting). */
function expectJqReads(text: string): void {
  const read = spawnSync("jq", ["-c", "."], { input: text, encoding: "utf8", maxBuffer: 1 << 28 });
  if (read.error !== undefined) throw read.error;
  expect(read.stderr).toBe("");
  expect(read.status).toBe(0);
}

/** Follows `step` from `value` while it is an array or object; how many levels that took, and what is there. */
function descend(value: unknown, step: (container: never) => unknown): { levels: number; bottom: unknown } {
  let levels = 0;
  let item = value;
  while (typeof item === "object" && item !== null) {
    levels += 1;
    item = step(item as never);
  }
  return { levels, bottom: item };
}

// What is left below level 64: the extra_deep array's 100,000 - 63 innermost arrays (extra is level 1, the
// outermost array level 2, so arrays 1-63 are kept), and data.deep's 100,000 - 63 innermost objects.
const REST = DEPTH - 63;
const ARRAY_REST = `${"[".repeat(REST)}${"]".repeat(REST)}`;
const OBJECT_REST = `${'{"a":'.repeat(REST)}1${"}".repeat(REST)}`;

describe("an event nested 100,000 deep, and its retries", { timeout: TIMEOUT }, () => {
  it("analyze: every format, one thread or two; the retry is a duplicate, the changed one invalid", async () => {
    const report = JSON.parse(await output(["analyze", "--format", "json", DUMP]));
    // 37 lines = 35 events + 1 duplicate (line 2) + 1 invalid (line 5, a conflicting duplicate).
    expect(report.input).toMatchObject({ lines: 37, events: 35, duplicates: 1, invalid: 1 });
    expect(report.calls.total).toBe(5);
    expect(report.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [5, "conflicting-duplicate"],
    ]);
    const threads = JSON.parse(await output(["analyze", "--format", "json", "--threads", "2", DUMP]));
    expect(threads.input).toEqual(report.input);
    for (const format of ["table", "csv", "html"]) {
      expect(await output(["analyze", "--format", format, DUMP])).not.toBe("");
    }
  });

  it("validate: every format; the conflicting duplicate is the one error", async () => {
    const result = JSON.parse(await output(["validate", "--format", "json", DUMP], 1));
    expect(result.summary).toMatchObject({ valid: 36, invalid: 1, duplicates: 1, errors: 1, warnings: 0 });
    expect(result.findings).toMatchObject([{ line: 5, code: "conflicting-duplicate", sessionId: SESSION }]);
    for (const format of ["text", "github", "junit"]) await output(["validate", "--format", format, DUMP], 1);
    await output(["validate", "--format", "json", "--threads", "2", DUMP], 1);
  });

  it("export (per call): every format", async () => {
    expect(parseCsv(await output(["export", DUMP]))).toHaveLength(6);
    expect(JSON.parse(await output(["export", "--format", "json", DUMP]))).toHaveLength(5);
    expect((await output(["export", "--format", "ndjson", DUMP])).trimEnd().split("\n")).toHaveLength(5);
    const file = join(tmp, "calls.parquet");
    await output(["export", "--format", "parquet", "-o", file, DUMP]);
    expect(await parquetReadObjects({ file: arrayBuffer(readFileSync(file)) })).toHaveLength(5);
  });

  it("export --events json and ndjson: jq reads them; values are cut at 64 levels, the rest as JSON text", async () => {
    const json = await output(["export", "--events", "--format", "json", DUMP]);
    expectJqReads(json);
    const ndjson = await output(["export", "--events", "--format", "ndjson", DUMP]);
    expectJqReads(ndjson);
    const rows = JSON.parse(json);
    expect(
      ndjson
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(rows);
    expect(rows).toHaveLength(35);
    // Rows come session by session as sessions finalise: this one completes last but one (10:04:48).
    const startRow = rows.find((row: { line: number }) => row.line === 1);
    const ringRow = rows.find((row: { line: number }) => row.line === 4);
    expect([startRow.event, ringRow.event, ringRow.session_id]).toEqual(["START", "RING", SESSION]);
    // extra (level 1) > extra_deep (2) > ... > the 63rd array (64) > a string: the 99,937 arrays below.
    const extra = descend(startRow.extra.extra_deep, (a: unknown[]) => a[0]);
    expect(extra).toEqual({ levels: 63, bottom: ARRAY_REST });
    const data = descend(ringRow.data.deep, (o: { a: unknown }) => o.a);
    expect(data).toEqual({ levels: 63, bottom: OBJECT_REST });
    // The same data sent as a JSON string is decoded, then cut the same way.
    const resultRow = rows.find((row: { line: number }) => row.line === 6);
    expect(resultRow.event).toBe("RINGRESULT");
    expect(descend(resultRow.data.deep, (o: { a: unknown }) => o.a)).toEqual({
      levels: 63,
      bottom: OBJECT_REST,
    });
  });

  it("export --events csv: the data cell is cut to 32,767 characters and says how long it was", async () => {
    const rows = parseCsv(await output(["export", "--events", DUMP]));
    const header = rows[0] as string[];
    const byLine = (line: number) =>
      rows.find((row) => row[header.indexOf("line")] === String(line)) as string[];
    const ringRow = byLine(4);
    expect(ringRow[header.indexOf("event")]).toBe("RING");
    const cell = ringRow[header.indexOf("data")] as string;
    // The capped data's JSON text: {"deep": + 63 times {"a": + the string (99,937 times {\"a\": of 7
    // characters, 1, 99,937 braces, 2 quotes) + 64 braces = 8 + 315 + 799,499 + 64 = 799,886 characters.
    const mark = "… [cut: 799,886 characters in all]";
    expect(cell).toHaveLength(32_767);
    expect(cell.endsWith(mark)).toBe(true);
    expect(cell.startsWith(`{"deep":${'{"a":'.repeat(63)}"{\\"a\\":`)).toBe(true);
    // The START's extra: {"extra_deep": + 63 [ + the quoted 199,874 brackets + 63 ] + } = 200,017 characters.
    const extraCell = byLine(1)[header.indexOf("extra")] as string;
    expect(extraCell.endsWith("… [cut: 200,017 characters in all]")).toBe(true);
  });

  it("export --events parquet: the JSON columns hold the capped values", async () => {
    const file = join(tmp, "events.parquet");
    await output(["export", "--events", "--format", "parquet", "-o", file, DUMP]);
    const rows = await parquetReadObjects({ file: arrayBuffer(readFileSync(file)) });
    expect(rows).toHaveLength(35);
    type Row = { event: string; data: { deep: unknown } };
    const byLine = (line: number) => rows.find((row) => Number(row.line) === line) as unknown as Row;
    const ringRow = byLine(4);
    const data = descend(ringRow.data.deep, (o: { a: unknown }) => o.a);
    expect(data).toEqual({ levels: 63, bottom: OBJECT_REST });
    // The same data sent as a JSON string is decoded, then cut the same way.
    const resultRow = byLine(6);
    expect(resultRow.event).toBe("RINGRESULT");
    expect(descend(resultRow.data.deep, (o: { a: unknown }) => o.a)).toEqual({
      levels: 63,
      bottom: OBJECT_REST,
    });
  });

  it("timeline: text and json", async () => {
    expect(await output(["timeline", SESSION, DUMP])).toContain(`Session ${SESSION}: outbound standard call`);
    const view = JSON.parse(await output(["timeline", "--format", "json", SESSION, DUMP]));
    expect(view.steps).toHaveLength(10);
    expect(view.inputProblems).toMatchObject([{ line: 5, code: "conflicting-duplicate" }]);
  });
});

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
