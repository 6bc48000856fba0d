// End to end: the built bin (bin/teltel-events.js) run as a child process on the hand-written samples/.
// Every expected figure below was counted by hand from the sample lines (see samples/README.md), not taken
// from the tool; the comments say how. `npm test` builds dist/ first (pretest).
import { isUtf8 } from "node:buffer";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type BinRun, RING_STATES, runBin, states } from "../support/bin.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TIMEOUT = 30_000;

type Run = BinRun;

interface CallCounts {
  total: number;
  answered: number;
  answerRate: number | null;
}
interface Ranked {
  value: string;
  count: number;
  share: number;
}
interface ReportProblem {
  code: string;
  file: string;
  line: number;
  message: string;
  sessionId?: string;
}
interface Report {
  input: {
    files: number;
    fileNames: string[];
    lines: number;
    blank: number;
    events: number;
    invalid: number;
    duplicates: number;
    late: number;
    timeRange: { from: string | null; to: string | null };
  };
  settings: { latenessSeconds: number; maxLineBytes: number; maxSessionEvents: number };
  sessions: {
    total: number;
    complete: number;
    incomplete: number;
    missingStart: number;
    missingCompleted: number;
  };
  calls: CallCounts & { byDirection: { inbound: CallCounts; outbound: CallCounts } };
  hangupBy: Record<string, number>;
  hangupShares: Record<string, number | null>;
  topHangedValues: Ranked[];
  topHangedUsers: Ranked[];
  ringResults: Record<string, number>;
  ringResultsByDirection: { inbound: Record<string, number>; outbound: Record<string, number> };
  problems: ReportProblem[];
  problemsOmitted: number;
  problemCounts: Record<string, number>;
}

/** Runs the real bin with NO_COLOR=1 (unless env overrides it) from the repo root; stdin gets `input` or EOF. */
const run = runBin;

