// Input order stage: files sorted by their first valid events' time (the median of the first 15); stdin and
// inputs without a valid event keep their place; the input-out-of-order warning names a file read out of turn.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { type OrderOptions, orderInputsByTime } from "../../src/ingest/order.js";
import { type InputSource, STDIN_NAME } from "../../src/ingest/read.js";
import type { ScanEngine } from "../../src/ingest/scan/engine.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { createTimeOrderWatch } from "../../src/ingest/time-order.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";

/** A valid START at this ISO time (as the samples write it), or a line for another kind of `what`. */
function line(time: string, n: number, what: "valid" | "rejected" | "non-canonical" = "valid"): string {
  const start = {
    event: "START",
    id: `ev-${n}`,
    timestamp: time,
    accountcode: "10452",
    session_id: `s-${n}`,
    call_id: `c-${n}`,
    direction: what === "rejected" ? "sideways" : "inbound",
    type: "standard",
    phase: "didtosip",
    participants: 0,
  };
  // An epoch timestamp: valid once normalised, but only the reference path (parse + ajv) reads it.
  if (what === "non-canonical") return JSON.stringify({ ...start, timestamp: Date.parse(time) });
  return JSON.stringify(start);
}

/** An input of these lines (a null is a line with no event in it). */
function input(name: string, lines: (string | null)[]): InputSource {
  const text = lines.map((l) => l ?? '{"note":"no event here"}').join("\n");
  return { name, open: () => Readable.from([Buffer.from(`${text}\n`)]) };
}
/** An input of valid STARTs at these ISO times (or a line without an event for null). */
const starts = (name: string, times: (string | null)[]) =>
  input(
    name,
    times.map((t, i) => (t === null ? null : line(t, i))),
  );
const names = (inputs: InputSource[]) => inputs.map((i) => i.name);
/** `count` ISO times a minute apart from `from`. */
const minutes = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 60_000).toISOString());

let validator: EventValidator;
let compiled = 0;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument(undefined));
});
const options = (fastPath: ScanEngine = "wasm"): OrderOptions => ({
  maxLineBytes: 4096,
  fastPath,
  validator: () => {
    compiled += 1;
    return validator;
  },
});

describe("orderInputsByTime", () => {
  it("sorts files by the median of their first valid events, ties in the order given", async () => {
    const day2 = starts("day2", ["2026-03-03T00:00:05Z", "2026-03-03T00:00:01Z", "2026-03-03T00:00:09Z"]);
    const day1 = starts("day1", ["2026-03-02T10:00:00Z"]);
    const alsoDay1 = starts("also-day1", ["2026-03-02T10:00:00Z"]);
    const ordered = await orderInputsByTime([day2, day1, alsoDay1], options());
    expect(names(ordered)).toEqual(["day1", "also-day1", "day2"]);
    // The median of day2's three times is its line 1 (00:00:05).
    expect(ordered.map((i) => i.placement)).toEqual([
      { named: 1, line: 1, ts: Date.parse("2026-03-02T10:00:00Z") },
      { named: 2, line: 1, ts: Date.parse("2026-03-02T10:00:00Z") },
      { named: 0, line: 1, ts: Date.parse("2026-03-03T00:00:05Z") },
    ]);
  });

  it("keeps stdin and a file without a valid event after the input named before them", async () => {
    const late = starts("late", ["2026-03-05T00:00:00Z"]);
    const early = starts("early", ["2026-03-01T00:00:00Z"]);
    const stdin: InputSource = { name: STDIN_NAME, open: () => Readable.from([]) };
    const timeless = starts("timeless", [null, null]);
    // Lines that have a timestamp but are no valid event do not count either.
    const rejected = input("rejected", [line("2026-02-01T00:00:00Z", 1, "rejected")]);
    const ordered = await orderInputsByTime([late, stdin, early, timeless, rejected], options());
    expect(names(ordered)).toEqual(["early", "timeless", "rejected", "late", STDIN_NAME]);
    expect(ordered.find((i) => i.name === STDIN_NAME)?.placement).toEqual({ named: 1 });
  });

  it.each([
    ["valid", "valid"],
    ["rejected by the schema", "rejected"],
  ] as const)(
    "one old-dated line (%s) at the top of the later file does not put it first",
    async (_what, kind) => {
      // Before: the earliest of the first 15 timestamps placed day2 first, whatever the naming order.
      const day1 = starts("day1", minutes("2026-03-04T08:00:00Z", 20));
      const day2 = input("day2", [
        line("2026-03-03T07:00:00Z", 99, kind),
        ...minutes("2026-03-04T10:30:00Z", 20).map((t, i) => line(t, i)),
      ]);
      for (const named of [
        [day1, day2],
        [day2, day1],
      ])
        expect(names(await orderInputsByTime(named, options()))).toEqual(["day1", "day2"]);
      // day2's median is the 8th of its first 15 valid events: with the old line among them, its line 8;
      // without it (rejected), its line 9.
      const ordered = await orderInputsByTime([day2, day1], options());
      expect(ordered[1]?.placement).toEqual(
        kind === "valid"
          ? { named: 0, line: 8, ts: Date.parse("2026-03-04T10:36:00Z") }
          : { named: 0, line: 9, ts: Date.parse("2026-03-04T10:37:00Z") },
      );
    },
  );

  it("judges lines the fast path does not answer by the schema, compiling the validator only then", async () => {
    const canonical = () => starts("canonical", ["2026-03-05T00:00:00Z"]);
    const epochs = () => input("epochs", [line("2026-03-01T00:00:00Z", 1, "non-canonical")]);
    compiled = 0;
    expect(
      names(await orderInputsByTime([canonical(), starts("b", ["2026-03-02T00:00:00Z"])], options())),
    ).toEqual(["b", "canonical"]);
    expect(compiled).toBe(0);
    expect(names(await orderInputsByTime([canonical(), epochs()], options()))).toEqual([
      "epochs",
      "canonical",
    ]);
    expect(compiled).toBe(1);
    // The reference path alone (a custom schema) gives the same order.
    expect(names(await orderInputsByTime([canonical(), epochs()], options("reference")))).toEqual([
      "epochs",
      "canonical",
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

  it("names the file read before the late one though named after it, and the line that placed it there", () => {
    const watch = createTimeOrderWatch(H);
    // Named: a (0), b (1), c (2); read: c, b, a — c and b moved before a, c before b.
    watch.place("c", { named: 2, line: 8, ts: 5 * H });
    watch.see("c", 8, 5 * H, 5 * H);
    watch.see("c", 9, 10 * H, 10 * H);
    watch.place("b", { named: 1, line: 4, ts: 6 * H });
    watch.see("b", 4, 6 * H, 10 * H);
    watch.place("a", { named: 0, line: 3, ts: 7 * H });
    watch.see("a", 3, 7 * H, 10 * H);
    const [b, a] = watch.finish();
    expect(b?.message).toMatch(
      /their calls may be split; c, named after this file, was read before it: its first valid events are at 1970-01-01T05:00:00\.000Z \(its line 8\)$/,
    );
    // Of c and b, b's events are the latest: the ones a follows.
    expect(a?.message).toMatch(
      /; b, named after this file, was read before it: .*T06:00:00\.000Z \(its line 4\)$/,
    );
    // Files read in the order named: no such note.
    const named = createTimeOrderWatch(H);
    named.place("x", { named: 0, line: 1, ts: 10 * H });
    named.see("x", 1, 10 * H, 10 * H);
    named.place("y", { named: 1 });
    named.see("y", 1, 5 * H, 10 * H);
    expect(named.finish()[0]?.message).toMatch(/their calls may be split$/);
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
