// The metric catalogue: how each metric is read (and over what n), safe reading of foreign JSON, and the README
// listing every metric.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { METRICS, metricNamed, readerOf, readMetric } from "../../src/report/gate-metrics.js";

function metric(name: string) {
  const found = metricNamed(name);
  if (found === undefined) throw new Error(`no metric ${name}`);
  return found;
}

// A report as JSON: 8 calls, 6 answered; inbound offered 5, abandoned 2 of which 1 short, 3 answered within
// the threshold; talk over 6 answered calls, mean 90 s; 40 lines, 4 blank, 2 invalid; 9 sessions, 1 incomplete.
const REPORT = {
  input: { lines: 40, blank: 4, events: 32, invalid: 2, duplicates: 1, late: 1 },
  sessions: { total: 9, incomplete: 1 },
  kpis: {
    calls: 8,
    answered: 6,
    ringResults: 10,
    reachedUser: 9,
    talk: { count: 6, mean: 90, median: 80, p90: 150, totalS: 540 },
    setupDelay: { count: 0, mean: null, median: null, p90: null },
    inbound: { offered: 5, abandoned: 2, shortAbandoned: 1, answeredWithinThreshold: 3 },
    autodialer: { dialled: 0, reached: 0, connected: 0 },
  },
};

describe("readMetric", () => {
  it("reads rates with their numerator and denominator", () => {
    expect(readMetric(metric("asr"), REPORT)).toEqual({ value: 6 / 8, n: 8, x: 6 });
    expect(readMetric(metric("ner"), REPORT)).toEqual({ value: 9 / 10, n: 10, x: 9 });
    expect(readMetric(metric("abandon_rate"), REPORT)).toEqual({ value: 2 / 5, n: 5, x: 2 });
    // (2 - 1) / (5 - 1) and 3 / (5 - 1).
    expect(readMetric(metric("abandon_rate_ex_short"), REPORT)).toEqual({ value: 1 / 4, n: 4, x: 1 });
    expect(readMetric(metric("service_level"), REPORT)).toEqual({ value: 3 / 4, n: 4, x: 3 });
    // 2 invalid of 40 - 4 blank lines; 1 incomplete of 9 sessions.
    expect(readMetric(metric("invalid_share"), REPORT)).toEqual({ value: 2 / 36, n: 36, x: 2 });
    expect(readMetric(metric("incomplete_share"), REPORT)).toEqual({ value: 1 / 9, n: 9, x: 1 });
    // No autodialer calls: nothing to divide by.
    expect(readMetric(metric("reach_rate"), REPORT)).toEqual({ value: null, n: 0 });
  });

  it("reads times over their own count, and counts over the calls or lines", () => {
    expect(readMetric(metric("acd"), REPORT)).toEqual({ value: 90, n: 6 });
    expect(readMetric(metric("talk.p90"), REPORT)).toEqual({ value: 150, n: 6 });
    expect(readMetric(metric("talk.total"), REPORT)).toEqual({ value: 540, n: 6 });
    expect(readMetric(metric("setup_delay.mean"), REPORT)).toEqual({ value: null, n: 0 });
    expect(readMetric(metric("abandoned"), REPORT)).toEqual({ value: 2, n: 8 });
    expect(readMetric(metric("duplicates"), REPORT)).toEqual({ value: 1, n: 40 });
    expect(readMetric(metric("incomplete"), REPORT)).toEqual({ value: 1, n: 9 });
  });

  it("reads a breakdown group like the overall KPIs", () => {
    const group = { key: "31001", ...REPORT.kpis, calls: 4, answered: 1 };
    expect(readMetric(metric("asr"), REPORT, group)).toEqual({ value: 1 / 4, n: 4, x: 1 });
  });
});

describe("readerOf", () => {
  it("reads own finite numbers only", () => {
    const get = readerOf(JSON.parse('{"a": {"b": 2, "c": "3", "d": null}, "__proto__": {"x": 1}}'));
    expect(get("a.b")).toBe(2);
    expect(get("a.c")).toBeNull();
    expect(get("a.d")).toBeNull();
    expect(get("a.b.c")).toBeNull();
    expect(get("constructor")).toBeNull();
    expect(get("a.toString")).toBeNull();
    expect(get("__proto__.x")).toBe(1);
    expect(readerOf(null)("a")).toBeNull();
  });
});

describe("the README", () => {
  it("lists every metric in the Gates section", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("## Gates and baseline"),
      readme.indexOf("## JSON report contract"),
    );
    for (const { name } of METRICS) {
      // `setup_delay.mean`, `.median`, `.p90` share a row: the first is written out, the others shortened.
      const [prefix, stat] = name.split(".");
      const listed =
        section.includes(`\`${name}\``) ||
        (stat !== undefined && section.includes(`\`${prefix}.mean\``) && section.includes(`\`.${stat}\``));
      expect(listed, name).toBe(true);
    }
  });
});
