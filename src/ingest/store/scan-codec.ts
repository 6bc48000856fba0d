// A line a scanner accepted, written into the store's layout (event-codec.ts) straight from the scan's outputs:
// the bytes encodeEvent writes for the event decodeEvent (scan/decode.ts) would make of it, with no event, no
// string and no object made on the way.
import type { SourcedEvent } from "../../types.js";
import { KIND, KINDS, OUT, SLOT, SLOTS } from "../scan/spec.js";
import { room, scratch, writeVarint } from "./bytes.js";
import { MASK_BYTES, writeMask } from "./event-codec.js";

/** A line a scanner accepted, as the store takes it: its outputs (scan/spec.ts's OUT) over `bytes`. */
export interface ScannedLine {
  /** The bytes the outputs' spans index (valid until the scanner takes its next batch). */
  readonly bytes: Uint8Array;
  /** The scan's outputs. */
  readonly out: Int32Array;
  /** The line's byte length. */
  length: number;
  /** The line's instant (epoch ms), file, line number and input position. */
  ts: number;
  file: string;
  line: number;
  seq: number;
  /** The event as an object, for the rare decisions that need one (problems, duplicates, held lines). */
  materialise(): SourcedEvent;
}

const ATTRS = KINDS.length;
const SPAN = OUT.spans;
const HASH = OUT.hashes;
const DATA_KEYS = SLOT.callbackKeys - SLOT.dataKeys;
const CALLBACK = SLOT.callbackKeys - 1;
const CALLBACK_KEYS = SLOTS - SLOT.callbackKeys;
/** The timestamp's length when it is written as nothing (the form toISOString gives back from ts). */
const ISO_LENGTH = 24;

/** Bytes a record needs besides its strings' bytes: the mask, an enum, number or length per slot, data's keys. */
const FIXED_BYTES = MASK_BYTES + 9 * (SLOTS + 2);

/** Writes the values of `scanned` into the scratch from its start, as encodeEvent writes the decoded event. */
export function encodeScanned(scanned: ScannedLine): void {
  const { out, bytes } = scanned;
  const seen = out[OUT.seen] as number;
  // Its strings are bytes of its line: room for all of it at once, then no write checks for room.
  scratch.at = 0;
  room(FIXED_BYTES + scanned.length);
  buf = scratch.buf;
  at = MASK_BYTES;
  let mask = 0;
  for (let s = 0; s < ATTRS; s += 1) {
    const kind = KINDS[s];
    if (kind === KIND.enum) {
      const index = out[s] as number;
      if (index === 0) continue;
      mask |= 1 << s;
      buf[at++] = index - 1;
      continue;
    }
    if ((seen & (1 << s)) === 0) continue;
    mask |= 1 << s;
    if (kind === KIND.integer) at = buf.writeDoubleLE(out[s] as number, at);
    else if (kind === KIND.boolean) buf[at++] = out[s] === 1 ? 1 : 0;
    else if (kind === KIND.data) object(bytes, out, SLOT.dataKeys, DATA_KEYS);
    else if (s !== SLOT.session_id) {
      const from = out[SPAN + 2 * s] as number;
      const to = out[SPAN + 2 * s + 1] as number;
      if (s === SLOT.timestamp && to - from === ISO_LENGTH) buf[at++] = 0;
      else text(bytes, from, to);
    }
  }
  scratch.at = at;
  writeMask(mask);
}

// The scratch's buffer and the write position while a record is written (room was made for all of it).
let buf = scratch.buf;
let at = 0;

/** data (or data.callback): its key count, then each present key's index and value, in the line's order. */
function object(bytes: Uint8Array, out: Int32Array, first: number, keys: number): void {
  let count = 0;
  for (let k = 0; k < keys; k += 1) if ((out[SPAN + 2 * (first + k)] as number) >= 0) count += 1;
  buf[at++] = count;
  // Each present key after the one written before it, by where it starts in the line (a key is written once).
  let after = -1;
  for (let written = 0; written < count; written += 1) {
    let next = -1;
    let nextFrom = 0;
    for (let k = 0; k < keys; k += 1) {
      const from = out[SPAN + 2 * (first + k)] as number;
      if (from > after && (next === -1 || from < nextFrom)) {
        next = k;
        nextFrom = from;
      }
    }
    after = nextFrom;
    buf[at++] = next;
    const s = first + next;
    if (s === CALLBACK) object(bytes, out, SLOT.callbackKeys, CALLBACK_KEYS);
    else text(bytes, nextFrom, out[SPAN + 2 * s + 1] as number);
  }
}

/** Bytes [from, to) of the line as a string's length (a varint) and bytes. */
function text(bytes: Uint8Array, from: number, to: number): void {
  at = writeVarint(buf, at, to - from);
  for (let k = from; k < to; k += 1) buf[at++] = bytes[k] as number;
}

/** The hash of the event id of `scanned` (event-rows.ts's hashString of the id). */
export function scannedIdHash(scanned: ScannedLine): number {
  return scanned.out[HASH + SLOT.id] as number;
}

/** The hash of the session_id of `scanned` (session-keys.ts's hashBytes of its bytes; partition's, unsigned). */
export function scannedSessionHash(scanned: ScannedLine): number {
  return scanned.out[HASH + SLOT.session_id] as number;
}
