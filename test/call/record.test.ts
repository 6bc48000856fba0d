// Call record stage: the per-call row, cell by cell, for sessions of samples/ (values counted by hand from the
// lines, quoted in the comments) and for hand-made sessions that hit the edges of the definitions.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkLifecycle } from "../../src/call/lifecycle.js";
import { type CallRecord, callRecord } from "../../src/call/record.js";
import { talkWindow } from "../../src/call/talk.js";
import { buildTimeline } from "../../src/call/timeline.js";
import { inputSources } from "../../src/ingest/read.js";
import { scanInputs } from "../../src/ingest/scan.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS, type Session } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import type { EventName, SourcedEvent, TelTelEvent } from "../../src/types.js";

const LIFECYCLE = { maxCallMs: 86_400_000 };
let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

/** Every session of one sample as its call record, by session_id. */
async function records(name: string): Promise<Map<string, CallRecord>> {
  const path = fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
  const out = new Map<string, CallRecord>();
  const onSession = (session: Session): void => {
    const timeline = buildTimeline(session);
    out.set(session.sessionId, callRecord(timeline, checkLifecycle(timeline, LIFECYCLE)));
  };
  const options = { validator, maxLineBytes: 1 << 20, sessionize: DEFAULT_SESSIONIZE_OPTIONS };
  await scanInputs(inputSources([path], Readable.from([])), options, { add: () => {} }, onSession);
  return out;
}

/** The fields every record of the samples shares unless a test says otherwise. */
const BASE = { accountcode: "10452", subtype: null, campaign_id: null, contact_id: null, trace_id: null };

