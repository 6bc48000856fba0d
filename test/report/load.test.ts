// Load: per-second deltas against a brute-force count over random intervals (seeded), the edge rule, merging of
// partials, phone legs from event columns, and the local hours of Europe/Riga's DST days.
import { describe, expect, it } from "vitest";
import { EventColumns } from "../../src/ingest/event-columns.js";
import { addInterval, type DeltaBlocks, mergeDeltas } from "../../src/report/load-deltas.js";
import { addPhoneLegs } from "../../src/report/load-legs.js";
import { createLoad, mergeLoad, summarizeLoad } from "../../src/report/load.js";
import type { SourcedEvent, TelTelEvent } from "../../src/types.js";

/**
 * mulberry32, seeded, so a failure can be replayed (test/bench/prng.mjs has the same generator, but as an
 * untyped .mjs this strict test cannot import it).
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.parse("2026-03-04T21:00:00Z");

/** Brute force: for every whole second, the intervals touching it (first floor(start), last ceil(end) - 1, at least one). */
function bruteForce(intervals: [number, number][]) {
  const perSecond = new Map<number, number>();
  for (const [s, e] of intervals) {
    const from = Math.floor(s / 1000);
    const to = Math.max(Math.ceil(e / 1000), from + 1);
    for (let t = from; t < to; t += 1) perSecond.set(t, (perSecond.get(t) ?? 0) + 1);
  }
  let peak = 0;
  let peakAt = 0;
  const byHour = new Map<number, { seconds: number; peak: number }>();
  for (const t of [...perSecond.keys()].sort((a, b) => a - b)) {
    const n = perSecond.get(t) as number;
    if (n > peak) {
      peak = n;
      peakAt = t;
    }
    const hour = byHour.get(Math.floor(t / 3600)) ?? { seconds: 0, peak: 0 };
    hour.seconds += n;
    hour.peak = Math.max(hour.peak, n);
    byHour.set(Math.floor(t / 3600), hour);
  }
  return { peak, peakAt, byHour };
}

describe("load deltas: the sweep equals a brute-force count", () => {
  it("random intervals over 6 hours (ms times, zero-length and long ones), in three partials merged", {
    timeout: 60_000,
  }, () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const next = mulberry32(seed);
      const n = 1 + Math.floor(next() * 300);
      const intervals: [number, number][] = [];
      for (let i = 0; i < n; i += 1) {
        const start = T0 + Math.floor(next() * 6 * 3_600_000);
        const long = next() < 0.1;
        const length = next() < 0.05 ? 0 : Math.floor(next() * (long ? 7_200_000 : 600_000));
        intervals.push([start, start + length]);
      }
      const parts = [createLoad(), createLoad(), createLoad()];
      intervals.forEach(([s, e], i) => {
        addInterval((parts[i % 3] as ReturnType<typeof createLoad>).calls, s, e);
      });
      const merged = createLoad();
      for (const part of parts) mergeLoad(merged, part);
      const summary = summarizeLoad(merged, "UTC");
      const truth = bruteForce(intervals);
      expect(summary.peakConcurrent, `seed ${seed}`).toBe(truth.peak);
      expect(summary.peakMinute, `seed ${seed}`).toBe(
        new Date(truth.peakAt * 1000).toISOString().slice(0, 16),
      );
      const hours = summary.byHour.map((h) => [Date.parse(`${h.day}T00:00:00Z`) / 3_600_000 + h.hour, h]);
      expect(
        hours.map(([key]) => key),
        `seed ${seed}`,
      ).toEqual([...truth.byHour.keys()]);
      for (const [key, hour] of hours) {
        const want = truth.byHour.get(key as number);
        expect(hour, `seed ${seed} hour ${key}`).toMatchObject({
          callSeconds: want?.seconds,
          peakConcurrent: want?.peak,
          erlangs: (want?.seconds as number) / 3600,
        });
      }
    }
  });

  it("edge rule: a call ending at t is not in progress at t; sub-second times count each second they touch", () => {
    const blocks: DeltaBlocks = new Map();
    addInterval(blocks, T0, T0 + 10_000); // seconds 0..9
    addInterval(blocks, T0 + 10_000, T0 + 20_000); // 10..19: back to back, never two at once
    const load = { calls: blocks, legs: new Map() };
    expect(summarizeLoad(load, "UTC")).toMatchObject({ peakConcurrent: 1, callSeconds: 20 });
    addInterval(blocks, T0 + 9_500, T0 + 9_600); // touches second 9 only: two there
    addInterval(blocks, T0 + 30_000, T0 + 30_000); // zero length: one second
    expect(summarizeLoad(load, "UTC")).toMatchObject({ peakConcurrent: 2, callSeconds: 22 });
  });

  it("merging adds the blocks (a block only the other has is copied, not shared)", () => {
    const a: DeltaBlocks = new Map();
    const b: DeltaBlocks = new Map();
    addInterval(b, T0, T0 + 5000);
    mergeDeltas(a, b);
    mergeDeltas(a, b);
    const block = a.get(T0 / 3_600_000) as Int32Array;
    expect([block[0], block[5]]).toEqual([2, -2]);
    expect((b.get(T0 / 3_600_000) as Int32Array)[0]).toBe(1);
  });

  it("a call over days: the hours far from its start and end are counted in the peak, not listed", () => {
    const load = createLoad();
    addInterval(load.calls, T0, T0 + 40 * 86_400_000);
    addInterval(load.calls, T0 + 35 * 86_400_000, T0 + 35 * 86_400_000 + 60_000);
    const summary = summarizeLoad(load, "UTC");
    // Blocks at hours 0 (start), 840 (the second call) and 960 (the end, at its first second). Listed: hour 0,
    // 744 (24 * 31) of the 839 gap hours, hour 840; not listed: the other 95, and the 119 after hour 840
    // (the budget is spent). 746 + 214 = 960, the first call's hours.
    expect(summary.byHour).toHaveLength(746);
    expect(summary.hoursNotListed).toBe(95 + 119);
    expect(summary.peakConcurrent).toBe(2);
  });
});

