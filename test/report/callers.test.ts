// The missed-caller stage on test/fixtures/callers/worklist.ndjson (all times 2026-03-02, UTC). By hand:
//  G +37120000107: missed 06:00:00-06:00:20; outbound g2 by 104 (user 31004) at 07:30:20, answered: returned
//    90 min (5400 s) after G hung up.
//  H +37120000108: missed 07:00:00-07:00:25 and 07:05:00-07:05:10 (one row: waited 35 s); outbound h2 by 105 (user 31005) at 07:10:00, NOANSWER, names the
//    number in hanged_value (an attempt); h3 by 105 at 07:20:00, answered: returned 1175 s after the first
//    missed call ended, 1 attempt.
//  D +37120000104: missed 08:00:00-08:00:10 (written 0037120000104) and 08:05:00-08:05:30 (+371 20000104);
//    waited 10 + 30 = 40 s; nobody calls back.
//  A +37120000101: missed 09:00:00-09:00:32 (+371 2000 0101); outbound a2 by 101 (user 31001) at 09:40:32,
//    answered, to 0037120000101: returned 40 min (2400 s) after A hung up.
//  n1: inbound, not answered, no phone party, hung up by sip: a missed call without a number.
//  o0: outbound 09:20:00 answered by +37120000105, before E ever misses a call: returns nothing.
//  B +37120000102: missed 10:00:00-10:00:20, the number only in hanged_value, written (+371) 2000-0102;
//    outbound b2 by 102 (user 31002) at 10:30:00, NOANSWER, hanged_value the number: attempted after 1780 s.
//    x1 at 10:45:00 is unanswered and names no number: not seen.
//  C +37120000103: missed 11:00:00-11:01:00 (+371-2000-0103, the queue hung up: hanged_by sip); calls again
//    at 11:20:00 and 103 (user 31003) answers: called again after 1140 s.
//  I +37120000109: waits 11:30:00-11:35:00 (300 s); an agent's call to the number starts at 11:34:00 (i2, by
//    101, answered), while I still waits: not a return; nor is i3, unanswered, naming the number, from 11:33:00
//    to 11:35:01: not an attempt, so I's window (11:35:00 + W) is not over at 12:00:00.
//  E +37120000105: missed 11:50:00-11:50:15, ten minutes before the dump's last event (f1's COMPLETED 12:00:00).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTimeline, type Timeline } from "../../src/call/timeline.js";
import { inputSources } from "../../src/ingest/read.js";
import { scanInputs } from "../../src/ingest/scan.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { type CallerRow, type CallersSummary, callerMatcher } from "../../src/report/callers.js";
import { callerNumber, calledNumbers, normalizeNumber } from "../../src/report/callers-number.js";
import { WORKLIST_SUMMARY_2H } from "../support/callers-worklist.js";

const WORKLIST = fileURLToPath(new URL("../fixtures/callers/worklist.ndjson", import.meta.url));
const at = (time: string): number => Date.parse(`2026-03-02T${time}Z`);

/** The fixture's timelines in the order the scan finalises them. */
const timelines: Timeline[] = [];
beforeAll(() => scan(WORKLIST, timelines));

/** Scans one fixture, adding its timelines to `into` in the order the scan finalises them. */
async function scan(path: string, into: Timeline[]): Promise<void> {
  const options = {
    validator: createEventValidator(await loadSchemaDocument()),
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
  };
  const sources = inputSources([path], Readable.from([]));
  await scanInputs(sources, options, { add: () => {} }, (session) => into.push(buildTimeline(session)));
}

const byId = (id: string): Timeline => timelines.find((t) => t.sessionId === id) as Timeline;

/** The matcher over every timeline: its rows (in order) and summary. */
function match(windowS: number, maxCallS = 86_400): { rows: CallerRow[]; summary: CallersSummary } {
  const rows: CallerRow[] = [];
  const matcher = callerMatcher({ windowS, maxCallS }, (row) => rows.push(row));
  for (const timeline of timelines) matcher.add(timeline);
  return { rows, summary: matcher.finish() };
}

