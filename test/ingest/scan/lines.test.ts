// The scanners on hand-written lines, one rule at a time: each canonical event is answered (wasm and JS alike,
// the reference's event); every line the reference rejects, or accepts only with a warning, gets "not sure";
// wire variants get the reference's event or nothing; and the lines the scanners must answer on their own
// (integer data ids, CRLF, Feb 29 of a leap year, fractions) or must leave to the reference (offsets, 24:00).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createLineScanner } from "../../../src/ingest/scan/engine.js";
import { ENUMS } from "../../support/line-mutations.js";
import { createReferenceLine, type ReferenceLine } from "../../support/reference-line.js";
import { OUT } from "../../../src/ingest/scan/spec.js";
import {
  createEngines,
  disagreement,
  type Engines,
  PREFIXES,
  SUFFIXES,
  scanBoth,
  summary,
} from "./engines.js";

let reference: ReferenceLine;
let engines: Engines;

beforeAll(async () => {
  reference = await createReferenceLine();
  engines = createEngines();
});

/** Whether both scanners accept the line (alone, and inside a larger buffer), after checking the contract. */
function answered(bytes: Buffer, pad = 0): boolean {
  const ref = reference(bytes);
  const alone = scanBoth(engines, bytes, 0, bytes.length);
  const prefix = PREFIXES[pad % PREFIXES.length] as Buffer;
  const suffix = SUFFIXES[Math.floor(pad / PREFIXES.length) % SUFFIXES.length] as Buffer;
  const big = Buffer.concat([prefix, bytes, suffix]);
  const inside = scanBoth(engines, big, prefix.length, prefix.length + bytes.length);
  const why = disagreement(alone, ref) ?? disagreement(inside, ref);
  if (why !== undefined)
    throw new Error(`${why}\nline: ${bytes.toString("latin1")}\nreference: ${summary(ref)}`);
  expect(inside.accepted, "the same answer inside a larger buffer").toBe(alone.accepted);
  return alone.accepted;
}

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
  ["timestamp 2023-02-29T00:00:00.000Z", bytesOf(edit("START", { timestamp: "2023-02-29T00:00:00.000Z" }))],
  ["timestamp 2026-02-30", bytesOf(edit("START", { timestamp: "2026-02-30T09:00:00Z" }))],
  ["timestamp 2026-13-01", bytesOf(edit("START", { timestamp: "2026-13-01T09:00:00Z" }))],
  ["timestamp 2026-00-01", bytesOf(edit("START", { timestamp: "2026-00-01T09:00:00Z" }))],
  ["timestamp 2026-03-00", bytesOf(edit("START", { timestamp: "2026-03-00T09:00:00Z" }))],
  ["timestamp 24:00:00", bytesOf(edit("START", { timestamp: "2026-03-02T24:00:00.000Z" }))],
  ["an empty data id", bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: "" } }))],
  ["a data id 1.5", bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: 1.5 } }))],
  ["a data id true", bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: true } }))],
  [
    "a callback value 1",
    bytesOf(edit("START (callback, data.callback)", { data: { callback: { leg_1_caller_id: 1 } } })),
  ],
  ["empty accountcode", bytesOf(edit("START", { accountcode: "" }))],
  ["empty session_id", bytesOf(edit("START", { session_id: "" }))],
  ["empty audio_url", bytesOf(edit("COMPLETED", { audio_url: "" }))],
  ["no direction", bytesOf(edit("START", { direction: DROP }))],
  ["no type", bytesOf(edit("START", { type: DROP }))],
  ["no timestamp", bytesOf(edit("START", { timestamp: DROP }))],
  ["no accountcode", bytesOf(edit("START", { accountcode: DROP }))],
  ["is_answered True", bytesOf(replaced("COMPLETED", '"is_answered":true', '"is_answered":True'))],
  ["participants 1e2", bytesOf(replaced("START", '"participants":0', '"participants":"1e2"'))],
  ["an empty object", bytesOf("{}")],
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

