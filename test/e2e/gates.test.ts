// End to end: analyze's gates and baseline through the built bin on samples/, with figures counted by hand
// from samples/README.md (the call-by-call table of mixed-day.ndjson and the hand-counted figures table).
//
// mixed-day.ndjson: 37 complete calls (#1-#37; #38 is still talking at the end and left out), 19 answered:
// ASR 19/37 = 51.35 %. By START hour (calls, answered, from the call table):
//   08: #1-#10, answered #1 #2 #4 #8 #9        = 5/10 = 50.0 %
//   09: #11-#18, answered #11 #13 #15 #16      = 4/8  = 50.0 %
//   10: #19-#25, answered #19 #22 #24 #25      = 4/7  = 57.1 %
//   11: #26-#32, answered #27 #28 #32          = 3/7  = 42.9 %
//   12: #33-#37, answered #33 #35 #37          = 3/5  = 60.0 %
// Inbound calls by hour (offered, abandoned: unanswered and hung up by the phone):
//   08: #1 #3 #8 #10, abandoned #3 #10 = 2/4 = 50 %;  09: #11 #13 #17, abandoned #17 = 1/3 = 33.3 %
//   10: #19 #24 #25, none = 0 %;  11: #27 #30, abandoned #30 = 1/2 = 50 %;  12: #33 #37, none = 0 %
// By operator (the first SIP user to JOIN): every answered call but #25 (transferred to a mobile, no SIP
// party) has one, and a call without an answer has none. So every operator's ASR is 100 %, and the group
// without an operator holds the 18 unanswered calls and #25: 1/19 = 5.3 %.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { firstUnsafe, parseCsv } from "../support/safety.js";

const TIMEOUT = 30_000;
const MIXED = "samples/mixed-day.ndjson";

interface GroupResult {
  key: string | null;
  status: string;
  value: number | null;
  n: number;
  baseline?: number | null;
}
interface GateResult {
  expr: string;
  level: string;
  status: string;
  value: number | null;
  threshold: number | null;
  baseline?: number | null;
  n: number;
  by?: string;
  groups?: GroupResult[];
}
interface Delta {
  metric: string;
  value: number | null;
  baseline: number | null;
  change: number | null;
  z: number | null;
  withinNoise: boolean | null;
}
interface Report {
  reportVersion: number;
  gates?: GateResult[];
  baseline?: { file: string; settingsMatch: boolean; calls: number };
  delta?: Delta[];
}

const tmp = mkdtempSync(join(tmpdir(), "teltel-gates-e2e-"));
const BASELINE = join(tmp, "mixed-day.json");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  const made = await runBin(["analyze", MIXED, "--format", "json", "--by", "hour"]);
  writeFileSync(BASELINE, made.stdout);
}, TIMEOUT);

