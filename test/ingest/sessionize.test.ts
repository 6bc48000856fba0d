// Sessionizing stage: grouping, ordering, duplicates, finalisation by event time, late events, bounded memory.
import { describe, expect, it } from "vitest";
import {
  compareEvents,
  createSessionizer,
  DEFAULT_SESSIONIZE_OPTIONS,
  JUMP_CONFIRMATIONS,
  type PushOutcome,
  type Session,
  type SessionizeOptions,
  type Sessionizer,
  sameEvent,
} from "../../src/ingest/sessionize.js";
import { buildTimeline } from "../../src/call/timeline.js";
import type { EventName, Problem, SourcedEvent, TelTelEvent } from "../../src/types.js";

const T0 = Date.parse("2026-03-02T09:00:00Z");

/** A valid event of `session` at T0 + `offsetMs`; `seq` is its input position (line = seq + 1). */
function ev(
  name: EventName,
  session: string,
  id: string,
  offsetMs: number,
  seq: number,
  extra: Partial<TelTelEvent> = {},
): SourcedEvent {
  const ts = T0 + offsetMs;
  const event: TelTelEvent = {
    event: name,
    id,
    timestamp: new Date(ts).toISOString(),
    accountcode: "acc-1",
    session_id: session,
    direction: "outbound",
    type: "standard",
    ...extra,
  };
  return { event, ts, file: "day.ndjson", line: seq + 1, seq };
}

/** A sessionizer with a log of everything it hands back. */
function harness(options: SessionizeOptions, confirmed = true) {
  const sessionizer: Sessionizer = createSessionizer(options);
  const finalised: Session[] = [];
  const problems: Problem[] = [];
  let seq = 0;
  return {
    sessionizer,
    finalised,
    problems,
    /** Pushes events in input order (their seq is assigned here); returns the outcomes. */
    push(...items: [EventName, string, string, number, Partial<TelTelEvent>?][]): PushOutcome[] {
      return items.map(([name, session, id, offset, extra]) => {
        const item = ev(name, session, id, offset, seq, extra);
        seq += 1;
        // As the scan does, every line moves the watermark before its event is pushed. Each event here
        // stands for a steady stream, so its time is confirmed at once (the jump rule has its own test).
        for (let k = 0; k <= (confirmed ? JUMP_CONFIRMATIONS : 0); k += 1) sessionizer.observe(item.ts);
        return sessionizer.push(item, finalised, problems);
      });
    },
    finish(): void {
      sessionizer.finish(finalised);
    },
  };
}

const ids = (session: Session | undefined) => session?.events.map((e) => e.event.id);

const WIDE: SessionizeOptions = { latenessMs: 3_600_000, maxIdleMs: 86_400_000, tombstoneMs: 3_600_000 };

describe("watermark", () => {
  it("believes a jump of more than latenessMs only once the next two lines confirm it", () => {
    const h = harness({ latenessMs: 1000, maxIdleMs: 10_000, tombstoneMs: 60_000 }, false);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 500]);
    // One line (even a rejected one, in the scan) with a clock a day ahead: s1 (deadline 1500) stays open.
    h.push(["START", "wild", "w1", 86_400_000]);
    h.push(["RING", "s2", "b1", 1000]);
    expect(h.finalised).toEqual([]);
    // Two lines past the old watermark + latenessMs are not enough yet; the third in a row makes it real.
    h.push(["START", "s3", "c1", 50_000], ["START", "s4", "d1", 60_000]);
    expect(h.finalised).toEqual([]);
    h.push(["START", "s5", "e1", 60_000]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
  });
});

describe("grouping", () => {
  it("groups interleaved events by session_id and finalises them at finish in first-seen order", () => {
    const h = harness(WIDE);
    expect(
      h.push(
        ["START", "s1", "a1", 0],
        ["START", "s2", "b1", 100],
        ["RING", "s1", "a2", 200],
        ["COMPLETED", "s2", "b2", 300],
        ["COMPLETED", "s1", "a3", 400],
      ),
    ).toEqual(["accepted", "accepted", "accepted", "accepted", "accepted"]);
    expect(h.finalised).toEqual([]);
    expect(h.sessionizer.openSessions).toBe(2);
    h.finish();
    expect(h.sessionizer.openSessions).toBe(0);
    expect(h.finalised.map((s) => [s.sessionId, ids(s)])).toEqual([
      ["s1", ["a1", "a2", "a3"]],
      ["s2", ["b1", "b2"]],
    ]);
    expect(h.finalised.map((s) => s.first)).toEqual([
      { file: "day.ndjson", line: 1 },
      { file: "day.ndjson", line: 2 },
    ]);
    expect(h.problems).toEqual([]);
  });

  it("keeps the same event id in two sessions apart", () => {
    const h = harness(WIDE);
    expect(h.push(["START", "s1", "same", 0], ["START", "s2", "same", 0])).toEqual(["accepted", "accepted"]);
    h.finish();
    expect(h.finalised.map((s) => ids(s))).toEqual([["same"], ["same"]]);
  });
});

