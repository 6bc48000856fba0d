// The paired rounds of the bench: rotation order, medians, the median of per-round ratios to the floor.
import { describe, expect, it } from "vitest";
import { median, pairedRatio, rotation, runRounds, summarize } from "./rounds.mjs";

describe("rotation", () => {
  it("starts round r at variant r mod n and wraps around", () => {
    expect(rotation(3, 0)).toEqual([0, 1, 2]);
    expect(rotation(3, 1)).toEqual([1, 2, 0]);
    expect(rotation(3, 2)).toEqual([2, 0, 1]);
    expect(rotation(3, 3)).toEqual([0, 1, 2]);
    expect(rotation(3, 7)).toEqual([1, 2, 0]);
  });

  it("runs a warm-up round (negative) in the listed order, and nothing for no variants", () => {
    expect(rotation(4, -1)).toEqual([0, 1, 2, 3]);
    expect(rotation(0, 2)).toEqual([]);
  });
});

describe("median", () => {
  it("takes the middle of an odd count and the mean of the two middles of an even one", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10])).toBe(10);
  });

  it("leaves out missing figures; null when nothing is left", () => {
    expect(median([null, 5, undefined, 9])).toBe(7);
    expect(median([null])).toBeNull();
    expect(median([])).toBeNull();
  });
});

describe("pairedRatio", () => {
  const floors = [
    { round: 0, wall: 2, cpu: 2 },
    { round: 1, wall: 4, cpu: 4 },
    { round: 2, wall: 5, cpu: 5 },
  ];

  it("divides by the floor of the same round, then takes the median (not a ratio of medians)", () => {
    // Per round: 3/2 = 1.5, 4/4 = 1, 20/5 = 4; median 1.5. The ratio of medians would be 4/4 = 1.
    const runs = [
      { round: 0, wall: 3, cpu: 1 },
      { round: 1, wall: 4, cpu: 1 },
      { round: 2, wall: 20, cpu: 1 },
    ];
    expect(pairedRatio(runs, floors, "wall")).toBe(1.5);
    // CPU: 1/2, 1/4, 1/5 -> median 0.25.
    expect(pairedRatio(runs, floors, "cpu")).toBe(0.25);
  });

  it("pairs by round number, not by position, and skips rounds without a floor or a figure", () => {
    const runs = [
      { round: 2, wall: 10, cpu: null },
      { round: 0, wall: 6, cpu: 3 },
      { round: 5, wall: 1, cpu: 1 },
    ];
    // 10/5 = 2 and 6/2 = 3; round 5 has no floor. CPU: only round 0, 3/2.
    expect(pairedRatio(runs, floors, "wall")).toBe(2.5);
    expect(pairedRatio(runs, floors, "cpu")).toBe(1.5);
    expect(pairedRatio(runs, [], "wall")).toBeNull();
  });
});

describe("summarize", () => {
  it("gives each variant its medians, wall range, paired ratios and exit codes", () => {
    const samples = [
      { name: "floor", round: 0, wall: 2, cpu: 2, rssKb: 100, code: 0 },
      { name: "a", round: 0, wall: 5, cpu: 8, rssKb: 300, code: 0 },
      { name: "a", round: 1, wall: 9, cpu: 12, rssKb: 200, code: 1 },
      { name: "floor", round: 1, wall: 3, cpu: 4, rssKb: 120, code: 0 },
      { name: "a", round: 2, wall: 6, cpu: 10, rssKb: 250, code: 0 },
      { name: "floor", round: 2, wall: 4, cpu: 5, rssKb: 110, code: 0 },
    ];
    const [floor, a] = summarize(["floor", "a"], samples, "floor");
    expect(floor).toMatchObject({ rounds: 3, wall: 3, cpu: 4, rssKb: 110, wallRatio: 1, cpuRatio: 1 });
    // a's walls 5, 9, 6 over the floor's 2, 3, 4: 2.5, 3, 1.5 -> 2.5. CPU 8/2, 12/4, 10/5 = 4, 3, 2 -> 3.
    expect(a).toEqual({
      name: "a",
      rounds: 3,
      wall: 6,
      wallMin: 5,
      wallMax: 9,
      cpu: 10,
      rssKb: 250,
      wallRatio: 2.5,
      cpuRatio: 3,
      codes: [0, 1],
    });
  });

  it("has no ratios without a floor", () => {
    const [a] = summarize(["a"], [{ name: "a", round: 0, wall: 1, cpu: 1, rssKb: 1, code: 0 }], undefined);
    expect(a.wallRatio).toBeNull();
    expect(a.cpuRatio).toBeNull();
  });
});

describe("runRounds", () => {
  it("runs the warm-up rounds first, then every variant once per round in rotating order", async () => {
    const calls = [];
    const measured = await runRounds(["a", "b", "c"], {
      rounds: 3,
      warmup: 1,
      run: async (v, round) => {
        calls.push(`${v}${round}`);
        return { v };
      },
    });
    expect(calls).toEqual(["a-1", "b-1", "c-1", "a0", "b0", "c0", "b1", "c1", "a1", "c2", "a2", "b2"]);
    // The warm-up is not returned.
    expect(measured.map((m) => `${m.variant}${m.round}`)).toEqual(calls.slice(3));
    expect(measured[3]).toEqual({ variant: "b", round: 1, result: { v: "b" } });
  });

  it("runs no warm-up with warmup 0", async () => {
    const calls = [];
    await runRounds(["a", "b"], { rounds: 2, warmup: 0, run: async (v, r) => calls.push(`${v}${r}`) });
    expect(calls).toEqual(["a0", "b0", "b1", "a1"]);
  });
});
