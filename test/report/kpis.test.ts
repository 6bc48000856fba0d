// KPIs, breakdowns and variants of analyze, on the hand-written dumps of test/kpis/. Every expected number was
// computed by hand from the fixture lines; the comment above each block says how. Times are seconds.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { type CallStatsOptions, DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/kpis/${name}.ndjson`, import.meta.url));

/** analyze() in this thread over test/kpis/<names>.ndjson with these KPI options. */
async function report(names: string[], stats: Partial<CallStatsOptions> = {}): Promise<AnalyzeReport> {
  return analyze(inputSources(names.map(fixture), Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, ...stats },
  });
}

/** Mean, median and p90 as the report gives them. */
const stats = (count: number, mean: number | null, median: number | null, p90: number | null) => ({
  count,
  mean,
  median,
  p90,
});

// 1-basic.ndjson, 2026-03-02 (times hh:mm:ss):
//   a  inbound  START 10:00:00, RING 10:00:02, ANSWER 10:00:07, JOIN phone+sip 10:00:08, LEAVE 10:02:08,
//      COMPLETED 10:02:09 answered  -> setup 2, answer 7, ring 5, talk 120, duration 129, rings 1
//   b  outbound START 10:10:00, RING 10:10:01, BUSY 10:10:03, COMPLETED 10:10:04 -> setup 1, ring 2, dur 4, rings 1
//   c  outbound START 10:20:00, RING 10:20:01 CONGESTION 10:20:02, RING 10:20:03 CHANUNAVAIL 10:20:03,
//      COMPLETED 10:20:05 -> setup 1, rings 1 s and 0 s, duration 5, rings 2
//   d  outbound START 10:30:00, RING 10:30:01, ANSWER 10:30:11, JOIN sip 10:30:11, JOIN phone 10:30:12,
//      LEAVE 10:31:12, COMPLETED 10:31:13 answered -> setup 1, answer 11, ring 10, talk 60, duration 73, rings 1
//   e  inbound  START 10:40:00, COMPLETED 10:40:03, no RING, caller hung up -> duration 3, rings 0 (short abandon)
describe("1-basic.ndjson: every KPI over five calls", () => {
  it("ASR and NER", async () => {
    const { kpis } = await report(["1-basic"]);
    // answered: a, d -> 2 of 5. Ring results: ANSWER (a), BUSY (b), CONGESTION + CHANUNAVAIL (c), ANSWER (d)
    // = 5; reached the user: ANSWER, BUSY, ANSWER = 3; network failures 2.
    expect(kpis).toMatchObject({ calls: 5, answered: 2, asr: 0.4, ringResults: 5, reachedUser: 3 });
    expect(kpis.networkFailures).toBe(2);
    expect(kpis.ner).toBe(0.6);
  });

  it("talk per answered call, setup delay, time to answer, ring time, duration, ring attempts", async () => {
    const { kpis } = await report(["1-basic"]);
    // Talk 120 and 60: mean (ACD) 90; nearest rank: median = 1st of 2 = 60, p90 = ceil(1.8) = 2nd = 120.
    expect(kpis.talk).toEqual({ ...stats(2, 90, 60, 120), totalS: 180 });
    // Setup 2, 1, 1, 1 (e has no RING): mean 1.25; sorted 1,1,1,2: median 2nd = 1, p90 4th = 2.
    expect(kpis.setupDelay).toEqual(stats(4, 1.25, 1, 2));
    // Answer 7 and 11: mean 9, median 7, p90 11.
    expect(kpis.timeToAnswer).toEqual(stats(2, 9, 7, 11));
    // Ring times 5, 2, 1, 0, 10: mean 3.6; sorted 0,1,2,5,10: median 3rd = 2, p90 5th = 10.
    expect(kpis.ringTime).toEqual(stats(5, 3.6, 2, 10));
    // Durations 129, 4, 5, 73, 3: mean 42.8; sorted 3,4,5,73,129: median 5, p90 129.
    expect(kpis.duration).toEqual(stats(5, 42.8, 5, 129));
    // RINGs before the answer or the end: 1, 1, 2, 1, 0 -> mean 1; sorted 0,1,1,1,2: median 1, p90 2.
    expect(kpis.ringAttempts).toEqual(stats(5, 1, 1, 2));
  });

  it("abandons and service level: e is a short abandon (3 s < 5 s) and leaves the service level's base", async () => {
    const { kpis } = await report(["1-basic"]);
    // Inbound a (answered after 7 s) and e (abandoned after 3 s). Abandon rate 1/2; without the short
    // abandon (1-1)/(2-1) = 0; service level: a within 20 s, 1 / (2 - 1 short) = 1.
    expect(kpis.inbound).toEqual({
      offered: 2,
      answered: 1,
      abandoned: 1,
      shortAbandoned: 1,
      abandonRate: 0.5,
      abandonRateExShort: 0,
      answeredWithinThreshold: 1,
      serviceLevel: 1,
    });
    // --sl-threshold 5: a took 7 s -> 0 within; --short-abandon 3: e (3 s) is no longer under it.
    const strict = await report(["1-basic"], { slThresholdSeconds: 5, shortAbandonSeconds: 3 });
    expect(strict.kpis.inbound).toMatchObject({ shortAbandoned: 0, answeredWithinThreshold: 0 });
    expect(strict.kpis.inbound.serviceLevel).toBe(0); // 0 / 2
    expect(strict.kpis.inbound.abandonRateExShort).toBe(0.5); // 1 / 2
  });

  it("by direction: inbound a, e; outbound b, c, d (most calls first)", async () => {
    const [by] = (await report(["1-basic"], { by: ["direction"] })).breakdowns;
    expect(by?.groups.map((g) => g.key)).toEqual(["outbound", "inbound"]);
    const [outbound, inbound] = by?.groups ?? [];
    // outbound: answered d; ring results BUSY, CONGESTION, CHANUNAVAIL, ANSWER -> NER 2/4; rings 1,2,1.
    expect(outbound).toMatchObject({ calls: 3, answered: 1, ringResults: 4, reachedUser: 2, ner: 0.5 });
    expect(outbound?.ringAttempts.mean).toBeCloseTo(4 / 3, 10);
    expect(outbound?.talk).toEqual({ ...stats(1, 60, 60, 60), totalS: 60 });
    expect(outbound?.inbound.offered).toBe(0);
    expect(outbound?.inbound.serviceLevel).toBeNull();
    // inbound: a and e as above; rings 1 and 0.
    expect(inbound).toMatchObject({ calls: 2, answered: 1, asr: 0.5, ner: 1 });
    expect(inbound?.ringAttempts.mean).toBe(0.5);
    expect(inbound?.duration).toEqual(stats(2, 66, 3, 129));
  });
});

