// Fast path of parse -> normalize -> validate: one pass over a canonical event line's bytes, with no JSON.parse
// and no ajv. It answers only lines it is sure are valid events; anything else goes the reference path.
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { TelTelEvent } from "../types.js";

/**
 * An event as the fast path builds it: every attribute of the schema is a slot, so every event has one shape
 * (absent attributes hold undefined, which every consumer reads as absent).
 */
class FastEvent {
  event: string | undefined = undefined;
  id: string | undefined = undefined;
  timestamp: string | undefined = undefined;
  accountcode: string | undefined = undefined;
  session_id: string | undefined = undefined;
  call_id: string | undefined = undefined;
  direction: string | undefined = undefined;
  type: string | undefined = undefined;
  subtype: string | undefined = undefined;
  phase: string | undefined = undefined;
  participants: number | undefined = undefined;
  leg: string | undefined = undefined;
  state: string | undefined = undefined;
  subject_type: string | undefined = undefined;
  subject: string | undefined = undefined;
  subject_user: string | undefined = undefined;
  hanged_by: string | undefined = undefined;
  hanged_value: string | undefined = undefined;
  hanged_user: string | undefined = undefined;
  is_answered: boolean | undefined = undefined;
  audio_url: string | undefined = undefined;
  data: Record<string, unknown> | undefined = undefined;
}

// A known spelling (key or enum value) as bytes, and the constant string it stands for (never sliced from the
// line, so keys and enum values cost no string).
interface Spelling {
  bytes: Uint8Array;
  value: string;
  slot: number;
}
const spellings = (values: readonly string[]): Spelling[] =>
  values.map((value, slot) => ({ bytes: Buffer.from(value, "latin1"), value, slot }));

// The schema's enums.
const EVENTS = spellings(["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"]);
const DIRECTIONS = spellings(["inbound", "outbound"]);
const TYPES = spellings(["standard", "autodialer", "callback", "transfer"]);
const SUBTYPES = spellings(["predictive", "contact-callflow", "operator-contact"]);
const PHASES = spellings(["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"]);
const LEGS = spellings(["contact", "operator"]);
const STATES = spellings([
  "ANSWER",
  "BUSY",
  "NOANSWER",
  "CANCEL",
  "CONGESTION",
  "CHANUNAVAIL",
  "DONTCALL",
  "TORTURE",
  "INVALIDARGS",
  "ABORT",
]);
const PARTY_TYPES = spellings(["phone", "sip"]);
const CALLBACK_KEYS = spellings([
  "leg_1_phone_number",
  "leg_1_caller_id",
  "leg_2_phone_number",
  "leg_2_caller_id",
]);
const DATA_KEYS = spellings(["campaign_id", "contact_id", "trace_id", "callback"]);
const DATA_CALLBACK = 3;

// Top-level attributes; a key's slot is its bit in the mask of keys seen.
const KEYS = spellings([
  "event",
  "id",
  "timestamp",
  "accountcode",
  "session_id",
  "call_id",
  "direction",
  "type",
  "subtype",
  "phase",
  "participants",
  "leg",
  "state",
  "subject_type",
  "subject",
  "subject_user",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "is_answered",
  "audio_url",
  "data",
]);

