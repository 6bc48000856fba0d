// A finalised session read as columns straight from the store's rows equals the same session read from its
// events, for every engine (the reference path's rows are plain objects, the scanners' packed values), on
// every sample; and a timeline and its call facts built from either are the same.
import { readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { callFacts } from "../../../src/call/facts.js";
import { checkLifecycle } from "../../../src/call/lifecycle.js";
import { callRecord } from "../../../src/call/record.js";
import { buildTimeline } from "../../../src/call/timeline.js";
import { EventColumns, fillColumns } from "../../../src/ingest/event-columns.js";
import { inputSources } from "../../../src/ingest/read.js";
import { ENGINES, type ScanEngine } from "../../../src/ingest/scan/engine.js";
import { scanInputs } from "../../../src/ingest/scan.js";
import { loadSchemaDocument } from "../../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS, type Session } from "../../../src/ingest/sessionize.js";
import { StoredSession } from "../../../src/ingest/store/stored-session.js";
import { createEventValidator, type EventValidator } from "../../../src/ingest/validate.js";

let validator: EventValidator;
beforeAll(async () => {
  validator = createEventValidator(await loadSchemaDocument());
});

const dir = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const FILES = [
  ...readdirSync(dir("../../../samples/"))
    .filter((name) => name.endsWith(".ndjson"))
    .map((name) => dir(`../../../samples/${name}`)),
  ...readdirSync(dir("../../fixtures/kpis/")).map((name) => dir(`../../fixtures/kpis/${name}`)),
  ...readdirSync(dir("../../fixtures/validate/")).map((name) => dir(`../../fixtures/validate/${name}`)),
  dir("../../fixtures/mixed-day.ndjson"),
  // One of each rule the samples do not break (hand-made; validate's findings: 7 errors, 1 warning).
  dir("../../fixtures/lifecycle/anomalies.ndjson"),
];

/** Every column that holds values per event (arrays), by its name. */
const COLUMNS = Object.entries(new EventColumns())
  .filter(([, column]) => Array.isArray(column))
  .map(([name]) => name as keyof EventColumns);

/** Every value of the columns, column by column, as plain arrays. */
function dump(c: EventColumns): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {
    ts: Array.from(c.ts.subarray(0, c.length)),
    hasData: Array.from(c.hasData.subarray(0, c.length)),
  };
  for (const name of COLUMNS) out[name] = (c[name] as unknown[]).slice(0, c.length);
  return out;
}

/** Per session of `file`: its columns from the rows and from its events, and whether it came from the store. */
async function readBoth(file: string, engine: ScanEngine) {
  const pairs: {
    stored: boolean;
    fromRows: Record<string, unknown[]>;
    fromEvents: Record<string, unknown[]>;
  }[] = [];
  const shared = new EventColumns();
  const onSession = (session: Session): void => {
    const stored = session instanceof StoredSession;
    // Columns first: from the rows, before any event is made.
    const fromRows = dump(fillColumns(session, shared));
    const fromEvents = dump(new EventColumns().fill(session.events));
    pairs.push({ stored, fromRows, fromEvents });
  };
  const options = {
    validator,
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    fastPath: engine,
  };
  await scanInputs(inputSources([file], Readable.from([])), options, { add: () => {} }, onSession);
  return pairs;
}

describe("a stored session's columns", () => {
  for (const engine of ENGINES) {
    it.each(FILES)(`from the rows equal those from its events (${engine}): %s`, async (file) => {
      const pairs = await readBoth(file, engine);
      expect(pairs.length).toBeGreaterThan(0);
      expect(pairs.every((p) => p.stored)).toBe(true);
      for (const { fromRows, fromEvents } of pairs) expect(fromRows).toEqual(fromEvents);
    });
  }

  it("hold the texts of a call, with an absent attribute as undefined and data's three ids", async () => {
    const pairs = await readBoth(dir("../../fixtures/kpis/3-autodialer.ndjson"), "wasm");
    const withCampaign = pairs.filter((p) => p.fromRows.campaign_id?.some((v) => v !== undefined));
    expect(withCampaign.length).toBeGreaterThan(0);
    const first = pairs[0]?.fromRows;
    expect(first?.event?.[0]).toBe("START");
    expect(first?.subject?.[0]).toBeUndefined();
  });
});

