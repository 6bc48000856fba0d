// A session's lone event, packed while it waits for the next: one one-byte string of its values instead of an
// event object, its strings and its line record (~50 bytes for a START against ~500), so a dump of a million
// calls that each hold only their START fits in a few hundred MB. Only fast-path events (all ASCII, one shape,
// a canonical timestamp) are packed.
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

/** A packed event: a string no one reads as text (latin1, one char per byte of the layout below). */
export type PackedEvent = string & { readonly packedEvent: true };

/** Packs and unpacks the events of one sessionizer (it numbers the input files it sees). */
export interface EventPacker {
  /** The item as a packed string, or undefined when it is not a fast-path event (it is then kept as it is). */
  pack(item: SourcedEvent): PackedEvent | undefined;
  /** The item packed (its session_id is not: it is the key it is kept under), equal in every value. */
  unpack(packed: PackedEvent, sessionId: string): SourcedEvent;
}

// Layout: ts (float64 LE), the mask of attributes present (3 bytes), seq, line (unless it is seq + 1) and file
// number (varints), then each present attribute in slot order: an enum as its index, participants as float64,
// is_answered as 0/1, data as its key count then (key index, value) pairs (callback: a nested count and
// pairs), any other string as its length (varint) and bytes; but session_id as nothing (the sessionizer keeps
// it as the key), and a timestamp that is ts in the form YYYY-MM-DDTHH:MM:SS.sssZ as length 0.
const MASK_AT = 8;
const MASK_BYTES = 3;
/** The mask's bit past the attributes': the line is seq + 1 and is not written. */
const LINE_IS_SEQ_BIT = 1 << 23;

/** Buffer with Node's own latin1 codecs (what toString and write call, without their argument checks). */
type Latin1Buffer = Buffer & {
  latin1Slice(from: number, to: number): string;
  latin1Write(text: string, at: number): number;
};
const hasLatin1 = typeof (Buffer.prototype as Partial<Latin1Buffer>).latin1Slice === "function";
let scratch = Buffer.allocUnsafe(1024) as Latin1Buffer;
// The read or write position in scratch.
let at = 0;
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
      if (!(item.event instanceof FastEvent)) return undefined;
      let fileNumber = fileNumbers.get(item.file);
      if (fileNumber === undefined) {
        fileNumber = files.length;
        files.push(item.file);
        fileNumbers.set(item.file, fileNumber);
      }
      if (!write(item, item.event, fileNumber)) return undefined;
      return (hasLatin1 ? scratch.latin1Slice(0, at) : scratch.toString("latin1", 0, at)) as PackedEvent;
    },
    unpack(packed, sessionId) {
      room(0, packed.length);
      if (hasLatin1) scratch.latin1Write(packed, 0);
      else scratch.write(packed, 0, "latin1");
      return read(files, sessionId);
    },
  };
}

function write(item: SourcedEvent, e: FastEvent, fileNumber: number): boolean {
  at = scratch.writeDoubleLE(item.ts, 0) + MASK_BYTES;
  varint(item.seq);
  // The line of a single input's event is its seq + 1: then a mask bit says so instead of the number.
  let mask = item.line === item.seq + 1 ? LINE_IS_SEQ_BIT : 0;
  if (mask === 0) varint(item.line);
  varint(fileNumber);
  for (let slot = 0; slot < ATTRIBUTES.length; slot += 1) {
    const value = getAttribute(e, slot);
    if (value === undefined) continue;
    mask |= 1 << slot;
    room(at, 16);
    const known = ENUM_OF_SLOT[slot];
    if (known !== undefined) {
      const index = indexOf(known, value);
      if (index === -1) return false;
      scratch[at++] = index;
    } else if (slot === PARTICIPANTS) at = scratch.writeDoubleLE(value as number, at);
    else if (slot === IS_ANSWERED) scratch[at++] = value === true ? 1 : 0;
    else if (slot === DATA) {
      if (!writeObject(value as Record<string, unknown>, DATA_KEYS)) return false;
    } else if (slot === TIMESTAMP) {
      const from = at;
      text(value as string);
      // That form is one text per instant (years 1000-9999, no leap second): toISOString gives it back.
      if (at - from === 25 && canonicalInstant(scratch, from + 1, at) === item.ts) {
        at = from;
        scratch[at++] = 0;
      }
    } else if (slot !== SESSION_ID) text(value as string);
  }
  for (let k = 0; k < MASK_BYTES; k += 1) scratch[MASK_AT + k] = (mask >>> (8 * k)) & 0xff;
  return true;
}

/** data (or data.callback): its key count, then each key's index and its value, in the object's own order. */
function writeObject(object: Record<string, unknown>, known: readonly Spelling[]): boolean {
  const keys = Object.keys(object);
  varint(keys.length);
  for (const key of keys) {
    room(at, 16);
    const index = indexOf(known, key);
    if (index === -1) return false;
    scratch[at++] = index;
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
  room(at, 16 + value.length);
  varint(value.length);
  for (let k = 0; k < value.length; k += 1) scratch[at++] = value.charCodeAt(k);
}

/** Makes room for `bytes` more bytes after the `used` bytes written so far. */
function room(used: number, bytes: number): void {
  if (used + bytes <= scratch.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(used + bytes, scratch.length * 2)) as Latin1Buffer;
  scratch.copy(bigger, 0, 0, used);
  scratch = bigger;
}

function varint(n: number): void {
  let rest = n;
  while (rest >= 0x80) {
    scratch[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  scratch[at++] = rest;
}

function read(files: readonly string[], sessionId: string): SourcedEvent {
  const ts = scratch.readDoubleLE(0);
  const mask =
    (scratch[MASK_AT] as number) |
    ((scratch[MASK_AT + 1] as number) << 8) |
    ((scratch[MASK_AT + 2] as number) << 16);
  at = MASK_AT + MASK_BYTES;
  const seq = readVarint();
  const line = (mask & LINE_IS_SEQ_BIT) !== 0 ? seq + 1 : readVarint();
  const file = files[readVarint()] as string;
  const e = new FastEvent();
  for (let slot = 0; slot < ATTRIBUTES.length; slot += 1) {
    if ((mask & (1 << slot)) === 0) continue;
    const known = ENUM_OF_SLOT[slot];
    if (known !== undefined) setAttribute(e, slot, (known[scratch[at++] as number] as Spelling).value);
    else if (slot === PARTICIPANTS) {
      e.participants = scratch.readDoubleLE(at);
      at += 8;
    } else if (slot === IS_ANSWERED) e.is_answered = scratch[at++] === 1;
    else if (slot === DATA) e.data = readObject(DATA_KEYS);
    else if (slot === SESSION_ID) e.session_id = sessionId;
    else if (slot === TIMESTAMP && scratch[at] === 0) {
      at += 1;
      e.timestamp = new Date(ts).toISOString();
    } else setAttribute(e, slot, readText());
  }
  return { event: e as never, ts, file, line, seq };
}

function readObject(known: readonly Spelling[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const count = readVarint();
  for (let k = 0; k < count; k += 1) {
    const index = scratch[at++] as number;
    const key = (known[index] as Spelling).value;
    object[key] = known === DATA_KEYS && index === DATA_CALLBACK ? readObject(CALLBACK_KEYS) : readText();
  }
  return object;
}

function readText(): string {
  const length = readVarint();
  const value = hasLatin1
    ? scratch.latin1Slice(at, at + length)
    : scratch.toString("latin1", at, at + length);
  at += length;
  return value;
}

function readVarint(): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = scratch[at++] as number;
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return n;
    scale *= 0x80;
  }
}
