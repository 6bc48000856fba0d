// Sessionizing stage: grouping, ordering, duplicates, finalisation by event time, late events, bounded memory.
import { describe, expect, it } from "vitest";
import { buildTimeline } from "../../src/call/timeline.js";
import { FastEvent } from "../../src/ingest/fast-event.js";
import { compareEvents } from "../../src/ingest/open-session.js";
import {
  createSessionizer,
  DEFAULT_SESSIONIZE_OPTIONS,
  type PushOutcome,
  type Session,
  type SessionizeOptions,
  type Sessionizer,
  type SessionizerOutput,
  sameEvent,
} from "../../src/ingest/sessionize.js";
import { StoredSession } from "../../src/ingest/store/stored-session.js";
import type { EventName, SourcedEvent, TelTelEvent } from "../../src/types.js";
import { scanEventLine } from "./scan/scan-line.js";

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

/** The same event as `ev` builds, read from its line by the fast path (a FastEvent, packed slot by slot). */
function fastEv(...args: Parameters<typeof ev>): SourcedEvent {
  const item = ev(...args);
  const line = Buffer.from(JSON.stringify(item.event));
  const event = scanEventLine(line, 0, line.length);
  if (!(event instanceof FastEvent)) throw new Error(`not a fast-path line: ${line}`);
  return { ...item, event };
}

/** The windows of a test; the cap on events a session is the default unless given. */
type Windows = Omit<SessionizeOptions, "maxSessionEvents"> & { maxSessionEvents?: number };

/** A sessionizer with a log of everything it hands back. */
function harness(windows: Windows, confirmed = true, fast = false) {
  const options: SessionizeOptions = {
    maxSessionEvents: DEFAULT_SESSIONIZE_OPTIONS.maxSessionEvents,
    ...windows,
  };
  const out: SessionizerOutput = { finalised: [], problems: [], decided: [] };
  const sessionizer: Sessionizer = createSessionizer(options, out);
  const outcomes = new Map<SourcedEvent, PushOutcome | "held">();
  let seq = 0;
  let phantom = 0;
  let handedOn = 0;
  /** Outcomes of events that were held, once the watermark decided them; sessions read and released. */
  const collect = (): void => {
    for (const { item, outcome } of out.decided) outcomes.set(item, outcome);
    out.decided.length = 0;
    // As the scan driver does once a session's consumer is done: here its events are made and kept.
    for (; handedOn < out.finalised.length; handedOn += 1) {
      const session = out.finalised[handedOn];
      void session?.events;
      if (session instanceof StoredSession) session.release();
    }
  };
  return {
    sessionizer,
    finalised: out.finalised,
    problems: out.problems,
    /** Pushes events in input order (their seq is assigned here); returns their outcomes once all are in. */
    push(...items: [EventName, string, string, number, Partial<TelTelEvent>?][]): (PushOutcome | "held")[] {
      const pushed = items.map(([name, session, id, offset, extra]) => {
        const item = (fast ? fastEv : ev)(name, session, id, offset, seq, extra);
        seq += 1;
        // Each event here stands for a steady stream: three lines of other partitions (distinct ids, two
        // sessions) at its time confirm it before it is pushed, so a jump is believed at once. The
        // watermark's own rules are tested with confirmed = false.
        if (confirmed) {
          for (let k = 0; k < 3; k += 1) {
            sessionizer.observe(item.ts, `phantom-${phantom}`, `phantom-${k % 2}`);
            phantom += 1;
          }
        }
        outcomes.set(item, sessionizer.push(item));
        collect();
        return item;
      });
      return pushed.map((item) => outcomes.get(item) as PushOutcome | "held");
    },
    /** A line this partition does not push (a rejected one when `id` is undefined). */
    observe(offsetMs: number, id?: string, session?: string): void {
      seq += 1;
      sessionizer.observe(T0 + offsetMs, id, session);
      collect();
    },
    /** The outcomes of all events pushed so far, in input order. */
    outcomes(): (PushOutcome | "held")[] {
      return [...outcomes.values()];
    },
    finish(): void {
      sessionizer.finish();
      collect();
    },
  };
}