// Short enough that some sample calls are too long, so that rule is compared too.
const LIFECYCLE = { maxCallMs: 60_000 };
const codesSeen = new Set<string>();

describe("a timeline built from a stored session's columns", () => {
  it.each(FILES)(
    "equals the one built from its events, with the same facts, findings and record: %s",
    async (file) => {
      const built: [unknown, unknown][] = [];
      const columns = new EventColumns();
      const onSession = (session: Session): void => {
        const fromColumns = buildTimeline(session, fillColumns(session, columns));
        const factsFromColumns = callFacts(fromColumns, true, columns);
        const findingsFromColumns = checkLifecycle(fromColumns, LIFECYCLE, columns);
        const recordFromColumns = callRecord(fromColumns, findingsFromColumns, undefined, columns);
        const fromEvents = buildTimeline(session);
        const findingsFromEvents = checkLifecycle(fromEvents, LIFECYCLE);
        built.push([
          {
            ...fromColumns,
            facts: factsFromColumns,
            findings: findingsFromColumns,
            record: recordFromColumns,
          },
          {
            ...fromEvents,
            facts: callFacts(fromEvents, true),
            findings: findingsFromEvents,
            record: callRecord(fromEvents, findingsFromEvents),
          },
        ]);
      };
      const options = {
        validator,
        maxLineBytes: 1 << 20,
        sessionize: DEFAULT_SESSIONIZE_OPTIONS,
        fastPath: "wasm",
      };
      await scanInputs(
        inputSources([file], Readable.from([])),
        options as Parameters<typeof scanInputs>[1],
        { add: () => {} },
        onSession,
      );
      expect(built.length).toBeGreaterThan(0);
      for (const [a, b] of built) expect(a).toEqual(b);
      for (const [a] of built)
        for (const f of (a as { findings: { code: string }[] }).findings) codesSeen.add(f.code);
    },
  );
});

describe("the comparison above", () => {
  it("saw lifecycle findings of many codes, so the findings were compared, not only empty lists", () => {
    // Every lifecycle rule fired somewhere.
    expect([...codesSeen].sort()).toEqual([
      "answer-not-flagged",
      "answered-without-answer",
      "attribute-changed",
      "audio-url-unanswered",
      "completed-duplicate",
      "completed-not-last",
      "incomplete-session",
      "join-without-ready",
      "leave-without-join",
      "participants-mismatch",
      "ring-without-result",
      "ringresult-without-ring",
      "session-too-long",
      "start-duplicate",
      "start-missing",
      "start-not-first",
    ]);
  });
});

describe("a stored session handed on", () => {
  it("keeps the events made before its rows were released, and refuses to make them after", async () => {
    const kept: Session[] = [];
    const read: Session[] = [];
    const onSession = (session: Session): void => {
      if (kept.length < 2) kept.push(session);
      else if (read.length < 2) {
        void session.events;
        read.push(session);
      }
    };
    const options = { validator, maxLineBytes: 1 << 20, sessionize: DEFAULT_SESSIONIZE_OPTIONS };
    await scanInputs(
      inputSources([FILES[0] as string], Readable.from([])),
      options,
      { add: () => {} },
      onSession,
    );
    expect(read).toHaveLength(2);
    for (const session of read) expect(session.events.length).toBeGreaterThan(0);
    for (const session of read) expect(JSON.parse(JSON.stringify(session)).sessionId).toBe(session.sessionId);
    for (const session of kept) expect(() => session.events).toThrow(/read after its rows were released/);
  });
});
