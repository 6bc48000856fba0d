import { describe, expect, it } from "vitest";
import { checkLifecycle } from "../../src/call/lifecycle.js";
import { buildTimeline } from "../../src/call/timeline.js";
import { compareEvents } from "../../src/ingest/open-session.js";
import type { SourcedEvent, TelTelEvent } from "../../src/types.js";

const T0 = Date.parse("2026-03-02T09:00:00Z");
const OPTIONS = { maxCallMs: 86_400_000 };

/** One event of session s1 at T0 + `at` seconds, on line `line` of calls.ndjson. */
function ev(
  line: number,
  event: TelTelEvent["event"],
  at: number,
  extra: Partial<TelTelEvent> = {},
): SourcedEvent {
  const ts = T0 + at * 1000;
  const body: TelTelEvent = {
    event,
    id: `e${line}`,
    timestamp: new Date(ts).toISOString(),
    accountcode: "acc1",
    session_id: "s1",
    direction: "inbound",
    type: "standard",
    ...extra,
  };
  return { event: body, ts, file: "calls.ndjson", line, seq: line };
}

const phone = { subject_type: "phone", subject: "+37120000001" } as const;
const sip = { subject_type: "sip", subject: "101", subject_user: "u1" } as const;

/** A clean answered inbound call: caller and operator talk from 7 s to 60 s. */
function cleanCall(): SourcedEvent[] {
  return [
    ev(1, "START", 0),
    ev(2, "RING", 1, { call_id: "c1" }),
    ev(3, "RINGRESULT", 6, { call_id: "c1", state: "ANSWER" }),
    ev(4, "READY", 6, phone),
    ev(5, "READY", 7, sip),
    ev(6, "JOIN", 7, { ...phone, participants: 1 }),
    ev(7, "JOIN", 7, { ...sip, participants: 2 }),
    ev(8, "LEAVE", 60, { ...phone, participants: 1 }),
    ev(9, "LEAVE", 60, { ...sip, participants: 0 }),
    ev(10, "COMPLETED", 61, {
      hanged_by: "phone",
      hanged_value: "+37120000001",
      is_answered: true,
      audio_url: "https://example.com/a.mp3",
    }),
  ];
}

/** The findings of one session as [code, line] pairs, in the order the rules report them. */
function findings(events: SourcedEvent[]): [string, number][] {
  const sorted = [...events].sort(compareEvents);
  const first = events[0] as SourcedEvent;
  const timeline = buildTimeline({
    sessionId: "s1",
    events: sorted,
    first: { file: first.file, line: first.line },
  });
  return checkLifecycle(timeline, OPTIONS).map((f) => [f.code, f.line]);
}

function replace(events: SourcedEvent[], line: number, by: SourcedEvent | undefined): SourcedEvent[] {
  return events.flatMap((e) => (e.line === line ? (by === undefined ? [] : [by]) : [e]));
}

