// End to end: `export --operators` of the hand-built day (figures as in scorecard.test.ts), read back by a CSV
// parser, by jq and by DuckDB (Parquet); the same rows as analyze's scorecard.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { parseCsv } from "../support/safety.js";

const DAY = "test/fixtures/scorecard/day.ndjson";
const tmp = mkdtempSync(join(tmpdir(), "teltel-scorecard-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ScoreRow {
  operator: string;
  callsHandled: number;
  talkTotalS: number;
  gap: { median: number | null };
  busyShare: number | null;
}

async function ok(args: string[]): Promise<string> {
  const result = await runBin(args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("export --operators (built bin)", { timeout: 60_000 }, () => {
  it("csv: one row per operator, most calls handled first", async () => {
    const rows = parseCsv(await ok(["export", "--operators", DAY]));
    expect(rows[0]).toEqual([
      ...["operator", "rings_offered", "rings_answered", "answer_rate", "missed_rings", "calls_handled"],
      ...["talk_mean_s", "talk_median_s", "talk_p90_s", "talk_total_s", "hung_up_first", "short_calls"],
      ...["gaps", "gap_median_s", "busy_share"],
    ]);
    // 31001: 5 rings, 3 answered, 2 missed (every), talk 60/180/7, 1 gap of 418 s, busy 247 / 1871.
    expect(rows.slice(1).map((r) => r.slice(0, 10))).toEqual([
      ["31001", "5", "3", "0.6", "2", "3", String(247 / 3), "60", "180", "247"],
      ["31002", "3", "3", "1", "0", "3", String(185 / 3), "60", "120", "185"],
      ["31003", "2", "0", "0", "2", "0", "", "", "", "0"],
    ]);
    expect(rows.slice(1).map((r) => r.slice(10))).toEqual([
      ["1", "1", "1", "418", String(247 / 1871)],
      ["2", "1", "2", "530", String(185 / 1863)],
      ["0", "0", "0", "", "0"],
    ]);
  });

  it("json (read by jq) with --missed-ring first and --short-call: the settings reach the rows", async () => {
    const text = await ok([
      "export",
      "--operators",
      "-f",
      "json",
      "--missed-ring",
      "first",
      "--short-call",
      "61",
      DAY,
    ]);
    const jq = spawnSync("jq", ["-c", "[.[] | [.operator, .missed_rings, .short_calls]]"], {
      input: text,
      encoding: "utf8",
    });
    expect(jq.status).toBe(0);
    // first: only s2's group, charged to 31003. Under 61 s: 31001 60 and 7; 31002 5 and 60.
    expect(JSON.parse(jq.stdout)).toEqual([
      ["31001", 0, 2],
      ["31002", 0, 2],
      ["31003", 1, 0],
    ]);
  });

  it("parquet (read by DuckDB): typed columns, the same figures as analyze's JSON scorecard", async () => {
    const file = join(tmp, "operators.parquet");
    await ok(["export", "--operators", "-f", "parquet", "-o", file, DAY]);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT operator, calls_handled, talk_total_s, gap_median_s, busy_share, typeof(calls_handled) AS t
         FROM read_parquet('${file}')`,
      );
      const rows = reader.getRowObjectsJson();
      const report = JSON.parse(await ok(["analyze", "--format", "json", "--by", "operator", DAY]));
      expect(rows).toEqual(
        (report.operators.rows as ScoreRow[]).map((r) => ({
          operator: r.operator,
          calls_handled: String(r.callsHandled),
          talk_total_s: r.talkTotalS,
          gap_median_s: r.gap.median,
          busy_share: r.busyShare,
          t: "BIGINT",
        })),
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("refuses --operators with --events", async () => {
    const result = await runBin(["export", "--operators", "--events", DAY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--operators and --events");
  });
});