/** Events of one call as columns (ts in ms from T0 seconds). */
function columns(rows: [number, Partial<TelTelEvent>][]): EventColumns {
  const items = rows.map(
    ([s, e], i) => ({ ts: T0 + s * 1000, file: "f", line: i + 1, event: e }) as SourcedEvent,
  );
  return new EventColumns().fill(items);
}

describe("phone legs from a call's events", () => {
  it("READY to LEAVE of each phone, rings to phones that did not end in ANSWER, SIP parties and SIP rings left out", () => {
    const legs: DeltaBlocks = new Map();
    addPhoneLegs(
      legs,
      columns([
        [0, { event: "READY", subject_type: "phone", subject: "+1" }],
        [0, { event: "READY", subject_type: "sip", subject: "101" }],
        [1, { event: "RING", phase: "didtosip", call_id: "x" }],
        [2, { event: "RING", phase: "didtodid", call_id: "a" }],
        [2, { event: "RING", type: "callback", leg: "contact", phase: "localtosip", call_id: "b" }],
        [3, { event: "RINGRESULT", phase: "didtosip", call_id: "x", state: "NOANSWER" }],
        [6, { event: "RINGRESULT", leg: "contact", call_id: "b", state: "BUSY" }],
        [8, { event: "RINGRESULT", phase: "didtodid", call_id: "a", state: "ANSWER" }],
        [8, { event: "READY", subject_type: "phone", subject: "+2" }],
        [20, { event: "LEAVE", subject_type: "phone", subject: "+1" }],
        [20, { event: "LEAVE", subject_type: "sip", subject: "101" }],
      ]),
      T0 + 30_000,
    );
    // +1: 0..20 (20 s); ring b: 2..6 (4 s); ring a answered: none; +2: 8..30 at COMPLETED (22 s), peak 2 (at 2..5 and 8..19;
    // counting the SIP ring x, 1..3, would make it 3).
    const summary = summarizeLoad({ calls: new Map(), legs }, "UTC");
    expect(summary.peakPhoneLegs).toBe(2);
    expect(summary.byHour[0]).toMatchObject({ peakPhoneLegs: 2, callSeconds: 0, peakConcurrent: 0 });
    expect(summary.byHour[0]?.peakPhoneLegsMinute).toBe("2026-03-04T21:00");
    // Leg-seconds: the sum over seconds 0..30 of the legs in progress, from the deltas.
    const block = legs.get(T0 / 3_600_000) as Int32Array;
    expect([...block.slice(0, 31)].reduce((sum, d, i) => sum + d * (31 - i), 0)).toBe(20 + 4 + 22);
  });

  it("a ring with no RINGRESULT counts until COMPLETED", () => {
    const legs: DeltaBlocks = new Map();
    addPhoneLegs(legs, columns([[5, { event: "RING", phase: "siptodid" }]]), T0 + 9_000);
    const block = legs.get(T0 / 3_600_000) as Int32Array;
    expect([block[5], block[9]]).toEqual([1, -1]);
  });
});

describe("local hours on Europe/Riga's DST days", () => {
  it("spring: 00:30Z-01:30Z on 2026-03-29 is 02:30-04:30 local, with no hour 03", () => {
    const load = createLoad();
    addInterval(load.calls, Date.parse("2026-03-29T00:30:00Z"), Date.parse("2026-03-29T01:30:00Z"));
    const hours = summarizeLoad(load, "Europe/Riga").byHour.map((h) => [h.hour, h.callSeconds, h.erlangs]);
    expect(hours).toEqual([
      [2, 1800, 0.5],
      [4, 1800, 0.5],
    ]);
  });

  it("autumn: 00:30Z-01:30Z on 2026-10-25 is all in the hour 03 the clock shows twice: 3600 s over 7200 s", () => {
    const load = createLoad();
    addInterval(load.calls, Date.parse("2026-10-25T00:30:00Z"), Date.parse("2026-10-25T01:30:00Z"));
    const summary = summarizeLoad(load, "Europe/Riga");
    expect(summary.byHour.map((h) => [h.day, h.hour, h.callSeconds, h.erlangs, h.peakMinute])).toEqual([
      ["2026-10-25", 3, 3600, 0.5, "2026-10-25T03:30"],
    ]);
    expect(summary.busyHour).toEqual({ day: "2026-10-25", hour: 3, callSeconds: 3600, erlangs: 0.5 });
  });
});