describe("ordering within a session", () => {
  it("orders by timestamp, then lifecycle rank, then input order", () => {
    const h = harness(WIDE);
    h.push(
      ["COMPLETED", "s1", "e-completed", 1000], // seq 0
      ["RING", "s1", "e-ring-a", 500], // seq 1
      ["START", "s1", "e-start", 500], // seq 2: same time as the RINGs, lower rank
      ["RING", "s1", "e-ring-b", 500], // seq 3: same time and rank as e-ring-a, later input
      ["RINGRESULT", "s1", "e-result", 700, { state: "ANSWER" }], // seq 4
      ["JOIN", "s1", "e-join", 700, { subject_type: "phone", subject: "1" }], // seq 5
      ["READY", "s1", "e-ready", 700, { subject_type: "phone", subject: "1" }], // seq 6
    );
    h.finish();
    expect(ids(h.finalised[0])).toEqual([
      "e-start",
      "e-ring-a",
      "e-ring-b",
      "e-result",
      "e-ready",
      "e-join",
      "e-completed",
    ]);
    // "first" is the first line in input order, not the earliest event.
    expect(h.finalised[0]?.first).toEqual({ file: "day.ndjson", line: 1 });
  });

  it("compareEvents ranks all seven events in lifecycle order at one timestamp", () => {
    const names: EventName[] = ["COMPLETED", "LEAVE", "JOIN", "READY", "RINGRESULT", "RING", "START"];
    const items = names.map((name, seq) => ev(name, "s", name, 0, seq));
    expect([...items].sort(compareEvents).map((e) => e.event.event)).toEqual([...names].reverse());
  });
});

describe("duplicates", () => {
  it("drops a redelivery with the same content in another key order", () => {
    const h = harness(WIDE);
    h.push(["START", "s1", "a1", 0], ["RING", "s1", "a2", 100, { call_id: "c1", phase: "siptodid" }]);
    const first = h.finalised.length;
    const original = ev("RING", "s1", "a2", 100, 99, { call_id: "c1", phase: "siptodid" });
    // Same attributes, keys written in reverse order.
    const reordered = Object.fromEntries(Object.entries(original.event).reverse()) as TelTelEvent;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(original.event)[0]);
    const outcome = h.sessionizer.push({ ...original, event: reordered }, h.finalised, h.problems);
    expect(outcome).toBe("duplicate");
    expect(h.problems).toEqual([]);
    expect(h.finalised.length).toBe(first);
    h.finish();
    expect(ids(h.finalised[0])).toEqual(["a1", "a2"]);
  });

  it("reports a conflicting duplicate (same id, other content) and keeps the first", () => {
    const h = harness(WIDE);
    const outcomes = h.push(
      ["START", "s1", "a1", 0],
      ["RINGRESULT", "s1", "a2", 100, { state: "BUSY" }], // line 2
      ["RINGRESULT", "s1", "a2", 100, { state: "ANSWER" }], // line 3
    );
    expect(outcomes).toEqual(["accepted", "accepted", "conflict"]);
    expect(h.problems).toHaveLength(1);
    expect(h.problems[0]).toMatchObject({
      code: "conflicting-duplicate",
      file: "day.ndjson",
      line: 3,
      sessionId: "s1",
      message: 'event id "a2" was already seen at day.ndjson:2 with different content; this line is ignored',
    });
    h.finish();
    expect(h.finalised[0]?.events.map((e) => e.event.state)).toEqual([undefined, "BUSY"]);
  });

  it("sameEvent ignores key order at every depth but not array order, and compares instants", () => {
    const base = ev("START", "s1", "a1", 0, 0, { data: { b: 1, a: { d: [2, 1], c: null } } });
    const reordered = ev("START", "s1", "a1", 0, 1, { data: { a: { c: null, d: [2, 1] }, b: 1 } });
    const arrayFlipped = ev("START", "s1", "a1", 0, 2, { data: { b: 1, a: { d: [1, 2], c: null } } });
    expect(sameEvent(base, reordered)).toBe(true);
    expect(sameEvent(base, arrayFlipped)).toBe(false);
    // The same instant written another way is the same event.
    const otherSpelling = { ...base, event: { ...base.event, timestamp: "2026-03-02T11:00:00+02:00" } };
    expect(sameEvent(base, otherSpelling)).toBe(true);
    expect(sameEvent(base, ev("START", "s1", "a1", 1, 3, { data: base.event.data }))).toBe(false);
  });

  it("sameEvent compares events nested 100,000 levels deep without overflowing the stack", () => {
    const deep = (): unknown => {
      let value: unknown = [];
      for (let i = 0; i < 100_000; i += 1) value = [value];
      return value;
    };
    const a = ev("START", "s1", "a1", 0, 0, { extra: deep() });
    const b = ev("START", "s1", "a1", 0, 1, { extra: deep() });
    expect(sameEvent(a, b)).toBe(true);
  });
});

