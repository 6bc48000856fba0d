// The dialer figures' state merges across partitions: a caller's, a campaign's, a contact's and a day's calls
// split between two partitions in every possible way, cloned as postMessage would, give the whole's figures.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Timeline } from "../../src/call/timeline.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import {
  type CallStatsOptions,
  createCallStats,
  createCallStatsCollector,
  DEFAULT_CALL_STATS_OPTIONS,
  mergeCallStats,
  summarizeCallStats,
} from "../../src/report/callstats.js";
import { insideHours } from "../../src/report/compliance.js";
import { fileTimelines } from "../support/timelines.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const timelines = (path: string): Promise<Timeline[]> => fileTimelines(path, validator);

const OPTIONS: CallStatsOptions = {
  ...DEFAULT_CALL_STATS_OPTIONS,
  repeatWindowS: 7200,
  compliance: { fromMinute: 8 * 60, toMinute: 21 * 60, machineShare: 0.1 },
  callbacks: true,
};

function dialerFigures(all: readonly Timeline[], part: (i: number) => number): unknown {
  const parts = [createCallStatsCollector(OPTIONS), createCallStatsCollector(OPTIONS)];
  all.forEach((timeline, i) => {
    parts[part(i)]?.add(timeline);
  });
  const merged = createCallStats(OPTIONS);
  for (const p of parts) mergeCallStats(merged, structuredClone(p.state), OPTIONS);
  const { repeatCallers, compliance, callbacks } = summarizeCallStats(merged, OPTIONS);
  return { repeatCallers, compliance, callbacks };
}

describe("dialer figures across partitions", () => {
  it.each(["repeat", "compliance", "callbacks"])(
    "every split of %s.ndjson in two merges to the whole",
    async (name) => {
      const all = await timelines(dir(`../fixtures/dialer/${name}.ndjson`));
      const whole = dialerFigures(all, () => 0);
      expect(all.length).toBeLessThanOrEqual(12);
      for (let mask = 1; mask < 1 << all.length; mask += 1)
        expect(dialerFigures(all, (i) => (mask >> i) & 1)).toEqual(whole);
    },
    // 1,024 splits of compliance.ndjson: a few seconds, more on a busy machine.
    60_000,
  );

  it("the repeat figures of a split that parts caller A's two calls (the repeat is found in the merge)", async () => {
    const all = await timelines(dir("../fixtures/dialer/repeat.ndjson"));
    const a = all.map((t, i) => [t.sessionId, i] as const).filter(([id]) => id.startsWith("ra"));
    expect(a.length).toBe(2);
    const second = a[1]?.[1];
    const figures = dialerFigures(all, (i) => (i === second ? 1 : 0)) as {
      repeatCallers: { repeatCallers: number };
    };
    expect(figures.repeatCallers.repeatCallers).toBe(1);
  });
});

describe("insideHours", () => {
  it("takes [from, to), and a range past midnight wraps", () => {
    expect([479, 480, 1259, 1260].map((m) => insideHours(m, 480, 1260))).toEqual([false, true, true, false]);
    expect([1259, 1260, 0, 479, 480].map((m) => insideHours(m, 1260, 480))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
