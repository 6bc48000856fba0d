// An event's values as bytes, for the store's byte arena while its session is open: a fast-path event (all
// ASCII, one shape, a canonical timestamp) slot by slot below; any other (the reference path's plain objects: an
// unknown attribute, a wire variant) by its keys and values in order (plain-codec.ts). ts, seq, line and file
// are the store's columns and session_id its key, so none of them is written here.
import type { SourcedEvent, TelTelEvent } from "../../types.js";
import { canonicalInstant } from "../datetime.js";
import {
  ATTRIBUTES,
  CALLBACK_KEYS,
  DATA,
  DATA_CALLBACK,
  DATA_KEYS,
  ENUM_OF_SLOT,
  FastEvent,
  getAttribute,
  IS_ANSWERED,
  PARTICIPANTS,
  SESSION_ID,
  type Spelling,
  setAttribute,
  TIMESTAMP,
} from "../fast-event.js";
import { latin1, readVarint, room, scratch, varint } from "./bytes.js";
import { isoTime } from "./iso-time.js";
import { readPlain, writePlain } from "./plain-codec.js";

// Layout: the mask of attributes present (3 bytes), then each present attribute in slot order: an enum as its
// index, participants as float64, is_answered as 0/1, data as its key count then (key index, value) pairs
// (callback: a nested count and pairs), any other string as its length (varint) and bytes; but session_id as
// nothing, and a timestamp that is ts in the form YYYY-MM-DDTHH:MM:SS.sssZ as length 0. With the mask's
// PLAIN_BIT, a plain object's keys and values follow instead (plain-codec.ts).
/** The bytes of the mask of attributes present. */
export const MASK_BYTES = 3;
/** The mask's bit past the attributes': the event is a plain object, written by plain-codec.ts. */
export const PLAIN_BIT = 1 << 22;

/**
 * Writes the values of `item` into the scratch from its start (scratch.at is then their length); false when
 * they cannot be written exactly (a class instance, nesting past MAX_DEPTH): keep the event as it is then.
 */
export function encodeEvent(item: SourcedEvent): boolean {
  scratch.at = 0;
  room(MASK_BYTES);
  scratch.at = MASK_BYTES;
  const e = item.event;
  if (e instanceof FastEvent) return write(item, e);
  writeMask(PLAIN_BIT);
  return writePlain(e as unknown as Record<string, unknown>, e.session_id, item.ts);
}

/** Reads the event encodeEvent wrote, from the scratch's start, with its session id and instant. */
export function decodeEvent(sessionId: string, ts: number): TelTelEvent {
  const { buf } = scratch;
  const mask = (buf[0] as number) | ((buf[1] as number) << 8) | ((buf[2] as number) << 16);
  scratch.at = MASK_BYTES;
  if ((mask & PLAIN_BIT) !== 0) return readPlain(sessionId, ts) as unknown as TelTelEvent;
  return read(mask, sessionId, ts);
}

/** Writes the mask of attributes present at the scratch's start. */
export function writeMask(mask: number): void {
  for (let k = 0; k < MASK_BYTES; k += 1) scratch.buf[k] = (mask >>> (8 * k)) & 0xff;
}

function write(item: SourcedEvent, e: FastEvent): boolean {
  let mask = 0;
  wide = false;
  for (let slot = 0; slot < ATTRIBUTES.length; slot += 1) {
    const value = getAttribute(e, slot);
    if (value === undefined) continue;
    mask |= 1 << slot;
    room(16);
    const known = ENUM_OF_SLOT[slot];
    if (known !== undefined) {
      const index = indexOf(known, value);
      if (index === -1) return false;
      scratch.buf[scratch.at++] = index;
    } else if (slot === PARTICIPANTS) scratch.at = scratch.buf.writeDoubleLE(value as number, scratch.at);
    else if (slot === IS_ANSWERED) scratch.buf[scratch.at++] = value === true ? 1 : 0;
    else if (slot === DATA) {
      if (!writeObject(value as Record<string, unknown>, DATA_KEYS)) return false;
    } else if (slot === TIMESTAMP) {
      const from = scratch.at;
      text(value as string);
      // That form is one text per instant (years 1000-9999, no leap second): toISOString gives it back.
      if (scratch.at - from === 25 && canonicalInstant(scratch.buf, from + 1, scratch.at) === item.ts) {
        scratch.at = from;
        scratch.buf[scratch.at++] = 0;
      }
    } else if (slot !== SESSION_ID) text(value as string);
  }
  writeMask(mask);
  return !wide;
}

/** data (or data.callback): its key count, then each key's index and its value, in the object's own order. */
function writeObject(object: Record<string, unknown>, known: readonly Spelling[]): boolean {
  const keys = Object.keys(object);
  varint(keys.length);
  for (const key of keys) {
    room(16);
    const index = indexOf(known, key);
    if (index === -1) return false;
    scratch.buf[scratch.at++] = index;
    const value = object[key];
    if (known === DATA_KEYS && index === DATA_CALLBACK) {
      if (!writeObject(value as Record<string, unknown>, CALLBACK_KEYS)) return false;
    } else if (typeof value === "string") text(value);
    else return false;
  }
  return true;
}

/** The index of the spelling whose value is `value` (the same constant string the fast path stored). */
function indexOf(known: readonly Spelling[], value: unknown): number {
  for (let k = 0; k < known.length; k += 1) if ((known[k] as Spelling).value === value) return k;
  return -1;
}

/** Set by text() when a string had a code unit past one byte (the event is then kept as it is). */
let wide = false;

/** A string of the fast path (ASCII only) as its length and bytes. */
function text(value: string): void {
  varint(value.length);
  room(value.length);
  const { buf } = scratch;
  for (let k = 0; k < value.length; k += 1) {
    const code = value.charCodeAt(k);
    if (code > 0xff) wide = true;
    buf[scratch.at++] = code;
  }
}

function read(mask: number, sessionId: string, ts: number): TelTelEvent {
  const { buf } = scratch;
  const e = new FastEvent();
  for (let slot = 0; slot < ATTRIBUTES.length; slot += 1) {
    if ((mask & (1 << slot)) === 0) continue;
    const known = ENUM_OF_SLOT[slot];
    if (known !== undefined) setAttribute(e, slot, (known[buf[scratch.at++] as number] as Spelling).value);
    else if (slot === PARTICIPANTS) {
      e.participants = buf.readDoubleLE(scratch.at);
      scratch.at += 8;
    } else if (slot === IS_ANSWERED) e.is_answered = buf[scratch.at++] === 1;
    else if (slot === DATA) e.data = readObject(DATA_KEYS);
    else if (slot === SESSION_ID) e.session_id = sessionId;
    else if (slot === TIMESTAMP && buf[scratch.at] === 0) {
      scratch.at += 1;
      e.timestamp = isoTime(ts);
    } else setAttribute(e, slot, readText());
  }
  return e as unknown as TelTelEvent;
}

function readObject(known: readonly Spelling[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const count = readVarint();
  for (let k = 0; k < count; k += 1) {
    const index = scratch.buf[scratch.at++] as number;
    const key = (known[index] as Spelling).value;
    object[key] = known === DATA_KEYS && index === DATA_CALLBACK ? readObject(CALLBACK_KEYS) : readText();
  }
  return object;
}

function readText(): string {
  const length = readVarint();
  const value = latin1(scratch.at, scratch.at + length);
  scratch.at += length;
  return value;
}