async function json(args: string[], options: { input?: Buffer | string } = {}): Promise<Report> {
  const result = await run(["analyze", "--format", "json", ...args], options);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

const sampleReports = new Map<string, Promise<Report>>();
/** The JSON report of one sample, run once and shared by the tests that read it. */
function sample(name: string): Promise<Report> {
  let report = sampleReports.get(name);
  if (report === undefined) {
    report = json([`samples/${name}`]);
    sampleReports.set(name, report);
  }
  return report;
}

function calls(total: number, answered: number): CallCounts {
  return { total, answered, answerRate: total === 0 ? null : answered / total };
}
/** [value, count] pairs as the report ranks them; share = count / complete calls. */
function ranked(pairs: [string, number][], completeCalls: number): Ranked[] {
  return pairs.map(([value, count]) => ({ value, count, share: count / completeCalls }));
}
function inputOf(file: string, counts: Omit<Report["input"], "files" | "fileNames">): Report["input"] {
  return { files: 1, fileNames: [file], ...counts };
}
/** The problems as sorted [line, code] pairs. */
function problemLines(report: Report): [number, string][] {
  return report.problems
    .map((p): [number, string] => [p.line, p.code])
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
}
/** The report with one input name replaced, to compare runs of the same bytes under different names. */
function renamed(report: Report, name: string): string {
  return JSON.stringify(report).split(JSON.stringify(name).slice(1, -1)).join("<input>");
}

const tmp = mkdtempSync(join(tmpdir(), "teltel-e2e-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("analyze --format json: hand-counted figures of every sample", {
  timeout: TIMEOUT,
}, () => {
  it("inbound-parallel.ndjson", async ({ expect }) => {
    const r = await sample("inbound-parallel.ndjson");
    // 47 lines, all valid: calls A (14 events), B (12), C (9), D (12).
    expect(r.input).toEqual(
      inputOf("samples/inbound-parallel.ndjson", {
        lines: 47,
        blank: 0,
        events: 47,
        invalid: 0,
        duplicates: 0,
        late: 0,
        // A's START (line 1) .. D's COMPLETED (line 47).
        timeRange: { from: "2026-03-02T09:00:00.000Z", to: "2026-03-02T09:09:13.000Z" },
      }),
    );
    expect(r.settings).toEqual({ latenessSeconds: 300, maxLineBytes: 1_048_576, maxSessionEvents: 10_000 });
    expect(r.sessions).toEqual({
      total: 4,
      complete: 4,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // All inbound; A, B, D answered (ANSWER + two JOINs), C is the NOANSWER call.
    expect(r.calls).toEqual({ ...calls(4, 3), byDirection: { inbound: calls(4, 3), outbound: calls(0, 0) } });
    // A phone, B sip 101, C phone, D sip 102.
    expect(r.hangupBy).toEqual({ phone: 2, sip: 2 });
    expect(r.hangupShares).toEqual({ phone: 0.5, sip: 0.5 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000001", 1],
          ["+37120000003", 1],
          ["101", 1],
          ["102", 1],
        ],
        4,
      ),
    );
    expect(r.topHangedUsers).toEqual(
      ranked(
        [
          ["31001", 1],
          ["31002", 1],
        ],
        4,
      ),
    );
    // A: ANSWER + 2 CANCEL; B: CANCEL + ANSWER; C: 3 NOANSWER; D: BUSY + ANSWER.
    const rings = states({ ANSWER: 3, BUSY: 1, NOANSWER: 3, CANCEL: 3 });
    expect(r.ringResults).toEqual(rings);
    expect(Object.keys(r.ringResults)).toEqual(RING_STATES);
    expect(r.ringResultsByDirection).toEqual({ inbound: rings, outbound: states() });
    expect(r.problems).toEqual([]);
    expect(r.problemCounts).toEqual({});
  });

  it("outbound-sip-to-phone.ndjson", async ({ expect }) => {
    const r = await sample("outbound-sip-to-phone.ndjson");
    // E (10 events), F (5), G (5), H (5), I (10) = 35 lines, all valid.
    expect(r.input).toEqual(
      inputOf("samples/outbound-sip-to-phone.ndjson", {
        lines: 35,
        blank: 0,
        events: 35,
        invalid: 0,
        duplicates: 0,
        late: 0,
        timeRange: { from: "2026-03-02T10:00:00.000Z", to: "2026-03-02T10:07:03.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 5,
      complete: 5,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // E and I answered; F BUSY, G CONGESTION, H CHANUNAVAIL.
    expect(r.calls).toEqual({ ...calls(5, 2), byDirection: { inbound: calls(0, 0), outbound: calls(5, 2) } });
    // E phone, F sip 102, G sip 103, H phone, I sip 101.
    expect(r.hangupBy).toEqual({ phone: 2, sip: 3 });
    expect(r.hangupShares).toEqual({ phone: 0.4, sip: 0.6 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000011", 1],
          ["+37120000014", 1],
          ["101", 1],
          ["102", 1],
          ["103", 1],
        ],
        5,
      ),
    );
    expect(r.topHangedUsers).toEqual(
      ranked(
        [
          ["31001", 1],
          ["31002", 1],
          ["31003", 1],
        ],
        5,
      ),
    );
    const rings = states({ ANSWER: 2, BUSY: 1, CONGESTION: 1, CHANUNAVAIL: 1 });
    expect(r.ringResults).toEqual(rings);
    expect(r.ringResultsByDirection).toEqual({ inbound: states(), outbound: rings });
    expect(r.problemCounts).toEqual({});
  });

  it("autodialer-predictive.ndjson", async ({ expect }) => {
    const r = await sample("autodialer-predictive.ndjson");
    // J (14 events), K (9), L (4), M (12), N (5) = 44 lines.
    expect(r.input).toEqual(
      inputOf("samples/autodialer-predictive.ndjson", {
        lines: 44,
        blank: 0,
        events: 44,
        invalid: 0,
        duplicates: 0,
        late: 0,
        timeRange: { from: "2026-03-02T11:00:00.000Z", to: "2026-03-02T11:07:49.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 5,
      complete: 5,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // J and M answered; K (contact answered, operator CHANUNAVAIL), L (NOANSWER), N (callflow, READY only) not.
    expect(r.calls).toEqual({ ...calls(5, 2), byDirection: { inbound: calls(0, 0), outbound: calls(5, 2) } });
    // J, K, L, N: the contact (phone); M: operator 104 (sip).
    expect(r.hangupBy).toEqual({ phone: 4, sip: 1 });
    expect(r.hangupShares).toEqual({ phone: 0.8, sip: 0.2 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000021", 1],
          ["+37120000022", 1],
          ["+37120000023", 1],
          ["+37120000025", 1],
          ["104", 1],
        ],
        5,
      ),
    );
    expect(r.topHangedUsers).toEqual(ranked([["31004", 1]], 5));
    // J: ANSWER, ANSWER, CANCEL; K: ANSWER, CHANUNAVAIL; L: NOANSWER; M: ANSWER x2; N: ANSWER.
    const rings = states({ ANSWER: 6, CANCEL: 1, CHANUNAVAIL: 1, NOANSWER: 1 });
    expect(r.ringResults).toEqual(rings);
    expect(r.ringResultsByDirection).toEqual({ inbound: states(), outbound: rings });
    expect(r.problemCounts).toEqual({});
  });

  it("callback.ndjson", async ({ expect }) => {
    const r = await sample("callback.ndjson");
    // O (12 events), P (9), Q (4) = 25 lines.
    expect(r.input).toEqual(
      inputOf("samples/callback.ndjson", {
        lines: 25,
        blank: 0,
        events: 25,
        invalid: 0,
        duplicates: 0,
        late: 0,
        timeRange: { from: "2026-03-02T12:00:00.000Z", to: "2026-03-02T12:05:31.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 3,
      complete: 3,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // Only O has both legs answered and joined.
    expect(r.calls).toEqual({ ...calls(3, 1), byDirection: { inbound: calls(0, 0), outbound: calls(3, 1) } });
    // The contact hangs up in all three.
    expect(r.hangupBy).toEqual({ phone: 3, sip: 0 });
    expect(r.hangupShares).toEqual({ phone: 1, sip: 0 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000031", 1],
          ["+37120000032", 1],
          ["+37120000033", 1],
        ],
        3,
      ),
    );
    expect(r.topHangedUsers).toEqual([]);
    // O: ANSWER x2; P: ANSWER (leg 1), BUSY (leg 2); Q: NOANSWER (leg 1).
    const rings = states({ ANSWER: 3, BUSY: 1, NOANSWER: 1 });
    expect(r.ringResults).toEqual(rings);
    expect(r.ringResultsByDirection).toEqual({ inbound: states(), outbound: rings });
    expect(r.problemCounts).toEqual({});
  });

  it("transfer.ndjson", async ({ expect }) => {
    const r = await sample("transfer.ndjson");
    // R (10 events), S (10), T (7) = 27 lines.
    expect(r.input).toEqual(
      inputOf("samples/transfer.ndjson", {
        lines: 27,
        blank: 0,
        events: 27,
        invalid: 0,
        duplicates: 0,
        late: 0,
        timeRange: { from: "2026-03-02T13:00:00.000Z", to: "2026-03-02T13:03:49.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 3,
      complete: 3,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // R, S inbound and answered; T outbound, NOANSWER.
    expect(r.calls).toEqual({ ...calls(3, 2), byDirection: { inbound: calls(2, 2), outbound: calls(1, 0) } });
    expect(r.hangupBy).toEqual({ phone: 3, sip: 0 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000041", 1],
          ["+37120000043", 1],
          ["+37129000001", 1],
        ],
        3,
      ),
    );
    expect(r.topHangedUsers).toEqual([]);
    expect(r.ringResults).toEqual(states({ ANSWER: 2, NOANSWER: 1 }));
    expect(r.ringResultsByDirection).toEqual({
      inbound: states({ ANSWER: 2 }),
      outbound: states({ NOANSWER: 1 }),
    });
    expect(r.problemCounts).toEqual({});
  });

  it("cancelled-and-unanswered.ndjson", async ({ expect }) => {
    const r = await sample("cancelled-and-unanswered.ndjson");
    // Z0 (3 events, no START), U (2), V (2), W (7), X (5), Y (7, no COMPLETED) = 26 lines.
    expect(r.input).toEqual(
      inputOf("samples/cancelled-and-unanswered.ndjson", {
        lines: 26,
        blank: 0,
        events: 26,
        invalid: 0,
        duplicates: 0,
        late: 0,
        // Z0's first LEAVE (line 1) .. Y's JOINs (lines 25-26).
        timeRange: { from: "2026-03-02T14:00:02.000Z", to: "2026-03-02T14:05:06.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 6,
      complete: 4,
      incomplete: 2,
      missingStart: 1,
      missingCompleted: 1,
    });
    // Complete: U, W inbound; V, X outbound; none answered.
    expect(r.calls).toEqual({ ...calls(4, 0), byDirection: { inbound: calls(2, 0), outbound: calls(2, 0) } });
    // U phone, V sip 101, W phone, X sip 103 (Z0's sip 105 is not a complete call).
    expect(r.hangupBy).toEqual({ phone: 2, sip: 2 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000051", 1],
          ["+37120000053", 1],
          ["101", 1],
          ["103", 1],
        ],
        4,
      ),
    );
    expect(r.topHangedUsers).toEqual(
      ranked(
        [
          ["31001", 1],
          ["31003", 1],
        ],
        4,
      ),
    );
    // W: CANCEL x2; X: NOANSWER; Y (incomplete, still counted): ANSWER.
    expect(r.ringResults).toEqual(states({ ANSWER: 1, NOANSWER: 1, CANCEL: 2 }));
    expect(r.ringResultsByDirection).toEqual({
      inbound: states({ ANSWER: 1, CANCEL: 2 }),
      outbound: states({ NOANSWER: 1 }),
    });
    // One per incomplete session, at its first line: Z0 at 1, Y's START at 20.
    expect(r.problemCounts).toEqual({ "incomplete-session": 2 });
    expect(problemLines(r)).toEqual([
      [1, "incomplete-session"],
      [20, "incomplete-session"],
    ]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        code: "incomplete-session",
        file: "samples/cancelled-and-unanswered.ndjson",
        line: 20,
        sessionId: "s-0302-1405-05",
      }),
    );
  });

  it("late-and-duplicates.ndjson", async ({ expect }) => {
    const r = await sample("late-and-duplicates.ndjson");
    // 65 lines: duplicates at 6, 13 (keys reordered), 21, 30 (data as object), 33 (reordered), 40 (string ids);
    // invalid: 24 (id of line 14 with state BUSY); late: 57, 58 (s-0303-0900-01 finalised at line 56, 09:07:31 >
    // 09:02:01 + 300 s) and 64 (s-0303-0901-02 finalised at line 63, 09:09:00 > 09:03:41 + 300 s).
    // Lines 5 (RING after its RINGRESULT), 20 (after its COMPLETED) and 55 (3m20s after its COMPLETED) are counted.
    expect(r.input).toEqual(
      inputOf("samples/late-and-duplicates.ndjson", {
        lines: 65,
        blank: 0,
        events: 55, // 65 - 6 - 1 - 3; per session 11 + 10 + 12 + 5 + 10 + 5 + 2
        invalid: 1,
        duplicates: 6,
        late: 3,
        timeRange: { from: "2026-03-03T09:00:00.000Z", to: "2026-03-03T09:09:02.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 7,
      complete: 7,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // Inbound L1, L5 (is_answered 1), L6 ("false"); outbound L2, L3 ("true"), L4 (0), L7.
    expect(r.calls).toEqual({ ...calls(7, 4), byDirection: { inbound: calls(3, 2), outbound: calls(4, 2) } });
    // sip: L1 101, L3 103, L4 104 (a number on the wire), L7 101; phone: L2, L5, L6.
    expect(r.hangupBy).toEqual({ phone: 3, sip: 4 });
    expect(r.hangupShares).toEqual({ phone: 3 / 7, sip: 4 / 7 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["101", 2],
          ["+37120000062", 1],
          ["+37120000065", 1],
          ["+37120000066", 1],
          ["103", 1],
          ["104", 1],
        ],
        7,
      ),
    );
    expect(r.topHangedUsers).toEqual(
      ranked(
        [
          ["31001", 2],
          ["31003", 1],
          ["31004", 1],
        ],
        7,
      ),
    );
    // L1 ANSWER (its late CANCEL is not counted), L2 ANSWER (not the conflicting BUSY), L3 ANSWER x2, L4 BUSY,
    // L5 ANSWER, L6 NOANSWER.
    expect(r.ringResults).toEqual(states({ ANSWER: 5, BUSY: 1, NOANSWER: 1 }));
    expect(r.ringResultsByDirection).toEqual({
      inbound: states({ ANSWER: 2, NOANSWER: 1 }),
      outbound: states({ ANSWER: 3, BUSY: 1 }),
    });
    expect(r.problemCounts).toEqual({ "conflicting-duplicate": 1, "late-event": 3 });
    expect(problemLines(r)).toEqual([
      [24, "conflicting-duplicate"],
      [57, "late-event"],
      [58, "late-event"],
      [64, "late-event"],
    ]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        code: "late-event",
        file: "samples/late-and-duplicates.ndjson",
        line: 57,
        sessionId: "s-0303-0900-01",
      }),
    );
  });

  it("broken-lines.ndjson", async ({ expect }) => {
    const r = await sample("broken-lines.ndjson");
    // 46 lines: blank 7 (empty), 18 (spaces), 35 (tab), 42 (space + CRLF); 20 invalid lines (see the list below);
    // 22 events: B1 (12), B2 (5), B3 (5), some of them CRLF-terminated.
    expect(r.input).toEqual(
      inputOf("samples/broken-lines.ndjson", {
        lines: 46,
        blank: 4,
        events: 22,
        invalid: 20,
        duplicates: 0,
        late: 0,
        timeRange: { from: "2026-03-03T10:00:00.000Z", to: "2026-03-03T10:02:31.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 3,
      complete: 3,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    // B1 inbound answered, B3 inbound CANCEL, B2 outbound BUSY.
    expect(r.calls).toEqual({ ...calls(3, 1), byDirection: { inbound: calls(2, 1), outbound: calls(1, 0) } });
    expect(r.hangupBy).toEqual({ phone: 2, sip: 1 });
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["+37120000071", 1],
          ["+37120000073", 1],
          ["103", 1],
        ],
        3,
      ),
    );
    expect(r.topHangedUsers).toEqual(ranked([["31003", 1]], 3));
    // B1: ANSWER + CANCEL; B2: BUSY; B3: CANCEL. The bad RINGRESULTs (15, 21) are not counted.
    expect(r.ringResults).toEqual(states({ ANSWER: 1, BUSY: 1, CANCEL: 2 }));
    expect(r.ringResultsByDirection).toEqual({
      inbound: states({ ANSWER: 1, CANCEL: 2 }),
      outbound: states({ BUSY: 1 }),
    });
    // One problem per broken rule; line 41 breaks two (no subject_user for sip, participants -1).
    expect(problemLines(r)).toEqual([
      [2, "invalid-json"], // this is not json
      [6, "invalid-json"], // truncated
      [10, "not-an-object"], // array
      [11, "not-an-object"], // number
      [12, "not-an-object"], // string (CRLF)
      [13, "missing-attribute"], // RING without session_id
      [15, "missing-attribute"], // RINGRESULT without state
      [16, "missing-event"],
      [19, "bad-value"], // direction "incoming"
      [21, "bad-value"], // state "ANSWERED"
      [23, "wrong-type"], // participants "1"
      [26, "wrong-type"], // is_answered "yes" (CRLF)
      [29, "not-allowed"], // state in RING
      [31, "not-allowed"], // subject_user with subject_type phone
      [33, "not-allowed"], // leg in a standard call
      [36, "not-allowed"], // subtype in a standard call
      [38, "not-allowed"], // hanged_user with hanged_by phone
      [40, "unknown-event"], // HANGUP
      [41, "missing-attribute"],
      [41, "out-of-range"],
      [44, "bad-format"], // timestamp "03/03/2026 10:02:30"
    ]);
    expect(r.problemCounts).toEqual({
      "bad-format": 1,
      "bad-value": 2,
      "invalid-json": 2,
      "missing-attribute": 3,
      "missing-event": 1,
      "not-allowed": 5,
      "not-an-object": 3,
      "out-of-range": 1,
      "unknown-event": 1,
      "wrong-type": 2,
    });
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: "not-allowed", file: "samples/broken-lines.ndjson", line: 38 }),
    );
  });

  it("mixed-day.ndjson", async ({ expect }) => {
    const r = await sample("mixed-day.ndjson");
    // 38 calls, 338 lines, all valid; call 38 (START at line 330) is still talking when the dump ends.
    expect(r.input).toEqual(
      inputOf("samples/mixed-day.ndjson", {
        lines: 338,
        blank: 0,
        events: 338,
        invalid: 0,
        duplicates: 0,
        late: 0,
        // call 1's START .. call 38's JOINs.
        timeRange: { from: "2026-03-04T08:02:10.000Z", to: "2026-03-04T12:56:49.000Z" },
      }),
    );
    expect(r.sessions).toEqual({
      total: 38,
      complete: 37,
      incomplete: 1,
      missingStart: 0,
      missingCompleted: 1,
    });
    // Inbound complete: 1 3 8 10 11 13 17 19 24 25 27 30 33 37 = 14, answered all but 3 10 17 30 = 10.
    // Outbound: the other 23, answered 2 4 9 15 16 22 28 32 35 = 9.
    expect(r.calls).toEqual({
      ...calls(37, 19),
      byDirection: { inbound: calls(14, 10), outbound: calls(23, 9) },
    });
    // sip: 2 7 8 12 13 15 21 22 23 24 32 35 36 37 = 14; phone: the other 23.
    expect(r.hangupBy).toEqual({ phone: 23, sip: 14 });
    expect(r.hangupShares).toEqual({ phone: 23 / 37, sip: 14 / 37 });
    // 102: calls 2 13 15 23 24; 101: 7 21 32 37; 104: 22 35 36; then the 25 single values, lowest first.
    expect(r.topHangedValues).toEqual(
      ranked(
        [
          ["102", 5],
          ["101", 4],
          ["104", 3],
          ["+37120000101", 1],
          ["+37120000103", 1],
          ["+37120000104", 1],
          ["+37120000105", 1],
          ["+37120000106", 1],
          ["+37120000109", 1],
          ["+37120000110", 1],
        ],
        37,
      ),
    );
    expect(r.topHangedUsers).toEqual(
      ranked(
        [
          ["31002", 5],
          ["31001", 4],
          ["31004", 3],
          ["31003", 1],
          ["31005", 1],
        ],
        37,
      ),
    );
    // Tallied call by call (see samples/README.md); call 38's ANSWER + CANCEL count although it is incomplete.
    const inbound = states({ ANSWER: 11, BUSY: 1, NOANSWER: 7, CANCEL: 11 });
    const outbound = states({ ANSWER: 18, BUSY: 4, NOANSWER: 5, CANCEL: 2, CONGESTION: 1, CHANUNAVAIL: 2 });
    expect(r.ringResultsByDirection).toEqual({ inbound, outbound });
    expect(r.ringResults).toEqual(
      states({ ANSWER: 29, BUSY: 5, NOANSWER: 12, CANCEL: 13, CONGESTION: 1, CHANUNAVAIL: 2 }),
    );
    expect(r.problemCounts).toEqual({ "incomplete-session": 1 });
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: "incomplete-session",
        file: "samples/mixed-day.ndjson",
        line: 330,
        sessionId: "s-0304-1256-38",
      }),
    ]);
  });

  it("keeps lines = blank + events + invalid + duplicates + late for every sample", async ({ expect }) => {
    const names = [
      "inbound-parallel.ndjson",
      "outbound-sip-to-phone.ndjson",
      "autodialer-predictive.ndjson",
      "callback.ndjson",
      "transfer.ndjson",
      "cancelled-and-unanswered.ndjson",
      "late-and-duplicates.ndjson",
      "broken-lines.ndjson",
      "mixed-day.ndjson",
    ];
    for (const name of names) {
      const { input } = await sample(name);
      expect(input.blank + input.events + input.invalid + input.duplicates + input.late, name).toBe(
        input.lines,
      );
    }
  });
});

describe.concurrent("inputs: gzip, stdin, several files, output formats, -o", { timeout: TIMEOUT }, () => {
  it("reads gzip by its magic bytes, whatever the name, with the same figures as the plain file", async ({
    expect,
  }) => {
    const plainName = "samples/late-and-duplicates.ndjson";
    const bytes = readFileSync(join(ROOT, plainName));
    const gz = join(tmp, "late.ndjson.gz");
    const gzAsPlain = join(tmp, "late-really-gzip.ndjson");
    const plainAsGz = join(tmp, "late-really-plain.ndjson.gz");
    writeFileSync(gz, gzipSync(bytes));
    writeFileSync(gzAsPlain, gzipSync(bytes));
    writeFileSync(plainAsGz, bytes);
    const [plain, a, b, c] = await Promise.all([
      sample("late-and-duplicates.ndjson"),
      json([gz]),
      json([gzAsPlain]),
      json([plainAsGz]),
    ]);
    expect(a.input.fileNames).toEqual([gz]);
    expect(a.input.lines).toBe(65);
    // Problems name the input they came from (file and the conflicting-duplicate message).
    expect(a.problems).toContainEqual(expect.objectContaining({ code: "late-event", file: gz, line: 57 }));
    expect(renamed(a, gz)).toBe(renamed(plain, plainName));
    expect(renamed(b, gzAsPlain)).toBe(renamed(plain, plainName));
    expect(renamed(c, plainAsGz)).toBe(renamed(plain, plainName));
  });

  it("reads stdin via - and names it <stdin>", async ({ expect }) => {
    const name = "samples/late-and-duplicates.ndjson";
    const bytes = readFileSync(join(ROOT, name));
    const [plain, piped] = await Promise.all([
      sample("late-and-duplicates.ndjson"),
      json(["-"], { input: bytes }),
    ]);
    expect(piped.input.fileNames).toEqual(["<stdin>"]);
    expect(piped.problems).toContainEqual(
      expect.objectContaining({ code: "conflicting-duplicate", file: "<stdin>", line: 24 }),
    );
    expect(renamed(piped, "<stdin>")).toBe(renamed(plain, name));
  });

  it("reads stdin in worker threads when --threads asks, with the same report as one thread", async ({
    expect,
  }) => {
    const name = "samples/late-and-duplicates.ndjson";
    const bytes = readFileSync(join(ROOT, name));
    const [single, threaded] = await Promise.all([
      json(["-"], { input: bytes }),
      json(["--threads", "2", "-"], { input: bytes }),
    ]);
    expect(threaded).toEqual(single);
  });

  it("--threads 3 gives the same report as one thread (retries, late events, conflicts)", async ({
    expect,
  }) => {
    const [single, threaded] = await Promise.all([
      sample("late-and-duplicates.ndjson"),
      json(["--threads", "3", "samples/late-and-duplicates.ndjson"]),
    ]);
    expect(threaded).toEqual(single);
  });

  it("adds up several files in one run and numbers lines per file", async ({ expect }) => {
    const first = "samples/cancelled-and-unanswered.ndjson";
    const second = "samples/broken-lines.ndjson";
    const r = await json([first, second]);
    // 26 + 46 lines; blank 0 + 4; events 26 + 22; invalid 0 + 20.
    expect(r.input).toEqual({
      files: 2,
      fileNames: [first, second],
      lines: 72,
      blank: 4,
      events: 48,
      invalid: 20,
      duplicates: 0,
      late: 0,
      timeRange: { from: "2026-03-02T14:00:02.000Z", to: "2026-03-03T10:02:31.000Z" },
    });
    // 6 + 3 sessions; complete 4 + 3.
    expect(r.sessions).toEqual({
      total: 9,
      complete: 7,
      incomplete: 2,
      missingStart: 1,
      missingCompleted: 1,
    });
    // inbound U W + B1 B3 (B1 answered); outbound V X + B2.
    expect(r.calls).toEqual({ ...calls(7, 1), byDirection: { inbound: calls(4, 1), outbound: calls(3, 0) } });
    expect(r.hangupBy).toEqual({ phone: 4, sip: 3 });
    expect(r.ringResults).toEqual(states({ ANSWER: 2, BUSY: 1, NOANSWER: 1, CANCEL: 4 }));
    expect(r.problemCounts).toEqual({
      "bad-format": 1,
      "bad-value": 2,
      "incomplete-session": 2,
      "invalid-json": 2,
      "missing-attribute": 3,
      "missing-event": 1,
      "not-allowed": 5,
      "not-an-object": 3,
      "out-of-range": 1,
      "unknown-event": 1,
      "wrong-type": 2,
    });
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: "incomplete-session", file: first, line: 20 }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: "invalid-json", file: second, line: 2 }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: "bad-format", file: second, line: 44 }),
    );
  });

  it("--format csv carries the numbers of the JSON report", async ({ expect }) => {
    const [report, result] = await Promise.all([
      sample("mixed-day.ndjson"),
      run(["analyze", "--format", "csv", "samples/mixed-day.ndjson"]),
    ]);
    expect(result.code).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(rows[0]).toEqual(["table", "row", "key", "column", "value"]);
    const cell = new Map(
      rows.slice(1).map((r): [string, string | undefined] => [`${r[0]}|${r[2]}|${r[3]}`, r[4]]),
    );
    const get = (table: string, key: string, column: string) => cell.get(`${table}|${key}|${column}`);
    const { input, sessions } = report;
    expect(get("input", "lines", "value")).toBe(String(input.lines));
    expect(get("input", "events used", "value")).toBe(String(input.events));
    expect(get("input", "invalid lines", "value")).toBe(String(input.invalid));
    expect(get("input", "first event", "value")).toBe(input.timeRange.from);
    expect(get("input", "last event", "value")).toBe(input.timeRange.to);
    expect(get("sessions", "sessions", "value")).toBe(String(sessions.total));
    expect(get("sessions", "incomplete", "value")).toBe(String(sessions.incomplete));
    expect(get("sessions", "without COMPLETED", "value")).toBe(String(sessions.missingCompleted));
    for (const [key, counts] of [
      ["inbound", report.calls.byDirection.inbound],
      ["outbound", report.calls.byDirection.outbound],
      ["all", report.calls],
    ] as const) {
      expect(get("calls", key, "calls")).toBe(String(counts.total));
      expect(get("calls", key, "answered")).toBe(String(counts.answered));
      expect(get("calls", key, "answer rate %")).toBe(
        String(Math.round((counts.answerRate ?? 0) * 1000) / 10),
      );
    }
    // 19 / 37 = 51.35...%
    expect(get("calls", "all", "answer rate %")).toBe("51.4");
    expect(get("hangups", "phone", "calls")).toBe(String(report.hangupBy.phone));
    expect(get("hangups", "sip", "calls")).toBe(String(report.hangupBy.sip));
    expect(get("hanged-values", "102", "calls")).toBe("5");
    for (const state of RING_STATES) {
      expect(get("ring-results", state, "results")).toBe(String(report.ringResults[state]));
      expect(get("ring-results", state, "inbound")).toBe(
        String(report.ringResultsByDirection.inbound[state]),
      );
      expect(get("ring-results", state, "outbound")).toBe(
        String(report.ringResultsByDirection.outbound[state]),
      );
    }
  });

  it("--format csv --table calls is the calls table alone, as in the JSON report", async ({ expect }) => {
    const [report, result] = await Promise.all([
      sample("mixed-day.ndjson"),
      run(["analyze", "--format", "csv", "--table", "calls", "samples/mixed-day.ndjson"]),
    ]);
    expect(result.code).toBe(0);
    // 10/14 = 71.4%, 9/23 = 39.1%, 19/37 = 51.4%.
    expect(parseCsv(result.stdout)).toEqual([
      ["direction", "calls", "answered", "answer rate %"],
      ["inbound", "14", "10", "71.4"],
      ["outbound", "23", "9", "39.1"],
      ["all", "37", "19", "51.4"],
    ]);
    expect(report.calls.byDirection.inbound).toEqual(calls(14, 10));
  });

  it("the default table format has no ANSI escapes with NO_COLOR=1, even with FORCE_COLOR", async ({
    expect,
  }) => {
    const [plain, forced] = await Promise.all([
      run(["analyze", "samples/mixed-day.ndjson"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }),
      run(["analyze", "samples/mixed-day.ndjson"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }),
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("Calls (complete sessions)");
    expect(plain.stdout).toContain("incomplete-session");
    expect(plain.stdout).not.toContain("\u001b[");
    // The same run without NO_COLOR is coloured, so the check above can fail.
    expect(forced.stdout).toContain("\u001b[");
    expect(stripVTControlCharacters(forced.stdout)).toBe(plain.stdout);
  });

  it("-o FILE writes the report there and nothing to stdout", async ({ expect }) => {
    const out = join(tmp, "callback-report.json");
    const [report, result] = await Promise.all([
      sample("callback.ndjson"),
      run(["analyze", "--format", "json", "-o", out, "samples/callback.ndjson"]),
    ]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(report);
  });
});

/** The lines of samples/transfer.ndjson (3 calls, 27 lines), to build bad inputs around. */
const TRANSFER = readFileSync(join(ROOT, "samples/transfer.ndjson"), "utf8").split("\n").slice(0, -1);

/** Writes lines (strings or raw bytes) joined by LF into the temp dir. */
function dump(name: string, lines: (string | Buffer)[], finalNewline = true): string {
  const parts: Buffer[] = [];
  lines.forEach((line, i) => {
    if (i > 0) parts.push(Buffer.from("\n"));
    parts.push(typeof line === "string" ? Buffer.from(line, "utf8") : line);
  });
  if (finalNewline) parts.push(Buffer.from("\n"));
  const path = join(tmp, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/** What the 27 transfer lines give, whatever bad lines surround them. */
function expectTransferCalls(r: Report): void {
  expect(r.input.events).toBe(27);
  expect(r.sessions).toEqual({ total: 3, complete: 3, incomplete: 0, missingStart: 0, missingCompleted: 0 });
  expect(r.calls).toEqual({ ...calls(3, 2), byDirection: { inbound: calls(2, 2), outbound: calls(1, 0) } });
  expect(r.ringResults).toEqual(states({ ANSWER: 2, NOANSWER: 1 }));
}

/** A deterministic line of binary garbage: a NUL first, then pseudo-random bytes, never a newline. */
function garbage(seed: number, length: number): Buffer {
  const bytes = [0];
  let x = seed;
  while (bytes.length < length) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const b = (x >>> 16) & 0xff;
    if (b !== 0x0a) bytes.push(b);
  }
  return Buffer.from(bytes);
}

function expectOneLineError(result: Run, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.endsWith("\n")).toBe(true);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(/^teltel-events: /);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe.concurrent("bad input through the real bin", { timeout: TIMEOUT }, () => {
  it("a missing file: exit 2, one line on stderr, no report", async () => {
    expectOneLineError(
      await run(["analyze", "samples/no-such-dump.ndjson"]),
      /no-such-dump\.ndjson\b.*\bno such file/i,
    );
  });

  it("a missing file among good ones: exit 2 before any report", async () => {
    expectOneLineError(
      await run(["analyze", "--format", "json", "samples/transfer.ndjson", "samples/missing.ndjson"]),
      /missing\.ndjson\b.*\bno such file/i,
    );
  });

  it("a directory: exit 2, one line on stderr", async () => {
    expectOneLineError(await run(["analyze", "samples"]), /samples\b.*\bdirectory/i);
  });

  it("bad flags: exit 2, one line on stderr", async () => {
    const [format, unknown, maxLine] = await Promise.all([
      run(["analyze", "--format", "xml", "samples/transfer.ndjson"]),
      run(["analyze", "--no-such-flag", "samples/transfer.ndjson"]),
      run(["analyze", "--max-line-bytes", "0", "samples/transfer.ndjson"]),
    ]);
    expectOneLineError(format, /xml/);
    expectOneLineError(unknown, /--no-such-flag/);
    expectOneLineError(maxLine, /max-line-bytes/);
  });

  it("binary garbage lines (NUL and high bytes) are invalid UTF-8; the calls around them still count", async ({
    expect,
  }) => {
    const junk = [garbage(7, 120), garbage(99, 300), garbage(12345, 40)];
    expect(junk.every((b) => b.includes(0) && !b.includes(0x0a))).toBe(true);
    // Random high bytes are not UTF-8: the encoding is checked before the JSON.
    expect(junk.some((b) => isUtf8(b))).toBe(false);
    const path = dump("garbage.ndjson", [
      junk[0] as Buffer,
      ...TRANSFER.slice(0, 14),
      junk[1] as Buffer,
      ...TRANSFER.slice(14),
      junk[2] as Buffer,
    ]);
    const [r, strict] = await Promise.all([
      json([path]),
      run(["analyze", "--strict", "--format", "json", path]),
    ]);
    // 3 garbage lines at 1, 16 and 30 around the 27 transfer lines.
    expect(r.input).toMatchObject({ lines: 30, blank: 0, events: 27, invalid: 3, duplicates: 0, late: 0 });
    expectTransferCalls(r);
    expect(problemLines(r)).toEqual([
      [1, "invalid-utf8"],
      [16, "invalid-utf8"],
      [30, "invalid-utf8"],
    ]);
    // --strict: the same report, exit 1.
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toEqual(r);
  });

  it("a truncated last line (no newline) is invalid JSON and leaves its session incomplete", async ({
    expect,
  }) => {
    // Line 27 is S's COMPLETED; cut after 60 characters, no final newline.
    const path = dump(
      "truncated.ndjson",
      [...TRANSFER.slice(0, 26), (TRANSFER[26] as string).slice(0, 60)],
      false,
    );
    const [r, strict] = await Promise.all([
      json([path]),
      run(["analyze", "--strict", "--format", "json", path]),
    ]);
    expect(r.input).toMatchObject({ lines: 27, blank: 0, events: 26, invalid: 1, duplicates: 0, late: 0 });
    // S (START at line 8) has no COMPLETED now: 2 complete calls, R inbound answered, T outbound not.
    expect(r.sessions).toEqual({
      total: 3,
      complete: 2,
      incomplete: 1,
      missingStart: 0,
      missingCompleted: 1,
    });
    expect(r.calls).toEqual({ ...calls(2, 1), byDirection: { inbound: calls(1, 1), outbound: calls(1, 0) } });
    expect(problemLines(r)).toEqual([
      [8, "incomplete-session"],
      [27, "invalid-json"],
    ]);
    expect(strict.code).toBe(1);
  });

  it("JSON that is not an object is not-an-object", async ({ expect }) => {
    const path = dump("non-object.ndjson", ["[]", "null", '"COMPLETED"', "true", "12.5", ...TRANSFER]);
    const r = await json([path]);
    expect(r.input).toMatchObject({ lines: 32, blank: 0, events: 27, invalid: 5 });
    expectTransferCalls(r);
    expect(problemLines(r)).toEqual([1, 2, 3, 4, 5].map((line) => [line, "not-an-object"]));
  });

  it("a line over --max-line-bytes is line-too-long, even when it is a valid event", async ({ expect }) => {
    // A RING of session R padded to 5000 bytes, as line 5.
    const ring = JSON.parse(TRANSFER[1] as string) as Record<string, unknown>;
    const padded = JSON.stringify({ ...ring, id: "ev-0302-1300-01-99", note: "" });
    const huge = padded.replace('"note":""', `"note":"${"x".repeat(5000 - padded.length)}"`);
    expect(Buffer.byteLength(huge)).toBe(5000);
    const path = dump("huge.ndjson", [...TRANSFER.slice(0, 4), huge, ...TRANSFER.slice(4)]);
    const [limited, unlimited] = await Promise.all([json(["--max-line-bytes", "1000", path]), json([path])]);
    expect(limited.input).toMatchObject({ lines: 28, events: 27, invalid: 1 });
    expect(limited.settings.maxLineBytes).toBe(1000);
    expectTransferCalls(limited);
    expect(limited.problems).toEqual([
      expect.objectContaining({ code: "line-too-long", file: path, line: 5 }),
    ]);
    // Under the default limit the same line is an ordinary 28th event.
    expect(unlimited.input).toMatchObject({ lines: 28, events: 28, invalid: 0 });
  });

  it("unknown event names are unknown-event", async ({ expect }) => {
    const start = JSON.parse(TRANSFER[0] as string) as Record<string, unknown>;
    const path = dump("unknown-event.ndjson", [
      ...TRANSFER.slice(0, 10),
      JSON.stringify({ ...start, event: "TRANSFER", id: "ev-0302-1300-01-90" }),
      JSON.stringify({ ...start, event: "start", id: "ev-0302-1300-01-91" }),
      ...TRANSFER.slice(10),
    ]);
    const r = await json([path]);
    expect(r.input).toMatchObject({ lines: 29, events: 27, invalid: 2 });
    expectTransferCalls(r);
    expect(problemLines(r)).toEqual([
      [11, "unknown-event"],
      [12, "unknown-event"],
    ]);
  });

  it("attributes of the wrong type are wrong-type, one problem each", async ({ expect }) => {
    const ring = JSON.parse(TRANSFER[1] as string) as Record<string, unknown>;
    const completed = JSON.parse(TRANSFER[16] as string) as Record<string, unknown>;
    const path = dump("wrong-types.ndjson", [
      ...TRANSFER.slice(0, 3),
      JSON.stringify({ ...ring, id: "ev-0302-1300-01-90", participants: "0" }),
      JSON.stringify({ ...ring, id: "ev-0302-1300-01-91", session_id: true }),
      ...TRANSFER.slice(3),
      JSON.stringify({ ...completed, id: "ev-0302-1300-01-92", is_answered: "yes" }),
    ]);
    const r = await json([path]);
    expect(r.input).toMatchObject({ lines: 30, events: 27, invalid: 3 });
    expectTransferCalls(r);
    expect(problemLines(r)).toEqual([
      [4, "wrong-type"],
      [5, "wrong-type"],
      [30, "wrong-type"],
    ]);
  });

  it("one event with a timestamp a year ahead does not finalise or idle out the other calls", async ({
    expect,
  }) => {
    const ring = JSON.parse(TRANSFER[1] as string) as Record<string, unknown>;
    const wild = JSON.stringify({ ...ring, id: "ev-wild", timestamp: "2027-03-02T13:00:05Z" });
    const r = await json([
      dump("wild-timestamp.ndjson", [...TRANSFER.slice(0, 5), wild, ...TRANSFER.slice(5)]),
    ]);
    // The wild RING is rejected as unbelievable (no later line confirmed its time; it is more than the 24 h
    // idle limit ahead): one invalid line, 27 events; the three calls are intact.
    expect(r.input).toMatchObject({ lines: 28, events: 27, invalid: 1, late: 0 });
    expect(r.problemCounts).toMatchObject({ "unbelievable-timestamp": 1 });
    expect(r.sessions).toEqual({
      total: 3,
      complete: 3,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    expect(r.calls.total).toBe(3);
  });

  it("a retry of a deeply nested event is a duplicate, not a crash", async ({ expect }) => {
    const start = JSON.parse(TRANSFER[0] as string) as Record<string, unknown>;
    const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const line = JSON.stringify({ ...start, extra: 0 }).replace('"extra":0', `"extra":${nested}`);
    const r = await json([dump("deep-retry.ndjson", [line, line, ...TRANSFER.slice(1)])]);
    expect(r.input).toMatchObject({ lines: 28, events: 27, duplicates: 1, invalid: 0 });
  });

  it("a retry with the same instant spelled differently is a duplicate", async ({ expect }) => {
    const start = JSON.parse(TRANSFER[0] as string) as Record<string, unknown>;
    const instant = Date.parse(start.timestamp as string);
    const spellings = [instant / 1000, instant, new Date(instant).toISOString()];
    const retries = spellings.map((timestamp) => JSON.stringify({ ...start, timestamp }));
    const r = await json([
      dump("respelled-retry.ndjson", [TRANSFER[0] as string, ...retries, ...TRANSFER.slice(1)]),
    ]);
    expect(r.input).toMatchObject({ lines: 30, events: 27, duplicates: 3, invalid: 0 });
  });

  it("stdin given twice is a usage error", async ({ expect }) => {
    const result = await run(["analyze", "-", "-"], { input: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("teltel-events: stdin (-) can be read only once.\n");
  });

  it("--strict exits 0 when no line is invalid (an incomplete session is not an invalid line)", async ({
    expect,
  }) => {
    const result = await run(["analyze", "--strict", "--format", "json", "samples/mixed-day.ndjson"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Report).problemCounts).toEqual({ "incomplete-session": 1 });
  });
});

/** A small RFC 4180 reader: quoted cells, doubled quotes, LF or CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