const ids = (session: Session | undefined) => session?.events.map((e) => e.event.id);

const WIDE: Windows = { latenessMs: 3_600_000, maxIdleMs: 86_400_000, tombstoneMs: 3_600_000 };

const YEAR = 365 * 86_400_000;

describe("watermark against wild clocks", () => {
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 10_000, tombstoneMs: 60_000 };
  /** A stream that has started: s1 completed at 500 (finalised once the watermark passes 1500). */
  const started = () => {
    const h = harness(opts, false);
    // At the very start the first lines wait until three ids of two sessions agree on the time.
    expect(h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 500])).toEqual(["held", "held"]);
    expect(h.push(["START", "s2", "b1", 600])).toEqual(["accepted"]);
    expect(h.outcomes()).toEqual(["accepted", "accepted", "accepted"]);
    return h;
  };

  it("does not let one event a year ahead, delivered three times in a row, move the watermark", () => {
    const h = started();
    // Lines 4-6: the same event id three times (a retried webhook), a year ahead.
    const wild = h.push(["RING", "s2", "w1", YEAR], ["RING", "s2", "w1", YEAR], ["RING", "s2", "w1", YEAR]);
    expect(wild).toEqual(["held", "held", "held"]);
    expect(h.finalised).toEqual([]);
    // The stream carries on at the old time: three lines with other ids make the jump an outlier.
    h.push(["RING", "s2", "b2", 700], ["READY", "s2", "b3", 800, { subject_type: "phone", subject: "1" }]);
    expect(h.problems).toEqual([]);
    h.push(["JOIN", "s2", "b4", 900, { subject_type: "phone", subject: "1" }]);
    expect(h.outcomes().slice(3)).toEqual([
      "unbelievable",
      "unbelievable",
      "unbelievable",
      "accepted",
      "accepted",
      "accepted",
    ]);
    expect(h.problems.map((p) => [p.code, p.line, p.eventId, p.pointer])).toEqual([
      ["unbelievable-timestamp", 4, "w1", "/timestamp"],
      ["unbelievable-timestamp", 5, "w1", "/timestamp"],
      ["unbelievable-timestamp", 6, "w1", "/timestamp"],
    ]);
    // 10 s: the idle limit of these options (24 h by default).
    expect(h.problems[0]?.message).toBe(
      'RING "timestamp" 2027-03-02T09:00:00.000Z is more than 10 s ahead of the stream (the other lines had reached 2026-03-02T09:00:00.900Z) and no other line confirmed it; not counted',
    );
    // Nothing was finalised by the wild line, and the watermark still moves with the stream.
    expect(h.finalised).toEqual([]);
    h.push(["RING", "s2", "b5", 1501]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1"]);
    h.finish();
    expect(ids(h.finalised[1])).toEqual(["b1", "b2", "b3", "b4", "b5"]);
  });

  it("does not count the same id three times, even with old-time lines in between", () => {
    const h = started();
    h.push(["RING", "s2", "w1", YEAR]);
    h.observe(650); // a rejected line at the old time: no id, no vote
    h.push(["RING", "s2", "w1", YEAR], ["RING", "s2", "w1", YEAR]);
    expect(h.outcomes().slice(3)).toEqual(["held", "held", "held"]);
    expect(h.finalised).toEqual([]);
  });

  it("believes a jump once three ids of two sessions within --lateness of each other agree", () => {
    const h = started();
    // A gap in the dump: the stream resumes a day later. One call alone cannot confirm it...
    h.push(["START", "s3", "c1", 86_400_000], ["RING", "s3", "c2", 86_400_200]);
    expect(h.finalised).toEqual([]);
    // ...a second session's line, 500 ms later (within 1000 ms), does: the watermark moves to the gap's
    // first line (86_400_000), and s1 (deadline 1500) and the idle s2 (last event at 600) are finalised.
    expect(h.push(["START", "s4", "d1", 86_400_500])).toEqual(["accepted"]);
    expect(h.outcomes().slice(3)).toEqual(["accepted", "accepted", "accepted"]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
    expect(h.problems).toEqual([]);
  });

  it("needs the confirming lines near each other in time, and other partitions' lines count alike", () => {
    const h = started();
    // Three ids of three sessions, but a day apart from each other: none confirms another.
    h.push(["START", "x1", "x1", 86_400_000]);
    h.observe(2 * 86_400_000, "x2", "x2");
    h.push(["START", "x3", "x3", 3 * 86_400_000]);
    expect(h.finalised).toEqual([]);
    // Lines of other partitions (observed, not pushed) near x3 count alike: believed at x3's time, and
    // the lines behind it are ordinary lines again (x1 and x3 are kept; x2 was another partition's).
    h.observe(3 * 86_400_000 + 100, "y1", "y1");
    expect(h.finalised).toEqual([]);
    h.observe(3 * 86_400_000 + 200, "y2", "y2");
    expect(h.outcomes().slice(3)).toEqual(["accepted", "accepted"]);
    h.push(["RING", "x3", "x3b", 3 * 86_400_000 + 300]);
    // x1 joined its session before the watermark moved, then idled out with s1 and s2.
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2", "x1"]);
  });

  it("keeps a line only a little ahead (under the idle limit) as an ordinary event when the jump fails", () => {
    const h = started();
    // 5 s ahead: more than --lateness (1 s), less than the idle limit (10 s).
    expect(h.push(["RING", "s2", "b2", 5600])).toEqual(["held"]);
    h.push(["RING", "s2", "b3", 700], ["RING", "s2", "b4", 800], ["RING", "s2", "b5", 900]);
    expect(h.outcomes().slice(3)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
    expect(h.problems).toEqual([]);
    // The watermark did not move to 5600: s1 (deadline 1500) is still open.
    expect(h.finalised).toEqual([]);
  });

  it("calls a far-ahead line that nothing decided unbelievable at the end of the input", () => {
    const h = started();
    h.push(["RING", "s2", "w1", YEAR]);
    h.finish();
    expect(h.outcomes()[3]).toBe("unbelievable");
    expect(h.problems.map((p) => p.code)).toEqual(["unbelievable-timestamp"]);
    expect(h.finalised.map((s) => ids(s))).toEqual([["a1", "a2"], ["b1"]]);
  });

  it("keeps every held line when the input ends before the start could be confirmed (one call)", () => {
    const h = harness(opts, false);
    h.push(["START", "s1", "a1", 0], ["COMPLETED", "s1", "a2", 500]);
    h.finish();
    expect(h.outcomes()).toEqual(["accepted", "accepted"]);
    expect(ids(h.finalised[0])).toEqual(["a1", "a2"]);
  });

  it("starts from the stream, not from a wild first line", () => {
    const h = harness(opts, false);
    h.push(["START", "w", "w1", YEAR], ["START", "s1", "a1", 0], ["START", "s2", "b1", 10]);
    h.push(["RING", "s1", "a2", 20]);
    // Three ids of two sessions at the stream's time set the watermark; the wild line waits, and the
    // next three lines at that time make it an outlier.
    h.push(["RING", "s1", "a3", 30], ["RING", "s2", "b2", 40], ["RING", "s2", "b3", 50]);
    expect(h.outcomes()).toEqual(["unbelievable", ...Array(6).fill("accepted")]);
    h.finish();
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
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
    const outcome = h.sessionizer.push({ ...original, event: reordered });
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
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 86_400_000, tombstoneMs: 3_600_000 };

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

  it("has 5 minutes lateness, 24 hours idle, 1 hour of tombstones and 10,000 events a session by default", () => {
    expect(DEFAULT_SESSIONIZE_OPTIONS).toEqual({
      latenessMs: 300_000,
      maxIdleMs: 86_400_000,
      tombstoneMs: 3_600_000,
      maxSessionEvents: 10_000,
    });
  });
});

describe("late events", () => {
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 86_400_000, tombstoneMs: 5000 };

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
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 10_000, tombstoneMs: 3_600_000 };

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

describe("idle sweep", () => {
  // Sweeps run once a minute of event time; the sessions of this test idle out after ten minutes.
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 600_000, tombstoneMs: 3_600_000 };
  for (const fast of [false, true]) {
    it(`finalises a session opened by an old event after a sweep found none idle (${fast ? "fast path" : "plain events"})`, () => {
      const h = harness(opts, true, fast);
      h.push(["START", "A", "a1", 0], ["START", "B", "b1", 300_000]);
      // Plain events (the reference path's) are rows of the store too.
      expect(h.sessionizer.held).toMatchObject({ rows: 2, slots: 2 });
      // At 700,000 A (quiet since 0) is idle, B (since 300,000) is not: the sweep remembers 300,000 as the
      // oldest quiet time left.
      h.push(["START", "X", "x1", 700_000]);
      expect(h.finalised.map((s) => s.sessionId)).toEqual(["A"]);
      // C opens with an older time than any left: at 850,000 it has been quiet for 650,000 and must go.
      h.push(["START", "C", "c1", 200_000]);
      h.push(["RING", "X", "x2", 850_000]);
      expect(h.finalised.map((s) => s.sessionId)).toEqual(["A", "C"]);
      expect(ids(h.finalised[1])).toEqual(["c1"]);
      // The next sweep is a minute after the last (910,000): B, quiet since 300,000, is past its limit then.
      h.push(["RING", "X", "x3", 911_000]);
      expect(h.finalised.map((s) => s.sessionId)).toEqual(["A", "C", "B"]);
    });
  }
});

describe("events kept in the store", () => {
  it("gives back a lone START identical to the event the fast path built, at finish and when it goes idle", () => {
    const windows = { latenessMs: 1000, maxIdleMs: 600_000, tombstoneMs: 3_600_000 };
    const h = harness(windows, true, true);
    const original = fastEv("START", "s1", "a1", 0, 0, { call_id: "c-1", data: { trace_id: "t" } });
    h.push(["START", "s1", "a1", 0, { call_id: "c-1", data: { trace_id: "t" } }]);
    h.push(["START", "s2", "b1", 1000, { direction: "inbound" }]);
    expect(h.sessionizer.held).toMatchObject({ rows: 2, slots: 2 });
    h.push(["START", "s3", "c1", 700_000]);
    h.finish();
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2", "s3"]);
    const back = h.finalised[0]?.events[0] as SourcedEvent;
    expect(back.event).toBeInstanceOf(FastEvent);
    expect(back).toEqual(original);
    expect(Object.keys(back.event)).toEqual(Object.keys(original.event));
    expect(JSON.stringify(back.event)).toBe(JSON.stringify(original.event));
    expect(h.finalised[0]?.first).toEqual({ file: "day.ndjson", line: 1 });
    expect(h.finalised[1]?.events[0]?.event.direction).toBe("inbound");
  });

  it("packs an event of the reference path too, and gives it back identical (an unknown attribute)", () => {
    // One unknown attribute per line must not double the memory of a START-only dump.
    const windows = { latenessMs: 1000, maxIdleMs: 600_000, tombstoneMs: 3_600_000 };
    const h = harness(windows, true, false);
    const extra = { queue_tag: "q-7", data: { campaign_id: "c", nested: [1, -0, "\ud800"] } } as never;
    const original = ev("START", "s1", "a1", 0, 0, extra);
    h.push(["START", "s1", "a1", 0, extra], ["START", "s2", "b1", 1000]);
    expect(h.sessionizer.held).toMatchObject({ rows: 2, slots: 2 });
    // A redelivery is compared with the unpacked event: a duplicate.
    expect(h.push(["START", "s1", "a1", 0, extra])).toEqual(["duplicate"]);
    h.finish();
    const back = h.finalised.find((s) => s.sessionId === "s1")?.events[0] as SourcedEvent;
    expect(Object.getPrototypeOf(back.event)).toBe(Object.prototype);
    expect(back).toEqual(original);
    expect(Object.is((back.event.data as { nested: unknown[] }).nested[1], -0)).toBe(true);
    expect(JSON.stringify(back)).toBe(JSON.stringify(original));
  });

  it("tells a redelivered lone event (duplicate) from another with its id (conflict), then grows the session", () => {
    const h = harness(WIDE, true, true);
    h.push(["START", "s1", "a1", 0]);
    expect(h.sessionizer.held).toMatchObject({ rows: 1, slots: 1 });
    expect(
      h.push(
        ["START", "s1", "a1", 0],
        ["START", "s1", "a1", 0, { accountcode: "acc-2" }],
        ["RING", "s1", "a2", 10],
      ),
    ).toEqual(["duplicate", "conflict", "accepted"]);
    expect(h.problems.map((p) => p.code)).toEqual(["conflicting-duplicate"]);
    h.finish();
    expect(ids(h.finalised[0])).toEqual(["a1", "a2"]);
    expect(h.finalised[0]?.events[0]?.event.accountcode).toBe("acc-1");
  });

  it("frees the rows and blocks of finalised sessions and reuses their slots once tombstones expire", () => {
    const windows = { latenessMs: 1000, maxIdleMs: 600_000, tombstoneMs: 150_000 };
    const h = harness(windows, true, true);
    const party = { subject_type: "phone" as const, subject: "1" };
    const done = { hanged_by: "phone" as const, hanged_value: "1", is_answered: true };
    // Round k: session r<k> of four events, completed; each round is 100 s after the last, so by round k + 1
    // session k is finalised (deadline +1 s), and its tombstone (150 s past its deadline) is lifted at round k + 2.
    const round = (k: number): void => {
      const at = 100_000 * k;
      h.push(
        ["START", `r${k}`, `r${k}-a`, at],
        ["JOIN", `r${k}`, `r${k}-b`, at + 1, party],
        ["LEAVE", `r${k}`, `r${k}-c`, at + 2, party],
        ["COMPLETED", `r${k}`, `r${k}-d`, at + 3, done],
      );
    };
    round(0);
    expect(h.sessionizer.held).toMatchObject({ rows: 4, slots: 1 });
    const { valueBytes } = h.sessionizer.held;
    // Value chunks are cut in multiples of 4 bytes: the START's takes 20, the JOIN's, LEAVE's and COMPLETED's 24.
    expect(valueBytes).toBe(20 + 3 * 24);
    // "r0": its length byte and two characters, in a chunk of 4 bytes.
    expect(h.sessionizer.held.keyBytes).toBe(4);
    round(1);
    // r0 finalised (rows and value blocks freed), its tombstone still standing: two ids interned.
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["r0"]);
    expect(h.sessionizer.held).toEqual({ rows: 4, slots: 2, valueBytes, keyBytes: 8 });
    for (let k = 2; k < 1000; k += 1) round(k);
    // A thousand sessions went through; what is held is one open session and one tombstone, as after round 1.
    expect(h.finalised).toHaveLength(999);
    // ("r998" and "r999": 5 bytes each with their length byte, in chunks of 8).
    expect(h.sessionizer.held).toEqual({ rows: 4, slots: 2, valueBytes, keyBytes: 16 });
    h.finish();
    expect(h.sessionizer.held).toEqual({ rows: 0, slots: 0, valueBytes: 0, keyBytes: 0 });
    expect(ids(h.finalised[999])).toEqual(["r999-a", "r999-b", "r999-c", "r999-d"]);
    expect(h.finalised[999]?.events[1]).toEqual(fastEv("JOIN", "r999", "r999-b", 99_900_001, 3997, party));
  });

  it("hands sessions finalised at once on in batches of at most 1,024 (out.flush)", () => {
    const batches: number[] = [];
    const handed: string[] = [];
    const out: SessionizerOutput = { finalised: [], problems: [], decided: [] };
    out.flush = () => {
      batches.push(out.finalised.length);
      for (const session of out.finalised) handed.push(session.sessionId);
      out.finalised.length = 0;
    };
    const sessionizer = createSessionizer({ ...DEFAULT_SESSIONIZE_OPTIONS }, out);
    for (let k = 0; k < 3000; k += 1) sessionizer.push(fastEv("START", `s${k}`, `e${k}`, k, k));
    expect(handed).toEqual([]);
    sessionizer.finish();
    // 3,000 sessions: two full batches by flush, the last 952 left for the caller.
    expect(batches).toEqual([1024, 1024]);
    expect(out.finalised).toHaveLength(952);
    handed.push(...out.finalised.map((s) => s.sessionId));
    expect(handed).toEqual(Array.from({ length: 3000 }, (_, k) => `s${k}`));
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

describe("oversized sessions (--max-session-events)", () => {
  const opts: Windows = { latenessMs: 1000, maxIdleMs: 10_000, tombstoneMs: 5000, maxSessionEvents: 3 };
  const party = { subject_type: "phone" as const, subject: "1" };

  it("finalises a session at the cap with its first events and only counts the later ones", () => {
    const h = harness(opts);
    h.push(["START", "s1", "a1", 0], ["START", "s2", "b1", 0], ["READY", "s1", "a2", 100, party]);
    expect(h.push(["JOIN", "s1", "a3", 200, party])).toEqual(["accepted"]);
    expect(h.finalised).toEqual([]);
    // Line 5: the fourth event of s1 is past the cap of 3: s1 is finalised with a1, a2, a3.
    expect(h.push(["LEAVE", "s1", "a4", 300, party])).toEqual(["oversized"]);
    expect(h.finalised.map((s) => [s.sessionId, ids(s)])).toEqual([["s1", ["a1", "a2", "a3"]]]);
    expect(h.sessionizer.openSessions).toBe(1);
    // Later events, new or retries of kept ones, are counted as oversized; other sessions go on as usual.
    expect(
      h.push(["JOIN", "s1", "a5", 400, party], ["START", "s1", "a1", 0], ["COMPLETED", "s2", "b2", 500]),
    ).toEqual(["oversized", "oversized", "accepted"]);
    expect(h.problems).toEqual([]);
    h.finish();
    expect(h.problems).toEqual([
      {
        code: "oversized-session",
        file: "day.ndjson",
        line: 5,
        sessionId: "s1",
        message:
          "session s1 has more than 3 events (--max-session-events): it was finalised with its first 3, and 3 later events were not counted (input.late)",
      },
    ]);
    expect(h.finalised.map((s) => s.sessionId)).toEqual(["s1", "s2"]);
  });

  it("ends the oversized session once it is idle like any other, then its events are late", () => {
    // A minute idle limit and an hour of tombstones.
    const h = harness({ ...opts, maxIdleMs: 60_000, tombstoneMs: 3_600_000 });
    h.push(["START", "s1", "a1", 0], ["RING", "s1", "a2", 100], ["RING", "s1", "a3", 200]);
    expect(h.push(["RING", "s1", "a4", 300])).toEqual(["oversized"]);
    // s2 carries the stream on; a minute after s1's last event (300), the sweep at 70 s ends it.
    h.push(["START", "s2", "b1", 5000], ["RING", "s2", "b2", 50_000]);
    expect(h.problems).toEqual([]);
    h.push(["RING", "s2", "b3", 70_000]);
    expect(h.problems.map((p) => [p.code, p.line])).toEqual([["oversized-session", 4]]);
    expect(h.problems[0]?.message).toMatch(/first 3, and 1 later event was not counted \(input\.late\)$/);
    // Its id is now remembered like an idle-finalised session's: an event for it is late.
    expect(h.push(["RING", "s1", "a5", 70_001])).toEqual(["late"]);
  });

  it("keeps memory flat under one endless session: 100,000 events, a cap of 100", () => {
    const h = harness({ ...opts, maxSessionEvents: 100 });
    const counts = new Map<string, number>();
    for (let k = 0; k < 100_000; k += 1) {
      const [outcome] = h.push(["RING", "endless", `e${k}`, k * 10]);
      counts.set(outcome as string, (counts.get(outcome as string) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ accepted: 100, oversized: 99_900 });
    expect(h.sessionizer.openSessions).toBe(0);
    expect(h.finalised).toHaveLength(1);
    expect(h.finalised[0]?.events).toHaveLength(100);
    h.finish();
    expect(h.problems).toHaveLength(1);
    expect(h.problems[0]?.message).toMatch(/first 100, and 99,900 later events were not counted/);
  });
});