describe("finalisation by event time", () => {
  const opts: SessionizeOptions = { latenessMs: 1000, maxIdleMs: 86_400_000, tombstoneMs: 3_600_000 };

  it("finalises a completed session only once the watermark is past COMPLETED + lateness", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 5000]); // deadline 5000 + 1000 = 6000
    h.push(["START", "s2", "b1", 5500]);
    expect(h.finalised).toEqual([]);
    // An event of s1 within the lateness window still joins it.
    expect(h.push(["LEAVE", "s1", "a3", 4000, { subject_type: "phone", subject: "1" }])).toEqual([
      "accepted",
    ]);
    h.push(["RING", "s2", "b2", 6000]); // watermark 6000: not yet past 6000
    expect(h.finalised).toEqual([]);
    expect(h.sessionizer.openSessions).toBe(2);
    h.push(["RING", "s2", "b3", 6001]); // watermark 6001 > 6000
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
    expect(ids(h.finalised[0])).toEqual(["a1", "a3", "a2"]);
    expect(h.sessionizer.openSessions).toBe(1);
  });

  it("is driven by the newest timestamp, not by older events arriving later", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 5000]);
    // Many events, all older than the deadline: the watermark stays at 5000.
    for (let i = 0; i < 20; i += 1) h.push(["START", `old-${i}`, `o${i}`, 100 * i]);
    expect(h.finalised).toEqual([]);
    h.push(["START", "s9", "z1", 6001]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
  });

  it("keeps the deadline of the first COMPLETED when a second one arrives", () => {
    const h = harness(opts);
    // First COMPLETED at 1000 -> deadline 2000; a second COMPLETED at 1500 must not move it to 2500.
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 1000], ["COMPLETED", "s1", "a3", 1500]);
    expect(h.finalised).toEqual([]);
    h.push(["START", "s2", "b1", 2001]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
    expect(ids(h.finalised[0])).toEqual(["a1", "a2", "a3"]);
  });

  it("has 5 minutes lateness, 24 hours idle and 1 hour of tombstones by default", () => {
    expect(DEFAULT_SESSIONIZE_OPTIONS).toEqual({
      latenessMs: 300_000,
      maxIdleMs: 86_400_000,
      tombstoneMs: 3_600_000,
    });
  });
});

describe("late events", () => {
  const opts: SessionizeOptions = { latenessMs: 1000, maxIdleMs: 86_400_000, tombstoneMs: 5000 };

  it("reports an event of a finalised session as late and does not reopen it", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 1000], ["START", "s2", "b1", 2001]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
    const outcomes = h.push(["LEAVE", "s1", "a3", 900, { subject_type: "phone", subject: "1" }]); // line 4
    expect(outcomes).toEqual(["late"]);
    expect(h.problems).toHaveLength(1);
    expect(h.problems[0]).toMatchObject({
      code: "late-event",
      file: "day.ndjson",
      line: 4,
      sessionId: "s1",
      message:
        "LEAVE arrived after session s1 was finalised (raise --lateness to keep sessions open longer); not counted",
    });
    expect(h.sessionizer.openSessions).toBe(1);
    h.finish();
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
    expect(ids(h.finalised[0])).toEqual(["a1", "a2"]);
  });

  it("calls a redelivered event of a finalised session late too", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 1000], ["START", "s2", "b1", 2001]);
    expect(h.push(["COMPLETED", "s1", "a2", 1000])).toEqual(["late"]);
  });

  it("forgets a finalised session long after its tombstone expired", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 1000], ["START", "s2", "b1", 2001]);
    // Tombstone of s1 expires at 2001 + 5000 = 7001; ten minutes of event time later it is gone.
    h.push(["RING", "s2", "b2", 600_000]);
    expect(h.push(["START", "s1", "a9", 600_001])).toEqual(["accepted"]);
    expect(h.problems).toEqual([]);
  });
});

