// End to end: the waits through the built bin — the same figures with 1 and 2 threads, the CSV tables read
// back, the JSON read by jq, a gate on a service level, the HTML panel and export's wait_s / closed. The
// fixtures' figures are hand-computed in test/report/waits.test.ts.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { parseCsv } from "../support/safety.js";

const BUCKETS = "test/fixtures/waits/buckets.ndjson";
const OPEN = "test/fixtures/waits/open-hours.ndjson";
const HOURS = [
  "--tz",
  "Europe/Riga",
  "--open-hours",
  "Mon-Fri 08:00-18:00, Sat 09:00-13:00, Sun 10:00-12:00",
];
const HOLIDAYS = ["--holidays", "test/fixtures/waits/holidays.txt"];
const TIMEOUT = 60_000;

async function ok(args: string[], code = 0): Promise<string> {
  const run = await runBin(args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(code);
  return run.stdout;
}

describe("waits (built bin)", { timeout: TIMEOUT }, () => {
  it("gives the same report with 1 and 2 threads (calls of one minute in different partitions)", async () => {
    const args = [...HOURS, ...HOLIDAYS, "--sl-threshold", "10,20,30,60", "--format", "json"];
    // Two runs, each of files in time order: buckets.ndjson (Mon 2 March 11:00-12:30 in Riga, all open) then
    // mixed-day (Wed 4 March 10:02-14:56 in Riga, all open); and open-hours.ndjson (4 open, 5 closed).
    for (const [files, offered, closed] of [
      [[BUCKETS, "samples/mixed-day.ndjson"], 16 + 14, 0],
      [[OPEN], 4, 5],
    ] as const) {
      const [one, two] = await Promise.all(
        ["1", "2"].map(async (threads) =>
          JSON.parse(await ok(["analyze", ...args, "--threads", threads, ...files])),
        ),
      );
      expect(two).toEqual(one);
      expect(one.problemCounts["incomplete-session"] ?? 0).toBeLessThanOrEqual(1); // mixed-day's one
      expect(one.waits.offered).toBe(offered);
      expect(one.kpis.inbound.offered).toBe(offered);
      expect(one.waits.closed.calls).toBe(closed);
    }
  });

  it("the CSV tables read back: answered and abandoned per bucket, the service levels", async () => {
    const buckets = parseCsv(await ok(["analyze", "--format", "csv", "--table", "wait-buckets", BUCKETS]));
    expect(buckets).toEqual([
      ["wait s", "answered", "abandoned", "answered within %"],
      ["0-5", "2", "2", "13.3"],
      ["5-10", "1", "1", "20"],
      ["10-20", "1", "0", "26.7"],
      ["20-30", "2", "0", "40"],
      ["30-60", "1", "1", "46.7"],
      ["60-120", "1", "0", "53.3"],
      ["120-300", "1", "0", "60"],
      ["300+", "1", "1", ""],
    ]);
    const waits = parseCsv(
      await ok(["analyze", "--format", "csv", "--table", "waits", ...HOURS, ...HOLIDAYS, OPEN]),
    );
    expect(waits.map((r) => r.join("="))).toEqual([
      "metric=value",
      "offered (inbound calls starting in --open-hours)=4",
      "answered=3",
      "abandoned (the caller hung up)=1",
      "ASA s (mean wait of answered calls)=14.3",
      "longest wait s (answered or abandoned)=40",
      "service level within 20 s %=50",
      "closed (inbound, started outside --open-hours)=5",
      "answered while closed=3",
      "abandoned while closed=2",
    ]);
  });

  it("jq reads the waits key", async () => {
    const text = await ok(["analyze", "--format", "json", "--sl-threshold", "10,20,30,60", BUCKETS]);
    const jq = spawnSync("jq", ["-c", "[.waits.serviceLevels[].answeredWithin, .waits.longestWaitS]"], {
      input: text,
      encoding: "utf8",
    });
    expect(jq.stderr).toBe("");
    expect(jq.stdout).toBe("[3,4,6,7,400]\n");
  });

  it("a gate on service_level_30 and asa: fails below its threshold, passes above it", async () => {
    const run = await runBin([
      "analyze",
      "--format",
      "json",
      "--sl-threshold",
      "20,30",
      "--fail-if",
      "service_level_30 < 50%",
      "--warn-if",
      "asa > 60",
      BUCKETS,
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    // 6 of 15 answered within 30 s; ASA 86.7 s over 10 answered calls.
    expect(
      report.gates.map((g: { status: string; value: number; n: number }) => [g.status, g.value, g.n]),
    ).toEqual([
      ["fail", 0.4, 15],
      ["fail", 86.7, 10],
    ]);
    const passing = await runBin([
      "analyze",
      "--sl-threshold",
      "20,30",
      "--fail-if",
      "service_level_30 < 30%",
      BUCKETS,
    ]);
    expect(passing.code).toBe(0);
  });

  it("the HTML report has the waits panel with its chart and numbers", async () => {
    const html = await ok(["analyze", "--format", "html", ...HOURS, OPEN]);
    expect(html).toContain(
      "<h2>Waiting callers (5 inbound calls in open hours (Mon-Fri 08:00-18:00, Sat 09:00-13:00, Sun 10:00-12:00))</h2>",
    );
    expect(html).toContain(
      "Closed (started outside the open hours, left out of these figures): 4 inbound calls",
    );
    expect(html).toContain("<figcaption>Answered and abandoned inbound calls per wait (s)");
  });

  it("export: wait_s per inbound call, closed with --open-hours", async () => {
    const rows = (await ok(["export", "--format", "ndjson", ...HOURS, ...HOLIDAYS, OPEN]))
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { session_id: string; wait_s: number | null; closed: boolean | null },
      );
    const by = Object.fromEntries(rows.map((r) => [r.session_id, [r.wait_s, r.closed]]));
    expect(by).toEqual({
      o1: [null, null], // outbound
      e1: [15, true], // 07:50 local: before opening, though it ends after
      e2: [25, false],
      e3: [8, false],
      e4: [12, true], // 18:00: the end is exclusive
      h1: [3, true], // holiday
      d1: [10, false],
      d2: [30, true],
      d3: [5, true],
      d4: [40, false],
    });
  });
});