describe("inbound-parallel.ndjson", () => {
  it("s-0302-0900-01: three SIPs ring in parallel, 102 answers, the caller hangs up", async () => {
    const r = (await records("inbound-parallel.ndjson")).get("s-0302-0900-01");
    expect(r).toEqual({
      ...BASE,
      session_id: "s-0302-0900-01",
      status: "complete",
      direction: "inbound",
      type: "standard",
      started_at: "2026-03-02T09:00:00.000Z", // line 1
      ended_at: "2026-03-02T09:03:26.000Z", // line 23
      duration_s: 206, // 09:00:00 -> 09:03:26
      ring_attempts: 3, // lines 3-5
      first_ring_at: "2026-03-02T09:00:02.000Z",
      answered_at: "2026-03-02T09:00:09.000Z", // line 6, ANSWER for c-...-102
      time_to_answer_s: 9,
      talk_s: 195, // JOIN sip 102 at 09:00:10 (second joined) -> LEAVE phone at 09:03:25
      final_state: "ANSWER",
      answered: true,
      hanged_by: "phone",
      hanged_value: "+37120000001",
      hanged_user: null,
      operator: "31002", // subject_user of sip 102
      audio_url: "https://records.teltel.io/10452/s-0302-0900-01.mp3",
      anomalies: [],
      ring_states: ["ANSWER", "CANCEL", "CANCEL"], // lines 6, 7, 8, all at 09:00:09
      wait_s: 9, // inbound, answered: time to answer
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });

  it("s-0302-0904-03: nobody answers (NOANSWER x3), the caller hangs up", async () => {
    const r = (await records("inbound-parallel.ndjson")).get("s-0302-0904-03");
    expect(r).toEqual({
      ...BASE,
      session_id: "s-0302-0904-03",
      status: "complete",
      direction: "inbound",
      type: "standard",
      started_at: "2026-03-02T09:04:10.000Z",
      ended_at: "2026-03-02T09:04:55.000Z",
      duration_s: 45,
      ring_attempts: 3,
      first_ring_at: "2026-03-02T09:04:11.000Z",
      answered_at: null,
      time_to_answer_s: null,
      talk_s: null, // only the caller's READY; nobody joined
      final_state: "NOANSWER", // the last RINGRESULT
      answered: false,
      hanged_by: "phone",
      hanged_value: "+37120000003",
      hanged_user: null,
      operator: null,
      audio_url: null,
      anomalies: [],
      ring_states: ["NOANSWER", "NOANSWER", "NOANSWER"], // lines 29, 30, 31
      wait_s: 45, // the caller hung up unanswered: START -> COMPLETED
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });
});

describe("cancelled-and-unanswered.ndjson", () => {
  let all: Map<string, CallRecord>;
  beforeAll(async () => {
    all = await records("cancelled-and-unanswered.ndjson");
  });

  it("has six sessions, two incomplete", () => {
    expect(all.size).toBe(6);
    expect([...all.values()].filter((r) => r.status === "incomplete").map((r) => r.session_id)).toEqual(
      expect.arrayContaining(["s-0302-1355-00", "s-0302-1405-05"]),
    );
  });

  it("s-0302-1400-01: cancelled at once (START, COMPLETED one second later)", () => {
    expect(all.get("s-0302-1400-01")).toEqual({
      ...BASE,
      session_id: "s-0302-1400-01",
      status: "complete",
      direction: "inbound",
      type: "standard",
      started_at: "2026-03-02T14:00:10.000Z",
      ended_at: "2026-03-02T14:00:11.000Z",
      duration_s: 1,
      ring_attempts: 0,
      first_ring_at: null,
      answered_at: null,
      time_to_answer_s: null,
      talk_s: null,
      final_state: "none",
      answered: false,
      hanged_by: "phone",
      hanged_value: "+37120000051",
      hanged_user: null,
      operator: null,
      audio_url: null,
      anomalies: [],
      ring_states: [],
      wait_s: 1, // the caller hung up: START -> COMPLETED
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });

  it("s-0302-1401-02: START and COMPLETED at the same second; a SIP hung up (hanged_user)", () => {
    const r = all.get("s-0302-1401-02");
    expect(r?.duration_s).toBe(0);
    expect([r?.hanged_by, r?.hanged_value, r?.hanged_user]).toEqual(["sip", "101", "31001"]);
    expect(r?.operator).toBeNull(); // hanging up is not joining
  });

  it("s-0302-1402-03: the caller gives up while two SIPs ring (CANCEL x2)", () => {
    const r = all.get("s-0302-1402-03");
    expect(r?.ring_attempts).toBe(2);
    expect(r?.final_state).toBe("CANCEL");
    expect(r?.duration_s).toBe(6);
    expect(r?.first_ring_at).toBe("2026-03-02T14:02:01.000Z");
  });

  it("s-0302-1405-05: still talking when the dump ends (no COMPLETED)", () => {
    expect(all.get("s-0302-1405-05")).toEqual({
      ...BASE,
      session_id: "s-0302-1405-05",
      status: "incomplete",
      direction: "inbound",
      type: "standard",
      started_at: "2026-03-02T14:05:00.000Z",
      ended_at: null,
      duration_s: null,
      ring_attempts: 1,
      first_ring_at: "2026-03-02T14:05:01.000Z",
      answered_at: "2026-03-02T14:05:05.000Z",
      time_to_answer_s: 5,
      talk_s: null, // began at 14:05:06, never ended in the dump
      final_state: "ANSWER",
      answered: null,
      hanged_by: null,
      hanged_value: null,
      hanged_user: null,
      operator: "31002",
      audio_url: null,
      anomalies: ["incomplete-session"],
      ring_states: ["ANSWER"], // line 23
      wait_s: null, // no COMPLETED
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });

  it("s-0302-1355-00: began before the dump (LEAVE, LEAVE, COMPLETED only)", () => {
    expect(all.get("s-0302-1355-00")).toEqual({
      ...BASE,
      session_id: "s-0302-1355-00",
      status: "incomplete",
      direction: "inbound",
      type: "standard",
      started_at: null,
      ended_at: "2026-03-02T14:00:03.000Z",
      duration_s: null,
      ring_attempts: 0,
      first_ring_at: null,
      answered_at: null,
      time_to_answer_s: null,
      talk_s: null,
      final_state: "none",
      answered: true,
      hanged_by: "sip",
      hanged_value: "105",
      hanged_user: "31005",
      operator: null,
      audio_url: "https://records.teltel.io/10452/s-0302-1355-00.mp3",
      // sorted, each code once (two leave-without-join findings)
      anomalies: ["answered-without-answer", "leave-without-join", "start-missing"],
      ring_states: [],
      wait_s: null, // answered, but no START nor RINGRESULT ANSWER
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });
});

describe("autodialer-predictive.ndjson and callback.ndjson", () => {
  it("s-0302-1101-02: the contact answers, the operator is unreachable (CHANUNAVAIL)", async () => {
    expect((await records("autodialer-predictive.ndjson")).get("s-0302-1101-02")).toEqual({
      ...BASE,
      session_id: "s-0302-1101-02",
      status: "complete",
      direction: "outbound",
      type: "autodialer",
      subtype: "predictive",
      started_at: "2026-03-02T11:01:05.000Z",
      ended_at: "2026-03-02T11:01:31.000Z",
      duration_s: 26,
      ring_attempts: 2, // contact at 11:01:05, operator 103 at 11:01:14
      first_ring_at: "2026-03-02T11:01:05.000Z",
      answered_at: "2026-03-02T11:01:13.000Z", // the contact's ANSWER
      time_to_answer_s: 8,
      talk_s: null, // only the contact joined
      final_state: "ANSWER", // an ANSWER result exists, although the call was not answered
      answered: false,
      hanged_by: "phone",
      hanged_value: "+37120000022",
      hanged_user: null,
      operator: null,
      campaign_id: "311",
      contact_id: "880102",
      audio_url: null,
      anomalies: [],
      ring_states: ["ANSWER", "CHANUNAVAIL"], // lines 14 (contact), 18 (operator)
      wait_s: null, // outbound
      closed: null, // export without --open-hours
    } satisfies CallRecord);
  });

  it("s-0302-1100-01: predictive, operator 102 joins after the contact", async () => {
    const r = (await records("autodialer-predictive.ndjson")).get("s-0302-1100-01");
    expect(r?.ring_attempts).toBe(3);
    expect(r?.time_to_answer_s).toBe(11); // the contact's ANSWER at 11:00:11, the first one
    expect(r?.talk_s).toBe(204); // JOIN sip 102 at 11:00:16 -> LEAVE phone at 11:03:40
    expect(r?.operator).toBe("31002");
    expect([r?.campaign_id, r?.contact_id]).toEqual(["311", "880101"]);
  });

  it("s-0302-1200-01: a callback carries its trace_id", async () => {
    const r = (await records("callback.ndjson")).get("s-0302-1200-01");
    expect(r?.trace_id).toBe("crm-7f3a91");
    expect(r?.type).toBe("callback");
    expect([r?.duration_s, r?.time_to_answer_s, r?.talk_s]).toEqual([331, 7, 319]);
    expect(r?.operator).toBe("31001");
  });
});

describe("late-and-duplicates.ndjson", () => {
  it("s-0303-0900-01: the CANCEL arrived late, so a RING has no result", async () => {
    const r = (await records("late-and-duplicates.ndjson")).get("s-0303-0900-01");
    // and the two LEAVEs at 09:02:00 arrived swapped: the phone's (line 18) says participants 0 while two
    // were joined before it and one after it.
    expect(r?.anomalies).toEqual(["participants-mismatch", "ring-without-result"]);
    expect(r?.ring_attempts).toBe(2); // the retried RING (line 6) counts once
    expect(r?.talk_s).toBe(111); // 09:00:09 -> 09:02:00
  });
});

const T0 = Date.parse("2026-03-02T09:00:00Z");

/** A hand-made ordered session; event i is on line i + 1 at T0 + seconds. */
function made(items: [EventName, number, Partial<TelTelEvent>?][]): SourcedEvent[] {
  return items.map(([name, seconds, extra], i) => {
    const ts = T0 + seconds * 1000;
    const event: TelTelEvent = {
      event: name,
      id: `e${i + 1}`,
      timestamp: new Date(ts).toISOString(),
      accountcode: "a",
      session_id: "s",
      direction: "outbound",
      type: "standard",
      ...extra,
    };
    return { event, ts, file: "f", line: i + 1, seq: i };
  });
}

const phone = { subject_type: "phone", subject: "+1" } as const;
const sip = { subject_type: "sip", subject: "101", subject_user: "u1" } as const;
const done = { hanged_by: "phone", hanged_value: "+1", is_answered: true } as const;

function recordOf(events: SourcedEvent[]): CallRecord {
  const timeline = buildTimeline({ sessionId: "s", events, first: { file: "f", line: 1 } });
  return callRecord(timeline, checkLifecycle(timeline, LIFECYCLE));
}

describe("definitions at their edges", () => {
  it("talk ends at COMPLETED when nobody leaves; milliseconds are kept", () => {
    const events = made([
      ["START", 0],
      ["JOIN", 1.25, phone],
      ["JOIN", 2.5, sip],
      ["COMPLETED", 10.75, done],
    ]);
    const r = recordOf(events);
    expect(r.talk_s).toBe(8.25);
    expect(r.duration_s).toBe(10.75);
    expect(r.anomalies).toEqual(["join-without-ready"]);
    expect(talkWindow(events)?.end?.event.event).toBe("COMPLETED");
  });

  it("talk starts at the JOIN that makes two parties, after a LEAVE without JOIN is ignored", () => {
    const r = recordOf(
      made([
        ["START", 0],
        ["JOIN", 1, phone],
        ["LEAVE", 2, { subject_type: "sip", subject: "999", subject_user: "x" }], // never joined: ignored
        ["JOIN", 5, sip],
        ["LEAVE", 20, sip],
        ["JOIN", 30, sip], // a second window is not counted
        ["LEAVE", 90, sip],
        ["COMPLETED", 91, done],
      ]),
    );
    expect(r.talk_s).toBe(15);
  });

  it("final_state is the last RINGRESULT without an ANSWER; operator falls back to subject", () => {
    const r = recordOf(
      made([
        ["START", 0],
        ["RING", 1, { call_id: "a" }],
        ["RING", 1, { call_id: "b" }],
        ["RINGRESULT", 3, { call_id: "b", state: "BUSY" }],
        ["RINGRESULT", 9, { call_id: "a", state: "NOANSWER" }],
        ["READY", 10, { subject_type: "sip", subject: "102" }],
        ["JOIN", 10, { subject_type: "sip", subject: "102" }],
        ["COMPLETED", 12, { hanged_by: "phone", hanged_value: "+1", is_answered: false }],
      ]),
    );
    expect(r.final_state).toBe("NOANSWER");
    expect(r.operator).toBe("102");
    expect(r.ring_attempts).toBe(2);
  });

  it("three parties: the first LEAVE after the window opened closes it", () => {
    const events = made([
      ["START", 0],
      ["JOIN", 1, phone],
      ["JOIN", 2, sip],
      ["JOIN", 3, { subject_type: "sip", subject: "102", subject_user: "u2" }],
      ["LEAVE", 7, { subject_type: "sip", subject: "102", subject_user: "u2" }],
      ["COMPLETED", 9, done],
    ]);
    const window = talkWindow(events);
    expect(window?.parties).toEqual([
      { type: "phone", subject: "+1" },
      { type: "sip", subject: "101", user: "u1" },
    ]);
    const r = recordOf(events);
    expect(r.talk_s).toBe(5);
    // The operator is the first SIP party to join (u1), not a later one (u2).
    expect(r.operator).toBe("u1");
  });
});
