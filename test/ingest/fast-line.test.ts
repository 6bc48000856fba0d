// The byte-level fast path (scanEventLine) against the reference path (decode -> parseLine -> normalizeEvent
// -> validator -> parseTimestamp): on real lines and on lines mutated in their text and bytes, it may say
// "not sure" (undefined) but never give an event the reference would not give, nor a different one.
//
// Seeded: every property runs with SEED. FASTPROP_STATS=1 prints, per family and mutation kind, how many
// cases the reference accepted and how many the fast path answered.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { scanEventLine } from "../../src/ingest/fast-line.js";
import type { TelTelEvent } from "../../src/types.js";
import {
  ALL_KINDS,
  BYTE_KINDS,
  ENUMS,
  type MutationKind,
  type MutationSpec,
  mutateLine,
  STRUCTURE_KINDS,
  showLine,
  TIME_KINDS,
  VALUE_KINDS,
} from "../support/line-mutations.js";
import { type RealLine, realLines } from "../support/real-lines.js";
import {
  createReferenceLine,
  fastPathDisagreement,
  type ReferenceLine,
  type ReferenceVerdict,
} from "../support/reference-line.js";

const SEED = 14;
/** Cases per mutation family; five families make 200,000. */
const RUNS = 40_000;
const TIMEOUT_MS = 60_000;
const STATS = process.env.FASTPROP_STATS === "1";

let reference: ReferenceLine;
let lines: RealLine[] = [];
/** The real lines by what the reference makes of them: one group per event name, one of the rest. */
let groups: RealLine[][] = [];

beforeAll(async () => {
  reference = await createReferenceLine();
  lines = await realLines();
  const byEvent = new Map<string, RealLine[]>();
  for (const real of lines) {
    const ref = reference(real.bytes);
    const group = ref.valid ? ref.event.event : "rejected";
    byEvent.set(group, [...(byEvent.get(group) ?? []), real]);
  }
  groups = [...byEvent.values()];
}, TIMEOUT_MS);

// The same line inside a larger buffer: bytes around it that a scanner reading past [start, end) would see.
const PREFIXES = ["", "\n", '{"event":"START"}\n', "\uFEFF", '"'].map((s) => Buffer.from(s));
const SUFFIXES = ["", "\n", "\r\n", "\r", "}", '"}', "0}", ',"x":1}', '\n{"event":"START"}\n', "\u00e9"].map(
  (s) => Buffer.from(s),
);

/** The reference verdict in a few words, for failure messages. */
function summary(ref: ReferenceVerdict): string {
  if (!ref.valid) return `rejected (${ref.stage}: ${ref.code})`;
  return `valid ${ref.event.event} at ${ref.ts}${ref.warning === undefined ? "" : ` with warning ${ref.warning}`}`;
}

/** Runs both paths on a line (alone, and inside a larger buffer) and throws on any breach of the contract. */
function check(bytes: Buffer, pad: number, what: string): { ref: ReferenceVerdict; answered: boolean } {
  const ref = reference(bytes);
  const at = { ts: Number.NaN };
  const fast = scanEventLine(bytes, 0, bytes.length, at);
  const prefix = PREFIXES[pad % PREFIXES.length] as Buffer;
  const suffix = SUFFIXES[Math.floor(pad / PREFIXES.length) % SUFFIXES.length] as Buffer;
  const big = Buffer.concat([prefix, bytes, suffix]);
  const embedded = scanEventLine(big, prefix.length, prefix.length + bytes.length);
  let why = fastPathDisagreement(fast, ref);
  // The instant the fast path hands the scan must be the reference's too (scan.ts uses it as the event's ts).
  if (why === undefined && fast !== undefined && ref.valid && !Object.is(at.ts, ref.ts))
    why = `hands the instant ${at.ts}, the reference reads ${ref.ts}`;
  if (why === undefined) {
    const inside = fastPathDisagreement(embedded, ref);
    if (inside !== undefined) why = `inside a larger buffer: ${inside}`;
    else if ((fast === undefined) !== (embedded === undefined))
      why =
        "answers differently when the same line sits inside a larger buffer (reads outside [start, end)?)";
  }
  if (why !== undefined) {
    const around = `between ${showLine(prefix)} and ${showLine(suffix)}`;
    throw new Error(
      `${why}\nline (${what}): ${showLine(bytes)}\nreference: ${summary(ref)}\nfast: ${JSON.stringify(fast)} (embedded ${around})`,
    );
  }
  return { ref, answered: fast !== undefined };
}

