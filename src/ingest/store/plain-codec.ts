// An event of the reference path (a plain object from JSON.parse + normalize: a line with an unknown attribute,
// a wire variant, white space or escapes) packed by its keys and values, in their order, so that the memory of
// a START-only dump does not depend on its lines being canonical. Read back, it is an equal object:
// the same keys in the same order, the same values (-0, a string with a lone surrogate, a number beyond a
// double read as Infinity), plain objects and arrays. Anything else (a class instance, nesting deeper than
// MAX_DEPTH) is not packed.
import { ATTRIBUTES, CALLBACK_KEYS, DATA_KEYS, ENUM_OF_SLOT } from "../fast-event.js";
import { latin1, readVarint, room, scratch, varint } from "./bytes.js";
import { isoTime } from "./iso-time.js";

// A value is a tag byte, then its payload.
/** A string of code units below 256: its length, then one byte each. */
const T_LATIN1 = 0;
/** Any other string: its length, then two bytes (UTF-16 LE) per code unit (lone surrogates included). */
const T_WIDE = 1;
/** A number as float64. */
const T_DOUBLE = 2;
/** A whole number from 0 to 2^53 - 1 (never -0) as a varint. */
const T_WHOLE = 3;
const T_TRUE = 4;
const T_FALSE = 5;
const T_NULL = 6;
/** An object: its key count, then each key and its value. */
const T_OBJECT = 7;
/** An array: its length, then each value. */
const T_ARRAY = 8;
/** The top-level timestamp when it is ts's own toISOString form (as the samples and the bench write it). */
const T_TS = 9;
/** The top-level session_id: the key the store keeps the event's session under. */
const T_SESSION = 10;
/** A value of one of the schema's enums (START, inbound, ANSWER...): T_KNOWN + its index. */
const T_KNOWN = 16;
/** A key that is not an attribute of the schema: this byte, then the key as a string value. */
const K_OTHER = 0xff;

/** Objects and arrays nested deeper than this are not packed (their event is kept as it is). */
export const MAX_DEPTH = 32;

const distinct = (values: readonly string[]): string[] => [...new Set(values)];
const KNOWN_VALUES = distinct(ENUM_OF_SLOT.flatMap((spellings) => (spellings ?? []).map((s) => s.value)));
const KNOWN_KEYS = distinct([
  ...ATTRIBUTES,
  ...DATA_KEYS.map((k) => k.value),
  ...CALLBACK_KEYS.map((k) => k.value),
]);
const valueIndex = new Map(KNOWN_VALUES.map((value, i) => [value, i]));
const keyIndex = new Map(KNOWN_KEYS.map((key, i) => [key, i]));
if (T_KNOWN + KNOWN_VALUES.length > 0x100 || KNOWN_KEYS.length >= K_OTHER)
  throw new Error("plain-codec: too many known spellings for one byte");

/**
 * Writes the plain event `event` (kept under `sessionId`, at instant `ts`) into the scratch at its position;
 * false when it cannot be packed exactly (then nothing written counts).
 */
export function writePlain(event: Record<string, unknown>, sessionId: string, ts: number): boolean {
  if (Object.getPrototypeOf(event) !== Object.prototype) return false;
  const keys = Object.keys(event);
  varint(keys.length);
  for (const key of keys) {
    writeKey(key);
    const value = event[key];
    room(1);
    if (key === "session_id" && value === sessionId) scratch.buf[scratch.at++] = T_SESSION;
    else if (key === "timestamp" && typeof value === "string" && isIsoOf(value, ts))
      scratch.buf[scratch.at++] = T_TS;
    else if (!writeValue(value, 1)) return false;
  }
  return true;
}

/** Reads what writePlain wrote, from the scratch's position. */
export function readPlain(sessionId: string, ts: number): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  const count = readVarint();
  for (let k = 0; k < count; k += 1) {
    const key = readKey();
    const tag = scratch.buf[scratch.at] as number;
    let value: unknown;
    if (tag === T_SESSION || tag === T_TS) {
      scratch.at += 1;
      value = tag === T_SESSION ? sessionId : isoTime(ts);
    } else value = readValue();
    define(event, key, value);
  }
  return event;
}

