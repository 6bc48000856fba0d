// Fast path of parse -> normalize -> validate: one pass over a canonical event line's bytes, with no JSON.parse
// and no ajv. It answers only lines it is sure are valid events; anything else goes the reference path.
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { TelTelEvent } from "../types.js";
import { canonicalInstant } from "./datetime.js";
import {
  ACCOUNTCODE,
  AUDIO_URL,
  CALLBACK_KEYS,
  DATA,
  DATA_CALLBACK,
  DATA_KEYS,
  ENUM_OF_SLOT,
  FastEvent,
  IS_ANSWERED,
  KEYS_BY_FIRST_BYTE,
  PARTICIPANTS,
  type Spelling,
  setAttribute,
  TIMESTAMP,
} from "./fast-event.js";
import { obeysRules } from "./fast-rules.js";

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
  if (slot === PARTICIPANTS) {
    const next = integerEnd(i, end);
    if (next !== -1) e.participants = digits(i, next);
    return next;
  }
  if (slot === IS_ANSWERED) {
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
  if (slot === DATA) {
    const data: Record<string, unknown> = {};
    const next = scanStrings(DATA_KEYS, i, end, data);
    if (next !== -1) e.data = data;
    return next;
  }
  if (bytes[i] !== QUOTE) return -1;
  const from = i + 1;
  const to = stringEnd(from, end);
  if (to === -1) return -1;
  const value = stringValue(slot, from, to);
  if (value === undefined) return -1;
  setAttribute(e, slot, value);
  return to + 1;
}

/**
 * A string attribute's value as the schema takes it from the bytes [from, to): an enum's constant, an instant-
 * checked timestamp, a URI, a non-empty identifier (an account's shared string); undefined if it is none.
 */
function stringValue(slot: number, from: number, to: number): string | undefined {
  const known = ENUM_OF_SLOT[slot];
  if (known !== undefined) return spelled(known, from, to)?.value;
  if (slot === TIMESTAMP) {
    instant = canonicalInstant(bytes, from, to);
    return Number.isNaN(instant) ? undefined : str(from, to);
  }
  if (slot === AUDIO_URL) {
    const value = str(from, to);
    return isUri(value) ? value : undefined;
  }
  if (to === from) return undefined;
  return slot === ACCOUNTCODE ? sameAccount(from, to) : str(from, to);
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

/**
 * Scans a flat object of known keys (each once, in line order) with string values into `out`: `data` (its ids
 * non-empty, and `callback` an object of its own) or `data.callback` (any strings); the index after its `}`,
 * or -1.
 */
function scanStrings(
  known: readonly Spelling[],
  from: number,
  end: number,
  out: Record<string, unknown>,
): number {
  if (bytes[from] !== OPEN) return -1;
  let i = from + 1;
  if (bytes[i] === CLOSE) return i + 1;
  const isData = known === DATA_KEYS;
  let seen = 0;
  for (;;) {
    if (bytes[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(i + 1, end);
    if (keyEnd === -1 || bytes[keyEnd + 1] !== COLON) return -1;
    const key = spelled(known, i + 1, keyEnd);
    if (key === undefined || (seen & (1 << key.slot)) !== 0) return -1;
    seen |= 1 << key.slot;
    i = keyEnd + 2;
    if (isData && key.slot === DATA_CALLBACK) {
      const callback: Record<string, unknown> = {};
      i = scanStrings(CALLBACK_KEYS, i, end, callback);
      if (i === -1) return -1;
      out[key.value] = callback;
    } else {
      if (bytes[i] !== QUOTE) return -1;
      const valueEnd = stringEnd(i + 1, end);
      if (valueEnd === -1 || (isData && valueEnd === i + 1)) return -1;
      out[key.value] = str(i + 1, valueEnd);
      i = valueEnd + 1;
    }
    const c = bytes[i];
    if (c === CLOSE) return i + 1;
    if (c !== COMMA) return -1;
    i += 1;
  }
}