const unresolved = { resolvedAt: null, afterS: null, by: null, resolvedSessionId: null };
const G = { number: "+37120000107", missedAt: at("06:00:00"), lastMissedAt: at("06:00:00"), missedCalls: 1 };
const G_RETURNED = {
  ...G,
  waitedS: 20,
  status: "returned",
  resolvedAt: at("07:30:20"),
  afterS: 5400,
  by: "31004",
  attempts: 0,
  sessionId: "g1",
  resolvedSessionId: "g2",
};
const H_RETURNED = {
  number: "+37120000108",
  missedAt: at("07:00:00"),
  lastMissedAt: at("07:05:00"),
  missedCalls: 2,
  waitedS: 35,
  status: "returned",
  resolvedAt: at("07:20:00"),
  afterS: 1175,
  by: "31005",
  attempts: 1,
  sessionId: "h1",
  resolvedSessionId: "h3",
};
const I = {
  number: "+37120000109",
  missedAt: at("11:30:00"),
  lastMissedAt: at("11:30:00"),
  missedCalls: 1,
  waitedS: 300,
  status: "window-not-over",
  attempts: 0,
  sessionId: "i1",
  ...unresolved,
};
const G_OPEN = { ...G, waitedS: 20, status: "open", attempts: 0, sessionId: "g1", ...unresolved };
const D = {
  number: "+37120000104",
  missedAt: at("08:00:00"),
  lastMissedAt: at("08:05:00"),
  missedCalls: 2,
  waitedS: 40,
  attempts: 0,
  sessionId: "d1",
  ...unresolved,
};
const A = { number: "+37120000101", missedAt: at("09:00:00"), lastMissedAt: at("09:00:00") };
const A_RETURNED = {
  ...A,
  missedCalls: 1,
  waitedS: 32,
  status: "returned",
  resolvedAt: at("09:40:32"),
  afterS: 2400,
  by: "31001",
  attempts: 0,
  sessionId: "a1",
  resolvedSessionId: "a2",
};
const B = {
  number: "+37120000102",
  missedAt: at("10:00:00"),
  lastMissedAt: at("10:00:00"),
  missedCalls: 1,
  waitedS: 20,
  status: "attempted",
  resolvedAt: at("10:30:00"),
  afterS: 1780,
  by: "31002",
  attempts: 1,
  sessionId: "b1",
  resolvedSessionId: "b2",
};
const C = {
  number: "+37120000103",
  missedAt: at("11:00:00"),
  lastMissedAt: at("11:00:00"),
  missedCalls: 1,
  waitedS: 60,
  status: "called-again",
  resolvedAt: at("11:20:00"),
  afterS: 1140,
  by: "31003",
  attempts: 0,
  sessionId: "c1",
  resolvedSessionId: "c2",
};
const E = {
  number: "+37120000105",
  missedAt: at("11:50:00"),
  lastMissedAt: at("11:50:00"),
  missedCalls: 1,
  waitedS: 15,
  status: "window-not-over",
  attempts: 0,
  sessionId: "e1",
  ...unresolved,
};

describe("phone numbers", () => {
  it.each([
    ["+371 2000 0101", "+37120000101"],
    ["0037120000101", "+37120000101"],
    ["(+371) 2000-0102", "+37120000102"],
    ["+371-2000-0103", "+37120000103"],
    ["00 371 (2000) 0104", "+37120000104"],
    ["20000105", "20000105"],
    [" - ( ) ", null],
  ])("%j is compared as %j", (written, number) => {
    expect(normalizeNumber(written)).toBe(number);
  });

  it("an inbound caller: the phone party's subject, else hanged_value when a phone hung up, else none", () => {
    expect(callerNumber(byId("a1"))).toBe("+37120000101");
    expect(callerNumber(byId("b1"))).toBe("+37120000102");
    expect(callerNumber(byId("n1"))).toBeNull();
  });

  it("an outbound call: every number it names, once; an unanswered one that names none gives none", () => {
    expect(calledNumbers(byId("a2"))).toEqual(["+37120000101"]);
    expect(calledNumbers(byId("b2"))).toEqual(["+37120000102"]);
    expect(calledNumbers(byId("x1"))).toEqual([]);
  });
});