/** Lines the reference accepts and the scanners must answer: canonical forms a rule could wrongly refuse. */
const ANSWERED: [string, Buffer][] = [
  ["participants 999999999", bytesOf(edit("START", { participants: 999999999 }))],
  [
    "integer data ids",
    bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: 311, contact_id: 880101 } })),
  ],
  ["an integer trace_id", bytesOf(edit("START (callback, data.callback)", { data: { trace_id: 7 } }))],
  ["data id 0", bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: 0 } }))],
  [
    "a 15-digit data id",
    bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: 999999999999999 } })),
  ],
  ["empty data", bytesOf(edit("START", { data: {} }))],
  ["empty callback", bytesOf(edit("START (callback, data.callback)", { data: { callback: {} } }))],
  ["a CRLF line", bytesOf(`${CANONICAL.COMPLETED}\r`)],
  ["timestamp 2024-02-29", bytesOf(edit("START", { timestamp: "2024-02-29T09:00:00Z" }))],
  ["timestamp 2000-02-29", bytesOf(edit("START", { timestamp: "2000-02-29T09:00:00Z" }))],
  ["timestamp with milliseconds", bytesOf(edit("START", { timestamp: "2026-12-31T23:59:59.999Z" }))],
  ["timestamp 1000-01-01", bytesOf(edit("START", { timestamp: "1000-01-01T00:00:00Z" }))],
  ["timestamp 9999-12-31", bytesOf(edit("START", { timestamp: "9999-12-31T23:59:59Z" }))],
  ["is_answered false", bytesOf(edit("COMPLETED", { is_answered: false }))],
  ["COMPLETED hanged by phone", bytesOf(edit("COMPLETED", { hanged_by: "phone", hanged_user: DROP }))],
  ["an audio_url with a query", bytesOf(edit("COMPLETED", { audio_url: "https://r.example/a.mp3?x=1&y=2" }))],
  [
    "keys in reverse order",
    bytesOf(
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(CANONICAL.COMPLETED as string)).reverse())),
    ),
  ],
  ["transfer call", bytesOf(edit("START", { type: "transfer" }))],
  ["callback call with leg operator", bytesOf(edit("START (callback, data.callback)", { leg: "operator" }))],
];

