// Timeline stage: ring attempts, parties, outcome, status and data ids from one ordered session.
import { describe, expect, it } from "vitest";
import { buildTimeline, partiesOf } from "../../src/call/timeline.js";
import type { Session } from "../../src/ingest/sessionize.js";
import type { EventName, SourcedEvent, TelTelEvent } from "../../src/types.js";

const T0 = Date.parse("2026-03-02T09:00:00Z");

/** Builds a session from events already in order; event i is at T0 + seconds, on line i + 1. */
function session(
  items: [EventName, number, Partial<TelTelEvent>?][],
  base: Partial<TelTelEvent> = {},
  sessionId = "sess-1",
): Session {
  const events: SourcedEvent[] = items.map(([name, seconds, extra], i) => {
    const ts = T0 + seconds * 1000;
    const event: TelTelEvent = {
      event: name,
      id: `e${i + 1}`,
      timestamp: new Date(ts).toISOString(),
      accountcode: "acc-1",
      session_id: sessionId,
      direction: "outbound",
      type: "standard",
      ...base,
      ...extra,
    };
    return { event, ts, file: "day.ndjson", line: i + 1, seq: i };
  });
  const first = events[0] as SourcedEvent;
  return { sessionId, events, first: { file: first.file, line: first.line } };
}

const at = (seconds: number) => T0 + seconds * 1000;
const line = (n: number) => ({ file: "day.ndjson", line: n });

describe("a complete outbound call", () => {
  const s = session([
    ["START", 0], // line 1
    ["RING", 1, { call_id: "c1" }], // line 2
    ["RINGRESULT", 6, { call_id: "c1", state: "ANSWER" }], // line 3
    ["READY", 6, { subject_type: "sip", subject: "101", subject_user: "u-7" }], // line 4
    ["JOIN", 7, { subject_type: "sip", subject: "101", subject_user: "u-7" }], // line 5
    ["JOIN", 7, { subject_type: "phone", subject: "37120000000" }], // line 6
    ["LEAVE", 65, { subject_type: "phone", subject: "37120000000" }], // line 7
    ["LEAVE", 65, { subject_type: "sip", subject: "101", subject_user: "u-7" }], // line 8
    [
      "COMPLETED",
      66,
      {
        hanged_by: "phone",
        hanged_value: "37120000000",
        is_answered: true,
        audio_url: "https://r.example/1.mp3",
      },
    ], // line 9
  ]);
  const t = buildTimeline(s);

  it("is complete, with START and COMPLETED", () => {
    expect(t.status).toBe("complete");
    expect(t.hasStart).toBe(true);
    expect(t.hasCompleted).toBe(true);
    expect(t.startedAt).toBe(at(0));
    expect(t.sessionId).toBe("sess-1");
    expect(t.accountcode).toBe("acc-1");
    expect(t.direction).toBe("outbound");
    expect(t.type).toBe("standard");
    expect(t.subtype).toBeUndefined();
    expect(t.first).toEqual(line(1));
    expect(t.events).toBe(s.events);
  });

  it("has one ring attempt answered", () => {
    expect(t.ringAttempts).toEqual([
      {
        callId: "c1",
        direction: "outbound",
        ringAt: at(1),
        resultAt: at(6),
        state: "ANSWER",
        ring: line(2),
        result: line(3),
      },
    ]);
  });

  it("has two parties with ready, join and leave times", () => {
    expect(partiesOf(t.events)).toEqual([
      {
        subjectType: "sip",
        subject: "101",
        subjectUser: "u-7",
        readyAt: at(6),
        joinedAt: at(7),
        leftAt: at(65),
        joins: 1,
      },
      { subjectType: "phone", subject: "37120000000", joinedAt: at(7), leftAt: at(65), joins: 1 },
    ]);
  });

  it("takes the outcome from COMPLETED", () => {
    expect(t.outcome).toEqual({
      isAnswered: true,
      hangedBy: "phone",
      hangedValue: "37120000000",
      audioUrl: "https://r.example/1.mp3",
      at: at(66),
    });
  });
});

