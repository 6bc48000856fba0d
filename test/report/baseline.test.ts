// Baseline comparison: the two-proportion z-test on hand-computed cases, deltas in percentage points and per
// cent, and the settings a baseline must share with the run.
import { describe, expect, it } from "vitest";
import {
  compareWithBaseline,
  hasBreakdown,
  type MetricDelta,
  notAReport,
  settingDifferences,
  summarizeBaseline,
  twoProportionZ,
  Z_NOISE,
} from "../../src/report/baseline.js";

describe("twoProportionZ", () => {
  it("marks a 5-point drop over 40 calls as noise", () => {
    // 22/40 = 55 % now, 24/40 = 60 % before. Pooled p = 46/80 = 0.575; p(1-p) = 0.575 * 0.425 = 0.244375;
    // 1/40 + 1/40 = 0.05; standard error = sqrt(0.244375 * 0.05) = sqrt(0.01221875) = 0.110538;
    // z = (0.55 - 0.60) / 0.110538 = -0.4523: |z| < 1.96, within noise.
    const z = twoProportionZ(22, 40, 24, 40) as number;
    expect(z).toBeCloseTo(-0.4523, 4);
    expect(Math.abs(z) < Z_NOISE).toBe(true);
  });

  it("marks a 20-point drop over 200 calls as significant", () => {
    // 110/200 = 55 % now, 150/200 = 75 % before. Pooled p = 260/400 = 0.65; p(1-p) = 0.2275;
    // 1/200 + 1/200 = 0.01; standard error = sqrt(0.002275) = 0.0476970; z = -0.20 / 0.0476970 = -4.1931.
    const z = twoProportionZ(110, 200, 150, 200) as number;
    expect(z).toBeCloseTo(-4.1931, 4);
    expect(Math.abs(z) < Z_NOISE).toBe(false);
  });

  it("gives 0 for two equal proportions at 0 % or 100 %, and null when a side has no calls", () => {
    expect(twoProportionZ(0, 10, 0, 30)).toBe(0);
    expect(twoProportionZ(10, 10, 30, 30)).toBe(0);
    expect(twoProportionZ(0, 0, 3, 30)).toBeNull();
  });
});

/** A report's JSON with the fields the deltas read. */
function report(
  calls: number,
  answered: number,
  talkMean: number | null,
  invalid = 0,
): Record<string, unknown> {
  return {
    reportVersion: 1,
    input: { lines: 100, blank: 0, events: 100 - invalid, invalid, duplicates: 0, late: 0 },
    sessions: { total: calls, incomplete: 0 },
    kpis: {
      calls,
      answered,
      asr: answered / calls,
      talk: {
        count: answered,
        mean: talkMean,
        median: talkMean,
        p90: talkMean,
        totalS: (talkMean ?? 0) * answered,
      },
      inbound: { offered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinThreshold: 0 },
    },
  };
}

function delta(deltas: MetricDelta[], metric: string): MetricDelta {
  const found = deltas.find((d) => d.metric === metric);
  if (found === undefined) throw new Error(`no delta for ${metric}`);
  return found;
}

describe("compareWithBaseline", () => {
  it("gives rates in percentage points with the noise mark, times and counts as absolute and relative changes", () => {
    const deltas = compareWithBaseline(report(40, 22, 120, 3), report(40, 24, 100, 0));
    const asr = delta(deltas, "asr");
    // 55 % - 60 % = -5 percentage points (-0.05); relative -0.05 / 0.60 = -8.33 %; z as above.
    expect(asr.change).toBeCloseTo(-0.05, 12);
    expect(asr.relativeChange).toBeCloseTo(-0.0833333, 6);
    expect(asr.z).toBeCloseTo(-0.4523, 4);
    expect(asr).toMatchObject({ kind: "rate", value: 0.55, baseline: 0.6, withinNoise: true });
    // 120 s against 100 s: +20 s, +20 %; no z-test for times.
    expect(delta(deltas, "talk.mean")).toEqual({
      metric: "talk.mean",
      kind: "duration",
      value: 120,
      baseline: 100,
      change: 20,
      relativeChange: 0.2,
      z: null,
      withinNoise: null,
    });
    expect(delta(deltas, "acd")).toMatchObject({ value: 120, baseline: 100, change: 20 });
    expect(delta(deltas, "calls")).toMatchObject({ value: 40, baseline: 40, change: 0, relativeChange: 0 });
    // 3 invalid lines against 0: +3, no relative change from 0.
    expect(delta(deltas, "invalid")).toMatchObject({
      value: 3,
      baseline: 0,
      change: 3,
      relativeChange: null,
    });
    // invalid_share 3/100 against 0/100: +3pp; pooled 3/200, se = sqrt(0.015 * 0.985 * 0.02) = 0.017190,
    // z = 0.03 / 0.017190 = 1.7452: still within noise.
    expect(delta(deltas, "invalid_share").z).toBeCloseTo(1.7452, 4);
    expect(delta(deltas, "invalid_share").withinNoise).toBe(true);
  });

  it("shows zero change for a report compared with itself", () => {
    const same = report(37, 19, 223.1);
    for (const d of compareWithBaseline(same, same)) {
      if (d.value === null) expect(d.change).toBeNull();
      else expect(d.change).toBe(0);
      if (d.kind === "rate" && d.value !== null) expect(d.withinNoise).toBe(true);
    }
  });

  it("leaves a change out when either side has nothing to take it over", () => {
    expect(delta(compareWithBaseline(report(10, 0, null), report(10, 5, 60)), "talk.mean")).toMatchObject({
      value: null,
      baseline: 60,
      change: null,
      relativeChange: null,
    });
  });
});

