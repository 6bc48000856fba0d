// Call statistics: facts agree with the export's call record, partials merge to the whole (after a structured
// clone, as from a worker), and the bounded maps (variants, breakdown groups) stay bounded.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type CallFacts, callFacts } from "../../src/call/facts.js";
import { callRecord } from "../../src/call/record.js";
import type { Timeline } from "../../src/call/timeline.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";
import { addToBreakdown, createBreakdown, MAX_GROUPS, mergeBreakdowns } from "../../src/report/breakdown.js";
import {
  type CallStatsOptions,
  createCallStats,
  createCallStatsCollector,
  DEFAULT_CALL_STATS_OPTIONS,
  mergeCallStats,
  summarizeCallStats,
} from "../../src/report/callstats.js";
import {
  addVariant,
  createVariants,
  MAX_VARIANTS,
  mergeVariants,
  summarizeVariants,
} from "../../src/report/variants.js";
import { fileTimelines } from "../support/timelines.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const FILES = [
  ...readdirSync(dir("../../samples/"))
    .filter((name) => name.endsWith(".ndjson"))
    .map((name) => dir(`../../samples/${name}`)),
  ...readdirSync(dir("../fixtures/kpis/")).map((name) => dir(`../fixtures/kpis/${name}`)),
];

const timelines = (path: string): Promise<Timeline[]> => fileTimelines(path, validator);

describe("callFacts", () => {
  it.each(FILES)(
    "agrees with the export record on duration, answer, talk, operator and campaign: %s",
    async (file) => {
      for (const timeline of await timelines(file)) {
        const facts = callFacts(timeline, true);
        const record = callRecord(timeline, []);
        // Talk is worked out for answered and autodialer calls only.
        const talk = record.answered === true || record.type === "autodialer" ? record.talk_s : null;
        expect([facts.durationS, facts.answerS, facts.talkS, facts.operator, facts.campaignId]).toEqual([
          record.duration_s,
          record.time_to_answer_s,
          talk,
          record.operator,
          record.campaign_id,
        ]);
        expect(facts.ringsBeforeAnswer).toBeLessThanOrEqual(record.ring_attempts);
      }
    },
  );
});

describe("mergeCallStats", () => {
  const OPTIONS: CallStatsOptions = {
    ...DEFAULT_CALL_STATS_OPTIONS,
    timeZone: "Europe/Riga",
    by: [
      "direction",
      "type",
      "subtype",
      "accountcode",
      "phase",
      "operator",
      "campaign",
      "hour",
      "day",
      "weekday",
    ],
    variants: 50,
  };

  it("two cloned partials of alternate sessions merge to the whole", async () => {
    const all = (await Promise.all(FILES.map(timelines))).flat();
    const whole = createCallStatsCollector(OPTIONS);
    const parts = [createCallStatsCollector(OPTIONS), createCallStatsCollector(OPTIONS)];
    all.forEach((timeline, i) => {
      whole.add(timeline);
      parts[i % 2]?.add(timeline);
    });
    const merged = createCallStats(OPTIONS);
    for (const part of parts) mergeCallStats(merged, structuredClone(part.state));
    expect(summarizeCallStats(merged, OPTIONS)).toEqual(summarizeCallStats(whole.state, OPTIONS));
    expect(summarizeCallStats(merged, OPTIONS).kpis.calls).toBeGreaterThan(90);
  });
});

describe("bounds", () => {
  it(`keeps ${MAX_VARIANTS} variants and counts the calls of further ones as uncounted`, () => {
    const state = createVariants();
    for (let i = 0; i <= MAX_VARIANTS; i += 1) addVariant(state, `V${i}`);
    addVariant(state, "V0");
    const summary = summarizeVariants(state, 3);
    expect(summary).toMatchObject({ calls: MAX_VARIANTS + 2, distinct: MAX_VARIANTS, uncounted: 1 });
    expect(summary.top[0]).toEqual({ variant: "V0", count: 2, share: 2 / (MAX_VARIANTS + 2) });
    expect(summary.notListed).toBe(MAX_VARIANTS + 2 - 4); // V0 twice, then V1 and V10 once each

    // Two partials of 6,000 distinct variants each: the 2,000 rarest of the 12,000 go to uncounted.
    const a = createVariants();
    const b = createVariants();
    for (let i = 0; i < 6000; i += 1) {
      addVariant(a, `A${i}`);
      addVariant(b, `B${i}`);
      if (i < 4000) addVariant(b, `B${i}`);
    }
    mergeVariants(a, b);
    expect(a.counts.size).toBe(MAX_VARIANTS);
    // Kept: B0..B3999 (2 calls each) and the first 6,000 of the 1-call variants by name.
    expect(a.counts.get("B3999")).toBe(2);
    expect(a.other).toBe(2000);
    expect(a.calls).toBe(16_000);
  });

  it(`keeps ${MAX_GROUPS} groups per breakdown and folds the rest into "other"`, () => {
    const call = (accountcode: string): CallFacts =>
      ({
        ...BASE_FACTS,
        accountcode,
      }) as CallFacts;
    const local = Date.parse("2026-03-02T00:00:00Z");
    const settings = { shortAbandonSeconds: 5, slThresholdSeconds: 20 };
    const state = createBreakdown("accountcode");
    for (let i = 0; i < MAX_GROUPS + 5; i += 1) addToBreakdown(state, call(`acc-${i}`), local, settings);
    expect(state.groups.size).toBe(MAX_GROUPS);
    expect(state.other?.calls).toBe(5);

    const other = createBreakdown("accountcode");
    addToBreakdown(other, call("zzz"), local, settings);
    addToBreakdown(other, call("zzz"), local, settings);
    mergeBreakdowns(state, other);
    // zzz (2 calls) is kept; one 1-call group (the last by key) goes to other.
    expect(state.groups.size).toBe(MAX_GROUPS);
    expect(state.groups.get("zzz")?.calls).toBe(2);
    expect(state.other?.calls).toBe(6);
  });
});

const BASE_FACTS: CallFacts = {
  direction: "outbound",
  type: "standard",
  subtype: null,
  accountcode: "",
  phase: null,
  campaignId: null,
  at: 0,
  answered: false,
  hangedBy: "sip",
  operator: null,
  hangupOperator: null,
  durationS: 1,
  setupS: null,
  answerS: null,
  talkS: null,
  talkedToOperator: false,
  contactReached: false,
  ringsBeforeAnswer: 0,
  attempts: [],
  missedOperatorRings: [],
};
