// Property-based and fuzz tests of the whole pipeline, in-process: random bytes, random JSON values, valid
// events with one field mutated or deleted, generated dumps delivered shuffled (within the lateness window)
// and with webhook retries, bad lines between good ones. For each: no exception, the accounting identity,
// the figures against an independent count, and safe output in every format.
//
// Seeded and bounded: every property runs with FUZZ_SEED (default below). On failure fast-check prints the
// seed and the path of the smallest counterexample; FUZZ_SEED=<seed> FUZZ_PATH=<path> replays exactly that
// case, and FUZZ_RUNS=<n> multiplies the number of cases (1 is the CI default) for a longer local hunt.
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import { type AnalyzeReport, analyze } from "../../src/commands/analyze.js";
import { type ValidateResult, validate } from "../../src/commands/validate.js";
import { normalizeEvent } from "../../src/ingest/normalize.js";
import { parseLine } from "../../src/ingest/parse.js";
import { InputError, type InputSource } from "../../src/ingest/read.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { decodeLine, invalidUtf8Offset } from "../../src/ingest/utf8.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { renderReportCsv } from "../../src/render/csv.js";
import { FINDINGS_RENDERERS, REPORT_RENDERERS } from "../../src/render/index.js";
import { reportTables } from "../../src/render/tables.js";
import { RING_STATES } from "../../src/report/metrics.js";
import {
  countLines,
  expectAccounted,
  expectGithubCommands,
  expectNoRawControls,
  expectOnlyOwnColours,
  expectRectangular,
  expectWellFormedXml,
  isFormulaCell,
  loneSurrogatesIn,
  parseCsv,
  withoutLoneSurrogates,
} from "../support/safety.js";