describe("baseline settings", () => {
  const settings = (over: Record<string, unknown> = {}) => ({
    reportVersion: 1,
    kpis: { shortAbandonSeconds: 5, serviceLevelSeconds: 20, timeZone: "UTC" },
    settings: { latenessSeconds: 300, maxLineBytes: 1048576, maxSessionEvents: 10000 },
    filters: {
      since: null,
      until: null,
      direction: [],
      type: [],
      account: ["10452", "20000"],
      operator: [],
      campaign: [],
    },
    ...over,
  });

  it("finds no difference in the same settings, whatever the time window or the order of filter values", () => {
    const other = settings({
      filters: {
        since: "2026-03-03T00:00:00.000Z",
        until: null,
        direction: [],
        type: [],
        account: ["20000", "10452"],
        operator: [],
        campaign: [],
      },
    });
    expect(settingDifferences(settings(), other)).toEqual([]);
  });

  it("lists every setting that differs", () => {
    const other = settings({
      reportVersion: 2,
      kpis: { shortAbandonSeconds: 5, serviceLevelSeconds: 30, timeZone: "Europe/Riga" },
      filters: { direction: ["inbound"], type: [], account: ["10452", "20000"], operator: [], campaign: [] },
    });
    expect(settingDifferences(settings(), other)).toEqual([
      { setting: "reportVersion", current: 1, baseline: 2 },
      { setting: "kpis.serviceLevelSeconds", current: 20, baseline: 30 },
      { setting: "kpis.timeZone", current: "UTC", baseline: "Europe/Riga" },
      { setting: "filters.direction", current: [], baseline: ["inbound"] },
    ]);
  });

  it("summarises the baseline", () => {
    const base = {
      ...report(40, 24, 100),
      input: { lines: 1, timeRange: { from: "2026-03-03T08:00:00.000Z", to: null } },
    };
    expect(summarizeBaseline("b.json", base, [])).toEqual({
      file: "b.json",
      reportVersion: 1,
      timeRange: { from: "2026-03-03T08:00:00.000Z", to: null },
      calls: 40,
      settingsMatch: true,
      differences: [],
    });
  });

  it("finds a breakdown by its dimension", () => {
    const withHour = {
      breakdowns: [
        { by: "operator", groups: [] },
        { by: "hour", groups: [] },
      ],
    };
    expect(hasBreakdown(withHour, "hour")).toBe(true);
    expect(hasBreakdown(withHour, "day")).toBe(false);
    expect(hasBreakdown({ breakdowns: "hour" }, "hour")).toBe(false);
    expect(hasBreakdown(null, "hour")).toBe(false);
  });

  it("tells a report from other JSON", () => {
    expect(notAReport(report(1, 1, 1), 1)).toBeNull();
    expect(notAReport([], 1)).toBe("is not a JSON object");
    expect(notAReport({ valid: true }, 1)).toMatch(/^has no reportVersion/);
    expect(notAReport({ reportVersion: 1 }, 1)).toMatch(/^has no kpis or input section/);
    // One event of a dump is JSON too.
    expect(notAReport({ event: "START", session_id: "s1", id: "e1" }, 1)).toBe(
      "looks like one event of a dump, not an `analyze --format json` report",
    );
  });

  it("says a reportVersion that is not the number it reads is not missing, and a newer one unreadable", () => {
    // "1" was called missing: it is there, as a string.
    expect(notAReport({ ...report(1, 1, 1), reportVersion: "1" }, 1)).toBe(
      'has reportVersion "1", a string, not the number 1 an `analyze --format json` report has',
    );
    expect(notAReport({ ...report(1, 1, 1), reportVersion: null }, 1)).toBe(
      "has reportVersion null, not the number 1 an `analyze --format json` report has",
    );
    expect(notAReport({ ...report(1, 1, 1), reportVersion: "x".repeat(100) }, 1)).toMatch(
      /^has reportVersion "x{19}\.\.\., a string/,
    );
    // Version 2 was "made with other settings" (and read with --baseline-any).
    expect(notAReport({ ...report(1, 1, 1), reportVersion: 2 }, 1)).toBe(
      "is a report of a newer version (reportVersion 2), which this tool cannot read: it reads reportVersion 1; make both reports with the same teltel-events",
    );
    expect(notAReport({ ...report(1, 1, 1), reportVersion: 0 }, 1)).toMatch(
      /^is a report of another version/,
    );
  });
});
