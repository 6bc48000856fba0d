// The targets table of issue #22: each figure from the paired medians, its bound, met or not, and build B's.
import { describe, expect, it } from "vitest";
import { TARGETS, targetFigure, targetsTable } from "./targets.mjs";

/** A summary row as timeRounds gives it, with only the figures the targets read. */
const row = (n, name, figures) => ({ n, name, wallRatio: null, cpuRatio: null, rssKb: null, ...figures });

/** The line of `text` whose first cell is `label`, split into its cells (two spaces or more apart). */
function line(text, label) {
  const found = text.split("\n").find((l) => l.startsWith(label));
  if (found === undefined) throw new Error(`no line ${label} in\n${text}`);
  return found.split(/ {2,}/);
}

const summaries = [
  row(1e6, "floor", { wallRatio: 1, cpuRatio: 1, rssKb: 120_000 }),
  // 146,484 KiB = 149,999,616 bytes: just under 150 MB; 146,485 KiB just over.
  row(1e6, "analyze", { wallRatio: 0.7, rssKb: 146_485 }),
  row(1e6, "analyze --threads 1", { wallRatio: 1.15, cpuRatio: 1.3, rssKb: 146_484 }),
  row(1e6, "analyze --threads 1 (B)", { wallRatio: 4.4, cpuRatio: 4.3 }),
  row(1e6, "validate", { wallRatio: 0.71, rssKb: 100_000 }),
  row(1e6, "validate --threads 1", { rssKb: 100_000 }),
  row(1e6, "DuckDB peer", { wallRatio: 0.4 }),
  row(4e6, "analyze", { rssKb: 161_133 }),
  row(4e6, "validate", { rssKb: 110_000 }),
  row(4e6, "validate --threads 1", { rssKb: 110_001 }),
];
const starts = [
  { n: 1e6, name: "analyze --threads 1", rssKb: 244_140 },
  { n: 1e6, name: "analyze", rssKb: 244_141 },
];
const agree = [
  { label: "every analyze figure matches the truth", ok: true },
  { label: "identical reports", ok: false },
  { label: "the DuckDB peer matches the truth", ok: undefined },
];

describe("targetFigure", () => {
  const run = { summaries, starts, at: 1e6 };
  const target = (metric, row) => TARGETS.find((t) => t.metric === metric && t.row === row);

  it("reads the paired ratios and the median peak RSS in MB of 10^6 bytes", () => {
    expect(targetFigure(target("wallRatio", "analyze --threads 1"), "analyze --threads 1", run)).toBe(1.15);
    expect(targetFigure(target("cpuRatio", "analyze --threads 1"), "analyze --threads 1 (B)", run)).toBe(4.3);
    expect(targetFigure(target("rssMB", "analyze"), "analyze", run)).toBe(150.00064);
    expect(targetFigure(target("startsMB", "analyze"), "analyze", run)).toBe(250.000384);
  });

  it("divides 4M's peak RSS by 1M's, and gives nothing when a size or a figure is missing", () => {
    expect(targetFigure(target("growth", "validate"), "validate", run)).toBe(1.1);
    expect(targetFigure(target("growth", "analyze --threads 1"), "analyze --threads 1", run)).toBeUndefined();
    expect(targetFigure(target("wallRatio", "export parquet"), "export parquet", run)).toBeUndefined();
  });
});

describe("targetsTable", () => {
  const text = targetsTable({ summaries, starts, sizes: [1e6, 4e6], agree });

  it("marks a figure at its bound met and one just over it not met", () => {
    expect(line(text, "analyze --threads 1: wall ≤ 1.2× floor, 1M")).toEqual([
      "analyze --threads 1: wall ≤ 1.2× floor, 1M",
      "1.15×",
      "met",
    ]);
    expect(line(text, "analyze --threads 1: CPU ≤ 1.2× floor, 1M").slice(1)).toEqual(["1.30×", "not met"]);
    expect(line(text, "analyze: wall ≤ 0.7× floor, 1M").slice(1)).toEqual(["0.70×", "met"]);
    expect(line(text, "validate: wall ≤ 0.7× floor, 1M").slice(1)).toEqual(["0.71×", "not met"]);
    expect(line(text, "analyze --threads 1: peak RSS ≤ 150 MB, 1M").slice(1)).toEqual(["150.0 MB", "met"]);
    expect(line(text, "analyze: peak RSS ≤ 150 MB, 1M").slice(1)).toEqual(["150.0 MB", "not met"]);
  });

  it("gives RSS growth 4M/1M, the START-only runs, and says what an unmeasured target needs", () => {
    // analyze: 161,133 / 146,485 = 1.1000; validate 1.10 met; validate --threads 1 110,001/100,000 over 1.1.
    expect(line(text, "analyze: RSS(4M)/RSS(1M) ≤ 1.1").slice(1)).toEqual(["1.100×", "met"]);
    expect(line(text, "validate: RSS(4M)/RSS(1M) ≤ 1.1").slice(1)).toEqual(["1.100×", "met"]);
    expect(line(text, "validate --threads 1: RSS(4M)/RSS(1M) ≤ 1.1").slice(1)).toEqual(["1.100×", "not met"]);
    expect(line(text, "analyze --threads 1: RSS(4M)/RSS(1M) ≤ 1.1").slice(1)).toEqual([
      "-",
      "not measured",
      "needs --sizes 1e6,4e6",
    ]);
    expect(line(text, "analyze --threads 1: 1M START-only sessions").slice(1)).toEqual(["250.0 MB", "met"]);
    expect(line(text, "analyze: 1M START-only sessions").slice(1)).toEqual(["250.0 MB", "not met"]);
    expect(line(text, "export parquet: wall ≤ 3× floor, 1M").slice(1)).toEqual([
      "-",
      "not measured",
      "needs --parquet",
    ]);
  });

  it("shows DuckDB's ratio as the goal beyond, and the runs that must agree", () => {
    expect(line(text, "goal beyond").slice(1)).toEqual(["0.70×", "not met", "DuckDB peer 0.40× floor"]);
    expect(line(text, "every analyze figure matches the truth").slice(1)).toEqual(["yes", "met"]);
    expect(line(text, "identical reports").slice(1)).toEqual(["no", "not met"]);
    expect(line(text, "the DuckDB peer matches the truth").slice(1)).toEqual(["-", "not measured"]);
  });

  it("adds build B's figure of each target when a second build ran", () => {
    const withB = targetsTable({ summaries, starts, sizes: [1e6], suffixB: " (B)", agree: [] });
    expect(withB.split("\n")[2]).toMatch(/^target +measured +B +detail$/);
    expect(line(withB, "analyze --threads 1: wall ≤ 1.2× floor, 1M").slice(1)).toEqual([
      "1.15×",
      "met",
      "4.40×",
    ]);
    expect(line(withB, "analyze: wall ≤ 0.7× floor, 1M").slice(1)).toEqual(["0.70×", "met", "-"]);
  });

  it("says when the targets are read at another size than 1M", () => {
    const small = targetsTable({
      summaries: [row(1e5, "analyze", { wallRatio: 2 })],
      starts: [],
      sizes: [1e5],
      agree,
    });
    expect(small).toContain("(at 100k: the targets are set for 1M)");
    expect(line(small, "analyze: wall ≤ 0.7× floor, 100k").slice(1)).toEqual(["2.00×", "not met"]);
  });
});