async function json(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runBin(["analyze", "--format", "json", ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

function groups(gate: GateResult | undefined): [string | null, string, number | null, number][] {
  return (gate?.groups ?? []).map((g) => [g.key, g.status, g.value, g.n]);
}

describe.concurrent("analyze gates on the samples", { timeout: TIMEOUT }, () => {
  it("--fail-if 'asr < 60%' exits 1 and says which gate failed, with its value", async () => {
    const r = await runBin(["analyze", MIXED, "--fail-if", "asr < 60%"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Gates: 0 of 1 hold, 1 failed (1 error, 0 warnings), 0 skipped");
    const row = r.stdout.split("\n").find((line) => line.includes("asr < 60%"));
    // gate, level, result, group, value, threshold, baseline, n, unit
    expect(row?.split("│").map((c) => c.trim())).toEqual([
      "",
      "asr < 60%",
      "error",
      "✗ fail",
      "-",
      "51.4%",
      "60.0%",
      "-",
      "37",
      "%",
      "",
    ]);
  });

  it("--fail-if 'asr{operator:*} < 50%' names each failing operator group", async () => {
    const r = await runBin(["analyze", MIXED, "--fail-if", "asr{operator:*} < 50%"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("1 of 6 operator groups fail");
    expect(r.stdout).toMatch(/│ +operator \(none\) +│ 5\.3% +│ +50\.0% │/);
    const { report } = await json([MIXED, "--fail-if", "asr{operator:*} < 50%"]);
    const gate = report.gates?.[0];
    expect(gate).toMatchObject({ status: "fail", by: "operator", value: null, threshold: 0.5, n: 37 });
    expect(groups(gate)[0]).toEqual([null, "fail", 1 / 19, 19]);
    // Every operator answered all their calls: 18 answered calls, each in a passing group.
    expect(
      groups(gate)
        .slice(1)
        .every(([key, status, value]) => key !== null && status === "pass" && value === 1),
    ).toBe(true);
    expect(groups(gate).reduce((sum, [, , , n]) => sum + n, 0)).toBe(37);
  });

  it("lists several failing groups of a selector, by hour", async () => {
    const { code, report } = await json([
      MIXED,
      "--fail-if",
      "asr{hour:*} < 55%",
      "--warn-if",
      "abandon_rate{hour:*} > 40%",
      "--fail-if",
      "abandon_rate{hour:7} > 10%",
    ]);
    expect(code).toBe(1);
    // --fail-if gates come first, then --warn-if gates (then those of --gates FILE).
    const [asr, empty, abandon] = report.gates ?? [];
    // Worst first: 11 is 12.1 points under 55 %, 08 and 09 5 points (08 over more calls).
    expect(groups(asr)).toEqual([
      ["11", "fail", 3 / 7, 7],
      ["08", "fail", 5 / 10, 10],
      ["09", "fail", 4 / 8, 8],
      ["10", "pass", 4 / 7, 7],
      ["12", "pass", 3 / 5, 5],
    ]);
    expect(abandon).toMatchObject({ level: "warn", status: "fail" });
    expect(groups(abandon)).toEqual([
      ["08", "fail", 2 / 4, 4],
      ["11", "fail", 1 / 2, 2],
      ["09", "pass", 1 / 3, 3],
      ["10", "pass", 0, 3],
      ["12", "pass", 0, 2],
    ]);
    // No call started at 07: the group is empty, the gate skipped (n=0), not passed.
    expect(empty).toMatchObject({
      status: "skip",
      n: 0,
      groups: [{ key: "07", status: "skip", value: null, n: 0 }],
    });
  });

  it("shows an empty group as skip (n=0) in the table and exits 0", async () => {
    const r = await runBin(["analyze", MIXED, "--fail-if", "abandon_rate{hour:07} > 10%"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ abandon_rate\{hour:07\} > 10% │ error │ skip \(n=0\) │/);
  });

  it("writes the gates table as CSV, failing groups under their gate", async () => {
    const r = await runBin([
      "analyze",
      MIXED,
      "-f",
      "csv",
      "--table",
      "gates",
      "--fail-if",
      "abandon_rate{hour:*} > 40%",
    ]);
    expect(r.code).toBe(1);
    expect(parseCsv(r.stdout)).toEqual([
      ["gate", "level", "result", "group", "value", "threshold", "baseline", "n", "unit"],
      ["abandon_rate{hour:*} > 40%", "error", "✗ fail", "2 of 5 hour groups fail", "", "40", "", "14", "%"],
      ["abandon_rate{hour:*} > 40%", "error", "✗ fail", "  hour 08:00", "50", "40", "", "4", "%"],
      ["abandon_rate{hour:*} > 40%", "error", "✗ fail", "  hour 11:00", "50", "40", "", "2", "%"],
    ]);
  });

  it("a report compared with itself as baseline shows zero deltas and exits 0", async () => {
    for (const threads of ["1", "2"]) {
      const { code, report } = await json([
        MIXED,
        "--threads",
        threads,
        "--baseline",
        BASELINE,
        "--fail-if",
        "asr < baseline - 5pp",
        "--fail-if",
        "abandon_rate{hour:*} > baseline",
      ]);
      expect(code).toBe(0);
      expect(report.baseline).toMatchObject({ file: BASELINE, settingsMatch: true, calls: 37 });
      for (const d of report.delta ?? [])
        expect(d.change === 0 || (d.change === null && d.value === null)).toBe(true);
      expect(report.delta?.find((d) => d.metric === "asr")).toMatchObject({
        change: 0,
        z: 0,
        withinNoise: true,
      });
      expect(report.gates?.map((g) => g.status)).toEqual(["pass", "pass"]);
      // Each hour is compared with the same hour of the baseline (made with --by hour).
      expect(report.gates?.[1]?.groups?.map((g) => [g.key, g.baseline])).toEqual([
        ["08", 0.5],
        ["09", 1 / 3],
        ["10", 0],
        ["11", 0.5],
        ["12", 0],
      ]);
    }
    const table = await runBin(["analyze", MIXED, "--baseline", BASELINE]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ asr +│ % +│ +51\.4% │ +51\.4% │ +0\.0 │ +0\.0% │ ~ +│/);
  });

  it("compares another dump with the baseline: change in percentage points, ~ within noise", async () => {
    // inbound-parallel: 4 calls, 3 answered (75 %); the baseline mixed-day: 19/37 = 51.35 %.
    // change = 0.75 - 0.513514 = +0.236486 (23.6 pp). Pooled p = 22/41 = 0.536585; p(1-p) = 0.248662;
    // 1/4 + 1/37 = 0.277027; standard error = sqrt(0.248662 * 0.277027) = 0.262461;
    // z = 0.236486 / 0.262461 = 0.9010 < 1.96: within noise (~), 4 calls are too few to tell.
    const { code, report } = await json([
      "samples/inbound-parallel.ndjson",
      "--baseline",
      BASELINE,
      "--fail-if",
      "asr > baseline + 20pp",
      "--fail-if",
      "asr > baseline + 25pp",
      "--fail-if",
      "calls < baseline - 90%",
    ]);
    const asr = report.delta?.find((d) => d.metric === "asr");
    expect(asr?.change).toBeCloseTo(0.236486, 6);
    expect(asr?.z).toBeCloseTo(0.901, 3);
    expect(asr?.withinNoise).toBe(true);
    // calls: 4 against 37, -33.
    expect(report.delta?.find((d) => d.metric === "calls")).toMatchObject({
      value: 4,
      baseline: 37,
      change: -33,
    });
    // 75 % > 51.35 % + 20 pp = 71.35 %: fails; > 76.35 %: holds. calls 4 < 37 - 90 % = 3.7: holds.
    expect(report.gates?.map((g) => g.status)).toEqual(["fail", "pass", "pass"]);
    expect(report.gates?.[0]?.threshold).toBeCloseTo(0.713514, 6);
    expect(report.gates?.[2]?.threshold).toBeCloseTo(3.7, 9);
    expect(code).toBe(1);
    // The same as a CSV table: ASR 75 against 51.4, +23.6 pp, +46.1 % (0.236486 / 0.513514), within noise;
    // talk per answered call: inbound-parallel's mean is 160.7 s against 223.1 s.
    const csv = await runBin([
      "analyze",
      "samples/inbound-parallel.ndjson",
      "-f",
      "csv",
      "--table",
      "delta",
      "--baseline",
      BASELINE,
    ]);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([
      "metric",
      "unit",
      "value",
      "baseline",
      "change (pp for %)",
      "change %",
      "noise",
    ]);
    expect(rows.find((row) => row[0] === "asr")).toEqual(["asr", "%", "75", "51.4", "23.6", "46.1", "~"]);
    expect(rows.find((row) => row[0] === "calls")).toEqual(["calls", "", "4", "37", "-33", "-89.2", ""]);
  });

  it("refuses a baseline made with other settings, and accepts it with --baseline-any", async () => {
    const r = await runBin(["analyze", MIXED, "--short-abandon", "10", "--baseline", BASELINE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `teltel-events: --baseline ${BASELINE} was made with other settings (kpis.shortAbandonSeconds 5 there, 10 here): run with the same options, or add --baseline-any.\n`,
    );
    const any = await runBin([
      "analyze",
      MIXED,
      "--short-abandon",
      "10",
      "--baseline",
      BASELINE,
      "--baseline-any",
    ]);
    expect(any.code).toBe(0);
    expect(any.stdout).toMatch(/│ settings match +│ no \(--baseline-any\) +│/);
    expect(any.stdout).toMatch(/│ {3}kpis\.shortAbandonSeconds │ 10 here, 5 in the baseline +│/);
  });

  it("a typo in a metric name exits 2 before reading any input", async () => {
    // The named input does not exist and stdin carries a dump: the gate is refused first.
    const r = await runBin([
      "analyze",
      "no-such-dump.ndjson",
      "--fail-if",
      "asr < 60%",
      "--fail-if",
      "answr_rate < 60%",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "teltel-events: --fail-if 'answr_rate < 60%': unknown metric \"answr_rate\" (the README lists them).\n",
    );
    const typo = await runBin(["analyze", "--fail-if", "abandon_rat > 10%"], { input: "not even json\n" });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'teltel-events: --fail-if \'abandon_rat > 10%\': unknown metric "abandon_rat" (did you mean "abandon_rate"?) (the README lists them).\n',
    );
  });

  it("keeps hostile group keys out of the annotations and the table", async () => {
    // hostile.ndjson by operator: 31002 (1 call, answered), hasOwnProperty (1, answered), constructor, an
    // operator with U+202E and one with ESC (0 calls: only hang-ups), and 7 calls without an operator.
    const r = await runBin([
      "analyze",
      "samples/hostile.ndjson",
      "--gates-format",
      "github",
      "--fail-if",
      "asr{operator:*} > 0%",
      "--fail-if",
      "asr{operator:__proto__} < 50%",
      "--fail-if",
      "asr{operator:hasOwnProperty} > 50%",
    ]);
    expect(r.code).toBe(1);
    expect(firstUnsafe(r.stdout)).toBeUndefined();
    expect(firstUnsafe(r.stderr)).toBeUndefined();
    // The worst group of each failed gate first, then the other failing groups.
    expect(r.stderr.split("\n")).toEqual([
      "::error title=gate asr{operator%3A*} > 0%25::asr{operator:*} > 0%25 for operator 31002: 100%25 (n=1)",
      "::error title=gate asr{operator%3AhasOwnProperty} > 50%25::asr{operator:hasOwnProperty} > 50%25 for operator hasOwnProperty: 100%25 (n=1)",
      "::error title=gate asr{operator%3A*} > 0%25::asr{operator:*} > 0%25 for operator hasOwnProperty: 100%25 (n=1)",
      "teltel-events analyze: 3 gates, 2 failed, 0 warnings, 1 skipped",
      "",
    ]);
  });
});
