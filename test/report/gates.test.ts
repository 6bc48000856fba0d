// Gate evaluation: both directions of every comparator, units, selectors with several failing groups, empty
// groups (skip, n=0), the baseline operand in pp and %, and which results fail the run.
import { describe, expect, it } from "vitest";
import { parseGate } from "../../src/report/gate-expr.js";
import {
  compare,
  evaluateGates,
  type GateLevel,
  type GateResult,
  gatesFailed,
  gatesSkipped,
} from "../../src/report/gates.js";

/** The KPI fields of one group as the JSON report writes them (only those the tests read). */
function kpis(calls: number, answered: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    calls,
    answered,
    asr: calls === 0 ? null : answered / calls,
    talk: {
      count: answered,
      mean: answered === 0 ? null : 100,
      median: null,
      p90: null,
      totalS: 100 * answered,
    },
    ...extra,
  };
}

// A report: 10 calls, 4 answered (ASR 40 %), talk mean 100 s over the 4 answered calls; 5 inbound offered,
// 2 abandoned (abandon rate 40 %). By operator: 31001 3/3, 31002 1/4, (none) 0/3. By hour: 08 and 09.
const REPORT = {
  input: { lines: 50, blank: 0, events: 48, invalid: 2, duplicates: 0, late: 0 },
  sessions: { total: 11, incomplete: 1 },
  kpis: kpis(10, 4, { inbound: { offered: 5, abandoned: 2, shortAbandoned: 0 } }),
  breakdowns: [
    {
      by: "operator",
      groups: [
        { key: "31002", ...kpis(4, 1) },
        { key: "31001", ...kpis(3, 3) },
        { key: null, ...kpis(3, 0) },
      ],
      other: null,
    },
    {
      by: "hour",
      groups: [
        { key: "08", ...kpis(6, 1) },
        { key: "09", ...kpis(4, 3) },
      ],
      other: null,
    },
  ],
};