// 2-unanswered.ndjson: nobody answers.
//   f inbound START 11:00:00, RING 11:00:01, NOANSWER 11:00:31, COMPLETED 11:00:32 caller -> abandon after 32 s
//   g inbound START 11:05:00, RING 11:05:01, CANCEL 11:05:05, COMPLETED 11:05:05 caller -> abandon after 5 s,
//     exactly the default threshold: not *under* 5 s, so not short
describe("2-unanswered.ndjson: zero answered calls", () => {
  it("ASR 0, no talk and no time to answer, NER from NOANSWER and CANCEL", async () => {
    const { kpis } = await report(["2-unanswered"]);
    expect(kpis).toMatchObject({ calls: 2, answered: 0, asr: 0, ringResults: 2, reachedUser: 2, ner: 1 });
    expect(kpis.talk).toEqual({ ...stats(0, null, null, null), totalS: 0 });
    expect(kpis.timeToAnswer).toEqual(stats(0, null, null, null));
    // Ring times 30 and 4: mean 17, median 4, p90 30. Durations 32 and 5: mean 18.5.
    expect(kpis.ringTime).toEqual(stats(2, 17, 4, 30));
    expect(kpis.duration).toEqual(stats(2, 18.5, 5, 32));
  });

  it("abandons over and at the threshold, then under it", async () => {
    const { kpis } = await report(["2-unanswered"]);
    // Both abandoned, neither short (32 s, 5 s): rates 2/2; service level 0 / 2.
    expect(kpis.inbound).toEqual({
      offered: 2,
      answered: 0,
      abandoned: 2,
      shortAbandoned: 0,
      abandonRate: 1,
      abandonRateExShort: 1,
      answeredWithinThreshold: 0,
      serviceLevel: 0,
    });
    // --short-abandon 5.5: g (5 s) is short -> without it (2-1)/(2-1) = 1; service level 0 / 1 = 0.
    const five = (await report(["2-unanswered"], { shortAbandonSeconds: 5.5 })).kpis.inbound;
    expect(five).toMatchObject({ shortAbandoned: 1, abandonRateExShort: 1, serviceLevel: 0 });
    // --short-abandon 40: both short -> nothing left to divide by.
    const forty = (await report(["2-unanswered"], { shortAbandonSeconds: 40 })).kpis.inbound;
    expect(forty).toMatchObject({
      shortAbandoned: 2,
      abandonRate: 1,
      abandonRateExShort: null,
      serviceLevel: null,
    });
  });
});