describe("ring attempts", () => {
  it("pairs RINGRESULTs with RINGs by call_id, whatever their order", () => {
    const t = buildTimeline(
      session([
        ["START", 0],
        ["RING", 1, { call_id: "op-1" }], // line 2
        ["RING", 1, { call_id: "op-2" }], // line 3
        ["RING", 2, { call_id: "op-3" }], // line 4
        ["RINGRESULT", 5, { call_id: "op-2", state: "ANSWER" }], // line 5
        ["RINGRESULT", 5, { call_id: "op-3", state: "CANCEL" }], // line 6
        ["RINGRESULT", 5, { call_id: "op-1", state: "CANCEL" }], // line 7
      ]),
    );
    expect(t.ringAttempts.map((a) => [a.callId, a.ring?.line, a.result?.line, a.state])).toEqual([
      ["op-1", 2, 7, "CANCEL"],
      ["op-2", 3, 5, "ANSWER"],
      ["op-3", 4, 6, "CANCEL"],
    ]);
  });

  it("pairs in order when there are no call_ids", () => {
    const t = buildTimeline(
      session([
        ["RING", 1], // line 1
        ["RING", 2], // line 2
        ["RINGRESULT", 3, { state: "BUSY" }], // line 3 -> the earliest open RING, line 1
        ["RINGRESULT", 4, { state: "NOANSWER" }], // line 4 -> line 2
      ]),
    );
    expect(t.ringAttempts).toEqual([
      {
        direction: "outbound",
        ringAt: at(1),
        ring: line(1),
        resultAt: at(3),
        result: line(3),
        state: "BUSY",
      },
      {
        direction: "outbound",
        ringAt: at(2),
        ring: line(2),
        resultAt: at(4),
        result: line(4),
        state: "NOANSWER",
      },
    ]);
  });

  it("falls back to the earliest RING without call_id when no RING has the RINGRESULT's call_id", () => {
    const t = buildTimeline(
      session([
        ["RING", 1, { call_id: "c1" }], // line 1: has another call_id, not a candidate
        ["RING", 2], // line 2: no call_id, the fallback
        ["RINGRESULT", 3, { call_id: "c9", state: "CHANUNAVAIL" }], // line 3
      ]),
    );
    expect(t.ringAttempts.map((a) => [a.callId, a.ring?.line, a.result?.line, a.state])).toEqual([
      ["c1", 1, undefined, undefined],
      [undefined, 2, 3, "CHANUNAVAIL"],
    ]);
  });

  it("pairs a RINGRESULT without call_id with the earliest open RING", () => {
    const t = buildTimeline(
      session([
        ["RING", 1, { call_id: "c1" }],
        ["RING", 2, { call_id: "c2" }],
        ["RINGRESULT", 3, { state: "ANSWER" }],
      ]),
    );
    expect(t.ringAttempts.map((a) => [a.callId, a.result?.line, a.state])).toEqual([
      ["c1", 3, "ANSWER"],
      ["c2", undefined, undefined],
    ]);
  });

  it("makes an attempt of its own for a RINGRESULT without RING", () => {
    const t = buildTimeline(
      session(
        [
          ["START", 0],
          ["RINGRESULT", 4, { call_id: "c1", state: "ABORT", leg: "contact" }],
          ["COMPLETED", 5, { hanged_by: "phone", hanged_value: "371", is_answered: false }],
        ],
        { type: "autodialer" },
      ),
    );
    expect(t.ringAttempts).toEqual([
      {
        callId: "c1",
        leg: "contact",
        direction: "outbound",
        resultAt: at(4),
        result: line(2),
        state: "ABORT",
      },
    ]);
  });

  it("does not reuse a RING already answered, and keeps legs and directions", () => {
    const t = buildTimeline(
      session(
        [
          ["RING", 1, { call_id: "c1", leg: "contact" }], // line 1
          ["RINGRESULT", 2, { call_id: "c1", state: "ANSWER", leg: "contact" }], // line 2
          ["RINGRESULT", 3, { call_id: "c1", state: "BUSY", leg: "contact" }], // line 3: no open RING left
          ["RING", 4, { call_id: "c2", leg: "operator" }], // line 4
        ],
        { type: "callback", direction: "inbound" },
      ),
    );
    expect(t.ringAttempts).toEqual([
      {
        callId: "c1",
        leg: "contact",
        direction: "inbound",
        ringAt: at(1),
        ring: line(1),
        resultAt: at(2),
        result: line(2),
        state: "ANSWER",
      },
      { callId: "c1", leg: "contact", direction: "inbound", resultAt: at(3), result: line(3), state: "BUSY" },
      { callId: "c2", leg: "operator", direction: "inbound", ringAt: at(4), ring: line(4) },
    ]);
  });
});