function isIsoOf(text: string, ts: number): boolean {
  return text.length === 24 && Number.isInteger(ts) && new Date(ts).toISOString() === text;
}

function writeKey(key: string): void {
  const index = keyIndex.get(key);
  room(1);
  if (index !== undefined) scratch.buf[scratch.at++] = index;
  else {
    scratch.buf[scratch.at++] = K_OTHER;
    writeString(key);
  }
}

function readKey(): string {
  const index = scratch.buf[scratch.at++] as number;
  if (index !== K_OTHER) return KNOWN_KEYS[index] as string;
  return readValue() as string;
}

function writeValue(value: unknown, depth: number): boolean {
  room(9);
  const { buf } = scratch;
  switch (typeof value) {
    case "string": {
      const index = valueIndex.get(value);
      if (index !== undefined) buf[scratch.at++] = T_KNOWN + index;
      else writeString(value);
      return true;
    }
    case "number":
      if (Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0)) {
        buf[scratch.at++] = T_WHOLE;
        varint(value);
      } else {
        buf[scratch.at++] = T_DOUBLE;
        scratch.at = buf.writeDoubleLE(value, scratch.at);
      }
      return true;
    case "boolean":
      buf[scratch.at++] = value ? T_TRUE : T_FALSE;
      return true;
    case "object":
      if (value === null) {
        buf[scratch.at++] = T_NULL;
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      return Array.isArray(value) ? writeArray(value, depth) : writeObject(value, depth);
    default:
      return false;
  }
}

function writeArray(array: unknown[], depth: number): boolean {
  if (Object.getPrototypeOf(array) !== Array.prototype) return false;
  scratch.buf[scratch.at++] = T_ARRAY;
  varint(array.length);
  // A hole (no JSON array has one) would come back as undefined: not packed.
  for (let i = 0; i < array.length; i += 1)
    if (!(i in array) || !writeValue(array[i], depth + 1)) return false;
  return true;
}

function writeObject(object: object, depth: number): boolean {
  if (Object.getPrototypeOf(object) !== Object.prototype) return false;
  scratch.buf[scratch.at++] = T_OBJECT;
  const keys = Object.keys(object);
  varint(keys.length);
  for (const key of keys) {
    writeKey(key);
    if (!writeValue((object as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

function writeString(text: string): void {
  let narrow = true;
  for (let k = 0; k < text.length && narrow; k += 1) narrow = text.charCodeAt(k) < 0x100;
  room(1);
  scratch.buf[scratch.at++] = narrow ? T_LATIN1 : T_WIDE;
  varint(text.length);
  room(narrow ? text.length : 2 * text.length);
  const { buf } = scratch;
  if (narrow) for (let k = 0; k < text.length; k += 1) buf[scratch.at++] = text.charCodeAt(k);
  else scratch.at += buf.write(text, scratch.at, "utf16le");
}

function readValue(): unknown {
  const { buf } = scratch;
  const tag = buf[scratch.at++] as number;
  if (tag >= T_KNOWN) return KNOWN_VALUES[tag - T_KNOWN];
  switch (tag) {
    case T_LATIN1: {
      const length = readVarint();
      const text = latin1(scratch.at, scratch.at + length);
      scratch.at += length;
      return text;
    }
    case T_WIDE: {
      const length = 2 * readVarint();
      const text = buf.toString("utf16le", scratch.at, scratch.at + length);
      scratch.at += length;
      return text;
    }
    case T_DOUBLE: {
      const n = buf.readDoubleLE(scratch.at);
      scratch.at += 8;
      return n;
    }
    case T_WHOLE:
      return readVarint();
    case T_TRUE:
      return true;
    case T_FALSE:
      return false;
    case T_NULL:
      return null;
    case T_ARRAY: {
      const array: unknown[] = [];
      for (let i = readVarint(); i > 0; i -= 1) array.push(readValue());
      return array;
    }
    default: {
      const object: Record<string, unknown> = {};
      const count = readVarint();
      for (let k = 0; k < count; k += 1) define(object, readKey(), readValue());
      return object;
    }
  }
}

/** Sets an own data property as JSON.parse does: `__proto__` too is an own key, not the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
