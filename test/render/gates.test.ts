// The gates, baseline and delta tables and the GitHub annotations of failed gates, from hand-made results.
import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import { formatGateValue, gatesTable, resultWord } from "../../src/render/gate-tables.js";
import { renderGatesGithub } from "../../src/render/github.js";
import type { GateResult } from "../../src/report/gates.js";

const failing: GateResult = {
  expr: "asr{operator:*} < 50%",
  level: "error",
  status: "fail",
  metric: "asr",
  kind: "rate",
  value: null,
  threshold: 0.5,
  n: 7,
  by: "operator",
  groups: [
    { key: "a\r\n::warning::forged%0A\u001b[2J", status: "fail", value: 0.25, threshold: 0.5, n: 4 },
    { key: null, status: "fail", value: 0, threshold: 0.5, n: 2 },
    { key: "31001", status: "pass", value: 1, threshold: 0.5, n: 1 },
  ],
};

describe("renderGatesGithub", () => {
  it("writes one escaped command per failing group, none for passing ones, then the summary", () => {
    const warn: GateResult = {
      ...failing,
      expr: "acd > 2m",
      level: "warn",
      metric: "acd",
      kind: "duration",
      value: 150.25,
      threshold: 120,
      n: 9,
      baseline: 100,
    };
    delete warn.groups;
    delete warn.by;
    const skipped: GateResult = { ...warn, status: "skip", reason: "no-data", value: null, n: 0 };
    const text = renderGatesGithub([failing, warn, skipped]);
    // The worst group of each failed gate first (GitHub shows 10 per step), then the other failing groups.
    expect(text.split("\n")).toEqual([
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator a\\x0d\\x0a::warning::forged%250A\\x1b[2J: 25%25 (n=4)",
      "::warning title=gate acd > 2m::acd > 2m: 150.3 s (n=9, baseline 100 s)",
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator (none): 0%25 (n=2)",
      "teltel-events analyze: 3 gates, 1 failed, 1 warning, 1 skipped",
      "",
    ]);
  });

  it("puts one line for every failed gate within GitHub's first 10, however many groups another fails", () => {
    const many: GateResult = {
      ...failing,
      groups: Array.from({ length: 12 }, (_, i) => ({
        key: `op${i}`,
        status: "fail" as const,
        value: i / 100,
        threshold: 0.5,
        n: 3,
      })),
    };
    const other: GateResult = {
      ...failing,
      expr: "ner < 90%",
      metric: "ner",
      groups: undefined,
      value: 0.8,
      n: 20,
    };
    delete other.groups;
    delete other.by;
    const lines = renderGatesGithub([many, other]).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator op0: 0%25 (n=3)",
      "::error title=gate ner < 90%25::ner < 90%25: 80%25 (n=20)",
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator op1: 1%25 (n=3)",
    ]);
    // Every failing group is still there: 12 + 1 commands, then the summary.
    expect(lines.filter((l) => l.startsWith("::error"))).toHaveLength(13);
  });

  it("with --fail-on-skip, annotates a skipped error-level gate (it fails the run), not a skipped warning", () => {
    const skipped: GateResult = {
      ...failing,
      expr: "asr < 60%",
      status: "skip",
      reason: "no-data",
      value: null,
      n: 0,
    };
    delete skipped.groups;
    delete skipped.by;
    const warn: GateResult = { ...skipped, expr: "ner < 60%", level: "warn" };
    expect(renderGatesGithub([skipped, warn], { failOnSkip: true }).split("\n")).toEqual([
      "::error title=gate asr < 60%25::asr < 60%25: skipped (n=0), and --fail-on-skip fails the run on a skip",
      "teltel-events analyze: 2 gates, 0 failed, 0 warnings, 2 skipped",
      "",
    ]);
    expect(renderGatesGithub([skipped, warn])).toBe(
      "teltel-events analyze: 2 gates, 0 failed, 0 warnings, 2 skipped\n",
    );
  });
});

describe("gate values and results as text", () => {
  it("shows rates as percentages, times in seconds, counts as numbers", () => {
    expect(formatGateValue("rate", 19 / 37)).toBe("51.4%");
    expect(formatGateValue("duration", 223.10526)).toBe("223.1 s");
    expect(formatGateValue("count", 1234)).toBe("1234");
    expect(formatGateValue("count", 1.44)).toBe("1.4");
    expect(formatGateValue("rate", null)).toBe("-");
  });

  it("names each result", () => {
    expect(resultWord({ status: "pass", n: 3 })).toBe("✓ pass");
    expect(resultWord({ status: "fail", n: 3 })).toBe("✗ fail");
    expect(resultWord({ status: "skip", reason: "no-data", n: 0 })).toBe("skip (n=0)");
    expect(resultWord({ status: "skip", reason: "no-baseline", n: 12 })).toBe("skip (no baseline)");
  });
});

describe("gatesTable", () => {
  const table = (gates: GateResult[]) => {
    const [one] = gatesTable({ gates } as unknown as AnalyzeReport);
    if (one === undefined) throw new Error("no gates table");
    return one;
  };

  it("counts a skip as a skip, never as a hold, and says how a skip fails the run", () => {
    const skipped: GateResult = {
      expr: "asr < 60%",
      level: "error",
      status: "skip",
      reason: "no-data",
      metric: "asr",
      kind: "rate",
      value: null,
      threshold: 0.6,
      n: 0,
    };
    // An empty dump said "Gates: 1 of 1 hold".
    const t = table([skipped]);
    expect(t.title).toBe("Gates: 0 of 1 hold, 0 failed (0 errors, 0 warnings), 1 skipped");
    expect(t.note).toMatch(/fails the run only with --fail-on-skip\.$/);
    expect(t.rows).toEqual([["asr < 60%", "error", "skip (n=0)", null, null, { percent: 60 }, null, 0, "%"]]);
    expect(table([{ ...skipped, status: "pass", value: 0.7, n: 10 }]).note).toBeUndefined();
  });

  it("lists every failing group, then (none) and (other) whatever they came to", () => {
    const group = (key: string | null, status: "pass" | "fail" | "skip", value: number | null) => ({
      key,
      status,
      value,
      threshold: 0.5,
      n: value === null ? 0 : 4,
    });
    const gate: GateResult = {
      expr: "asr{operator:*} < 50%",
      level: "warn",
      status: "fail",
      metric: "asr",
      kind: "rate",
      value: null,
      threshold: 0.5,
      n: 0,
      by: "operator",
      // As evaluated: failing first (worst first), then passing, then skipped.
      groups: [
        ...Array.from({ length: 12 }, (_, i) => group(`op${i}`, "fail", i / 100)),
        group("31001", "pass", 0.9),
        group("(other)", "pass", 0.8),
        group(null, "skip", null),
      ],
    };
    const t = table([gate]);
    expect(t.rows.map((r) => [r[2], r[3]])).toEqual([
      ["✗ fail", "12 of 15 operator groups fail, 1 skipped"],
      ...Array.from({ length: 12 }, (_, i) => ["✗ fail", `  operator op${i}`]),
      ["✓ pass", "  operator (other)"],
      ["skip (n=0)", "  operator (none)"],
    ]);
  });
});