const SEED = readSeed(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
const SCALE = process.env.FUZZ_RUNS === undefined ? 1 : Number(process.env.FUZZ_RUNS);
// Generous: the whole file runs in a few seconds, but CI machines are slow and shared.
const TIMEOUT = 120_000;

function readSeed(text: string | undefined): number {
  if (text === undefined || text === "") return 20_260_305;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${text}`);
  return seed;
}

/** Runs a property with the file's seed; a failure says how to replay it. */
async function check<T extends unknown[]>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const parameters: fc.Parameters<T> = { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)) };
  if (PATH !== undefined) parameters.path = PATH;
  try {
    await fc.assert(property, parameters);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      error instanceof Error && error.cause instanceof Error ? `\nCause: ${error.cause.message}` : "";
    throw new Error(
      `Replay with FUZZ_SEED=${SEED} FUZZ_PATH=<the path below> npx vitest run test/fuzz.test.ts\n${message}${cause}`,
    );
  }
}

const SCHEMA = fileURLToPath(new URL("../../schemas/teltel-event.schema.json", import.meta.url));
const validator = createEventValidator(JSON.parse(readFileSync(SCHEMA, "utf8")) as Record<string, unknown>);
const LATENESS_MS = DEFAULT_SESSIONIZE_OPTIONS.latenessMs;
const SCAN = { validator, maxLineBytes: 1 << 20, sessionize: DEFAULT_SESSIONIZE_OPTIONS };

/** An in-memory input, delivered in pieces cut at the given offsets (the reader must not care where). */
function source(bytes: Buffer, cuts: readonly number[] = []): InputSource {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let at = 0;
  for (const point of [...points, bytes.length]) {
    if (point > at) pieces.push(bytes.subarray(at, point));
    at = Math.max(at, point);
  }
  return { name: "fuzz.ndjson", open: () => Readable.from(pieces) };
}

interface Run {
  report: AnalyzeReport;
  result: ValidateResult;
}

/** analyze and validate over the same bytes. */
async function runBoth(
  bytes: Buffer,
  options: { cuts?: readonly number[]; maxLineBytes?: number; gzip?: boolean } = {},
): Promise<Run> {
  const data = options.gzip ? gzipSync(bytes) : bytes;
  const scan = { ...SCAN, maxLineBytes: options.maxLineBytes ?? SCAN.maxLineBytes };
  const report = await analyze([source(data, options.cuts)], { ...scan, maxProblems: 100 });
  const result = await validate([source(data, options.cuts)], {
    ...scan,
    lifecycle: { maxCallMs: 86_400_000 },
    maxFindings: 1000,
    rules: {},
    strict: false,
  });
  return { report, result };
}

/** When a rendered validate run started and how long it took (JUnit's timestamp and time). */
const RUN = { startedAt: Date.parse("2026-03-05T09:00:00Z"), seconds: 0.25 };

/**
 * What every run must satisfy: the accounting identity (and validate agreeing with analyze), and every
 * output format safe — tables and text with nothing raw but our colours, CSV well quoted (and with
 * --excel-safe no formula left), JSON lossless and printable, GitHub one command per finding, JUnit XML.
 */
function expectSafeRun({ report, result }: Run): void {
  expectAccounted(report.input, "analyze");
  const s = result.summary;
  const input = report.input;
  expect([s.lines, s.blank, s.invalid, s.duplicates, s.late]).toEqual([
    input.lines,
    input.blank,
    input.invalid,
    input.duplicates,
    input.late,
  ]);
  expect(s.valid).toBe(input.events + input.duplicates + input.late);

  const table = REPORT_RENDERERS.table as NonNullable<(typeof REPORT_RENDERERS)["table"]>;
  expectOnlyOwnColours(table(report, { color: true }), table(report, { color: false }), "analyze table");

  const tidy = parseCsv(renderReportCsv(report));
  expectRectangular(tidy, "tidy csv");
  const cells = reportTables(report).reduce((n, t) => n + t.rows.length * (t.columns.length - 1), 0);
  expect(tidy).toHaveLength(1 + cells);
  const safe = parseCsv(renderReportCsv(report, undefined, { excelSafe: true }));
  expect(safe.map((row) => row.map((cell) => isFormulaCell(cell)))).toEqual(
    safe.map((row) => row.map(() => false)),
  );
  // --excel-safe changes nothing but the quote in front of a formula cell.
  expect(safe).toEqual(tidy.map((row) => row.map((cell) => (isFormulaCell(cell) ? `'${cell}` : cell))));
  expectNoRawControls(renderReportCsv(report, undefined, { terminal: true }), "csv on a terminal");
  for (const { name } of reportTables(report)) {
    expectRectangular(parseCsv(renderReportCsv(report, name)), `csv ${name}`);
  }

  const json = (REPORT_RENDERERS.json as NonNullable<(typeof REPORT_RENDERERS)["json"]>)(report, {
    color: false,
  });
  expectNoRawControls(json, "analyze json");
  // Lossless but for lone surrogates, which I-JSON writes as U+FFFD.
  expect(loneSurrogatesIn(json)).toEqual([]);
  expect(JSON.parse(json)).toEqual(withoutLoneSurrogates(report));

  const text = FINDINGS_RENDERERS.text as NonNullable<(typeof FINDINGS_RENDERERS)["text"]>;
  expectOnlyOwnColours(
    text(result, { color: true, quiet: false, run: RUN }),
    text(result, { color: false, quiet: false, run: RUN }),
    "validate text",
    false,
  );
  const render = (format: string): string =>
    (FINDINGS_RENDERERS[format] as NonNullable<(typeof FINDINGS_RENDERERS)["json"]>)(result, {
      color: false,
      quiet: false,
      run: RUN,
    });
  const resultJson = render("json");
  expectNoRawControls(resultJson, "validate json");
  expect(loneSurrogatesIn(resultJson)).toEqual([]);
  expect(JSON.parse(resultJson)).toEqual(withoutLoneSurrogates(result));
  expectGithubCommands(render("github"), result.findings.length);
  expectWellFormedXml(render("junit"));
}

/** Whether a line can never be a valid event (so it must end up blank or invalid). */
function neverAnEvent(bytes: Buffer): boolean {
  if (!isUtf8(bytes)) return true;
  const parsed = parseLine("x", { line: 2, text: bytes.toString("utf8"), bytes: bytes.length });
  return parsed.kind !== "object" || !validator(normalizeEvent(structuredClone(parsed.value))).ok;
}

// ---------------------------------------------------------------------------------------------------------
// Generated dumps with an independent count of what the report must say.

/** Values an attacker or a broken collector might send, aimed at objects, terminals, CI logs, spreadsheets. */
const HOSTILE_VALUES = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
  "ANSWER",
  "BUSY",
  "ABORT",
  "+37120000001",
  '=HYPERLINK("http://x/?"&A1)',
  "-2+3",
  "@SUM(1)",
  "\t=1",
  "\r=1",
  " =1",
  "\u001b[2J",
  "\u001b]0;title\u0007",
  "\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\",
  "\u009b31m",
  "a\u202eb",
  "\u2028",
  "\ud800",
  "x\udc00y",
  "\u0000",
  "\ufeff",
  "\uffff",
  'a,"b"\r\nc',
  "%0A::error::x",
  "::add-mask::secret",
  "</failure><x>&amp;]]>",
  "\u{1f600}",
];