// 3-autodialer.ndjson: predictive calls, campaigns c1 (p1, p2) and c2 (p3).
//   p1 contact ANSWER after 6 s, operator RING (leg operator, call_id p1-op) CHANUNAVAIL at once, contact hangs up
//      at 20 s: reached, not connected, not answered; the missed operator ring names no SIP party
//   p2 contact ANSWER after 4 s, operator ring 3 s -> ANSWER, sip 204 (u204) joins at 12:10:08 (2nd party),
//      LEAVE at 12:11:38 -> talk 90; answered, reached, connected
//   p3 contact NOANSWER after 30 s: not reached
describe("3-autodialer.ndjson: the operator unreachable", () => {
  it("dialled, reached, connected; ASR and NER", async () => {
    const { kpis } = await report(["3-autodialer"]);
    expect(kpis.autodialer).toEqual({
      dialled: 3,
      reached: 2,
      connected: 1,
      reachRate: 2 / 3,
      connectRate: 1 / 3,
    });
    // Ring results ANSWER, CHANUNAVAIL, ANSWER, ANSWER, NOANSWER: reached 4, failures 1.
    expect(kpis).toMatchObject({ calls: 3, answered: 1, ringResults: 5, reachedUser: 4, networkFailures: 1 });
    expect(kpis.ner).toBe(0.8);
    // Only p2 is answered (talk 90); p1's contact ANSWER counts for time to answer (6, 4).
    expect(kpis.talk).toEqual({ ...stats(1, 90, 90, 90), totalS: 90 });
    expect(kpis.timeToAnswer).toEqual(stats(2, 5, 4, 6));
    // Every START has its RING at the same second.
    expect(kpis.setupDelay).toEqual(stats(3, 0, 0, 0));
  });

  it("by campaign and by operator", async () => {
    const { breakdowns } = await report(["3-autodialer"], { by: ["campaign", "operator"] });
    const [campaign, operator] = breakdowns;
    expect(
      campaign?.groups.map((g) => [g.key, g.calls, g.answered, g.autodialer.reached, g.autodialer.connected]),
    ).toEqual([
      ["c1", 2, 1, 2, 1],
      ["c2", 1, 0, 0, 0],
    ]);
    // u204 joined p2; p1 and p3 had no operator. p1's CHANUNAVAIL ring cannot be named.
    expect(operator?.groups.map((g) => [g.key, g.calls, g.missedRings, g.hangups])).toEqual([
      ["u204", 1, 0, 0],
      [null, 2, 0, 0],
    ]);
    expect(operator?.unattributedMissedRings).toBe(1);
  });
});