describe("idle sessions", () => {
  const opts: SessionizeOptions = { latenessMs: 1000, maxIdleMs: 10_000, tombstoneMs: 3_600_000 };

  it("finalises sessions without COMPLETED once they have been idle for maxIdleMs, as incomplete", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["RING", "s1", "a2", 500]); // last event of s1 at 500
    h.push(["START", "s2", "b1", 10_500]); // 500 + 10_000 = 10_500: s1 not idle for longer yet
    expect(h.finalised).toEqual([]);
    expect(h.sessionizer.openSessions).toBe(2);
    // Ten minutes later (a jump over maxIdleMs, so a second line confirms it) both s1 (idle since 500) and
    // s2 (idle since 10_500) are over the limit.
    h.push(["START", "s3", "c1", 600_000], ["RING", "s3", "c2", 600_001]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
    expect(ids(h.finalised[0])).toEqual(["a1", "a2"]);
    const timeline = buildTimeline(h.finalised[0] as Session);
    expect(timeline.status).toBe("incomplete");
    expect(timeline.hasCompleted).toBe(false);
    expect(h.sessionizer.openSessions).toBe(1);
  });

  it("does not finalise an idle-looking session that has COMPLETED before its lateness passes", () => {
    const h = harness({ latenessMs: 60_000, maxIdleMs: 10_000, tombstoneMs: 3_600_000 });
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 100]); // deadline 60_100
    // 60_100 is a jump of more than maxIdleMs from 100: the line after confirms it.
    h.push(["START", "s2", "b1", 60_100], ["START", "s3", "c1", 60_100]);
    expect(h.finalised).toEqual([]);
    h.push(["RING", "s2", "b2", 60_101]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
  });

  it("late events of an idle-finalised session are reported as late", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["START", "s2", "b1", 600_000], ["RING", "s2", "b2", 600_000]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
    expect(h.push(["COMPLETED", "s1", "a2", 30_000])).toEqual(["late"]);
    expect(h.problems.map((p) => p.code)).toEqual(["late-event"]);
  });
});

describe("finish", () => {
  it("flushes completed and incomplete sessions alike", () => {
    const h = harness(WIDE);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 10], ["RING", "s2", "b1", 20]);
    h.finish();
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
    expect(h.sessionizer.openSessions).toBe(0);
    // A second finish has nothing left.
    h.finish();
    expect(h.finalised).toHaveLength(2);
  });
});

describe("bounded memory", () => {
  it("keeps few sessions open while streaming 10,000 sequential short sessions", () => {
    const h = harness({ latenessMs: 1000, maxIdleMs: 60_000, tombstoneMs: 5000 });
    let maxOpen = 0;
    for (let k = 0; k < 10_000; k += 1) {
      // Session k: START at 2000k, COMPLETED at 2000k + 1000, so its deadline is 2000k + 2000 and it is
      // finalised by the COMPLETED of session k + 1 (at 2000k + 3000): at most 2 are open at a time.
      h.push(["START", `s${k}`, `s${k}-start`, 2000 * k]);
      maxOpen = Math.max(maxOpen, h.sessionizer.openSessions);
      h.push(["COMPLETED", `s${k}`, `s${k}-end`, 2000 * k + 1000]);
      maxOpen = Math.max(maxOpen, h.sessionizer.openSessions);
    }
    expect(maxOpen).toBe(2);
    expect(h.finalised).toHaveLength(9_999);
    h.finish();
    expect(h.finalised).toHaveLength(10_000);
    expect(h.finalised.every((s) => s.events.length === 2)).toBe(true);
    expect(h.finalised[9_999]?.sessionId).toBe("s9999");
  });

  it("keeps few sessions open when sessions never complete (idle finalisation)", () => {
    const h = harness({ latenessMs: 1000, maxIdleMs: 60_000, tombstoneMs: 5000 });
    let maxOpen = 0;
    for (let k = 0; k < 10_000; k += 1) {
      h.push(["START", `s${k}`, `s${k}-start`, 2000 * k]);
      maxOpen = Math.max(maxOpen, h.sessionizer.openSessions);
    }
    // 10,000 sessions over 20,000 s of event time; only those of the last few minutes may stay open.
    expect(maxOpen).toBeLessThan(200);
    h.finish();
    expect(h.finalised).toHaveLength(10_000);
  });
});