/** A code unit, biased towards controls, surrogates and formatting characters. */
const codeUnit = fc
  .oneof(
    fc.integer({ min: 0, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.integer({ min: 0x2000, max: 0x206f }),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .map((code) => String.fromCharCode(code));

const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 3 },
  { arbitrary: fc.string({ unit: codeUnit, minLength: 1, maxLength: 8 }), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 8 }), weight: 1 },
);

interface CallModel {
  sessionId: string;
  accountcode: string;
  direction: "inbound" | "outbound";
  campaignId: string | null;
  hasStart: boolean;
  hasCompleted: boolean;
  rings: string[];
  sipUser: string | null;
  answered: boolean;
  hangedBy: "phone" | "sip";
  hangedValue: string;
  hangedUser: string;
  gapS: number;
  stamp: "iso" | "s" | "ms";
}

const mostly = fc.constantFrom(true, true, true, false);

const callArb: fc.Arbitrary<CallModel> = fc.record({
  sessionId: hostileString,
  accountcode: hostileString,
  direction: fc.constantFrom("inbound" as const, "outbound" as const),
  campaignId: fc.option(hostileString, { nil: null }),
  hasStart: mostly,
  hasCompleted: mostly,
  rings: fc.array(fc.constantFrom(...RING_STATES), { maxLength: 3 }),
  sipUser: fc.option(hostileString, { nil: null }),
  answered: fc.boolean(),
  hangedBy: fc.constantFrom("phone" as const, "sip" as const),
  hangedValue: hostileString,
  hangedUser: hostileString,
  gapS: fc.integer({ min: 0, max: 900 }),
  stamp: fc.constantFrom("iso" as const, "s" as const, "ms" as const),
});

/** Calls with distinct session ids (a session id shared by two calls would make them one session). */
const callsArb = fc.uniqueArray(callArb, { selector: (call) => call.sessionId, minLength: 1, maxLength: 8 });

const BASE_MS = Date.parse("2026-03-05T09:00:00Z");

interface Line {
  ts: number;
  event: Record<string, unknown>;
}

function stamp(ms: number, style: CallModel["stamp"]): string | number {
  if (style === "s") return ms / 1000;
  if (style === "ms") return ms;
  return new Date(ms).toISOString();
}