/** Lines the reference accepts that the scanners leave to it (not canonical: the reference words or rewrites them). */
const LEFT_TO_REFERENCE: [string, Buffer][] = [
  ["a negative data id", bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: -1 } }))],
  [
    "a repeated event key",
    bytesOf(replaced("START", '"participants":0', '"participants":0,"event":"START"')),
  ],
  [
    "a repeated callback key",
    bytesOf(
      replaced(
        "START (callback, data.callback)",
        '"leg_2_caller_id":"+37120000031"',
        '"leg_2_caller_id":"+37120000031","leg_1_caller_id":"1"',
      ),
    ),
  ],
  [
    "participants 1000000000 (beyond the scanners' 9 digits)",
    bytesOf(edit("START", { participants: 1000000000 })),
  ],
  ["timestamp +02:00", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00+02:00" }))],
  ["timestamp -00:00", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00-00:00" }))],
  ["timestamp lowercase t and z", bytesOf(edit("START", { timestamp: "2026-03-02t09:00:00z" }))],
  ["timestamp with 6 fraction digits", bytesOf(edit("START", { timestamp: "2026-03-02T09:00:00.123456Z" }))],
  ["timestamp 0999-12-31", bytesOf(edit("START", { timestamp: "0999-12-31T09:00:00Z" }))],
  ["epoch seconds", bytesOf(edit("START", { timestamp: 1772442000 }))],
  [
    "a 16-digit data id",
    bytesOf(edit("READY (autodialer, sip)", { data: { campaign_id: 1234567890123456 } })),
  ],
  ["a numeric accountcode", bytesOf(edit("START", { accountcode: 10452 }))],
  [
    "a duplicate key, same value",
    bytesOf(replaced("START", '"direction":"inbound"', '"direction":"inbound","direction":"inbound"')),
  ],
  [
    "a duplicate data key",
    bytesOf(
      replaced(
        "READY (autodialer, sip)",
        '"contact_id":"880101"',
        '"contact_id":"880101","contact_id":"880101"',
      ),
    ),
  ],
  ["an escaped value", bytesOf(replaced("START", '"inbound"', '"\\u0069nbound"'))],
  ["non-ASCII in an id", bytesOf(edit("START", { call_id: "c-é" }))],
  ["an unknown key", bytesOf(edit("START", { note: "x" }))],
  ["an unknown data key", bytesOf(edit("START", { data: { note: "x" } }))],
  ["a space after a colon", bytesOf(replaced("START", '"direction":"inbound"', '"direction": "inbound"'))],
  ["is_answered 1", bytesOf(edit("COMPLETED", { is_answered: 1 }))],
  ["data as a JSON string", bytesOf(edit("READY (autodialer, sip)", { data: '{"campaign_id":"311"}' }))],
  ["participants 1.0", bytesOf(replaced("START", '"participants":0', '"participants":1.0'))],
];

describe("the scanners: hand-written lines", () => {
  it.each(Object.entries(CANONICAL))("answer the canonical %s line, as the reference", (name, text) => {
    const bytes = bytesOf(text);
    const ref = reference(bytes);
    expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
    for (let pad = 0; pad < PREFIXES.length * SUFFIXES.length; pad += 1)
      expect(answered(bytes, pad), name).toBe(true);
  });

  it.each(REJECTED)("say not sure for %s", (name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid && ref.warning === undefined, `reference verdict: ${summary(ref)}`).toBe(false);
    for (let pad = 0; pad < PREFIXES.length * SUFFIXES.length; pad += 1)
      expect(answered(bytes, pad), name).toBe(false);
  });

  it.each(ACCEPTED_VARIANTS)("give the reference's event or nothing for %s", (_name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
    for (let pad = 0; pad < PREFIXES.length * SUFFIXES.length; pad += 1) answered(bytes, pad);
  });

  it.each(ANSWERED)("answer %s on their own (the reference's event)", (name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
    expect(answered(bytes), name).toBe(true);
  });

  it.each(LEFT_TO_REFERENCE)("leave %s to the reference (valid, but not canonical)", (name, bytes) => {
    const ref = reference(bytes);
    expect(ref.valid, `reference verdict: ${summary(ref)}`).toBe(true);
    expect(answered(bytes), name).toBe(false);
  });

  it("make integer data ids the strings normalize makes, and read epoch ms from the timestamp", () => {
    const bytes = bytesOf(edit("READY (autodialer, sip)", { data: { contact_id: 880101, campaign_id: 0 } }));
    const both = scanBoth(engines, bytes, 0, bytes.length);
    expect(both.event?.data).toEqual({ contact_id: "880101", campaign_id: "0" });
    expect(JSON.stringify(both.event?.data)).toBe('{"contact_id":"880101","campaign_id":"0"}');
    expect(both.ts).toBe(Date.UTC(2026, 2, 2, 11, 0, 15));
    const leap = bytesOf(edit("START", { timestamp: "2024-02-29T23:59:59.999Z" }));
    expect(scanBoth(engines, leap, 0, leap.length).ts).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    const old = bytesOf(edit("START", { timestamp: "1000-01-01T00:00:00Z" }));
    expect(scanBoth(engines, old, 0, old.length).ts).toBe(-30610224000000);
  });

  it("hash the values the same whatever the key order and whether data ids are integers or strings", () => {
    const hash = (text: string): number => {
      const bytes = bytesOf(text);
      expect(scanBoth(engines, bytes, 0, bytes.length).accepted, text).toBe(true);
      return engines.js.out[OUT.valueHash] as number;
    };
    const ready = CANONICAL["READY (autodialer, sip)"] as string;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(ready)).reverse()));
    expect(hash(reordered)).toBe(hash(ready));
    expect(hash(replaced("READY (autodialer, sip)", '"311"', "311"))).toBe(hash(ready));
    expect(hash(replaced("READY (autodialer, sip)", '"311"', '"312"'))).not.toBe(hash(ready));
    expect(hash(replaced("READY (autodialer, sip)", '"participants":1', '"participants":2'))).not.toBe(
      hash(ready),
    );
    expect(hash(replaced("READY (autodialer, sip)", '"leg":"operator"', '"leg":"contact"'))).not.toBe(
      hash(ready),
    );
    // the instant is compared apart (epoch ms), not hashed
    expect(hash(replaced("READY (autodialer, sip)", "11:00:15Z", "11:00:16Z"))).toBe(hash(ready));
  });

  it("knows the schema's enums (line-mutations ENUMS match schemas/teltel-event.schema.json)", async () => {
    const { loadSchemaDocument } = await import("../../../src/ingest/schema-file.js");
    const schema = JSON.stringify(await loadSchemaDocument());
    for (const [key, values] of Object.entries(ENUMS))
      expect(schema, `enum of ${key}`).toContain(JSON.stringify(values));
  });
});