function run(
  text: string,
  report: unknown = REPORT,
  baseline?: unknown,
  level: GateLevel = "error",
): GateResult {
  const parsed = parseGate(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const [result] = evaluateGates([{ gate: parsed.gate, level }], report, baseline);
  return result as GateResult;
}

describe("compare", () => {
  // Each comparator on a value below, equal to and above the threshold 5: fail-if holds (true) exactly when the
  // comparison is true, in both directions (CDR-Stats' "is less than" alarm fired the wrong way round).
  it.each([
    ["<", [true, false, false]],
    ["<=", [true, true, false]],
    [">", [false, false, true]],
    [">=", [false, true, true]],
    ["==", [false, true, false]],
    ["!=", [true, false, true]],
  ] as const)("%s on 4, 5, 6 against 5", (op, expected) => {
    expect([4, 5, 6].map((v) => compare(v, op, 5))).toEqual(expected);
  });

  it("takes values equal up to rounding of the last bits as equal", () => {
    // 0.6 - 0.05 is 0.5499999999999999 in floating point, not 0.55.
    expect(compare(0.55, "<", 0.6 - 0.05)).toBe(false);
    expect(compare(0.55, "<=", 0.6 - 0.05)).toBe(true);
    expect(compare(0.55, "==", 0.6 - 0.05)).toBe(true);
  });
});

describe("evaluateGates", () => {
  it("fails a gate whose condition holds and passes it the other way round", () => {
    // ASR is 4/10 = 40 %.
    expect(run("asr < 50%")).toMatchObject({
      status: "fail",
      value: 0.4,
      threshold: 0.5,
      n: 10,
      level: "error",
    });
    expect(run("asr > 50%")).toMatchObject({ status: "pass", value: 0.4 });
    expect(run("asr < 30%").status).toBe("pass");
    expect(run("asr > 30%").status).toBe("fail");
    expect(run("asr <= 40%").status).toBe("fail");
    expect(run("asr < 40%").status).toBe("pass");
    expect(run("asr >= 0.4").status).toBe("fail");
    expect(run("asr == 40%").status).toBe("fail");
    expect(run("asr != 40%").status).toBe("pass");
  });

  it("compares durations in their units and counts as numbers", () => {
    // talk.mean is 100 s: 2m = 120 s, 90s, 100000ms = 100 s.
    expect(run("talk.mean > 2m").status).toBe("pass");
    expect(run("talk.mean > 90s").status).toBe("fail");
    expect(run("acd >= 100000ms").status).toBe("fail");
    expect(run("acd > 1.5m")).toMatchObject({ status: "fail", value: 100, threshold: 90, n: 4 });
    expect(run("invalid > 0")).toMatchObject({ status: "fail", value: 2, n: 50 });
    expect(run("invalid > 2").status).toBe("pass");
    // invalid_share = 2 / (50 - 0 blank) = 4 %; incomplete_share = 1/11 = 9.1 %.
    expect(run("invalid_share > 3%")).toMatchObject({ status: "fail", value: 0.04, n: 50 });
    expect(run("incomplete_share > 9%")).toMatchObject({ status: "fail", value: 1 / 11 });
    expect(run("incomplete_share > 10%").status).toBe("pass");
    expect(run("abandon_rate >= 40%")).toMatchObject({ status: "fail", value: 0.4, n: 5 });
  });

  it("lists every group of a selector, failing ones first (worst first), and fails when any fails", () => {
    // ASR by operator: 31002 1/4 = 25 %, 31001 3/3 = 100 %, (none) 0/3 = 0 %. (none) is 50 points below
    // the threshold, 31002 25 points: (none) is the worst and comes first, though the breakdown lists it last.
    const result = run("asr{operator:*} < 50%");
    expect(result).toMatchObject({ status: "fail", value: null, threshold: 0.5, by: "operator", n: 10 });
    expect(result.groups?.map((g) => [g.key, g.status, g.value, g.n])).toEqual([
      [null, "fail", 0, 3],
      ["31002", "fail", 0.25, 4],
      ["31001", "pass", 1, 3],
    ]);
    // Above the threshold for >: 31001 (100 %) is 90 points over 10 %, 31002 (25 %) 15 points.
    expect(run("asr{operator:*} > 10%").groups?.map((g) => [g.key, g.status])).toEqual([
      ["31001", "fail"],
      ["31002", "fail"],
      [null, "pass"],
    ]);
    expect(
      run("asr{operator:*} < 10%")
        .groups?.filter((g) => g.status === "fail")
        .map((g) => g.key),
    ).toEqual([null]);
    expect(run("asr{operator:*} > 100%").status).toBe("pass");
    // One key: only that group.
    expect(run("asr{operator:31001} < 50%").groups).toEqual([
      { key: "31001", status: "pass", value: 1, threshold: 0.5, n: 3 },
    ]);
    // By hour: 08 1/6, 09 3/4.
    expect(run("asr{hour:*} < 80%").groups?.map((g) => g.status)).toEqual(["fail", "fail"]);
  });

  it("skips a gate over nothing (n=0), never passes it", () => {
    const empty = { ...REPORT, kpis: kpis(0, 0), breakdowns: [{ by: "hour", groups: [], other: null }] };
    expect(run("asr < 50%", empty)).toMatchObject({ status: "skip", reason: "no-data", value: null, n: 0 });
    expect(run("calls < 5", empty)).toMatchObject({ status: "skip", n: 0 });
    expect(run("asr{hour:*} < 50%", empty)).toMatchObject({ status: "skip", groups: [] });
    // A key that had no calls is judged as an empty group.
    expect(run("asr{hour:07} < 50%")).toMatchObject({
      status: "skip",
      reason: "no-data",
      groups: [{ key: "07", status: "skip", reason: "no-data", value: null, n: 0 }],
    });
    // A group with calls but none answered has no talk time: that group is skipped, the others judged.
    // Both fail by as much (100 s against 50 s): the one over more calls comes first.
    const talk = run("talk.mean{operator:*} > 50s");
    expect(talk.status).toBe("fail");
    expect(talk.groups?.map((g) => [g.key, g.status, g.n])).toEqual([
      ["31001", "fail", 3],
      ["31002", "fail", 1],
      [null, "skip", 0],
    ]);
    // A dimension that is not in the report (not asked for with --by) has no groups: skip.
    expect(run("asr{campaign:*} < 50%")).toMatchObject({ status: "skip", groups: [] });
  });

  it("compares with the baseline in percentage points and in per cent", () => {
    // Baseline: ASR 6/10 = 60 %, talk mean 80 s; now ASR 40 %, talk mean 100 s.
    const baseline = { ...REPORT, kpis: { ...kpis(10, 6), talk: { count: 6, mean: 80 } } };
    // 60 % - 5pp = 55 %: 40 % < 55 % holds.
    expect(run("asr < baseline - 5pp", REPORT, baseline)).toMatchObject({
      status: "fail",
      value: 0.4,
      baseline: 0.6,
    });
    expect(run("asr < baseline - 5pp", REPORT, baseline).threshold).toBeCloseTo(0.55, 12);
    // 60 % - 25pp = 35 %: 40 % is not below.
    expect(run("asr < baseline - 25pp", REPORT, baseline).status).toBe("pass");
    // Relative: 60 % less 30 % of it = 42 %; 40 % < 42 %.
    expect(run("asr < baseline - 30%", REPORT, baseline).threshold).toBeCloseTo(0.42, 12);
    expect(run("asr < baseline - 30%", REPORT, baseline).status).toBe("fail");
    // 80 s + 25 % = 100 s: 100 > 100 does not hold, 100 >= 100 does.
    expect(run("talk.mean > baseline + 25%", REPORT, baseline)).toMatchObject({
      status: "pass",
      threshold: 100,
    });
    expect(run("talk.mean >= baseline + 25%", REPORT, baseline).status).toBe("fail");
    // 80 s + 30 s = 110 s.
    expect(run("talk.mean > baseline + 30s", REPORT, baseline)).toMatchObject({
      status: "pass",
      threshold: 110,
    });
    expect(run("asr != baseline", REPORT, REPORT)).toMatchObject({
      status: "pass",
      baseline: 0.4,
      threshold: 0.4,
    });
  });

  it("compares each group with the same group of the baseline, and skips a group the baseline lacks", () => {
    const baseline = {
      ...REPORT,
      breakdowns: [{ by: "operator", groups: [{ key: "31002", ...kpis(4, 3) }], other: null }],
    };
    const result = run("asr{operator:*} < baseline - 10pp", REPORT, baseline);
    expect(result.status).toBe("fail");
    expect(result.groups?.map((g) => [g.key, g.status, g.reason, g.baseline])).toEqual([
      ["31002", "fail", undefined, 0.75],
      ["31001", "skip", "no-baseline", null],
      [null, "skip", "no-baseline", null],
    ]);
    expect(run("asr < baseline", REPORT, { ...REPORT, kpis: kpis(0, 0) })).toMatchObject({
      status: "skip",
      reason: "no-baseline",
      value: 0.4,
    });
  });

  it("fails the run only on a failed error-level gate", () => {
    expect(gatesFailed([run("asr < 50%")])).toBe(true);
    expect(gatesFailed([run("asr < 50%", REPORT, undefined, "warn")])).toBe(false);
    expect(gatesFailed([run("asr > 50%"), run("asr{hour:07} < 50%")])).toBe(false);
  });

  it("tells a skipped error-level gate (what --fail-on-skip fails on) from a skipped warning", () => {
    const empty = { ...REPORT, kpis: kpis(0, 0) };
    expect(gatesSkipped([run("asr > 50%"), run("asr < 60%", empty)])).toBe(true);
    expect(gatesSkipped([run("asr < 60%", empty, undefined, "warn")])).toBe(false);
    expect(gatesSkipped([run("asr > 50%"), run("asr < 50%")])).toBe(false);
  });

  it("reads a hand-edited or foreign baseline without crashing", () => {
    for (const bad of [
      null,
      7,
      "x",
      [],
      { kpis: "no" },
      { kpis: { calls: "10", answered: 4 } },
      { breakdowns: {} },
    ])
      expect(run("asr{operator:*} < baseline", REPORT, bad).status).toBe("skip");
  });
});