/** The events of the calls, in time order; timestamps strictly increase within a call. */
function dumpOf(calls: readonly CallModel[]): Line[] {
  const lines: Line[] = [];
  let t0 = BASE_MS;
  calls.forEach((call, index) => {
    t0 += call.gapS * 1000;
    let n = 0;
    const at = (seconds: number) => t0 + seconds * 1000;
    const push = (name: string, seconds: number, extra: Record<string, unknown> = {}) => {
      n += 1;
      const ts = at(seconds);
      const event: Record<string, unknown> = {
        event: name,
        id: `e${index}-${n}`,
        timestamp: stamp(ts, call.stamp),
        accountcode: call.accountcode,
        session_id: call.sessionId,
        direction: call.direction,
        type: call.campaignId === null ? "standard" : "autodialer",
        ...(call.campaignId === null ? {} : { data: { campaign_id: call.campaignId } }),
        ...extra,
      };
      lines.push({ ts, event });
    };
    if (hasStart(call)) push("START", 0);
    call.rings.forEach((state, i) => {
      push("RING", 1 + 2 * i, { call_id: `c${i}` });
      push("RINGRESULT", 2 + 2 * i, { call_id: `c${i}`, state });
    });
    let last = 2 * call.rings.length;
    if (call.sipUser !== null) {
      const party = { subject_type: "sip", subject: "101", subject_user: call.sipUser };
      push("READY", last + 1, { ...party, participants: 0 });
      push("JOIN", last + 2, { ...party, participants: 1 });
      push("LEAVE", last + 3, { ...party, participants: 0 });
      last += 3;
    }
    if (call.hasCompleted) {
      push("COMPLETED", last + 1, {
        hanged_by: call.hangedBy,
        hanged_value: call.hangedValue,
        ...(call.hangedBy === "sip" ? { hanged_user: call.hangedUser } : {}),
        is_answered: call.answered,
      });
    }
  });
  return lines;
}

/** A call with no event at all is given its START (see dumpOf), so it is still one session. */
function hasStart(call: CallModel): boolean {
  return call.hasStart || (!call.hasCompleted && call.rings.length === 0 && call.sipUser === null);
}

/** What the report must say about the calls, counted here without the tool. */
function expectedFigures(calls: readonly CallModel[]) {
  const complete = calls.filter((call) => hasStart(call) && call.hasCompleted);
  const byDirection = (direction: string) => {
    const mine = complete.filter((call) => call.direction === direction);
    return { total: mine.length, answered: mine.filter((call) => call.answered).length };
  };
  const ranked = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, 10)
      .map(([value, count]) => ({ value, count, share: count / complete.length }));
  };
  const states = (direction?: string) =>
    Object.fromEntries(
      RING_STATES.map((state) => [
        state,
        calls
          .filter((call) => direction === undefined || call.direction === direction)
          .reduce((n, call) => n + call.rings.filter((s) => s === state).length, 0),
      ]),
    );
  return {
    sessions: {
      total: calls.length,
      complete: complete.length,
      incomplete: calls.length - complete.length,
      missingStart: calls.filter((call) => !hasStart(call)).length,
      missingCompleted: calls.filter((call) => !call.hasCompleted).length,
    },
    inbound: byDirection("inbound"),
    outbound: byDirection("outbound"),
    hangupBy: {
      phone: complete.filter((call) => call.hangedBy === "phone").length,
      sip: complete.filter((call) => call.hangedBy === "sip").length,
    },
    topHangedValues: ranked(complete.map((call) => call.hangedValue)),
    topHangedUsers: ranked(complete.filter((call) => call.hangedBy === "sip").map((call) => call.hangedUser)),
    ringResults: states(),
    ringResultsByDirection: { inbound: states("inbound"), outbound: states("outbound") },
    incomplete: calls.length - complete.length,
  };
}

/** The report's figures equal the independent count. */
function expectFigures(report: AnalyzeReport, calls: readonly CallModel[]): void {
  const want = expectedFigures(calls);
  expect(report.sessions).toEqual(want.sessions);
  expect(report.calls.byDirection.inbound).toMatchObject(want.inbound);
  expect(report.calls.byDirection.outbound).toMatchObject(want.outbound);
  expect(report.calls.total).toBe(want.inbound.total + want.outbound.total);
  expect(report.calls.answered).toBe(want.inbound.answered + want.outbound.answered);
  expect(report.hangupBy).toEqual(want.hangupBy);
  expect(report.topHangedValues).toEqual(want.topHangedValues);
  expect(report.topHangedUsers).toEqual(want.topHangedUsers);
  expect(report.ringResults).toEqual(want.ringResults);
  expect(report.ringResultsByDirection).toEqual(want.ringResultsByDirection);
  expect(report.problemCounts["incomplete-session"] ?? 0).toBe(want.incomplete);
}

/** A retry: the same event, its keys in reverse order (and so its JSON text different). */
function retryOf(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).reverse());
}