describe("the missed-caller matcher", () => {
  it("with a 2 h window: open, returned, attempted, called again, window not over", () => {
    const { rows, summary } = match(7200);
    expect(rows).toEqual([G_RETURNED, H_RETURNED, { ...D, status: "open" }, A_RETURNED, B, C, I, E]);
    // The median is nearest-rank over the returns 1175, 2400 and 5400 s: 2400 (their mean would be 2991.7).
    expect(summary).toEqual(WORKLIST_SUMMARY_2H);
  });

  it("with the default 24 h window nothing before the dump's end is open yet: D's window is not over", () => {
    const { rows, summary } = match(86_400);
    expect(rows).toEqual([
      G_RETURNED,
      H_RETURNED,
      { ...D, status: "window-not-over" },
      A_RETURNED,
      B,
      C,
      I,
      E,
    ]);
    expect(summary).toMatchObject({ open: 0, windowNotOver: 3 });
  });

  it("a call back exactly at the window's end returns the caller; a second later it does not", () => {
    expect(match(2400).rows[3]).toEqual(A_RETURNED);
    const late = match(2399);
    expect(late.rows[0]).toEqual(G_OPEN);
    expect(late.rows[3]).toEqual({
      ...A,
      missedCalls: 1,
      waitedS: 32,
      status: "open",
      attempts: 0,
      sessionId: "a1",
      ...unresolved,
    });
    expect(late.summary).toMatchObject({ returned: 1, returnedWithin1h: 1, medianReturnS: 1175, open: 3 });
  });

  it("returned within 1 h counts returns of 3600 s or less: G's 5400 s is returned, not within the hour", () => {
    expect(match(5400).summary).toMatchObject({ returned: 3, returnedWithin1h: 2, medianReturnS: 2400 });
    // Without G: the returns 1175 and 2400 s, whose nearest-rank median is the first.
    expect(match(5399).summary).toMatchObject({ returned: 2, returnedWithin1h: 2, medianReturnS: 1175 });
  });

  it("returned within 1 h: a return 3600 s after the missed call counts, one 3601 s after does not", async () => {
    // test/fixtures/callers/hour.ndjson: J missed 10:00:00-10:00:30, returned 11:00:30 (3600 s); K missed
    // 10:10:00-10:10:30, returned 11:10:31 (3601 s).
    const hour: Timeline[] = [];
    await scan(fileURLToPath(new URL("../fixtures/callers/hour.ndjson", import.meta.url)), hour);
    const matcher = callerMatcher({ windowS: 86_400, maxCallS: 86_400 }, () => {});
    for (const timeline of hour) matcher.add(timeline);
    expect(matcher.finish()).toMatchObject({ returned: 2, returnedWithin1h: 1, medianReturnS: 3600 });
  });

  it("hands a row on once its window and the longest call have passed, before the input ends", () => {
    const rows: CallerRow[] = [];
    const matcher = callerMatcher({ windowS: 1800, maxCallS: 0 }, (row) => rows.push(row));
    for (const timeline of timelines) {
      matcher.add(timeline);
      // G's window ends at 06:30:20 (h1 ends past it), H is returned at h3, D's window ends at 08:35:30 (a1
      // ends at 09:00:32, past it): all three are handed on by then, A (whose window still runs) is not.
      if (timeline.sessionId === "a1")
        expect(rows.map((row) => [row.number, row.status])).toEqual([
          ["+37120000107", "open"],
          ["+37120000108", "returned"],
          ["+37120000104", "open"],
        ]);
    }
    matcher.finish();
    expect(rows.map((row) => row.status)).toEqual([
      "open",
      "returned",
      "open",
      "open",
      "attempted",
      "called-again",
      "window-not-over",
      "window-not-over",
    ]);
  });

  it("waits --max-call-length for a return call that started in the window but ended after later calls", () => {
    // a2 (09:40:32-09:43:01) returns A exactly at the end of a 2400 s window. Handed over after b1 (which ends
    // at 10:00:20, past that end) it stands for a long call still going on when b1 ended.
    const late = ["a1", "b1", "a2"].map(byId);
    const statusOfA = (maxCallS: number): string | undefined => {
      const rows: CallerRow[] = [];
      const matcher = callerMatcher({ windowS: 2400, maxCallS }, (row) => rows.push(row));
      for (const timeline of late) matcher.add(timeline);
      matcher.finish();
      return rows.find((row) => row.number === "+37120000101")?.status;
    };
    expect(statusOfA(86_400)).toBe("returned");
    expect(statusOfA(1188)).toBe("returned");
    // b1 ends 1188 s after A's window (09:40:32): with a longest call of 1187 s, A is settled open by then.
    expect(statusOfA(1187)).toBe("open");
  });

  it("a new missed call after a caller's window is over starts a new row", () => {
    // With a 4 min window D's second call (08:05:00) comes after the first's window (08:04:10): two rows;
    // so do H's (07:05:00, after 07:04:25).
    const { rows, summary } = match(240);
    expect(rows.slice(3, 5)).toEqual([
      { ...D, lastMissedAt: at("08:00:00"), missedCalls: 1, waitedS: 10, status: "open" },
      { ...D, missedAt: at("08:05:00"), missedCalls: 1, waitedS: 30, sessionId: "d2", status: "open" },
    ]);
    expect(summary).toMatchObject({ missedCallers: 10, missedCalls: 10 });
  });
});
