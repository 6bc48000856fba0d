// The gates, baseline and delta tables and the GitHub annotations of failed gates, from hand-made results.
import { describe, expect, it } from "vitest";
import { formatGateValue, resultWord } from "../../src/render/gate-tables.js";
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
    expect(text.split("\n")).toEqual([
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator a\\x0d\\x0a::warning::forged%250A\\x1b[2J: 25%25 (n=4)",
      "::error title=gate asr{operator%3A*} < 50%25::asr{operator:*} < 50%25 for operator (none): 0%25 (n=2)",
      "::warning title=gate acd > 2m::acd > 2m: 150.3 s (n=9, baseline 100 s)",
      "teltel-events analyze: 3 gates, 1 failed, 1 warning, 1 skipped",
      "",
    ]);
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
