// A session's lone event, packed while it waits for the next: one one-byte string of its values instead of an
// event object, its strings and its line record (~50 bytes for a START against ~500), so a dump of a million
// calls that each hold only their START fits in a few hundred MB. A fast-path event (all ASCII, one shape, a
// canonical timestamp) is packed slot by slot below; any other (the reference path's plain objects: an unknown
// attribute, a wire variant) by its keys and values in order (packed-plain.ts).
import type { SourcedEvent } from "../types.js";
import { canonicalInstant } from "./datetime.js";
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
} from "./fast-event.js";
import { latin1, load, readVarint, room, scratch, varint, written } from "./pack-bytes.js";
import { readPlain, writePlain } from "./packed-plain.js";

/** A packed event: a string no one reads as text (latin1, one char per byte of the layout below). */
export type PackedEvent = string & { readonly packedEvent: true };

/** Packs and unpacks the events of one sessionizer (it numbers the input files it sees). */
export interface EventPacker {
  /** The item as a packed string, or undefined when it cannot be (it is then kept as it is). */
  pack(item: SourcedEvent): PackedEvent | undefined;
  /** The item packed (its session_id is not: it is the key it is kept under), equal in every value. */
  unpack(packed: PackedEvent, sessionId: string): SourcedEvent;
}

// Layout: ts (float64 LE), the mask of attributes present (3 bytes), seq, line (unless it is seq + 1) and file
// number (varints), then each present attribute in slot order: an enum as its index, participants as float64,
// is_answered as 0/1, data as its key count then (key index, value) pairs (callback: a nested count and
// pairs), any other string as its length (varint) and bytes; but session_id as nothing (the sessionizer keeps
// it as the key), and a timestamp that is ts in the form YYYY-MM-DDTHH:MM:SS.sssZ as length 0. With the
// mask's PLAIN_BIT, a plain object's keys and values follow the file number instead (packed-plain.ts).
const MASK_AT = 8;
const MASK_BYTES = 3;
/** The mask's bit past the attributes': the event is a plain object, packed by packed-plain.ts. */
const PLAIN_BIT = 1 << 22;
/** The mask's last bit: the line is seq + 1 and is not written. */
const LINE_IS_SEQ_BIT = 1 << 23;
const tsBytes = new Uint8Array(8);
const tsView = new Float64Array(tsBytes.buffer);

/** The timestamp of a packed event, read without unpacking it. */
export function packedTs(packed: PackedEvent): number {
  for (let k = 0; k < 8; k += 1) tsBytes[k] = packed.charCodeAt(k);
  return tsView[0] as number;
}

/** A packer with its own numbering of input files. */
export function createEventPacker(): EventPacker {
  const files: string[] = [];
  const fileNumbers = new Map<string, number>();
  return {
    pack(item) {
      let fileNumber = fileNumbers.get(item.file);
      if (fileNumber === undefined) {
        fileNumber = files.length;
        files.push(item.file);
        fileNumbers.set(item.file, fileNumber);
      }
      const e = item.event;
      if (e instanceof FastEvent ? !write(item, e, fileNumber) : !writePlainEvent(item, fileNumber))
        return undefined;
      return written() as PackedEvent;
    },
    unpack(packed, sessionId) {
      load(packed);
      return read(files, sessionId);
    },
  };
}

/** Writes ts, room for the mask, seq, the line unless it is seq + 1, and the file number; returns the mask so far. */
function writeHeader(item: SourcedEvent, fileNumber: number): number {
  scratch.at = 0;
  room(MASK_AT + MASK_BYTES);
  scratch.at = scratch.buf.writeDoubleLE(item.ts, 0) + MASK_BYTES;
  varint(item.seq);
  // The line of a single input's event is its seq + 1: then a mask bit says so instead of the number.
  const mask = item.line === item.seq + 1 ? LINE_IS_SEQ_BIT : 0;
  if (mask === 0) varint(item.line);
  varint(fileNumber);
  return mask;
}

function writeMask(mask: number): void {
  for (let k = 0; k < MASK_BYTES; k += 1) scratch.buf[MASK_AT + k] = (mask >>> (8 * k)) & 0xff;
}

function writePlainEvent(item: SourcedEvent, fileNumber: number): boolean {
  writeMask(writeHeader(item, fileNumber) | PLAIN_BIT);
  return writePlain(item.event as unknown as Record<string, unknown>, item.event.session_id, item.ts);
}

function write(item: SourcedEvent, e: FastEvent, fileNumber: number): boolean {
  let mask = writeHeader(item, fileNumber);
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
  return true;
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

/** A string of the fast path (ASCII only) as its length and bytes. */
function text(value: string): void {
  varint(value.length);
  room(value.length);
  const { buf } = scratch;
  for (let k = 0; k < value.length; k += 1) buf[scratch.at++] = value.charCodeAt(k);
}

function read(files: readonly string[], sessionId: string): SourcedEvent {
  const { buf } = scratch;
  const ts = buf.readDoubleLE(0);
  const mask =
    (buf[MASK_AT] as number) | ((buf[MASK_AT + 1] as number) << 8) | ((buf[MASK_AT + 2] as number) << 16);
  scratch.at = MASK_AT + MASK_BYTES;
  const seq = readVarint();
  const line = (mask & LINE_IS_SEQ_BIT) !== 0 ? seq + 1 : readVarint();
  const file = files[readVarint()] as string;
  if ((mask & PLAIN_BIT) !== 0) return { event: readPlain(sessionId, ts) as never, ts, file, line, seq };
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
      e.timestamp = new Date(ts).toISOString();
    } else setAttribute(e, slot, readText());
  }
  return { event: e as never, ts, file, line, seq };
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
