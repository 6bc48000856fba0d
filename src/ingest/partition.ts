// Partitioning stage: a cheap look at a line's raw bytes — its session key and its timestamp — without JSON.parse.
// Workers use the session key to pick their share of sessions; every worker uses the timestamp for the watermark.

import { digitsAt, isRfc3339DateTime } from "./datetime.js";
import { EPOCH_SECONDS_LIMIT } from "./normalize.js";

const SESSION_KEY = Buffer.from('"session_id"');
const TIMESTAMP_KEY = Buffer.from('"timestamp"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MAX_CERTAIN_DIGITS = 15;
// Each key is found through one of its rarer bytes (memchr) and checked around it: '"' opens most keys and
// values of a line, so searching the key itself stops at every quote (and sets up a search per call).
const SESSION_ANCHOR = SESSION_KEY.indexOf("_");
const TIMESTAMP_ANCHOR = TIMESTAMP_KEY.indexOf("m");

/** A worker's share: sessions whose key hash % count === index. One partition of one is the whole input. */
export interface Partition {
  index: number;
  count: number;
}

/** The whole input as a single partition (single-threaded runs). */
export const WHOLE: Partition = { index: 0, count: 1 };

/** FNV-1a hash of bytes; the session key of a line. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    hash ^= buf[i] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The session key of a session_id as parsed (its UTF-8 bytes hashed), equal to what peekSessionKey sees. */
export function sessionKeyOf(sessionId: string): number {
  const bytes = Buffer.from(sessionId, "utf8");
  return hashBytes(bytes, 0, bytes.length);
}

/** Reads the session key and timestamp of consecutive lines of one buffer, each key searched once per line. */
export interface LinePeeker {
  /**
   * The session key of the line from its bytes, or -1 when the bytes alone cannot tell for certain
   * (no "session_id", more than one, any backslash in the line, a non-canonical value): such lines are parsed.
   */
  sessionKey(start: number, end: number): number;
  /** The line's "timestamp" in epoch ms from its bytes (ISO string or epoch number), or NaN when unsure. */
  timestamp(start: number, end: number): number;
}

/** A peeker over one buffer; call it for lines in increasing order. */
export function createLinePeeker(buf: Buffer): LinePeeker {
  // The next occurrence of each key at or after the current line; one search finds the first occurrence
  // of a line and, being past it, tells whether the line has a second one.
  let nextSession = Number.NEGATIVE_INFINITY;
  let nextTimestamp = Number.NEGATIVE_INFINITY;
  let nextBackslash = Number.NEGATIVE_INFINITY;
  // -1: no occurrence left in the buffer; below `start`: an occurrence in an earlier line, search again.
  const find = (key: Buffer, anchor: number, cached: number, start: number): number =>
    cached !== -1 && cached < start ? keyIndexOf(buf, key, anchor, start) : cached;
  // JSON may spell a key with escapes ("sess\u0069on_id") and JSON.parse keeps the last of duplicate keys, so
  // a line with any backslash may hold a spelling of the key the byte search cannot see: never certain.
  const hasBackslash = (start: number, end: number): boolean => {
    if (nextBackslash !== -1 && nextBackslash < start) nextBackslash = buf.indexOf(BACKSLASH, start);
    return nextBackslash !== -1 && nextBackslash < end;
  };
  return {
    sessionKey(start, end) {
      if (hasBackslash(start, end)) return -1;
      nextSession = find(SESSION_KEY, SESSION_ANCHOR, nextSession, start);
      const key = nextSession;
      if (key === -1 || key >= end) return -1;
      nextSession = keyIndexOf(buf, SESSION_KEY, SESSION_ANCHOR, key + SESSION_KEY.length);
      if (nextSession !== -1 && nextSession < end) return -1;
      return sessionValueKey(buf, key + SESSION_KEY.length, end);
    },
    timestamp(start, end) {
      if (hasBackslash(start, end)) return Number.NaN;
      nextTimestamp = find(TIMESTAMP_KEY, TIMESTAMP_ANCHOR, nextTimestamp, start);
      const key = nextTimestamp;
      if (key === -1 || key >= end) return Number.NaN;
      nextTimestamp = keyIndexOf(buf, TIMESTAMP_KEY, TIMESTAMP_ANCHOR, key + TIMESTAMP_KEY.length);
      if (nextTimestamp !== -1 && nextTimestamp < end) return Number.NaN;
      return timestampValue(buf, key + TIMESTAMP_KEY.length, end);
    },
  };
}

/**
 * `buf.indexOf(key, from)`, found through the key's byte at `anchor`: every occurrence has that byte there, and
 * the candidates come in increasing order, so the first that matches is the first occurrence.
 */
export function keyIndexOf(buf: Buffer, key: Buffer, anchor: number, from: number): number {
  const byte = key[anchor] as number;
  const last = buf.length - key.length;
  for (let at = buf.indexOf(byte, from + anchor); at !== -1; at = buf.indexOf(byte, at + 1)) {
    const start = at - anchor;
    if (start > last) return -1;
    let k = 0;
    while (k < key.length && buf[start + k] === key[k]) k += 1;
    if (k === key.length) return start;
  }
  return -1;
}

function sessionValueKey(buf: Buffer, afterKey: number, end: number): number {
  const value = skipToValue(buf, afterKey, end);
  if (value === -1) return -1;
  if (buf[value] === QUOTE) {
    for (let i = value + 1; i < end; i += 1) {
      const c = buf[i];
      if (c === BACKSLASH) return -1;
      if (c === QUOTE) return i === value + 1 ? -1 : hashBytes(buf, value + 1, i);
    }
    return -1;
  }
  // A numeric session_id is normalised to its decimal string; only canonical safe integers are certain.
  let i = value;
  while (i < end && isDigit(buf[i])) i += 1;
  const digits = i - value;
  if (digits === 0 || digits > MAX_CERTAIN_DIGITS || (digits > 1 && buf[value] === 0x30)) return -1;
  if (i < end && !isDelimiter(buf[i])) return -1;
  return hashBytes(buf, value, i);
}

function timestampValue(buf: Buffer, afterKey: number, end: number): number {
  const value = skipToValue(buf, afterKey, end);
  if (value === -1) return Number.NaN;
  if (buf[value] === QUOTE) {
    for (let i = value + 1; i < end; i += 1) {
      const c = buf[i];
      if (c === BACKSLASH) return Number.NaN;
      if (c === QUOTE) return parseIsoBytes(buf, value + 1, i);
    }
    return Number.NaN;
  }
  let i = value;
  while (i < end && !isDelimiter(buf[i])) i += 1;
  const epoch = Number(buf.toString("latin1", value, i));
  if (!Number.isFinite(epoch)) return Number.NaN;
  return Math.round(Math.abs(epoch) < EPOCH_SECONDS_LIMIT ? epoch * 1000 : epoch);
}

/** Fast path for YYYY-MM-DDTHH:MM:SS[.fff]Z; anything else goes through Date.parse. */
function parseIsoBytes(buf: Buffer, from: number, to: number): number {
  const length = to - from;
  if ((length === 20 || length === 24) && buf[to - 1] === 0x5a && buf[from + 10] === 0x54) {
    const year = digitsAt(buf, from, 4);
    const month = digitsAt(buf, from + 5, 2);
    const day = digitsAt(buf, from + 8, 2);
    const hour = digitsAt(buf, from + 11, 2);
    const minute = digitsAt(buf, from + 14, 2);
    const second = digitsAt(buf, from + 17, 2);
    const ms = length === 24 && buf[from + 19] === 0x2e ? digitsAt(buf, from + 20, 3) : 0;
    // Date.UTC reads years 0-99 as 1900-1999; Date.parse does not, so those take the slow path.
    if (year >= 1000 && month >= 1 && day >= 1 && hour >= 0 && minute >= 0 && second >= 0 && ms >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  // Only RFC 3339 with a zone: Date.parse would read a zoneless time in the machine's time zone.
  const text = buf.toString("latin1", from, to);
  return isRfc3339DateTime(text) ? Date.parse(text) : Number.NaN;
}

function skipToValue(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && isSpace(buf[i])) i += 1;
  if (buf[i] !== COLON) return -1;
  i += 1;
  while (i < end && isSpace(buf[i])) i += 1;
  return i < end ? i : -1;
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isDelimiter(c: number | undefined): boolean {
  return c === 0x2c || c === 0x7d || isSpace(c);
}

/** Each line's owning partition (-1: unsure, every partition parses it) and timestamp (NaN when unsure). */
export interface PeekedLines {
  owners: Int32Array;
  ts: Float64Array;
}

/**
 * Peeks at every line of one batch for `count` partitions (starts[i] -1: a line too long to look at), into
 * `into` when given (as long as the batch, or longer). A line is certain only when both its session key and its
 * timestamp are; an uncertain one is parsed everywhere.
 */
export function peekLines(
  buf: Buffer,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  count: number,
  into?: PeekedLines,
): PeekedLines {
  const peek = createLinePeeker(buf);
  const owners = into?.owners ?? new Int32Array(starts.length);
  const ts = into?.ts ?? new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i] as number;
    const end = ends[i] as number;
    const key = start === -1 ? -1 : peek.sessionKey(start, end);
    const time = key === -1 ? Number.NaN : peek.timestamp(start, end);
    const certain = !Number.isNaN(time);
    owners[i] = certain ? key % count : -1;
    ts[i] = time;
  }
  return { owners, ts };
}
