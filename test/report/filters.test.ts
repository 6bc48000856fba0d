// Filters of analyze (--since, --until, --direction, --type, --account, --operator, --campaign): which sessions
// every figure covers. Input counts and problems are never filtered. Expected numbers counted by hand from the
// START times and attributes of test/kpis/ (listed below) and samples/cancelled-and-unanswered.ndjson.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import type { CallFilter } from "../../src/report/filters.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

// The 19 calls of test/kpis/, START times (2026-03-02 unless said) and what the filters look at:
//   1-basic       a 10:00 in (u201), b 10:10 out, c 10:20 out, d 10:30 out (u203), e 10:40 in
//   2-unanswered  f 11:00 in, g 11:05 in
//   3-autodialer  p1 12:00 out c1, p2 12:10 out c1 (u204), p3 12:20 out c2      (type autodialer)
//   4-operators   o1 13:00 in (u202), o2 13:10 in account 20000, o3 13:20 out (u201)
//   5-variants    v1 14:00 in (u205), v2 14:10 in (u205), v3 14:20 in
//   6-midnight    m1 03-04 21:30Z out, m2 03-04 22:30Z out, m3 03-05 00:30Z out
// Every other call is account 10452, type standard. (uNNN: the call's operator, the first SIP user to join.)
const KPIS = ["1-basic", "2-unanswered", "3-autodialer", "4-operators", "5-variants", "6-midnight"].map(
  (name) => fileURLToPath(new URL(`../fixtures/kpis/${name}.ndjson`, import.meta.url)),
);
const LINES = 32 + 8 + 25 + 27 + 26 + 12;

async function run(filter: CallFilter, timeZone = "UTC", files = KPIS): Promise<AnalyzeReport> {
  return analyze(inputSources(files, Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, timeZone, filter },
  });
}

const at = (iso: string) => Date.parse(iso);

describe("filters", () => {
  it("--since/--until keep calls with since <= START < until; input counts stay whole", async () => {
    const r = await run({ since: at("2026-03-02T11:00:00Z"), until: at("2026-03-02T13:00:00Z") });
    // f, g, p1, p2, p3 (o1 starts exactly at 13:00: out).
    expect(r.calls).toMatchObject({ total: 5, answered: 1 });
    expect(r.kpis.calls).toBe(5);
    expect(r.sessions).toMatchObject({ total: 5, complete: 5 });
    expect(r.filters).toMatchObject({
      active: true,
      since: "2026-03-02T11:00:00.000Z",
      until: "2026-03-02T13:00:00.000Z",
      sessionsExcluded: 14,
    });
    // Ring results of f (NOANSWER), g (CANCEL), p1 (ANSWER, CHANUNAVAIL), p2 (ANSWER x2), p3 (NOANSWER).
    expect(r.ringResults).toMatchObject({ ANSWER: 3, NOANSWER: 2, CANCEL: 1, CHANUNAVAIL: 1, BUSY: 0 });
    const { input } = r;
    expect(input).toMatchObject({ lines: LINES, events: LINES, invalid: 0 });
    expect(input.blank + input.events + input.invalid + input.duplicates + input.late).toBe(input.lines);
  });

  it("a date alone is midnight in --tz", async () => {
    // UTC: from 2026-03-05T00:00Z -> m3. Europe/Riga: from 2026-03-04T22:00Z -> m2, m3.
    expect((await run({ since: at("2026-03-05T00:00:00Z") })).kpis.calls).toBe(1);
    expect((await run({ since: at("2026-03-04T22:00:00Z") }, "Europe/Riga")).kpis.calls).toBe(2);
    // --until 10:10: only a (b starts at 10:10:00).
    expect((await run({ until: at("2026-03-02T10:10:00Z") })).kpis.calls).toBe(1);
  });

  it.each<[string, CallFilter, number]>([
    ["--direction inbound", { direction: ["inbound"] }, 9], // a e f g o1 o2 v1 v2 v3
    ["--type autodialer", { type: ["autodialer"] }, 3], // p1 p2 p3
    ["--type callback", { type: ["callback"] }, 0],
    ["--account 20000", { account: ["20000"] }, 1], // o2
    ["--account 10452 --account 20000", { account: ["10452", "20000"] }, 19],
    ["--operator u201", { operator: ["u201"] }, 2], // a, o3
    ["--campaign c1", { campaign: ["c1"] }, 2], // p1, p2
    ["--direction inbound --operator u201", { direction: ["inbound"], operator: ["u201"] }, 1], // a
  ])("%s", async (_, filter, calls) => {
    const r = await run(filter);
    expect([r.calls.total, r.kpis.calls, r.filters.sessionsExcluded]).toEqual([calls, calls, 19 - calls]);
    expect(r.input.events).toBe(LINES);
  });

  it("no call left: every rate is null", async () => {
    const { kpis } = await run({ type: ["callback"] });
    expect([
      kpis.asr,
      kpis.ner,
      kpis.talk.mean,
      kpis.inbound.serviceLevel,
      kpis.autodialer.reachRate,
    ]).toEqual([null, null, null, null, null]);
  });

  it("applies to incomplete sessions too; problems are never filtered", async () => {
    const file = fileURLToPath(new URL("../../samples/cancelled-and-unanswered.ndjson", import.meta.url));
    // 6 sessions: 2 complete inbound, 2 complete outbound, and 2 incomplete inbound ones (lines 1 and 20).
    const outbound = await run({ direction: ["outbound"] }, "UTC", [file]);
    expect(outbound.sessions).toMatchObject({ total: 2, complete: 2, incomplete: 0 });
    expect(outbound.filters.sessionsExcluded).toBe(4);
    expect(outbound.problemCounts).toEqual({ "incomplete-session": 2 });
    const inbound = await run({ direction: ["inbound"] }, "UTC", [file]);
    expect(inbound.sessions).toMatchObject({ total: 4, complete: 2, incomplete: 2 });
  });

  it("no filter: active false, nothing left out", async () => {
    const r = await run({});
    expect(r.filters).toEqual({
      active: false,
      since: null,
      until: null,
      direction: [],
      type: [],
      account: [],
      operator: [],
      campaign: [],
      sessionsExcluded: 0,
    });
    expect(r.kpis.calls).toBe(19);
  });
});