// 4-operators.ndjson:
//   o1 inbound, RINGs o1-201 and o1-202 at 13:00:01; sip 201 (u201) is READY on call o1-201 but its ring is
//      CANCELled; o1-202 ANSWERs at 13:00:06, sip 202 (u202) joins 13:00:07, leaves 13:01:07 (talk 60) and hangs up
//   o2 inbound, account 20000, RING o2-203 NOANSWER (no party has that call_id), the caller hangs up at 22 s
//   o3 outbound from sip 201 (u201, joined first), the phone answers at 13:20:09, talk 13:20:09-13:20:39 = 30
describe("4-operators.ndjson: per operator", () => {
  it("calls answered, talk, hang-ups and missed rings", async () => {
    const [by] = (await report(["4-operators"], { by: ["operator"] })).breakdowns;
    // u201 and u202 have one call each (key order), no operator last.
    expect(
      by?.groups.map((g) => [
        g.key,
        g.calls,
        g.answered,
        g.talk.totalS,
        g.talk.mean,
        g.missedRings,
        g.hangups,
      ]),
    ).toEqual([
      ["u201", 1, 1, 30, 30, 1, 0],
      ["u202", 1, 1, 60, 60, 0, 1],
      [null, 1, 0, 0, null, 0, 0],
    ]);
    expect(by?.unattributedMissedRings).toBe(1); // o2-203
  });

  it("by account code and the rings before the answer", async () => {
    const report3 = await report(["4-operators"], { by: ["accountcode"] });
    expect(report3.breakdowns[0]?.groups.map((g) => [g.key, g.calls])).toEqual([
      ["10452", 2],
      ["20000", 1],
    ]);
    // o1: both RINGs before the ANSWER = 2; o2: 1; o3: 1 -> mean 4/3, median 1, p90 2.
    expect(report3.kpis.ringAttempts).toMatchObject({ count: 3, median: 1, p90: 2 });
    // Inbound o1 (answered after 6 s) and o2 (abandoned after 22 s): service level 1/2.
    expect(report3.kpis.inbound).toMatchObject({
      offered: 2,
      abandoned: 1,
      shortAbandoned: 0,
      serviceLevel: 0.5,
    });
  });
});

// 5-variants.ndjson: v1 and v2 are the same flow (two parallel RINGs, ANSWER + CANCEL at the same second, READY
// phone + sip, two JOINs, two LEAVEs, COMPLETED) but v2's two RINGRESULTs arrive in the other order; v3 is
// START, COMPLETED.
describe("5-variants.ndjson: trace variants", () => {
  it("counts each sequence once, whatever the arrival order of simultaneous results", async () => {
    const { variants } = await report(["5-variants"], { variants: 20 });
    expect(variants).toEqual({
      calls: 3,
      distinct: 2,
      uncounted: 0,
      top: [
        {
          variant: "START RING×2 RINGRESULT:ANSWER RINGRESULT:CANCEL READY×2 JOIN×2 LEAVE×2 COMPLETED",
          count: 2,
          share: 2 / 3,
        },
        { variant: "START COMPLETED", count: 1, share: 1 / 3 },
      ],
      notListed: 0,
    });
    const one = (await report(["5-variants"], { variants: 1 })).variants;
    expect(one?.top).toHaveLength(1);
    expect(one?.notListed).toBe(1);
  });

  it("are null unless asked for", async () => {
    expect((await report(["5-variants"])).variants).toBeNull();
  });
});