const toBytes = (lines: readonly (Record<string, unknown> | Buffer)[]): Buffer =>
  Buffer.concat(
    lines.map((line) => (Buffer.isBuffer(line) ? Buffer.concat([line, Buffer.from("\n")]) : jsonLine(line))),
  );

const jsonLine = (event: Record<string, unknown>): Buffer => Buffer.from(`${JSON.stringify(event)}\n`);

// The largest delay of a delivery: well inside the lateness window, so no event can arrive after its
// session was finalised, whatever the order.
const MAX_DELAY_MS = LATENESS_MS / 2;

describe("generated dumps: figures from an independent count", () => {
  it(
    "are the same whatever the delivery order within the lateness window, with webhook retries",
    async () => {
      const property = fc.asyncProperty(
        callsArb,
        fc.array(fc.integer({ min: 0, max: MAX_DELAY_MS }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (calls, delays, retries, cuts) => {
          const lines = dumpOf(calls);
          // Each delivery (event or retry) arrives up to MAX_DELAY_MS after its timestamp.
          const deliveries = [
            ...lines.map((line) => ({ ts: line.ts, event: line.event })),
            ...retries.map((r) => {
              const line = lines[r % lines.length] as Line;
              return { ts: line.ts, event: retryOf(line.event) };
            }),
          ].map((d, i) => ({ ...d, at: d.ts + (delays[i % delays.length] as number), i }));
          deliveries.sort((a, b) => a.at - b.at || a.i - b.i);
          const shuffled = await runBoth(toBytes(deliveries.map((d) => d.event)), { cuts });
          expectSafeRun(shuffled);
          expect(shuffled.report.input).toMatchObject({
            lines: lines.length + retries.length,
            blank: 0,
            events: lines.length,
            invalid: 0,
            duplicates: retries.length,
            late: 0,
          });
          const times = lines.map((line) => line.ts);
          expect(shuffled.report.input.timeRange).toEqual({
            from: new Date(Math.min(...times)).toISOString(),
            to: new Date(Math.max(...times)).toISOString(),
          });
          expectFigures(shuffled.report, calls);
          // A value with a lone surrogate (a hostile string may hold one) is a warning for each line holding
          // one, retries included, not a bad line.
          const holdsLone = (event: Record<string, unknown>) =>
            loneSurrogatesIn(JSON.stringify(event)).length;
          const lone = deliveries.filter((d) => holdsLone(d.event) > 0).length;
          expect(shuffled.report.problemCounts).toEqual({
            ...(shuffled.report.sessions.incomplete > 0
              ? { "incomplete-session": shuffled.report.sessions.incomplete }
              : {}),
            ...(lone > 0 ? { "unpaired-surrogate": lone } : {}),
          });
          // The lifecycle findings too are those of the dump delivered in time order.
          const ordered = await runBoth(toBytes(lines.map((line) => line.event)));
          const lifecycle = (byCode: Record<string, number>) =>
            Object.fromEntries(Object.entries(byCode).filter(([code]) => code !== "unpaired-surrogate"));
          expect(lifecycle(shuffled.result.summary.findingsByCode)).toEqual(
            lifecycle(ordered.result.summary.findingsByCode),
          );
          expect(shuffled.result.summary.sessions).toBe(calls.length);
        },
      );
      await check(property, 90);
    },
    TIMEOUT,
  );
});

describe("bad lines between good ones", () => {
  const randomBytes = fc
    .uint8Array({ maxLength: 60 })
    .map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a)));
  const randomJson = fc
    .jsonValue({ maxDepth: 3 })
    .map((value) => Buffer.from(JSON.stringify(value) ?? "null"));
  const randomText = fc
    .string({ unit: codeUnit, maxLength: 40 })
    .map((text) => Buffer.from(text.replace(/\n/g, ""), "utf8"));
  const badLine = fc.oneof(randomBytes, randomJson, randomText).filter(neverAnEvent);

  it(
    "every line is accounted for and the valid lines around bad ones still count",
    async () => {
      const property = fc.asyncProperty(
        callsArb,
        fc.array(fc.tuple(fc.nat(), badLine), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "set"), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 4,
        }),
        async (calls, inserts, mutations) => {
          const lines = dumpOf(calls);
          const out: (Record<string, unknown> | Buffer)[] = lines.map((line) => line.event);
          // A broken copy of an event goes right after it: its timestamp is stream time already seen.
          let broken = 0;
          for (const [pick, kind, value] of mutations) {
            const index = pick % lines.length;
            const event = (lines[index] as Line).event;
            const keys = Object.keys(event).filter((key) => key !== "timestamp");
            const key = keys[pick % keys.length] as string;
            const copy: Record<string, unknown> = { ...event, id: `bad-${broken}` };
            if (kind === "delete") delete copy[key];
            else
              Object.defineProperty(copy, key, {
                value,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            const bytes = Buffer.from(JSON.stringify(copy));
            if (!neverAnEvent(bytes)) continue;
            out.splice(out.indexOf(event) + 1, 0, bytes);
            broken += 1;
          }
          for (const [at, bytes] of inserts) out.splice(at % (out.length + 1), 0, bytes);
          const run = await runBoth(toBytes(out));
          expectSafeRun(run);
          const { input } = run.report;
          expect(input.lines).toBe(lines.length + inserts.length + broken);
          expect(input).toMatchObject({ events: lines.length, duplicates: 0, late: 0 });
          expect(input.blank + input.invalid).toBe(inserts.length + broken);
          expectFigures(run.report, calls);
        },
      );
      await check(property, 70);
    },
    TIMEOUT,
  );
});

