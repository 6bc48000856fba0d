// Rows compared with rows: build B over its twins (per-round ratios), and the groups that must agree.
import { describe, expect, it } from "vitest";
import { groupsAgree, twinTable } from "./compare.mjs";

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

describe("groupsAgree", () => {
  const variants = [
    { name: "floor" },
    { name: "analyze", group: "analyze" },
    { name: "analyze (B)", group: "analyze" },
    { name: "validate", group: "validate" },
    { name: "validate --threads 1", group: "validate" },
  ];
  const runs = (stdout, ...codes) => codes.map((code) => ({ stdout, code }));

  it("passes when every row of a group printed the same JSON with the same exit code", () => {
    const outputs = new Map([
      ["floor", runs("1\n", 0)],
      ["analyze", runs('{"a":1}', 0, 0)],
      ["analyze (B)", runs('{"a":1}', 0, 0)],
      ["validate", runs('{"v":2}', 1, 1)],
      ["validate --threads 1", runs('{"v":2}', 1, 1)],
    ]);
    expect(groupsAgree(variants, outputs, "1M")).toEqual({
      ok: true,
      lines: [
        "PASS analyze, 1M: identical JSON from analyze, analyze (B)",
        "PASS validate, 1M: identical JSON from validate, validate --threads 1",
      ],
    });
  });

  it("fails on the same report with another exit code in any round", () => {
    const outputs = new Map([
      ["analyze", runs('{"a":1}', 0)],
      ["analyze (B)", runs('{"a":1}', 0)],
      ["validate", runs('{"v":2}', 1, 1)],
      ["validate --threads 1", runs('{"v":2}', 1, 0)],
    ]);
    const result = groupsAgree(variants, outputs, "4M");
    expect(result.ok).toBe(false);
    expect(result.lines).toEqual([
      "PASS analyze, 4M: identical JSON from analyze, analyze (B)",
      "PASS validate, 4M: identical JSON from validate, validate --threads 1",
      "FAIL validate, 4M: exit codes differ (1,0)",
    ]);
  });

  it("fails on another report", () => {
    const outputs = new Map([
      ["analyze", runs('{"a":1}', 0)],
      ["analyze (B)", runs('{"a":2}', 0)],
    ]);
    const result = groupsAgree(variants.slice(0, 3), outputs, "1M");
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toMatch(/^FAIL analyze, 1M: reports differ among analyze, analyze \(B\)\n/);
  });
});
