// --explain: the calls behind a figure. Expected lists hand-computed from test/fixtures/explain/five-calls.ndjson
// (2026-03-05, every call account 10452, standard; RING 2 s after START):
//   x-a 09:00 inbound, ANSWER at 10 s, talk 60 s, operator 31001      (answered within the 20 s SL threshold)
//   x-b 09:05 inbound, ANSWER at 30 s, talk 30 s, operator 31002      (answered, too late for the SL)
//   x-c 09:10 inbound, caller hangs up at 3 s                         (a short abandon: under 5 s)
//   x-d 09:15 inbound, caller hangs up at 40 s                        (an abandon)
//   x-e 09:20 outbound, NOANSWER, the phone side hangs up at 25 s     (not answered; not an abandon: outbound)
// So: ASR 2/5; abandon rate 2/4; service level 1/3 (offered 4 minus 1 short abandon); talk mean (60+30)/2 = 45.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import type { Explanation } from "../../src/report/explain-figure.js";
import { EXPLAIN_RULES } from "../../src/report/explain-rules.js";
import { parseTarget } from "../../src/report/gate-expr.js";
import { METRICS, readMetric } from "../../src/report/gate-metrics.js";
import { ndjsonFilesUnder } from "../support/reference-line.js";

const FIVE = fileURLToPath(new URL("../fixtures/explain/five-calls.ndjson", import.meta.url));
const SAMPLES = ndjsonFilesUnder(fileURLToPath(new URL("../../samples", import.meta.url)));

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

async function explain(
  target: string,
  files = [FIVE],
  limit = 100,
): Promise<AnalyzeReport & { explain: Explanation }> {
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new Error(parsed.reason);
  const by = parsed.selector === null ? [] : [parsed.selector.dimension];
  const report = await analyze(inputSources(files, Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, by },
    explain: { metric: parsed.metric.name, selector: parsed.selector, limit },
  });
  return report as AnalyzeReport & { explain: Explanation };
}

const ids = (calls: readonly { sessionId: string }[] | undefined): string[] =>
  (calls ?? []).map((c) => c.sessionId);

describe("--explain on hand-computed calls", () => {
  it("asr: the answered calls, then the rest of the calls", async () => {
    const { explain: e } = await explain("asr");
    expect(e.value).toBe(0.4);
    expect(e.numerator).toMatchObject({ counts: "answered calls", value: 2, unlisted: 0 });
    expect(ids(e.numerator.calls)).toEqual(["x-a", "x-b"]);
    expect(e.denominator).toMatchObject({ counts: "calls", value: 5, unlisted: 0 });
    expect(ids(e.denominator?.calls)).toEqual(["x-c", "x-d", "x-e"]);
    expect(e.consistent).toBe(true);
    expect(e.definition?.label).toBe("ASR");
  });

  it("abandon_rate: the abandons, then the other inbound calls; the decisive events with their lines", async () => {
    const { explain: e } = await explain("abandon_rate");
    expect(e.value).toBe(0.5);
    expect(ids(e.numerator.calls)).toEqual(["x-c", "x-d"]);
    expect(ids(e.denominator?.calls)).toEqual(["x-a", "x-b"]);
    // x-a and x-b have 10 events each, x-c 5 (lines 21-25): x-d's START is line 26, its COMPLETED line 30.
    const d = e.numerator.calls[1];
    expect(d?.line).toBe(26);
    expect(d?.events.map((ev) => [ev.event, ev.line, new Date(ev.at).toISOString()])).toEqual([
      ["START", 26, "2026-03-05T09:15:00.000Z"],
      ["COMPLETED", 30, "2026-03-05T09:15:40.000Z"],
    ]);
  });

  it("service_level: the short abandon is in neither side, the outbound call is not offered", async () => {
    const { explain: e } = await explain("service_level");
    expect(e.value).toBeCloseTo(1 / 3, 12);
    expect(e.numerator.value).toBe(1);
    expect(e.denominator?.value).toBe(3);
    expect(ids(e.numerator.calls)).toEqual(["x-a"]);
    expect(ids(e.denominator?.calls)).toEqual(["x-b", "x-d"]);
  });

  it("talk.mean: the answered calls, the longest talk first, with their values", async () => {
    const { explain: e } = await explain("talk.mean");
    expect(e.shape).toBe("values");
    expect(e.value).toBe(45);
    expect(e.numerator.value).toBe(2);
    expect(e.numerator.calls.map((c) => [c.sessionId, c.values])).toEqual([
      ["x-a", [60]],
      ["x-b", [30]],
    ]);
  });

  it("short_abandoned: a count lists the calls it counts and has no denominator", async () => {
    const { explain: e } = await explain("short_abandoned");
    expect(e.value).toBe(1);
    expect(ids(e.numerator.calls)).toEqual(["x-c"]);
    expect(e.denominator).toBeUndefined();
  });

  it("lists at most the limit per side and counts the rest", async () => {
    const { explain: e } = await explain("asr", [FIVE], 1);
    expect(ids(e.numerator.calls)).toEqual(["x-a"]);
    expect(e.numerator.unlisted).toBe(1);
    expect(ids(e.denominator?.calls)).toEqual(["x-c"]);
    expect(e.denominator?.unlisted).toBe(2);
    const talk = (await explain("talk.p90", [FIVE], 1)).explain;
    expect(talk.numerator.calls.map((c) => c.sessionId)).toEqual(["x-a"]);
  });

  it("one group: asr{operator:31002} is x-b's alone", async () => {
    const { explain: e } = await explain("asr{operator:31002}");
    expect(e.group).toEqual({ dimension: "operator", key: "31002" });
    expect(e.value).toBe(1);
    expect(ids(e.numerator.calls)).toEqual(["x-b"]);
    expect(e.denominator?.value).toBe(1);
    const none = (await explain("asr{operator:39999}")).explain;
    expect(none.value).toBeNull();
    expect(none.numerator.calls).toEqual([]);
  });

  it("a figure of the input has no calls", async () => {
    const { explain: e } = await explain("invalid");
    expect(e.shape).toBe("input");
    expect(e.value).toBe(0);
  });
});

describe("every rule recounts its figure", () => {
  it("on every sample, every KPI metric's calls add up to the report's numerator and denominator", async () => {
    // The KPIs (of the report or a breakdown group); the figures of a section of their own have no rule yet.
    const kpiMetrics = METRICS.filter((m) => m.scope === "kpi" && m.section === undefined);
    // Every KPI metric of the catalogue has a rule: a new figure without one fails here.
    expect(kpiMetrics.map((m) => m.name).filter((name) => !EXPLAIN_RULES.has(name))).toEqual([]);
    let checked = 0;
    for (const file of SAMPLES) {
      for (const metric of kpiMetrics) {
        const report = await explain(metric.name, [file]);
        const e = report.explain;
        expect({ file, metric: metric.name, consistent: e.consistent }).toEqual({
          file,
          metric: metric.name,
          consistent: true,
        });
        const reading = readMetric(metric, report);
        expect(e.value).toBe(reading.value);
        if (e.shape === "rate")
          expect([e.numerator.value, e.denominator?.value]).toEqual([reading.x ?? 0, reading.n]);
        if (e.shape !== "rate" && e.numerator.calls.length > 0) checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});