// 6-midnight.ndjson: three calls starting 2026-03-04 21:30Z and 22:30Z (a Wednesday) and 2026-03-05 00:30Z.
// Europe/Riga is UTC+2 in March: 23:30 Wed, 00:30 Thu, 02:30 Thu. America/New_York is UTC-5 before 8 March:
// 16:30, 17:30 and 19:30, all on Wednesday 4 March.
describe("6-midnight.ndjson: hours and days in a time zone", () => {
  const keys = (r: AnalyzeReport) => r.breakdowns.map((b) => b.groups.map((g) => [g.key, g.calls]));

  it("UTC", async () => {
    const r = await report(["6-midnight"], { by: ["hour", "day", "weekday"] });
    expect(keys(r)).toEqual([
      [
        ["00", 1],
        ["21", 1],
        ["22", 1],
      ],
      [
        ["2026-03-04", 2],
        ["2026-03-05", 1],
      ],
      [
        ["Wed", 2],
        ["Thu", 1],
      ],
    ]);
    expect(r.kpis.timeZone).toBe("UTC");
  });

  it("Europe/Riga moves the 22:30Z call to the next day", async () => {
    const r = await report(["6-midnight"], { by: ["hour", "day", "weekday"], timeZone: "Europe/Riga" });
    expect(keys(r)).toEqual([
      [
        ["00", 1],
        ["02", 1],
        ["23", 1],
      ],
      [
        ["2026-03-04", 1],
        ["2026-03-05", 2],
      ],
      [
        ["Wed", 1],
        ["Thu", 2],
      ],
    ]);
    expect(r.kpis.callsByHour.map((n, hour) => (n > 0 ? hour : -1)).filter((h) => h >= 0)).toEqual([
      0, 2, 23,
    ]);
    expect(r.kpis.timeZone).toBe("Europe/Riga");
  });

  it("America/New_York keeps all three on Wednesday", async () => {
    const r = await report(["6-midnight"], { by: ["day", "weekday"], timeZone: "America/New_York" });
    expect(keys(r)).toEqual([[["2026-03-04", 3]], [["Wed", 3]]]);
  });
});

describe("every dimension groups the calls of all fixtures", () => {
  const ALL = ["1-basic", "2-unanswered", "3-autodialer", "4-operators", "5-variants", "6-midnight"];

  // 19 calls: basic a-e, unanswered f-g, autodialer p1-p3, operators o1-o3, variants v1-v3, midnight m1-m3.
  // Groups come most calls first, then by key; calls without a value (null) last.
  it.each([
    // outbound: b c d p1 p2 p3 o3 m1 m2 m3; inbound: a e f g o1 o2 v1 v2 v3
    [
      "direction",
      [
        ["outbound", 10],
        ["inbound", 9],
      ],
    ],
    [
      "type",
      [
        ["standard", 16],
        ["autodialer", 3],
      ],
    ],
    [
      "subtype",
      [
        ["predictive", 3],
        [null, 16],
      ],
    ],
    [
      "accountcode",
      [
        ["10452", 18],
        ["20000", 1],
      ],
    ], // o2 is account 20000
    // didtosip: a e f g o1 o2 v1 v2 v3; siptodid: b c d o3 m1 m2 m3; localtodid: p1 p2 p3
    [
      "phase",
      [
        ["didtosip", 9],
        ["siptodid", 7],
        ["localtodid", 3],
      ],
    ],
    [
      "campaign",
      [
        ["c1", 2],
        ["c2", 1],
        [null, 16],
      ],
    ],
    // u201 joined a and o3; u202 o1; u203 d; u204 p2; u205 v1 and v2. u206 joined none but hung up m1-m3
    // (an operator's group also holds the calls it hung up and its missed rings), so it has 0 calls.
    [
      "operator",
      [
        ["u201", 2],
        ["u205", 2],
        ["u202", 1],
        ["u203", 1],
        ["u204", 1],
        ["u206", 0],
        [null, 12],
      ],
    ],
    // 2026-03-02 is a Monday: 16 calls; midnight: Wed 2, Thu 1
    [
      "weekday",
      [
        ["Mon", 16],
        ["Wed", 2],
        ["Thu", 1],
      ],
    ],
  ] as const)("--by %s", async (by, expected) => {
    const r = await report(ALL, { by: [by] });
    expect(r.breakdowns[0]?.groups.map((g) => [g.key, g.calls])).toEqual(expected);
    expect(r.kpis.calls).toBe(19);
  });
});