/** Counts per mutation kind: cases it took part in, reference-valid ones among them, fast answers. */
type Tally = Map<string, { cases: number; valid: number; answered: number }>;

function count(tally: Tally, key: string, valid: boolean, answered: boolean): void {
  const row = tally.get(key) ?? { cases: 0, valid: 0, answered: 0 };
  row.cases += 1;
  if (valid) row.valid += 1;
  if (answered) row.answered += 1;
  tally.set(key, row);
}

function printTally(title: string, tally: Tally): void {
  if (!STATS) return;
  const rows = [...tally].map(
    ([key, r]) => `  ${key.padEnd(22)} ${r.cases} cases, ${r.valid} valid, ${r.answered} answered`,
  );
  console.log(`${title}\n${rows.join("\n")}`);
}

/** The seeded property of one mutation family: any real line, one to three mutations of those kinds. */
function runFamily(name: string, kinds: readonly MutationKind[]): void {
  const tally: Tally = new Map();
  let valid = 0;
  let changed = 0;
  const mutation = fc.record({ kind: fc.constantFrom(...kinds), seed: fc.nat() });
  fc.assert(
    fc.property(
      fc.nat(),
      fc.nat(),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      (pick, pad, specs: MutationSpec[]) => {
        // Each event name (and the rejected lines) as likely as any other, whatever its share of the lines.
        const group = groups[pick % groups.length] as RealLine[];
        const real = group[Math.floor(pick / groups.length) % group.length] as RealLine;
        const bytes = mutateLine(real.bytes, specs);
        const what = `${real.source}, ${specs.map((s) => `${s.kind}#${s.seed}`).join(" + ")}`;
        const { ref, answered } = check(bytes, pad, what);
        if (ref.valid) valid += 1;
        if (!bytes.equals(real.bytes)) changed += 1;
        for (const spec of specs) count(tally, spec.kind, ref.valid, answered);
        count(tally, "(all)", ref.valid, answered);
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
  printTally(`fast path, ${name} mutations`, tally);
  // The family must test something: lines it changes, both accepted and rejected by the reference, every kind.
  expect(changed / RUNS, `${name}: share of cases whose bytes changed`).toBeGreaterThan(0.7);
  expect(valid / RUNS, `${name}: share of cases the reference accepts`).toBeGreaterThan(0.05);
  expect(valid / RUNS, `${name}: share of cases the reference accepts`).toBeLessThan(0.95);
  for (const kind of kinds)
    expect(tally.get(kind)?.cases ?? 0, `${name}: cases of ${kind}`).toBeGreaterThan(1000);
}

describe("scanEventLine against the reference path: real lines", () => {
  it("has the lines: samples, fixtures and both generated dumps", () => {
    const sources = new Set(lines.map((l) => l.source));
    expect(sources.has("samples/mixed-day.ndjson")).toBe(true);
    expect(sources.has("test/fixtures/surrogates/lone.ndjson")).toBe(true);
    expect(lines.filter((l) => l.source === "generated clean").length).toBeGreaterThanOrEqual(2000);
    expect(lines.filter((l) => l.source === "generated --dirty").length).toBeGreaterThanOrEqual(2000);
    expect(groups.length, "the seven events and the rejected lines").toBe(8);
  });

  it("agrees with the reference on every unmutated real line", () => {
    lines.forEach((real, i) => {
      check(real.bytes, i, real.source);
    });
  });

  it("answers nearly every unmutated real line the reference accepts without a warning (needs the real fast path)", () => {
    const tally: Tally = new Map();
    let accepted = 0;
    let answered = 0;
    for (const real of lines) {
      const ref = reference(real.bytes);
      if (!ref.valid || ref.warning !== undefined) continue;
      const fast = scanEventLine(real.bytes, 0, real.bytes.length) !== undefined;
      accepted += 1;
      if (fast) answered += 1;
      count(tally, real.source, true, fast);
    }
    printTally("fast path answers on unmutated real lines", tally);
    const bySource = [...tally].map(([source, r]) => `${source}: ${r.answered}/${r.valid}`).join("; ");
    expect(accepted).toBeGreaterThan(4000);
    expect(
      answered / accepted,
      `answered ${answered} of ${accepted} accepted lines (${bySource})`,
    ).toBeGreaterThan(0.95);
  });
});

describe("scanEventLine against the reference path: mutated real lines (seeded, 5 x 40,000 cases)", () => {
  it(
    "keys dropped, added (known, rule-bound, unknown), duplicated, shuffled, escaped",
    () => {
      runFamily("structure", STRUCTURE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "values swapped: enums and near misses, wrong types, participants, is_answered, ids, data, audio_url",
    () => {
      runFamily("value", VALUE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "timestamps: listed edge cases, generated date-times, epoch numbers",
    () => {
      runFamily("timestamp", TIME_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "bytes: whitespace, CR, BOM, NUL, truncation, flipped bytes, invalid and overlong UTF-8",
    () => {
      runFamily("byte", BYTE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "any mix of the above",
    () => {
      runFamily("mixed", ALL_KINDS);
    },
    TIMEOUT_MS,
  );
});

// ---- hand-written lines ----

const CANONICAL: Record<string, string> = {
  START:
    '{"event":"START","id":"ev-0302-0900-01-01","timestamp":"2026-03-02T09:00:00Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01","direction":"inbound","type":"standard","phase":"didtosip","participants":0}',
  RING: '{"event":"RING","id":"ev-0302-0900-01-03","timestamp":"2026-03-02T09:00:02Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01-101","direction":"inbound","type":"standard","phase":"didtosip","participants":0}',
  RINGRESULT:
    '{"event":"RINGRESULT","id":"ev-0302-0900-01-06","timestamp":"2026-03-02T09:00:09Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01-102","direction":"inbound","type":"standard","phase":"didtosip","participants":0,"state":"ANSWER"}',
  READY:
    '{"event":"READY","id":"ev-0302-0900-01-02","timestamp":"2026-03-02T09:00:01Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01","direction":"inbound","type":"standard","phase":"didtosip","participants":0,"subject_type":"phone","subject":"+37120000001"}',
  JOIN: '{"event":"JOIN","id":"ev-0302-0900-01-11","timestamp":"2026-03-02T09:00:10Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01-102","direction":"inbound","type":"standard","phase":"didtosip","participants":2,"subject_type":"sip","subject":"102","subject_user":"31002"}',
  LEAVE:
    '{"event":"LEAVE","id":"ev-0302-0900-01-12","timestamp":"2026-03-02T09:03:25Z","accountcode":"10452","session_id":"s-0302-0900-01","call_id":"c-0302-0900-01","direction":"inbound","type":"standard","phase":"didtosip","participants":1,"subject_type":"phone","subject":"+37120000001"}',
  COMPLETED:
    '{"event":"COMPLETED","id":"ev-0302-0902-02-12","timestamp":"2026-03-02T09:06:03Z","accountcode":"10452","session_id":"s-0302-0902-02","call_id":"c-0302-0902-02","direction":"inbound","type":"standard","phase":"didtosip","participants":0,"hanged_by":"sip","hanged_value":"101","hanged_user":"31001","is_answered":true,"audio_url":"https://records.teltel.io/10452/s-0302-0902-02.mp3"}',
  "START (callback, data.callback)":
    '{"event":"START","id":"ev-0302-1200-01-01","timestamp":"2026-03-02T12:00:00Z","accountcode":"10452","session_id":"s-0302-1200-01","call_id":"c-0302-1200-01","direction":"outbound","type":"callback","phase":"localtodid","participants":0,"leg":"contact","data":{"callback":{"leg_1_phone_number":"+37120000031","leg_1_caller_id":"+37167000000","leg_2_phone_number":"101","leg_2_caller_id":"+37120000031"},"trace_id":"crm-7f3a91"}}',
  "READY (autodialer, sip)":
    '{"event":"READY","id":"ev-0302-1100-01-10","timestamp":"2026-03-02T11:00:15Z","accountcode":"10452","session_id":"s-0302-1100-01","call_id":"c-0302-1100-01-102","direction":"outbound","type":"autodialer","subtype":"predictive","phase":"localtosip","participants":1,"leg":"operator","subject_type":"sip","subject":"102","subject_user":"31002","data":{"campaign_id":"311","contact_id":"880101"}}',
};

const DROP = Symbol("drop");

/** A canonical line with attributes set (or dropped with DROP); set ones keep their place or go last. */
function edit(name: string, patch: Record<string, unknown>): string {
  const event = JSON.parse(CANONICAL[name] as string) as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === DROP) delete event[key];
    else event[key] = value;
  }
  return JSON.stringify(event);
}

/** A canonical line with one piece of its text replaced (the piece must be there). */
function replaced(name: string, from: string, to: string): string {
  const text = CANONICAL[name] as string;
  if (!text.includes(from)) throw new Error(`${name} has no ${from}`);
  return text.replace(from, to);
}

const bytesOf = (text: string): Buffer => Buffer.from(text, "utf8");
const withBytes = (name: string, from: string, to: readonly number[]): Buffer => {
  const text = CANONICAL[name] as string;
  const at = Buffer.from(text.slice(0, text.indexOf(from)), "utf8").length;
  const buf = bytesOf(text);
  return Buffer.concat([
    buf.subarray(0, at),
    Uint8Array.from(to),
    buf.subarray(at + Buffer.byteLength(from)),
  ]);
};

/** Lines the reference rejects, or accepts only with a warning: the fast path must say undefined. */
const REJECTED: [string, Buffer][] = [
  ["START with state", bytesOf(edit("START", { state: "ANSWER" }))],
  ["RINGRESULT without state", bytesOf(edit("RINGRESULT", { state: DROP }))],
  ["RINGRESULT with state Answer", bytesOf(edit("RINGRESULT", { state: "Answer" }))],
  ["RING with subject_type and subject", bytesOf(edit("RING", { subject_type: "phone", subject: "+3712" }))],
  ["START with subject_user", bytesOf(edit("START", { subject_user: "31001" }))],
  ["READY without subject_type", bytesOf(edit("READY", { subject_type: DROP }))],
  ["READY without subject", bytesOf(edit("READY", { subject: DROP }))],
  ["READY phone with subject_user", bytesOf(edit("READY", { subject_user: "31001" }))],
  ["JOIN sip without subject_user", bytesOf(edit("JOIN", { subject_user: DROP }))],
  ["LEAVE with subject_type Phone", bytesOf(edit("LEAVE", { subject_type: "Phone" }))],
  ["COMPLETED without hanged_by", bytesOf(edit("COMPLETED", { hanged_by: DROP, hanged_user: DROP }))],
  ["COMPLETED without hanged_value", bytesOf(edit("COMPLETED", { hanged_value: DROP }))],
  ["COMPLETED without is_answered", bytesOf(edit("COMPLETED", { is_answered: DROP }))],
  ["COMPLETED sip without hanged_user", bytesOf(edit("COMPLETED", { hanged_user: DROP }))],
  ["COMPLETED phone with hanged_user", bytesOf(edit("COMPLETED", { hanged_by: "phone" }))],
  ["COMPLETED with state", bytesOf(edit("COMPLETED", { state: "ANSWER" }))],
  ["COMPLETED with subject", bytesOf(edit("COMPLETED", { subject: "101" }))],
  ["COMPLETED with a relative audio_url", bytesOf(edit("COMPLETED", { audio_url: "rec/a.mp3" }))],
  ["COMPLETED with audio_url http://a b", bytesOf(edit("COMPLETED", { audio_url: "http://a b/c" }))],
  ['COMPLETED with is_answered "yes"', bytesOf(edit("COMPLETED", { is_answered: "yes" }))],
  ["COMPLETED with is_answered 2", bytesOf(edit("COMPLETED", { is_answered: 2 }))],
  ["JOIN with is_answered", bytesOf(edit("JOIN", { is_answered: true }))],
  ["LEAVE with audio_url", bytesOf(edit("LEAVE", { audio_url: "https://x.example/a.mp3" }))],
  ["RING with hanged_by", bytesOf(edit("RING", { hanged_by: "phone" }))],
  ["standard call with leg", bytesOf(edit("START", { leg: "contact" }))],
  ["standard call with subtype", bytesOf(edit("START", { subtype: "predictive" }))],
  ["callback call with subtype", bytesOf(edit("START (callback, data.callback)", { subtype: "predictive" }))],
  ["standard call with data.campaign_id", bytesOf(edit("START", { data: { campaign_id: "311" } }))],
  ["standard call with data.callback", bytesOf(edit("START", { data: { callback: {} } }))],
  [
    "autodialer call with data.callback",
    bytesOf(edit("READY (autodialer, sip)", { data: { callback: {} } })),
  ],
  [
    "callback call with data.contact_id",
    bytesOf(edit("START (callback, data.callback)", { data: { contact_id: "1" } })),
  ],
  ["transfer call with leg", bytesOf(edit("START", { type: "transfer", leg: "operator" }))],
  ["an unknown event", bytesOf(edit("START", { event: "HOLD" }))],
  ["event start", bytesOf(edit("START", { event: "start" }))],
  ["no event", bytesOf(edit("START", { event: DROP }))],
  ["no id", bytesOf(edit("START", { id: DROP }))],
  ["empty id", bytesOf(edit("START", { id: "" }))],
  ["no session_id", bytesOf(edit("START", { session_id: DROP }))],
  ["numeric call_id 1.5", bytesOf(edit("START", { call_id: 1.5 }))],
  ["direction Inbound", bytesOf(edit("START", { direction: "Inbound" }))],
  ['direction "inbound "', bytesOf(edit("START", { direction: "inbound " }))],
  ['direction ""', bytesOf(edit("START", { direction: "" }))],
  ["direction null", bytesOf(edit("START", { direction: null }))],
  ["participants -1", bytesOf(edit("START", { participants: -1 }))],
  ["participants 1.5", bytesOf(edit("START", { participants: 1.5 }))],
  ['participants "5"', bytesOf(edit("START", { participants: "5" }))],
  ["participants 007", bytesOf(replaced("START", '"participants":0', '"participants":007'))],
  ["data as an array", bytesOf(edit("START", { data: [] }))],
  ["data as a string that is no JSON object", bytesOf(edit("START", { data: "[1]" }))],
  ["timestamp 2023-02-29", bytesOf(edit("START", { timestamp: "2023-02-29T09:00:00Z" }))],
  ["timestamp 1900-02-29", bytesOf(edit("START", { timestamp: "1900-02-29T09:00:00Z" }))],
  ["timestamp 2026-04-31", bytesOf(edit("START", { timestamp: "2026-04-31T09:00:00Z" }))],
  ["timestamp hour 24", bytesOf(edit("START", { timestamp: "2026-03-02T24:00:00Z" }))],
  ["timestamp minute 60", bytesOf(edit("START", { timestamp: "2026-03-02T09:60:00Z" }))],
  ["timestamp second 60", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:60Z" }))],
  ["timestamp year 0000", bytesOf(edit("START", { timestamp: "0000-01-01T00:00:00Z" }))],
  ["timestamp 0001-01-01T00:00:00+01:00", bytesOf(edit("START", { timestamp: "0001-01-01T00:00:00+01:00" }))],
  ["timestamp 9999-12-31T23:59:59-01:00", bytesOf(edit("START", { timestamp: "9999-12-31T23:59:59-01:00" }))],
  ["timestamp without zone", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00" }))],
  ["timestamp with a space", bytesOf(edit("START", { timestamp: "2026-03-02 09:00:00Z" }))],
  ["timestamp 2026-03-02", bytesOf(edit("START", { timestamp: "2026-03-02" }))],
  ["epoch beyond year 9999", bytesOf(edit("START", { timestamp: 253402300800000 }))],
  [
    "a duplicate key whose last value is wrong",
    bytesOf(replaced("START", '"direction":"inbound"', '"direction":"inbound","direction":"in"')),
  ],
  [
    "an escaped duplicate of event",
    bytesOf(replaced("START", '"participants":0', '"participants":0,"\\u0065vent":"HOLD"')),
  ],
  [
    "a BOM at the start",
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytesOf(CANONICAL.START as string)]),
  ],
  ["a raw NUL in a value", withBytes("START", "inbound", [0x69, 0x00, 0x6e, 0x62, 0x6f, 0x75, 0x6e, 0x64])],
  ["a raw tab in a value", bytesOf(replaced("START", "inbound", "in\tbound"))],
  ["0xff in a value", withBytes("START", "didtosip", [0x64, 0xff])],
  ["a lone continuation byte in a value", withBytes("RING", "c-0302", [0x80])],
  ["an overlong quote", withBytes("START", '"inbound"', [0x22, ...Buffer.from("inbound"), 0xc0, 0xa2])],
  ["an overlong i in inbound", withBytes("START", "inbound", [0xc1, 0xa9, ...Buffer.from("nbound")])],
  ["a UTF-16 surrogate in UTF-8", withBytes("START", "c-0302", [0xed, 0xa0, 0x80])],
  ["truncated", bytesOf((CANONICAL.COMPLETED as string).slice(0, -1))],
  ["truncated after a colon", bytesOf((CANONICAL.START as string).replace(/0\}$/, ""))],
  ["a trailing comma", bytesOf((CANONICAL.START as string).replace(/\}$/, ",}"))],
  ["two objects", bytesOf(`${CANONICAL.START}${CANONICAL.RING}`)],
  ["an array of the event", bytesOf(`[${CANONICAL.START}]`)],
  ["blank", bytesOf("   ")],
  // Valid, but the caller must report the unpaired surrogate: only the reference path does.
  ["a lone surrogate escape in an id (warning)", bytesOf(edit("START", { call_id: "c\ud800" }))],
  ["a lone surrogate escape in data (warning)", bytesOf(edit("START", { data: { note: "x\udc00" } }))],
];

/** Lines the reference accepts in a wire variant: the fast path may answer or not, but only with that event. */
const ACCEPTED_VARIANTS: [string, Buffer][] = [
  ["epoch seconds", bytesOf(edit("START", { timestamp: 1772442000 }))],
  ["epoch milliseconds", bytesOf(edit("START", { timestamp: 1772442000123 }))],
  ["timestamp 2024-02-29", bytesOf(edit("START", { timestamp: "2024-02-29T09:00:00Z" }))],
  ["timestamp 2000-02-29", bytesOf(edit("START", { timestamp: "2000-02-29T09:00:00Z" }))],
  ["timestamp lowercase t and z", bytesOf(edit("START", { timestamp: "2026-03-02t09:00:00z" }))],
  ["timestamp +02:00", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00+02:00" }))],
  ["timestamp -00:00", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00-00:00" }))],
  [
    "timestamp with 9 fraction digits",
    bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00.123456789Z" })),
  ],
  ["timestamp 0001-01-01T00:00:00Z", bytesOf(edit("START", { timestamp: "0001-01-01T00:00:00Z" }))],
  ["timestamp 9999-12-31T23:59:59.999Z", bytesOf(edit("START", { timestamp: "9999-12-31T23:59:59.999Z" }))],
  ["is_answered 1", bytesOf(edit("COMPLETED", { is_answered: 1 }))],
  ['is_answered "false"', bytesOf(edit("COMPLETED", { is_answered: "false" }))],
  [
    "data as a JSON string",
    bytesOf(edit("READY (autodialer, sip)", { data: '{"campaign_id":"311","contact_id":"880101"}' })),
  ],
  [
    "data ids as numbers",
    bytesOf(edit("READY (autodialer, sip)", { data: { contact_id: 880101, campaign_id: 311 } })),
  ],
  ["numeric accountcode", bytesOf(edit("START", { accountcode: 10452 }))],
  ["participants -0", bytesOf(replaced("START", '"participants":0', '"participants":-0'))],
  ["participants 1.0", bytesOf(replaced("START", '"participants":0', '"participants":1.0'))],
  ["participants 1e2", bytesOf(replaced("START", '"participants":0', '"participants":1e2'))],
  ["an unknown key", bytesOf(edit("START", { note: "x" }))],
  [
    "a __proto__ key",
    bytesOf(replaced("START", '"participants":0', '"participants":0,"__proto__":{"event":"RING"}')),
  ],
  [
    "a duplicate key, same value",
    bytesOf(replaced("START", '"direction":"inbound"', '"direction":"inbound","direction":"inbound"')),
  ],
  [
    "a duplicate key, last value valid",
    bytesOf(replaced("START", '"direction":"inbound"', '"direction":"in","direction":"outbound"')),
  ],
  ["an escaped key", bytesOf(replaced("START", '"direction"', '"\\u0064irection"'))],
  ["an escaped value", bytesOf(replaced("START", '"inbound"', '"\\u0069nbound"'))],
  ["escaped slashes in audio_url", bytesOf((CANONICAL.COMPLETED as string).replaceAll("/", "\\/"))],
  [
    "keys in another order",
    bytesOf(
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(CANONICAL.COMPLETED as string)).reverse())),
    ),
  ],
  [
    "spaces between tokens",
    bytesOf((CANONICAL.START as string).replaceAll('":', '" : ').replaceAll(',"', ' , "')),
  ],
  ["a trailing CR", bytesOf(`${CANONICAL.START}\r`)],
  ["spaces around", bytesOf(` \t${CANONICAL.START} `)],
  ["non-ASCII in an id", bytesOf(edit("START", { call_id: "c-é-😀" }))],
];

describe("scanEventLine: hand-written lines", () => {
  it.each(Object.entries(CANONICAL))(
    "answers the canonical %s line, as the reference (needs the real fast path)",
    (name, text) => {
      const bytes = bytesOf(text);
      const ref = reference(bytes);
      expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
      check(bytes, 0, name);
      const fast: TelTelEvent | undefined = scanEventLine(bytes, 0, bytes.length);
      expect(fast, "the fast path said not sure").toBeDefined();
    },
  );

  it.each(REJECTED)("says not sure for %s", (name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid && ref.warning === undefined, `reference verdict: ${summary(ref)}`).toBe(false);
    check(bytes, 0, name);
    expect(scanEventLine(bytes, 0, bytes.length)).toBeUndefined();
  });

  it.each(ACCEPTED_VARIANTS)("gives the reference's event or nothing for %s", (name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
    for (let pad = 0; pad < PREFIXES.length * SUFFIXES.length; pad += 1) check(bytes, pad, name);
  });

  it("knows the schema's enums (line-mutations ENUMS match schemas/teltel-event.schema.json)", async () => {
    const { loadSchemaDocument } = await import("../../src/ingest/schema-file.js");
    const schema = JSON.stringify(await loadSchemaDocument());
    for (const [key, values] of Object.entries(ENUMS))
      expect(schema, `enum of ${key}`).toContain(JSON.stringify(values));
  });
});

describe("scanEventLine: what it remembers between lines", () => {
  // The fast path hands the events of one account one shared accountcode string; a line must never get another
  // line's account, however the accounts of consecutive lines share prefixes or lengths.
  it("gives every line its own accountcode, in any sequence of accounts", () => {
    const line = (account: string, n: number): Buffer =>
      Buffer.from(
        `{"event":"START","id":"e${n}","timestamp":"2026-03-02T11:00:00Z","accountcode":"${account}","session_id":"s${n}","direction":"inbound","type":"standard"}`,
      );
    const account = fc.stringMatching(/^[0-9]{1,4}$/);
    fc.assert(
      fc.property(fc.array(account, { minLength: 1, maxLength: 30 }), (accounts) => {
        accounts.forEach((expected, n) => {
          const bytes = line(expected, n);
          const event = scanEventLine(bytes, 0, bytes.length);
          expect(event?.accountcode).toBe(expected);
          expect(event?.accountcode).toBe(reference(bytes).valid ? expected : undefined);
        });
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
