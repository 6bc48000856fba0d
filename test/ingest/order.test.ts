// Input order stage: files sorted by their first events' time; stdin and timeless inputs keep their place.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { orderInputsByTime } from "../../src/ingest/order.js";
import { type InputSource, STDIN_NAME } from "../../src/ingest/read.js";
import { createTimeOrderWatch } from "../../src/ingest/time-order.js";

/** An input of lines whose timestamps are these ISO times (or a line without one for null). */
function input(name: string, times: (string | null)[]): InputSource {
  const text = times
    .map((t) => (t === null ? '{"event":"START"}' : `{"session_id":"s","timestamp":"${t}"}`))
    .join("\n");
  return { name, open: () => Readable.from([Buffer.from(`${text}\n`)]) };
}
const names = (inputs: InputSource[]) => inputs.map((i) => i.name);

describe("orderInputsByTime", () => {
  it("sorts files by their earliest head timestamp, ties in the order given", async () => {
    const day2 = input("day2", ["2026-03-03T00:00:05Z", "2026-03-03T00:00:01Z"]);
    const day1 = input("day1", ["2026-03-02T10:00:00Z"]);
    const alsoDay1 = input("also-day1", ["2026-03-02T10:00:00Z"]);
    expect(names(await orderInputsByTime([day2, day1, alsoDay1], 1024))).toEqual([
      "day1",
      "also-day1",
      "day2",
    ]);
  });

  it("keeps stdin and a file without timestamps after the input named before them", async () => {
    const late = input("late", ["2026-03-05T00:00:00Z"]);
    const early = input("early", ["2026-03-01T00:00:00Z"]);
    const stdin: InputSource = { name: STDIN_NAME, open: () => Readable.from([]) };
    const timeless = input("timeless", [null, null]);
    expect(names(await orderInputsByTime([late, stdin, early, timeless], 1024))).toEqual([
      "early",
      "timeless",
      "late",
      STDIN_NAME,
    ]);
  });
});

describe("createTimeOrderWatch", () => {
  const H = 3_600_000;
  it("reports each input that goes back past the tolerance once, with the count and the furthest", () => {
    const watch = createTimeOrderWatch(H);
    watch.see("a", 1, 10 * H, 10 * H);
    watch.see("a", 2, 9 * H, 10 * H); // 1 h behind: tolerated
    watch.see("b", 1, 7 * H, 10 * H); // 3 h behind
    watch.see("b", 2, 10 * H - 5 * 60_000 - 3_000, 10 * H);
    watch.see("b", 3, H - 86_400_000 * 2, 10 * H); // 2 d 9 h behind
    expect(watch.finish()).toEqual([
      {
        code: "input-out-of-order",
        file: "b",
        line: 1,
        message:
          "2 lines go back in time, up to 2 d 9 h behind the events read before them (the first at this line): name files in time order, or they overlap; their calls may be split",
      },
    ]);
  });

  it("tolerates an hour behind even with a shorter --lateness: late webhooks are late-event, not this", () => {
    const watch = createTimeOrderWatch(300_000);
    watch.see("a", 1, 10 * H, 10 * H);
    watch.see("a", 2, 10 * H - 30 * 60_000, 10 * H); // 30 min behind: past --lateness, within the hour
    expect(watch.finish()).toEqual([]);
    const strict = createTimeOrderWatch(300_000);
    strict.see("b", 7, 8 * H, 10 * H); // 2 h behind
    expect(strict.finish().map((p) => [p.file, p.line, p.code])).toEqual([["b", 7, "input-out-of-order"]]);
  });
});
