// Build B against this build in the bench's printed output: per-round ratios of each row to its twin.
import { describe, expect, it } from "vitest";
import { twinTable } from "./report.mjs";

describe("twinTable", () => {
  const run = (round, wall, cpu, rssKb) => ({ round, wall, cpu, rssKb });

  it("gives B's medians of per-round ratios to its twin in the same round", () => {
    const runs = new Map([
      ["floor", [run(0, 1, 1, 1)]],
      ["analyze", [run(0, 10, 4, 100), run(1, 20, 4, 200), run(2, 30, 4, 300)]],
      // Listed out of round order: pairing is by round. Wall 5/10, 30/20, 15/30 -> 0.5, 1.5, 0.5 -> 0.5.
      // CPU 2/4, 6/4, 4/4 -> 1.00; RSS median 150 over median 200 -> 0.75.
      ["analyze (B)", [run(1, 30, 6, 150), run(0, 5, 2, 150), run(2, 15, 4, 150)]],
      ["jq | wc -l", [run(0, 3, 3, 3)]],
    ]);
    expect(twinTable(runs, " (B)", "1M").split("\n")).toEqual([
      "size  row      wall B/A  cpu B/A  RSS B/A",
      "----  -------  --------  -------  -------",
      "  1M  analyze      0.50     1.00     0.75",
    ]);
  });

  it("is empty when no row has a twin, and leaves out a B row whose twin did not run", () => {
    expect(twinTable(new Map([["analyze", [run(0, 1, 1, 1)]]]), " (B)", "1M")).toBe("");
    expect(twinTable(new Map([["validate (B)", [run(0, 1, 1, 1)]]]), " (B)", "1M")).toBe("");
  });
});