describe("random input", () => {
  /** Byte soup with the pieces a dump is made of, so lines are sometimes almost events. */
  const SNIPPETS = [
    "\n",
    "\r\n",
    "\ufeff",
    '{"event":"START",',
    '"session_id":"s-1",',
    '"timestamp":"2026-03-05T09:00:00Z",',
    '"timestamp":1772701200,',
    '"id":"e1","accountcode":"1","direction":"inbound","type":"standard"}',
    "[[[[[[[[",
    "}}}}",
    "\u001b[2J",
    "\u009b",
    "\u202e",
    "\\ud800",
    "::error::x",
  ].map((text) => Buffer.from(text, "utf8"));
  const soup = fc
    .array(
      fc.oneof(
        fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
        fc.constantFrom(...SNIPPETS),
        fc.constantFrom(
          Buffer.from([0xff]),
          Buffer.from([0xc3]),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from([0]),
        ),
      ),
      { maxLength: 40 },
    )
    .map((pieces) => Buffer.concat(pieces));

  it(
    "random bytes: no exception, every line accounted for, safe output",
    async () => {
      const property = fc.asyncProperty(
        soup,
        fc.constantFrom(8, 64, 1 << 20),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (bytes, maxLineBytes, gzip, cuts) => {
          const looksGzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
          if (looksGzipped && !gzip) {
            // Magic bytes make it gzip; corrupt gzip is an input error (one sentence, exit 2), not a crash.
            await expect(runBoth(bytes, { maxLineBytes, cuts })).rejects.toBeInstanceOf(InputError);
            return;
          }
          const run = await runBoth(bytes, { maxLineBytes, gzip, cuts });
          expectSafeRun(run);
          expect(run.report.input.lines).toBe(countLines(bytes));
        },
      );
      await check(property, 110);
    },
    TIMEOUT,
  );

  it(
    "random JSON values, one a line: each is an invalid line with a reason",
    async () => {
      const property = fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 20 }), async (values) => {
        const run = await runBoth(
          toBytes(values.map((value) => Buffer.from(JSON.stringify(value) ?? "null"))),
        );
        expectSafeRun(run);
        expect(run.report.input).toMatchObject({ lines: values.length, blank: 0, invalid: values.length });
        expect(Object.values(run.report.problemCounts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
          values.length,
        );
      });
      await check(property, 70);
    },
    TIMEOUT,
  );

  it(
    "a valid event with one field mutated or deleted: invalid with a reason, or still counted",
    async () => {
      const KEYS = [
        "__proto__",
        "constructor",
        "state",
        "hanged_value",
        "subject_user",
        "data",
        "event",
        "id",
      ];
      const newValue = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        hostileString,
        fc.constantFrom(2 ** 53 + 2, Number.MAX_VALUE, -0, Number.MAX_SAFE_INTEGER + 2),
      );
      const property = fc.asyncProperty(
        callsArb,
        fc.nat(),
        fc.oneof(fc.nat(), fc.constantFrom(...KEYS)),
        fc.option(newValue, { nil: undefined }),
        async (calls, pick, keyPick, value) => {
          const lines = dumpOf(calls);
          const index = pick % lines.length;
          const event = { ...(lines[index] as Line).event };
          const keys = Object.keys(event);
          const key = typeof keyPick === "number" ? (keys[keyPick % keys.length] as string) : keyPick;
          if (value === undefined) delete event[key];
          else
            Object.defineProperty(event, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          const text = Buffer.from(JSON.stringify(event));
          const out = lines.map((line, i) => (i === index ? text : jsonLine(line.event).subarray(0, -1)));
          const run = await runBoth(toBytes(out));
          expectSafeRun(run);
          const { input } = run.report;
          expect(input.lines).toBe(lines.length);
          expect(input.blank).toBe(0);
          if (neverAnEvent(text)) {
            // Only the mutated line is invalid; every other line still counts.
            expect(input).toMatchObject({ events: lines.length - 1, invalid: 1, duplicates: 0, late: 0 });
            expect(run.report.problems.some((p) => p.line === index + 1)).toBe(true);
          } else {
            expect(input.invalid).toBeLessThanOrEqual(1);
          }
        },
      );
      await check(property, 100);
    },
    TIMEOUT,
  );
});

