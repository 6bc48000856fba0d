// Progress meter: silent for the first second, redrawn at most every 200 ms, cleared at the end.
import { describe, expect, it } from "vitest";
import { createProgressMeter, progressLine } from "../../src/render/progress.js";

describe("progressLine", () => {
  it("shows a bar, percentage, megabytes, rates and ETA when the total is known", () => {
    // 50 MB of 200 MB in 2 s: 25 MB/s, 100k lines in 2 s = 50k lines/s, 150 MB left at 25 MB/s = 6 s.
    expect(progressLine(50_000_000, 100_000, 200_000_000, 2000)).toBe(
      "[######------------------]  25%  50.0/200.0 MB  25.0 MB/s  50k lines/s  ETA 6s",
    );
  });

  it("shows bytes and rates only when the total is unknown (stdin)", () => {
    expect(progressLine(3_000_000, 3_000_000, undefined, 1000)).toBe("3.0 MB  3.0 MB/s  3.0M lines/s");
  });
});

describe("createProgressMeter", () => {
  it("draws nothing in the first second, then at most every 200 ms, and clears its line at the end", () => {
    const written: string[] = [];
    let clock = 0;
    const meter = createProgressMeter(
      (text) => written.push(text),
      1_000_000,
      () => clock,
    );
    clock = 900;
    meter.update(100, 1);
    expect(written).toEqual([]);
    clock = 1000;
    meter.update(500_000, 10);
    clock = 1100;
    meter.update(600_000, 12);
    expect(written).toHaveLength(1);
    expect(written[0]?.startsWith(`\r[${"#".repeat(12)}${"-".repeat(12)}]  50%  0.5/1.0 MB `)).toBe(true);
    expect(written[0]?.endsWith("\u001b[K")).toBe(true);
    clock = 1200;
    meter.update(700_000, 14);
    meter.done();
    expect(written).toHaveLength(3);
    expect(written[2]).toBe("\r\u001b[K");
  });

  it("writes nothing at all for a run shorter than a second", () => {
    const written: string[] = [];
    const meter = createProgressMeter(
      (text) => written.push(text),
      10,
      () => 0,
    );
    meter.update(10, 1);
    meter.done();
    expect(written).toEqual([]);
  });
});