describe("the line scanner: what it remembers between lines", () => {
  // The decoder hands the events of one account one shared accountcode string; a line must never get another
  // line's account, however the accounts of consecutive lines share prefixes or lengths.
  it.each(["wasm", "js"] as const)(
    "gives every line its own accountcode, in any sequence of accounts (%s)",
    (engine) => {
      const scanner = createLineScanner(engine);
      expect(scanner?.engine).toBe(engine);
      const line = (account: string, n: number): Buffer =>
        Buffer.from(
          `{"event":"START","id":"e${n}","timestamp":"2026-03-02T11:00:00Z","accountcode":"${account}","session_id":"s${n}","direction":"inbound","type":"standard"}`,
        );
      const account = fc.stringMatching(/^[0-9]{1,4}$/);
      fc.assert(
        fc.property(fc.array(account, { minLength: 1, maxLength: 30 }), (accounts) => {
          accounts.forEach((expected, n) => {
            const bytes = line(expected, n);
            scanner?.batch(bytes);
            expect(scanner?.event(0, bytes.length)?.accountcode).toBe(expected);
          });
        }),
        { seed: 22, numRuns: 2_000 },
      );
    },
  );

  it("gives every line its own timestamp and ids, however many share a second, a length or a cache slot", () => {
    const scanner = createLineScanner("wasm");
    for (let n = 0; n < 20_000; n += 1) {
      const ms = String(n % 1000).padStart(3, "0");
      const timestamp = n % 3 === 0 ? "2026-03-02T11:00:00Z" : `2026-03-02T11:00:00.${ms}Z`;
      const session = `s${n % 7919}`;
      const bytes = Buffer.from(
        `{"event":"START","id":"e${n}","timestamp":"${timestamp}","accountcode":"${n % 13}","session_id":"${session}","call_id":"c${n}","direction":"inbound","type":"standard"}`,
      );
      scanner?.batch(bytes);
      const event = scanner?.event(0, bytes.length);
      expect([event?.timestamp, event?.session_id, event?.call_id, event?.accountcode, event?.id]).toEqual([
        timestamp,
        session,
        `c${n}`,
        String(n % 13),
        `e${n}`,
      ]);
    }
  });

  it("reads each batch given, and a line's key order does not stick to the next (wasm and JS)", () => {
    const start = bytesOf(CANONICAL.START as string);
    const reordered = bytesOf(
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(CANONICAL.COMPLETED as string)).reverse())),
    );
    for (const engine of ["wasm", "js"] as const) {
      const scanner = createLineScanner(engine);
      for (const bytes of [start, reordered, start, reordered]) {
        scanner?.batch(bytes);
        expect(scanner?.event(0, bytes.length), engine).toBeDefined();
      }
      const big = Buffer.alloc(1 << 22, 0x20);
      start.copy(big, big.length - start.length);
      scanner?.batch(big);
      expect(scanner?.event(big.length - start.length, big.length)?.id, `${engine}: a 4 MiB batch`).toBe(
        "ev-0302-0900-01-01",
      );
    }
  });
});
