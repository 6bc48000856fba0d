// End to end: the load figures of the built bin on test/fixtures/load/ (hand-computed below), in JSON (read by
// jq), CSV (read back by a CSV parser), the terminal, HTML and gates; the same with --threads 1, 2 and 3.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { parseCsv } from "../support/safety.js";

const DAY = "test/fixtures/load/day.ndjson";

async function ok(args: string[]): Promise<string> {
  const result = await runBin(args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

async function loadOf(args: string[]) {
  return JSON.parse(await ok(["analyze", "--format", "json", ...args])).load;
}

// day.ndjson, 2026-03-04 (UTC; [from, to) in seconds, a call or leg ending at t is not in progress at t):
//   A inbound   call 09:58:30-10:01:31; caller READY 09:58:31 - LEAVE 10:01:30; rings to SIP (didtosip)
//   B outbound  call 10:00:10-10:01:05; ring to the phone 10:00:11 - RINGRESULT BUSY 10:00:20
//   C outbound  call 10:00:50-10:03:01; ring ANSWER 10:01:00 (not counted), phone READY 10:01:00 - LEAVE 10:03:00
//   D inbound   call 10:01:10-10:01:25; caller READY 10:01:10, no LEAVE (until COMPLETED 10:01:25);
//               two rings to phones (didtodid) 10:01:11 - NOANSWER 10:01:21
//   E inbound   call 23:59:00-00:01:00 (03-05); caller READY 23:59:00, no LEAVE; ring to SIP
// Calls in progress: A+B from 10:00:10, A+B+C 10:00:50-10:01:04 (3, the peak: A and B straddle it), then
// A+C+D 10:01:10-10:01:24 (3 again, later). Phone legs: A 09:58:31-10:01:30, B's ring 10:00:11-10:00:20,
// C 10:01:00-10:03:00, D's caller 10:01:10-10:01:25 and two rings 10:01:11-10:01:21: A+C+D+2 rings = 5 at
// 10:01:11. Call-seconds: hour 09: A 90; hour 10: A 91 + B 55 + C 131 + D 15 = 292 (the busy hour, 292/3600
// Erlangs); hour 23: E 60; 03-05 hour 00: E 60.
const hour = (
  day: string,
  h: number,
  peak: [number, string],
  legs: [number, string],
  callSeconds: number,
) => ({
  day,
  hour: h,
  peakConcurrent: peak[0],
  peakMinute: peak[1],
  peakPhoneLegs: legs[0],
  peakPhoneLegsMinute: legs[1],
  callSeconds,
  erlangs: callSeconds / 3600,
});

describe("load (built bin)", { timeout: 120_000 }, () => {
  it("json: the hand-computed peaks, busy hour, Erlangs per hour and per day (UTC)", async () => {
    expect(await loadOf([DAY])).toEqual({
      resolutionSeconds: 1,
      peakConcurrent: 3,
      peakMinute: "2026-03-04T10:00",
      peakPhoneLegs: 5,
      peakPhoneLegsMinute: "2026-03-04T10:01",
      callSeconds: 90 + 292 + 60 + 60,
      busyHour: { day: "2026-03-04", hour: 10, callSeconds: 292, erlangs: 292 / 3600 },
      byHour: [
        hour("2026-03-04", 9, [1, "2026-03-04T09:58"], [1, "2026-03-04T09:58"], 90),
        hour("2026-03-04", 10, [3, "2026-03-04T10:00"], [5, "2026-03-04T10:01"], 292),
        hour("2026-03-04", 23, [1, "2026-03-04T23:59"], [1, "2026-03-04T23:59"], 60),
        hour("2026-03-05", 0, [1, "2026-03-05T00:00"], [1, "2026-03-05T00:00"], 60),
      ],
      byDay: [
        {
          day: "2026-03-04",
          peakConcurrent: 3,
          peakMinute: "2026-03-04T10:00",
          peakPhoneLegs: 5,
          peakPhoneLegsMinute: "2026-03-04T10:01",
          callSeconds: 442,
        },
        {
          day: "2026-03-05",
          peakConcurrent: 1,
          peakMinute: "2026-03-05T00:00",
          peakPhoneLegs: 1,
          peakPhoneLegsMinute: "2026-03-05T00:00",
          callSeconds: 60,
        },
      ],
      hoursNotListed: 0,
    });
  });

  it("--tz Europe/Riga (UTC+2 in March): the same seconds in local hours; E is all on 03-05 (01:59-02:01)", async () => {
    const load = await loadOf(["--tz", "Europe/Riga", DAY]);
    expect(
      load.byHour.map((h: { day: string; hour: number; callSeconds: number }) => [
        h.day,
        h.hour,
        h.callSeconds,
      ]),
    ).toEqual([
      ["2026-03-04", 11, 90],
      ["2026-03-04", 12, 292],
      ["2026-03-05", 1, 60],
      ["2026-03-05", 2, 60],
    ]);
    expect(load.byDay.map((d: { day: string; callSeconds: number }) => [d.day, d.callSeconds])).toEqual([
      ["2026-03-04", 382],
      ["2026-03-05", 120],
    ]);
    expect(load.peakMinute).toBe("2026-03-04T12:00");
  });

  it("DST days in Europe/Riga: spring has no hour 03, autumn's hour 03 lasts 7200 s", async () => {
    // Both calls 00:30Z-01:30Z. 03-29: 02:30 EET -> 04:30 EEST. 10-25: 03:30 EEST -> 03:30 EET, one hour 03.
    const hours = async (file: string) =>
      (await loadOf(["--tz", "Europe/Riga", `test/fixtures/load/${file}`])).byHour.map(
        (h: { hour: number; callSeconds: number; erlangs: number }) => [h.hour, h.callSeconds, h.erlangs],
      );
    expect(await hours("dst-spring.ndjson")).toEqual([
      [2, 1800, 0.5],
      [4, 1800, 0.5],
    ]);
    expect(await hours("dst-autumn.ndjson")).toEqual([[3, 3600, 0.5]]);
  });

  it("the same load with --threads 1, 2 and 3 (calls of one minute in different partitions)", async () => {
    const files = [
      DAY,
      "samples/mixed-day.ndjson",
      "samples/inbound-parallel.ndjson",
      "samples/autodialer-predictive.ndjson",
    ];
    const [one, two, three] = await Promise.all(
      // Not through ok(): stderr may say that --threads 3 was lowered to the cores there are.
      ["1", "2", "3"].map(async (threads) => {
        const run = await runBin([
          "analyze",
          "--format",
          "json",
          "--threads",
          threads,
          "--tz",
          "Europe/Riga",
          ...files,
        ]);
        expect(run.code).toBe(0);
        return JSON.parse(run.stdout).load;
      }),
    );
    expect(one.byHour.length).toBeGreaterThan(4);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it("gates: peak_concurrent, peak_phone_legs and the busy hour's erlangs", async () => {
    const failed = await runBin(["analyze", "--format", "json", "--fail-if", "peak_concurrent > 2", DAY]);
    expect(failed.code).toBe(1);
    const gates = JSON.parse(failed.stdout).gates;
    expect(gates).toMatchObject([{ metric: "peak_concurrent", status: "fail", value: 3, n: 5 }]);
    const passed = await runBin([
      "analyze",
      "--format",
      "json",
      "--fail-if",
      "peak_phone_legs > 5",
      "--fail-if",
      "erlangs > 0.09",
      DAY,
    ]);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout).gates.map((g: { value: number }) => g.value)).toEqual([5, 292 / 3600]);
  });

  it("--baseline: the change of each load metric (the baseline, mixed-day.ndjson, as analyze reads it: peaks 2 and 2, busy hour 1538 s)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "teltel-load-"));
    try {
      const baseline = join(dir, "mixed-day.json");
      await ok(["analyze", "--format", "json", "-o", baseline, "samples/mixed-day.ndjson"]);
      const report = JSON.parse(await ok(["analyze", "--format", "json", "--baseline", baseline, DAY]));
      const delta = (metric: string) => report.delta.find((d: { metric: string }) => d.metric === metric);
      expect(delta("peak_concurrent")).toMatchObject({ value: 3, baseline: 2, change: 1 });
      expect(delta("peak_phone_legs")).toMatchObject({ value: 5, baseline: 2, change: 3 });
      expect(delta("erlangs")).toMatchObject({ value: 292 / 3600, baseline: 1538 / 3600 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("csv: the load-hours table read back; jq reads the load section", async () => {
    const rows = parseCsv(await ok(["analyze", "--format", "csv", "--table", "load-hours", DAY]));
    expect(rows[0]).toEqual([
      "day",
      "hour",
      "peak calls",
      "peak calls at",
      "peak phone legs",
      "peak legs at",
      "call-seconds",
      "Erlangs",
    ]);
    expect(rows[2]).toEqual([
      "2026-03-04",
      "10:00",
      "3",
      "2026-03-04T10:00",
      "5",
      "2026-03-04T10:01",
      "292",
      "0.081",
    ]);
    expect(rows.slice(1).map((r) => r[6])).toEqual(["90", "292", "60", "60"]);
    const json = await ok(["analyze", "--format", "json", DAY]);
    const jq = spawnSync(
      "jq",
      ["-c", "[.load.peakConcurrent, .load.busyHour.hour, (.load.byHour | length)]"],
      {
        input: json,
        encoding: "utf8",
      },
    );
    expect(jq.stdout.trim()).toBe("[3,10,4]");
  });

  it("terminal and HTML: the load tables, and the peak line over the calls chart", async () => {
    const text = await ok(["analyze", DAY]);
    expect(text).toContain("Load (calls in progress START -> COMPLETED, per second; times in UTC)");
    expect(text).toMatch(/│ peak concurrent calls\s+│ 3 /);
    expect(text).toContain("Load per hour");
    const html = await ok(["analyze", "--format", "html", DAY]);
    expect(html).toContain("Load: calls and phone legs in progress at once");
    expect(html).toContain("peak concurrent calls");
    // The chart's numbers: hours 09 and 10 (START hours 09, 10, 23), peaks 1, 3 and 1.
    expect(html).toMatch(/<th scope="row">10:00<\/th>(<td[^>]*>[^<]*<\/td>){5}<td class="n">3<\/td><\/tr>/);
  });
});