describe("parties", () => {
  it("keeps the first READY and JOIN, the last LEAVE, and counts joins", () => {
    const phone = { subject_type: "phone" as const, subject: "371" };
    const t = buildTimeline(
      session([
        ["READY", 1, phone],
        ["READY", 2, phone],
        ["JOIN", 3, phone],
        ["LEAVE", 4, phone],
        ["JOIN", 5, phone],
        ["LEAVE", 9, phone],
      ]),
    );
    expect(partiesOf(t.events)).toEqual([
      { subjectType: "phone", subject: "371", readyAt: at(1), joinedAt: at(3), leftAt: at(9), joins: 2 },
    ]);
  });

  it("tells parties apart by type and number", () => {
    const t = buildTimeline(
      session([
        ["JOIN", 1, { subject_type: "phone", subject: "101" }],
        ["JOIN", 2, { subject_type: "sip", subject: "101", subject_user: "u-1" }],
        ["LEAVE", 3, { subject_type: "phone", subject: "102" }],
      ]),
    );
    expect(partiesOf(t.events)).toEqual([
      { subjectType: "phone", subject: "101", joinedAt: at(1), joins: 1 },
      { subjectType: "sip", subject: "101", subjectUser: "u-1", joinedAt: at(2), joins: 1 },
      { subjectType: "phone", subject: "102", leftAt: at(3), joins: 0 },
    ]);
  });

  it("has no parties when no READY, JOIN or LEAVE was seen", () => {
    expect(partiesOf(buildTimeline(session([["START", 0]])).events)).toEqual([]);
  });
});

describe("outcome and status", () => {
  it("takes hanged_user from a sip hang-up and leaves audioUrl out when there is none", () => {
    const t = buildTimeline(
      session([
        ["START", 0],
        ["COMPLETED", 30, { hanged_by: "sip", hanged_value: "101", hanged_user: "u-7", is_answered: false }],
      ]),
    );
    expect(t.outcome).toEqual({
      isAnswered: false,
      hangedBy: "sip",
      hangedValue: "101",
      hangedUser: "u-7",
      at: at(30),
    });
  });

  it("takes its start, attributes and outcome from the first START and the first COMPLETED", () => {
    const t = buildTimeline(
      session([
        ["RING", 1, { direction: "inbound" }],
        ["START", 2, { type: "autodialer" }],
        ["START", 3, { type: "transfer" }],
        ["COMPLETED", 40, { hanged_by: "phone", hanged_value: "371", is_answered: true }],
        ["COMPLETED", 50, { hanged_by: "sip", hanged_value: "101", is_answered: false }],
      ]),
    );
    expect([t.status, t.startedAt, t.type, t.direction]).toEqual([
      "complete",
      at(2),
      "autodialer",
      "outbound",
    ]);
    expect(t.outcome).toEqual({ isAnswered: true, hangedBy: "phone", hangedValue: "371", at: at(40) });
  });

  it("is incomplete without START, taking call attributes from the first event", () => {
    const t = buildTimeline(
      session(
        [
          ["RING", 2, { direction: "inbound", type: "transfer" }],
          ["COMPLETED", 3, { hanged_by: "phone", hanged_value: "371", is_answered: false }],
        ],
        { accountcode: "acc-9" },
      ),
    );
    expect(t.status).toBe("incomplete");
    expect([t.hasStart, t.hasCompleted]).toEqual([false, true]);
    expect(t.startedAt).toBeUndefined();
    expect([t.accountcode, t.direction, t.type]).toEqual(["acc-9", "inbound", "transfer"]);
    expect(t.outcome?.at).toBe(at(3));
  });

  it("is incomplete without COMPLETED, with no outcome", () => {
    const t = buildTimeline(
      session([
        ["START", 0],
        ["RING", 1],
      ]),
    );
    expect(t.status).toBe("incomplete");
    expect([t.hasStart, t.hasCompleted]).toEqual([true, false]);
    expect(t.outcome).toBeUndefined();
  });

  it("takes direction and type from START even when it is not the first event", () => {
    const t = buildTimeline(
      session([
        ["RING", 0, { direction: "inbound" }],
        ["START", 1, { direction: "outbound", type: "autodialer", subtype: "predictive" }],
      ]),
    );
    expect([t.direction, t.type, t.subtype]).toEqual(["outbound", "autodialer", "predictive"]);
  });
});

describe("campaign, contact and trace ids", () => {
  it("takes each id from the first event that carries it", () => {
    const t = buildTimeline(
      session(
        [
          ["START", 0, { data: { trace_id: "trace-1" } }],
          ["RING", 1, { data: { campaign_id: "camp-1" } }],
          ["RINGRESULT", 2, { state: "ANSWER", data: { campaign_id: "camp-2", contact_id: "cont-1" } }],
          [
            "COMPLETED",
            3,
            { hanged_by: "phone", hanged_value: "371", is_answered: true, data: { trace_id: "trace-2" } },
          ],
        ],
        { type: "autodialer", subtype: "contact-callflow" },
      ),
    );
    expect([t.campaignId, t.contactId, t.traceId]).toEqual(["camp-1", "cont-1", "trace-1"]);
    expect(t.subtype).toBe("contact-callflow");
  });

  it("has no ids when no event has data", () => {
    const t = buildTimeline(session([["START", 0]]));
    expect([t.campaignId, t.contactId, t.traceId]).toEqual([undefined, undefined, undefined]);
  });
});
