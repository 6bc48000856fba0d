// Activity (calls by hour/day/weekday x hour by outcome) and the time distributions, on test/fixtures/kpis/1-basic.
// Expected numbers are counted by hand from the fixture (see the comment block in test/report/kpis.test.ts).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnalyzeReport, analyze } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import { addDuration, createHistogram, histogramBins } from "../../src/report/histogram.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

async function basic(timeZone = "UTC"): Promise<AnalyzeReport> {
  const path = fileURLToPath(new URL("../fixtures/kpis/1-basic.ndjson", import.meta.url));
  return analyze(inputSources([path], Readable.from([])), {
    validator,
    maxLineBytes: 1 << 20,
    maxProblems: 100,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    callStats: { ...DEFAULT_CALL_STATS_OPTIONS, timeZone },
  });
}

// 1-basic: five calls on Monday 2026-03-02 between 10:00 and 10:40 UTC. a inbound answered after 7 s (talk 120);
// b outbound BUSY; c outbound CONGESTION/CHANUNAVAIL; d outbound answered after 11 s (talk 60); e inbound, the
// caller hung up after 3 s without a RING (an abandon, and a short one: under 5 s).
describe("activity", () => {
  it("splits the calls of each START hour into answered, not answered and abandoned, with service level", async () => {
    const { activity } = await basic();
    // answered a, d; abandoned e; not answered b, c. Service level: a answered within 20 s; e is a short
    // abandon, so it leaves the denominator: 1 / 1.
    const ten = { calls: 5, answered: 2, notAnswered: 2, abandoned: 1, serviceLevel: 1 };
    expect(activity.byHour[10]).toEqual({ hour: 10, ...ten });
    expect(
      activity.byHour.filter((h) => h.hour !== 10).every((h) => h.calls === 0 && h.serviceLevel === null),
    ).toBe(true);
    expect(activity.byHour).toHaveLength(24);
    expect(activity.byDay).toEqual([{ day: "2026-03-02", ...ten }]);
  });

  it("counts calls by weekday (Monday first) and hour", async () => {
    const { activity } = await basic();
    expect(activity.byWeekdayHour).toHaveLength(7);
    expect(activity.byWeekdayHour[0]?.[10]).toBe(5);
    expect(activity.byWeekdayHour.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("takes hours, days and weekdays in --tz", async () => {
    // 10:00 UTC is 19:00 in Tokyo (UTC+9, no daylight saving), still Monday 2026-03-02.
    const { activity } = await basic("Asia/Tokyo");
    expect(activity.byHour[19]?.calls).toBe(5);
    expect(activity.byWeekdayHour[0]?.[19]).toBe(5);
    expect(activity.byDay.map((d) => d.day)).toEqual(["2026-03-02"]);
  });
});

describe("distributions", () => {
  it("bins time to answer and talk time of the answered calls", async () => {
    const { distributions } = await basic();
    const counted = (bins: { fromS: number; count: number }[]) =>
      bins.filter((b) => b.count > 0).map((b) => [b.fromS, b.count]);
    // time to answer: a 7 s -> 5-10, d 11 s -> 10-15. Talk: d 60 s -> 60-120, a 120 s -> 120-180.
    expect(counted(distributions.timeToAnswer)).toEqual([
      [5, 1],
      [10, 1],
    ]);
    expect(counted(distributions.talk)).toEqual([
      [60, 1],
      [120, 1],
    ]);
  });

  it("puts each value in the bin whose lower edge it reaches, the last bin open-ended", () => {
    const h = createHistogram();
    for (const s of [0, 4.9, 5, 9.99, 30, 5000]) addDuration(h, s);
    // 9.99 is kept at 0.1 s resolution (10.0), so it lands in 10-20; 5000 s is beyond the last edge.
    expect(histogramBins(h, [0, 5, 10, 20])).toEqual([
      { fromS: 0, toS: 5, count: 2 },
      { fromS: 5, toS: 10, count: 1 },
      { fromS: 10, toS: 20, count: 1 },
      { fromS: 20, toS: null, count: 2 },
    ]);
  });
});