describe("checkLifecycle", () => {
  it("finds nothing in a clean answered call", () => {
    expect(findings(cleanCall())).toEqual([]);
  });

  it("start-missing at the first line when there is no START", () => {
    expect(findings(replace(cleanCall(), 1, undefined))).toEqual([["start-missing", 2]]);
  });

  it("start-duplicate at the second START", () => {
    expect(findings([...cleanCall(), ev(11, "START", 2)])).toEqual([["start-duplicate", 11]]);
  });

  it("start-not-first at the event earlier than START", () => {
    // The RING at -3 s sorts before START; its RINGRESULT still pairs with it.
    expect(findings(replace(cleanCall(), 2, ev(2, "RING", -3, { call_id: "c1" })))).toEqual([
      ["start-not-first", 2],
    ]);
  });

  it("one duplicate finding for each START and COMPLETED after the first", () => {
    const done = { hanged_by: "phone", hanged_value: "+37120000001", is_answered: true } as const;
    const events = [
      ...cleanCall(),
      ev(11, "START", 0),
      ev(12, "START", 0),
      ev(13, "COMPLETED", 61, done),
      ev(14, "COMPLETED", 61, done),
    ];
    expect(findings(events)).toEqual([
      ["start-duplicate", 11],
      ["start-duplicate", 12],
      ["completed-duplicate", 13],
      ["completed-duplicate", 14],
    ]);
  });

  it("start-not-first and completed-not-last at the first of several events out of place", () => {
    // RING at -3 s (line 2) and the caller's READY at -1 s (line 4) both sort before START: the RING is named.
    const early = replace(
      replace(cleanCall(), 2, ev(2, "RING", -3, { call_id: "c1" })),
      4,
      ev(4, "READY", -1, phone),
    );
    expect(findings(early)).toEqual([["start-not-first", 2]]);
    // Both LEAVEs after COMPLETED (61 s): the phone's at 70 s (line 8) is the first.
    const late = replace(
      replace(cleanCall(), 8, ev(8, "LEAVE", 70, { ...phone, participants: 1 })),
      9,
      ev(9, "LEAVE", 75, { ...sip, participants: 0 }),
    );
    expect(findings(late)).toEqual([["completed-not-last", 8]]);
  });

  it("incomplete-session when there is no COMPLETED, and no ring-without-result for an open call", () => {
    const events = replace(cleanCall(), 10, undefined).filter((e) => e.line !== 3);
    expect(findings(events)).toEqual([["incomplete-session", 1]]);
  });

  it("completed-duplicate at the second COMPLETED, and completed-not-last at an event after the first", () => {
    const second = ev(11, "COMPLETED", 61, {
      hanged_by: "phone",
      hanged_value: "+37120000001",
      is_answered: true,
    });
    expect(findings([...cleanCall(), second])).toEqual([["completed-duplicate", 11]]);
    expect(findings(replace(cleanCall(), 9, ev(9, "LEAVE", 75, { ...sip, participants: 0 })))).toEqual([
      ["completed-not-last", 9],
    ]);
  });

  it("ringresult-without-ring when the RINGRESULT answers no RING", () => {
    expect(findings([...cleanCall(), ev(11, "RINGRESULT", 8, { call_id: "c9", state: "CANCEL" })])).toEqual([
      ["ringresult-without-ring", 11],
    ]);
  });

  it("ring-without-result for a RING of a completed call with no result", () => {
    expect(findings([...cleanCall(), ev(11, "RING", 1, { call_id: "c2" })])).toEqual([
      ["ring-without-result", 11],
    ]);
  });

  it("join-without-ready and leave-without-join", () => {
    expect(findings(replace(cleanCall(), 5, undefined))).toEqual([["join-without-ready", 7]]);
    const stray = ev(11, "LEAVE", 30, {
      subject_type: "sip",
      subject: "102",
      subject_user: "u2",
      participants: 2,
    });
    expect(findings([...cleanCall(), stray])).toEqual([["leave-without-join", 11]]);
  });

  it("participants-mismatch when the count fits neither before nor after the event", () => {
    // Before the second JOIN 1 party had joined, after it 2: participants 3 fits neither.
    expect(findings(replace(cleanCall(), 7, ev(7, "JOIN", 7, { ...sip, participants: 3 })))).toEqual([
      ["participants-mismatch", 7],
    ]);
    // Counting before the event (0 then 1) is accepted as well.
    const before = replace(
      replace(cleanCall(), 6, ev(6, "JOIN", 7, { ...phone, participants: 0 })),
      7,
      ev(7, "JOIN", 7, { ...sip, participants: 1 }),
    );
    expect(findings(before)).toEqual([]);
  });

  it("answered-without-answer, answer-not-flagged and audio-url-unanswered", () => {
    const cancelledAtOnce = [
      ev(1, "START", 0),
      ev(2, "COMPLETED", 1, { hanged_by: "phone", hanged_value: "+37120000001", is_answered: true }),
    ];
    expect(findings(cancelledAtOnce)).toEqual([["answered-without-answer", 2]]);
    const notFlagged = replace(
      cleanCall(),
      10,
      ev(10, "COMPLETED", 61, { hanged_by: "phone", hanged_value: "+37120000001", is_answered: false }),
    );
    expect(findings(notFlagged)).toEqual([["answer-not-flagged", 10]]);
    const recordedButUnanswered = [
      ev(1, "START", 0),
      ev(2, "COMPLETED", 1, {
        hanged_by: "phone",
        hanged_value: "+37120000001",
        is_answered: false,
        audio_url: "https://example.com/a.mp3",
      }),
    ];
    expect(findings(recordedButUnanswered)).toEqual([["audio-url-unanswered", 2]]);
  });

  it("attribute-changed at the first event that differs, once per attribute", () => {
    const events = cleanCall().map((e) =>
      e.line >= 8 ? { ...e, event: { ...e.event, direction: "outbound" as const, accountcode: "acc2" } } : e,
    );
    expect(findings(events)).toEqual([
      ["attribute-changed", 8],
      ["attribute-changed", 8],
    ]);
  });

  it("attribute-changed for type and subtype, in the order accountcode, direction, type, subtype", () => {
    const events = cleanCall().map((e) =>
      e.line >= 9
        ? { ...e, event: { ...e.event, type: "transfer" as const, subtype: "predictive" as const } }
        : e.line >= 8
          ? { ...e, event: { ...e.event, subtype: "predictive" as const } }
          : e,
    );
    expect(findings(events)).toEqual([
      ["attribute-changed", 9],
      ["attribute-changed", 8],
    ]);
  });

  it("session-too-long when the events span more than maxCallMs", () => {
    const events = replace(
      cleanCall(),
      10,
      ev(10, "COMPLETED", 90_000, {
        hanged_by: "phone",
        hanged_value: "+37120000001",
        is_answered: true,
        audio_url: "https://example.com/a.mp3",
      }),
    );
    // 90,000 s > 86,400 s.
    expect(findings(events)).toEqual([["session-too-long", 10]]);
  });
});