describe("UTF-8 checking", () => {
  it(
    "finds invalid UTF-8 exactly where Node's decoder does",
    async () => {
      const bytes = fc
        .array(
          fc.oneof(
            fc.uint8Array({ maxLength: 8 }),
            fc.constantFrom(...["é", "€", "😀", "\ufffd", "a"].map((t) => new Uint8Array(Buffer.from(t)))),
          ),
          { maxLength: 12 },
        )
        .map((pieces) => Buffer.concat(pieces.map((p) => Buffer.from(p))));
      const property = fc.asyncProperty(bytes, async (buf) => {
        const at = invalidUtf8Offset(buf, 0, buf.length);
        expect(at === -1).toBe(isUtf8(buf));
        if (at !== -1) {
          // Everything before the reported byte is valid; decodeLine reports the same place.
          expect(isUtf8(buf.subarray(0, at))).toBe(true);
          expect(decodeLine(buf, 0, buf.length).error?.offset).toBe(at);
        } else expect(decodeLine(buf, 0, buf.length).error).toBeUndefined();
      });
      await check(property, 500);
    },
    TIMEOUT,
  );
});

describe("the CLI on random input", () => {
  it(
    "never prints a stack trace or an internal error; exit code 0 or 1",
    async () => {
      const FORMATS: [string, string][] = [
        ["analyze", "table"],
        ["analyze", "csv"],
        ["analyze", "json"],
        ["validate", "text"],
        ["validate", "json"],
        ["validate", "github"],
        ["validate", "junit"],
      ];
      const property = fc.asyncProperty(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 30 }), fc.constant(Uint8Array.of(0x0a))), {
          maxLength: 20,
        }),
        fc.constantFrom(...FORMATS),
        async (pieces, [command, format]) => {
          const bytes = Buffer.concat(pieces.map((p) => Buffer.from(p)));
          if (bytes[0] === 0x1f && bytes[1] === 0x8b) return;
          const out: string[] = [];
          const err: string[] = [];
          const io: CliIO = {
            stdout: { write: (text: string) => out.push(text), isTTY: false },
            stderr: { write: (text: string) => err.push(text) },
            stdin: Readable.from([bytes]),
            env: {},
            writeFile: async () => {},
          };
          const code = await main([command, "--format", format, "-"], io);
          expect(err.join("")).toBe("");
          expect([0, 1]).toContain(code);
          expect(out.join("").length).toBeGreaterThan(0);
        },
      );
      await check(property, 14);
    },
    TIMEOUT,
  );
});