// Top-level keys by their first byte, each followed by its closing `":`, so one comparison tells a key.
const KEYS_BY_FIRST_BYTE: Spelling[][] = [];
for (const key of KEYS) {
  const first = key.bytes[0] as number;
  const withColon = { ...key, bytes: Buffer.from(`${key.value}":`, "latin1") };
  KEYS_BY_FIRST_BYTE[first] = [...(KEYS_BY_FIRST_BYTE[first] ?? []), withColon];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const isUri = fullFormats.uri as (text: string) => boolean;

/** Buffer with its own latin1 decoder, which makes one flat string per value. */
type Latin1Buffer = Buffer & { latin1Slice(from: number, to: number): string };
// The bytes of the line being scanned, and its instant once the timestamp is read.
let bytes = Buffer.alloc(0) as Latin1Buffer;
let instant = Number.NaN;
// One flat string per value: a slice of a decoded line would keep the whole line alive while its event is held.
// latin1Slice is what toString("latin1") calls, without its argument checks; should a Node lack it, toString.
const str =
  typeof (Buffer.prototype as Partial<Latin1Buffer>).latin1Slice === "function"
    ? (from: number, to: number): string => bytes.latin1Slice(from, to)
    : (from: number, to: number): string => bytes.toString("latin1", from, to);

/**
 * The event a canonical line holds, equal to what JSON.parse + normalize + the bundled schema would accept
 * and give; undefined when not sure (any escape, white space, non-ASCII, unknown or repeated key, wire
 * variant, or a rule broken: the reference path then judges the line and words the problems).
 */
export function scanEventLine(
  buf: Uint8Array,
  start: number,
  lineEnd: number,
  at?: { ts: number },
): TelTelEvent | undefined {
  // A CRLF dump's lines end in \r, which JSON.parse reads as white space.
  const end = buf[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
  if (end - start < 2 || buf[start] !== OPEN || buf[end - 1] !== CLOSE) return undefined;
  bytes = (
    Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  ) as Latin1Buffer;
  instant = Number.NaN;
  const event = scanObject(start + 1, end);
  if (event !== undefined && at !== undefined) at.ts = instant;
  return event;
}

/** The top-level object, from after its `{` to `end` (just past its `}`). */
function scanObject(from: number, end: number): TelTelEvent | undefined {
  const e = new FastEvent();
  let seen = 0;
  let i = from;
  if (bytes[i] === CLOSE) return undefined;
  for (;;) {
    if (bytes[i] !== QUOTE) return undefined;
    const key = keyAt(i + 1, end);
    if (key === undefined || (seen & (1 << key.slot)) !== 0) return undefined;
    seen |= 1 << key.slot;
    i += 1 + key.bytes.length;
    const next = scanValue(e, key.slot, i, end);
    if (next === -1) return undefined;
    const c = bytes[next];
    if (c === CLOSE) {
      if (next !== end - 1) return undefined;
      break;
    }
    if (c !== COMMA) return undefined;
    i = next + 1;
  }
  return obeysRules(e) ? (e as unknown as TelTelEvent) : undefined;
}

/** Scans the value of attribute `slot` at `i` into `e`; the index just past it, or -1. */
function scanValue(e: FastEvent, slot: number, i: number, end: number): number {
  if (slot === 10) {
    const next = integerEnd(i, end);
    if (next !== -1) e.participants = digits(i, next);
    return next;
  }
  if (slot === 19) {
    if (word(i, "true")) {
      e.is_answered = true;
      return i + 4;
    }
    if (word(i, "false")) {
      e.is_answered = false;
      return i + 5;
    }
    return -1;
  }
  if (slot === 21) {
    const data: Record<string, unknown> = {};
    const next = scanData(i, end, data);
    if (next !== -1) e.data = data;
    return next;
  }
  if (bytes[i] !== QUOTE) return -1;
  const from = i + 1;
  const to = stringEnd(from, end);
  if (to === -1) return -1;
  switch (slot) {
    case 0:
      e.event = spelled(EVENTS, from, to)?.value;
      return e.event === undefined ? -1 : to + 1;
    case 6:
      e.direction = spelled(DIRECTIONS, from, to)?.value;
      return e.direction === undefined ? -1 : to + 1;
    case 7:
      e.type = spelled(TYPES, from, to)?.value;
      return e.type === undefined ? -1 : to + 1;
    case 8:
      e.subtype = spelled(SUBTYPES, from, to)?.value;
      return e.subtype === undefined ? -1 : to + 1;
    case 9:
      e.phase = spelled(PHASES, from, to)?.value;
      return e.phase === undefined ? -1 : to + 1;
    case 11:
      e.leg = spelled(LEGS, from, to)?.value;
      return e.leg === undefined ? -1 : to + 1;
    case 12:
      e.state = spelled(STATES, from, to)?.value;
      return e.state === undefined ? -1 : to + 1;
    case 13:
      e.subject_type = spelled(PARTY_TYPES, from, to)?.value;
      return e.subject_type === undefined ? -1 : to + 1;
    case 16:
      e.hanged_by = spelled(PARTY_TYPES, from, to)?.value;
      return e.hanged_by === undefined ? -1 : to + 1;
    case 2:
      instant = canonicalInstant(from, to);
      if (Number.isNaN(instant)) return -1;
      e.timestamp = str(from, to);
      return to + 1;
    case 20: {
      const value = str(from, to);
      if (!isUri(value)) return -1;
      e.audio_url = value;
      return to + 1;
    }
  }
  // Identifiers: any non-empty string.
  if (to === from) return -1;
  const value = slot === 3 ? "" : str(from, to);
  switch (slot) {
    case 1:
      e.id = value;
      break;
    case 3:
      e.accountcode = sameAccount(from, to);
      break;
    case 4:
      e.session_id = value;
      break;
    case 5:
      e.call_id = value;
      break;
    case 14:
      e.subject = value;
      break;
    case 15:
      e.subject_user = value;
      break;
    case 17:
      e.hanged_value = value;
      break;
    case 18:
      e.hanged_user = value;
      break;
    default:
      return -1;
  }
  return to + 1;
}

/** The index of the closing quote of a string whose body starts at `from`; -1 for escapes, controls, non-ASCII. */
function stringEnd(from: number, end: number): number {
  for (let i = from; i < end; i += 1) {
    const c = bytes[i] as number;
    if (c === QUOTE) return i;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return -1;
}

/** Whether the bytes at `at` spell `literal` (ASCII). */
function word(at: number, literal: string): boolean {
  for (let k = 0; k < literal.length; k += 1) if (bytes[at + k] !== literal.charCodeAt(k)) return false;
  return true;
}

/** The end of a JSON integer 0..999999999999999 written canonically (no sign, fraction, exponent or leading 0). */
function integerEnd(from: number, end: number): number {
  let i = from;
  const first = bytes[i] as number;
  if (first === 0x30) i += 1;
  else if (first >= 0x31 && first <= 0x39) {
    while (i < end && i - from < 16) {
      const c = bytes[i] as number;
      if (c < 0x30 || c > 0x39) break;
      i += 1;
    }
    if (i - from > 15) return -1;
  } else return -1;
  const c = bytes[i];
  return c === COMMA || c === CLOSE ? i : -1;
}

// The accountcodes read last: a dump has few accounts, and the events of one share a string rather than each
// holding a copy (a few dozen bytes an event, while its call is open).
const ACCOUNTS_KEPT = 8;
const accounts: string[] = [];
let nextAccount = 0;

/** The accountcode string for the bytes [from, to): one handed out before when it spells the same, else a new one. */
function sameAccount(from: number, to: number): string {
  const length = to - from;
  next: for (const account of accounts) {
    if (account.length !== length) continue;
    for (let k = 0; k < length; k += 1) if (bytes[from + k] !== account.charCodeAt(k)) continue next;
    return account;
  }
  const account = str(from, to);
  accounts[nextAccount] = account;
  nextAccount = (nextAccount + 1) % ACCOUNTS_KEPT;
  return account;
}

/** The value of the decimal digits [from, to). */
function digits(from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) value = value * 10 + ((bytes[i] as number) - 0x30);
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant of the canonical `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` with a real calendar
 * day in the years 1000-9999; NaN for anything else (other fractions, offsets, lower case, years before 1000:
 * isRfc3339DateTime and parseTimestamp judge those on the reference path).
 */
function canonicalInstant(from: number, to: number): number {
  const n = to - from;
  if (n !== 20 && !(n === 24 && bytes[from + 19] === 0x2e)) return Number.NaN;
  if (bytes[from + 4] !== 0x2d || bytes[from + 7] !== 0x2d || bytes[from + 10] !== 0x54) return Number.NaN;
  if (bytes[from + 13] !== COLON || bytes[from + 16] !== COLON || bytes[to - 1] !== 0x5a) return Number.NaN;
  const year = number(from, 4);
  const month = number(from + 5, 2);
  const day = number(from + 8, 2);
  const hour = number(from + 11, 2);
  const minute = number(from + 14, 2);
  const second = number(from + 17, 2);
  const ms = n === 24 ? number(from + 20, 3) : 0;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return Number.NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > days) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The value of `count` decimal digits at `at`, or -1 if any is not a digit. */
function number(at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The top-level key whose bytes (with the closing `":`) start at `from`, or undefined. */
function keyAt(from: number, end: number): Spelling | undefined {
  const candidates = KEYS_BY_FIRST_BYTE[bytes[from] as number];
  if (candidates === undefined) return undefined;
  next: for (const key of candidates) {
    const b = key.bytes;
    if (from + b.length > end) continue;
    for (let k = 1; k < b.length; k += 1) if (bytes[from + k] !== b[k]) continue next;
    return key;
  }
  return undefined;
}

/** The spelling among `known` that the bytes [from, to) are, or undefined. */
function spelled(known: readonly Spelling[], from: number, to: number): Spelling | undefined {
  const length = to - from;
  next: for (const spelling of known) {
    const b = spelling.bytes;
    if (b.length !== length) continue;
    for (let k = 0; k < length; k += 1) if (bytes[from + k] !== b[k]) continue next;
    return spelling;
  }
  return undefined;
}

/** Scans `data` (known keys only, each once, in line order) into `out`; the index after its `}`, or -1. */
function scanData(from: number, end: number, out: Record<string, unknown>): number {
  if (bytes[from] !== OPEN) return -1;
  let i = from + 1;
  if (bytes[i] === CLOSE) return i + 1;
  let seen = 0;
  for (;;) {
    if (bytes[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(i + 1, end);
    if (keyEnd === -1 || bytes[keyEnd + 1] !== COLON) return -1;
    const key = spelled(DATA_KEYS, i + 1, keyEnd);
    if (key === undefined || (seen & (1 << key.slot)) !== 0) return -1;
    seen |= 1 << key.slot;
    i = keyEnd + 2;
    if (key.slot === DATA_CALLBACK) {
      const callback: Record<string, unknown> = {};
      i = scanCallback(i, end, callback);
      if (i === -1) return -1;
      out[key.value] = callback;
    } else {
      if (bytes[i] !== QUOTE) return -1;
      const valueEnd = stringEnd(i + 1, end);
      if (valueEnd === -1 || valueEnd === i + 1) return -1;
      out[key.value] = str(i + 1, valueEnd);
      i = valueEnd + 1;
    }
    const c = bytes[i];
    if (c === CLOSE) return i + 1;
    if (c !== COMMA) return -1;
    i += 1;
  }
}

/** Scans `data.callback`: its four known keys, each once, with string values (empty allowed). */
function scanCallback(from: number, end: number, out: Record<string, unknown>): number {
  if (bytes[from] !== OPEN) return -1;
  let i = from + 1;
  if (bytes[i] === CLOSE) return i + 1;
  let seen = 0;
  for (;;) {
    if (bytes[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(i + 1, end);
    if (keyEnd === -1 || bytes[keyEnd + 1] !== COLON) return -1;
    const key = spelled(CALLBACK_KEYS, i + 1, keyEnd);
    if (key === undefined || (seen & (1 << key.slot)) !== 0) return -1;
    seen |= 1 << key.slot;
    i = keyEnd + 2;
    if (bytes[i] !== QUOTE) return -1;
    const valueEnd = stringEnd(i + 1, end);
    if (valueEnd === -1) return -1;
    out[key.value] = str(i + 1, valueEnd);
    i = valueEnd + 1;
    const c = bytes[i];
    if (c === CLOSE) return i + 1;
    if (c !== COMMA) return -1;
    i += 1;
  }
}

/** The schema's required attributes and its "always and only in" rules, for a fully scanned event. */
function obeysRules(e: FastEvent): boolean {
  if (
    e.event === undefined ||
    e.id === undefined ||
    e.timestamp === undefined ||
    e.accountcode === undefined ||
    e.session_id === undefined ||
    e.direction === undefined ||
    e.type === undefined
  )
    return false;
  const name = e.event;
  if ((name === "RINGRESULT") !== (e.state !== undefined)) return false;
  const party = name === "READY" || name === "JOIN" || name === "LEAVE";
  if (party !== (e.subject_type !== undefined) || party !== (e.subject !== undefined)) return false;
  if ((e.subject_type === "sip") !== (e.subject_user !== undefined)) return false;
  const completed = name === "COMPLETED";
  if (
    completed !== (e.hanged_by !== undefined) ||
    completed !== (e.hanged_value !== undefined) ||
    completed !== (e.is_answered !== undefined)
  )
    return false;
  if ((e.hanged_by === "sip") !== (e.hanged_user !== undefined)) return false;
  if (!completed && e.audio_url !== undefined) return false;
  const type = e.type;
  if (e.leg !== undefined && type !== "callback" && type !== "autodialer") return false;
  const data = e.data;
  if (type !== "autodialer") {
    if (e.subtype !== undefined) return false;
    if (data !== undefined && (data.campaign_id !== undefined || data.contact_id !== undefined)) return false;
  }
  if (type !== "callback" && data !== undefined && data.callback !== undefined) return false;
  return true;
}
