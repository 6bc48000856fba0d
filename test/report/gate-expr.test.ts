// The gate grammar: metrics, comparators, values with units, selectors, the baseline operand, and refusals
// with a did-you-mean.
import { describe, expect, it } from "vitest";
import { didYouMean, type GateExpr, parseGate } from "../../src/report/gate-expr.js";
import { METRICS } from "../../src/report/gate-metrics.js";

function gate(text: string): GateExpr {
  const parsed = parseGate(text);
  if (!parsed.ok) throw new Error(`expected "${text}" to parse: ${parsed.reason}`);
  return parsed.gate;
}

function reason(text: string): string {
  const parsed = parseGate(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.reason;
}

describe("parseGate", () => {
  it("reads a metric, a comparator and a value", () => {
    expect(gate("  asr < 60%  ")).toEqual({
      text: "asr < 60%",
      metric: "asr",
      kind: "rate",
      selector: null,
      comparator: "<",
      operand: { kind: "value", value: 0.6 },
    });
  });

  it.each(["<", "<=", ">", ">=", "==", "!="])("reads the comparator %s, with or without spaces", (op) => {
    expect(gate(`calls ${op} 10`).comparator).toBe(op);
    expect(gate(`calls${op}10`).comparator).toBe(op);
    expect(gate(`calls${op}10`).operand).toEqual({ kind: "value", value: 10 });
  });

  it("reads rates as a percentage or a fraction", () => {
    expect(gate("asr < 45%").operand).toEqual({ kind: "value", value: 0.45 });
    expect(gate("asr < 45 %").operand).toEqual({ kind: "value", value: 0.45 });
    expect(gate("asr < 0.45").operand).toEqual({ kind: "value", value: 0.45 });
    expect(gate("service_level >= 80.5%").operand).toEqual({ kind: "value", value: 0.805 });
  });

  it("reads durations in ms, s, m, min and h (plain numbers are seconds)", () => {
    const seconds = (text: string) => (gate(text).operand as { value: number }).value;
    expect(seconds("time_to_answer.p90 > 30s")).toBe(30);
    expect(seconds("time_to_answer.p90 > 30")).toBe(30);
    expect(seconds("acd < 2m")).toBe(120);
    expect(seconds("acd < 2min")).toBe(120);
    expect(seconds("setup_delay.median > 500ms")).toBe(0.5);
    expect(seconds("duration.mean > 1.5h")).toBe(5400);
    expect(gate("acd < 2m").kind).toBe("duration");
  });

  it("reads counts as plain numbers", () => {
    expect(gate("invalid > 0").operand).toEqual({ kind: "value", value: 0 });
    expect(gate("duplicates >= 12").kind).toBe("count");
  });

  it("reads a selector of every group or of one key", () => {
    expect(gate("asr{operator:*} < 30%").selector).toEqual({ dimension: "operator", key: "*" });
    expect(gate("asr { operator : 31001 } < 30%").selector).toEqual({ dimension: "operator", key: "31001" });
    // An hour is written as the report writes its key: two digits.
    expect(gate("abandon_rate{hour:9} > 10%").selector).toEqual({ dimension: "hour", key: "09" });
    expect(gate("abandon_rate{hour:09} > 10%").selector).toEqual({ dimension: "hour", key: "09" });
    expect(gate("asr{weekday:Mon} < 50%").selector).toEqual({ dimension: "weekday", key: "Mon" });
  });

  it("reads the baseline: alone, minus percentage points, plus a relative %, plus seconds", () => {
    expect(gate("asr < baseline").operand).toEqual({ kind: "baseline", offset: null });
    expect(gate("asr < baseline - 5pp").operand).toEqual({
      kind: "baseline",
      offset: { mode: "absolute", value: -0.05 },
    });
    // After the baseline, % is relative to it (20 % more than the baseline), pp is absolute.
    expect(gate("asr < baseline - 5%").operand).toEqual({
      kind: "baseline",
      offset: { mode: "relative", value: -0.05 },
    });
    expect(gate("talk.mean > baseline + 20%").operand).toEqual({
      kind: "baseline",
      offset: { mode: "relative", value: 0.2 },
    });
    expect(gate("talk.mean > baseline + 30s").operand).toEqual({
      kind: "baseline",
      offset: { mode: "absolute", value: 30 },
    });
    expect(gate("invalid > baseline + 10").operand).toEqual({
      kind: "baseline",
      offset: { mode: "absolute", value: 10 },
    });
  });

  it("knows every metric of the catalogue", () => {
    for (const metric of METRICS) expect(gate(`${metric.name} >= 0`).metric).toBe(metric.name);
  });

  it("refuses an unknown metric with the closest name", () => {
    expect(reason("asrr < 60%")).toBe('unknown metric "asrr" (did you mean "asr"?) (the README lists them)');
    expect(reason("abandonRate > 10%")).toMatch(/did you mean "abandon_rate"/);
    expect(reason("talk.p95 > 10s")).toMatch(/unknown metric "talk.p95" \(did you mean "talk.p90"\?\)/);
    expect(reason("happiness > 3")).toBe('unknown metric "happiness" (the README lists them)');
  });

  it("refuses an unknown unit with the closest one", () => {
    expect(reason("acd > 30secs")).toMatch(/^unknown unit "secs" \(did you mean "s"\?\)/);
    expect(reason("asr < 60pct")).toMatch(/^unknown unit "pct" \(did you mean "%"\?\)/);
    expect(reason("acd > 30hr")).toMatch(/^unknown unit "hr" \(did you mean "h"\?\)/);
  });

  it("refuses a unit the metric's kind does not take", () => {
    expect(reason("asr < 60s")).toBe('asr is a rate: it takes N% or a fraction 0..1, not "s"');
    expect(reason("acd > 60%")).toMatch(/^acd is a time: it takes seconds/);
    expect(reason("calls < 5%")).toMatch(/^calls is a count: it takes a plain number/);
    expect(reason("asr < 5pp")).toBe("pp (percentage points) is a change from the baseline: write 5%");
  });

  it("refuses an unknown dimension, a bad key and a selector on an input figure", () => {
    expect(reason("asr{operater:*} < 60%")).toMatch(
      /^unknown dimension "operater" \(did you mean "operator"\?\)/,
    );
    expect(reason("asr{hour:24} < 60%")).toBe('hour "24" is not an hour 00-23');
    expect(reason("asr{weekday:Mo} < 60%")).toMatch(/^unknown weekday "Mo" \(did you mean "Mon"\?\)/);
    expect(reason("asr{direction:in} < 60%")).toMatch(/^unknown direction "in"/);
    expect(reason("asr{day:yesterday} < 60%")).toBe('day "yesterday" is not a date YYYY-MM-DD');
    expect(reason("asr{operator} < 60%")).toMatch(/^expected \{DIMENSION:KEY\}/);
    expect(reason("asr{operator:} < 60%")).toMatch(/^no key/);
    expect(reason("invalid{hour:*} > 0")).toBe("invalid is a figure of the whole input and has no groups");
  });

  it("refuses a bare number on a rate unless it is a fraction 0..1, showing both spellings", () => {
    // 10 on a rate would be the fraction 10.0 (1,000 %): a gate that can never fire.
    expect(reason("abandon_rate > 10")).toBe(
      "abandon_rate is a rate and a bare number is a fraction 0..1, so 10 would be 1,000 %: write 'abandon_rate > 10%' or 'abandon_rate > 0.10'",
    );
    expect(reason("asr{hour:*} < 12.5")).toMatch(
      /write 'asr\{hour:\*\} < 12.5%' or 'asr\{hour:\*\} < 0.125'$/,
    );
    expect(reason("asr < 150")).toBe(
      "asr is a rate, between 0 and 1 (0% to 100%): 150 can never be measured",
    );
    expect(reason("asr < -0.5")).toMatch(/^asr is a rate, between 0 and 1/);
    expect(reason("asr < 150%")).toBe("asr is a rate, 0% to 100%: 150% can never be measured");
    // Within 0..1 a bare number is the fraction it always was; counts and times are unchanged.
    expect(gate("asr < 1").operand).toEqual({ kind: "value", value: 1 });
    expect(gate("asr < 0").operand).toEqual({ kind: "value", value: 0 });
    expect(gate("asr < 100%").operand).toEqual({ kind: "value", value: 1 });
    expect(gate("calls < 60").operand).toEqual({ kind: "value", value: 60 });
  });

  it("refuses a bare baseline offset on a rate beyond 0..1: pp is the way", () => {
    expect(reason("asr < baseline - 5")).toBe(
      "asr is a rate and a bare number is a fraction 0..1, so a change of 5 would be 500 percentage points: write 'asr < baseline - 5pp' (percentage points) or 'asr < baseline - 0.05'",
    );
    expect(reason("asr < baseline + 500")).toMatch(/a change of 500 is more than its whole range/);
    expect(gate("asr < baseline - 0.05").operand).toEqual({
      kind: "baseline",
      offset: { mode: "absolute", value: -0.05 },
    });
    expect(gate("invalid > baseline + 500").operand).toEqual({
      kind: "baseline",
      offset: { mode: "absolute", value: 500 },
    });
  });

  it("reads exponents and refuses a number too large to be finite, without echoing it whole", () => {
    expect(gate("asr < 5e-1").operand).toEqual({ kind: "value", value: 0.5 });
    expect(gate("calls > 1e3").operand).toEqual({ kind: "value", value: 1000 });
    // 1e400% was an unknown unit "e400%"; a 400-digit number was Infinity, and accepted.
    expect(reason("asr < 1e400%")).toBe('"1e400" is too large a number (beyond 1.8e308)');
    expect(reason("acd > 1E400s")).toBe('"1E400" is too large a number (beyond 1.8e308)');
    expect(reason(`calls > ${"9".repeat(400)}`)).toBe(
      '"999999999999...999999" (400 characters) is too large a number (beyond 1.8e308)',
    );
    expect(reason(`talk.mean > baseline + ${"9".repeat(400)}s`)).toMatch(/too large a number/);
  });

  it("refuses a day that is not on the calendar", () => {
    expect(reason("asr{day:2026-02-30} < 60%")).toBe(
      'day "2026-02-30" is not a date of the calendar (no such month or day)',
    );
    expect(reason("asr{day:2026-02-29} < 60%")).toMatch(/not a date of the calendar/);
    expect(reason("asr{day:2026-13-01} < 60%")).toMatch(/not a date of the calendar/);
    expect(reason("asr{day:2026-04-31} < 60%")).toMatch(/not a date of the calendar/);
    expect(reason("asr{day:2026-04-00} < 60%")).toMatch(/not a date of the calendar/);
    expect(gate("asr{day:2028-02-29} < 60%").selector).toEqual({ dimension: "day", key: "2028-02-29" });
    expect(gate("asr{day:2000-02-29} < 60%").selector).toEqual({ dimension: "day", key: "2000-02-29" });
    expect(reason("asr{day:2100-02-29} < 60%")).toMatch(/not a date of the calendar/);
  });

  it("refuses a malformed expression", () => {
    expect(reason("asr = 60%")).toBe('unknown comparator "=" (did you mean "=="?)');
    expect(reason("asr => 60%")).toBe('unknown comparator "=>" (did you mean ">="?)');
    expect(reason("asr 60%")).toMatch(/^expected METRIC COMPARATOR VALUE/);
    expect(reason("")).toMatch(/^expected METRIC COMPARATOR VALUE/);
    expect(reason("asr <")).toBe('nothing after "<"');
    expect(reason("asr < basline")).toMatch(/did you mean "baseline"/);
    expect(reason("asr < baseline - -5pp")).toMatch(/^write the sign once/);
    expect(reason("asr < 6 0%")).toMatch(/^expected a number/);
  });
});

describe("didYouMean", () => {
  it("suggests within a few edits only", () => {
    expect(didYouMean("servce_level", ["service_level", "asr"])).toBe(' (did you mean "service_level"?)');
    expect(didYouMean("xyz", ["service_level", "asr"])).toBe("");
    // Beyond a few edits, a name the word starts with.
    expect(didYouMean("asr_rate", ["service_level", "asr"])).toBe(' (did you mean "asr"?)');
    expect(didYouMean("time_to", ["time_to_answer.p90", "time_to_answer.median"])).toBe(
      ' (did you mean "time_to_answer.median"?)',
    );
  });
});
