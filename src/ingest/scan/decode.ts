// From a scan's outputs to the event today's back end takes: a FastEvent with the very values the reference
// path gives (enums as their constant strings, data ids made strings as normalize.ts makes them, data's keys
// in the line's order).
import { ENUM_OF_SLOT, FastEvent, type Spelling, setAttribute } from "../fast-event.js";
import type { BatchScanner } from "./batch-scanner.js";
import { latin1 } from "./latin1.js";
import { ATTRIBUTE_NAMES, CALLBACK_KEY_NAMES, DATA_KEY_NAMES, KIND, KINDS, OUT, SLOT } from "./spec.js";

const ATTRS = ATTRIBUTE_NAMES.length;
const SPAN = OUT.spans;

/** Decodes the event of the line `scanner` last accepted. */
export function decodeEvent(scanner: BatchScanner): FastEvent {
  const { out, bytes } = scanner;
  const seen = out[OUT.seen] as number;
  const e = new FastEvent();
  for (let s = 0; s < ATTRS; s += 1) {
    const kind = KINDS[s];
    if (kind === KIND.enum) {
      const index = out[s] as number;
      if (index !== 0) setAttribute(e, s, ((ENUM_OF_SLOT[s] as Spelling[])[index - 1] as Spelling).value);
      continue;
    }
    if ((seen & (1 << s)) === 0) continue;
    if (kind === KIND.integer) e.participants = out[s] as number;
    else if (kind === KIND.boolean) e.is_answered = out[s] === 1;
    else if (kind === KIND.data) e.data = object(bytes, out, SLOT.dataKeys, DATA_KEY_NAMES);
    else {
      const from = out[SPAN + 2 * s] as number;
      const to = out[SPAN + 2 * s + 1] as number;
      // the event id is the one value no other event shares; the timestamp's key is its second
      const key =
        s === SLOT.timestamp ? ((scanner.ts[0] as number) / 1000) | 0 : (out[OUT.hashes + s] as number);
      setAttribute(e, s, s === SLOT.id ? latin1(bytes, from, to) : shared(bytes, from, to, key));
    }
  }
  return e;
}

/** data (or data.callback): its keys present, in the order the line has them. */
function object(
  bytes: Uint8Array,
  out: Int32Array,
  first: number,
  names: readonly string[],
): Record<string, unknown> {
  const present: number[] = [];
  for (let k = 0; k < names.length; k += 1) if ((out[SPAN + 2 * (first + k)] as number) >= 0) present.push(k);
  present.sort((a, b) => (out[SPAN + 2 * (first + a)] as number) - (out[SPAN + 2 * (first + b)] as number));
  const record: Record<string, unknown> = {};
  for (const k of present) {
    const s = first + k;
    record[names[k] as string] =
      s === SLOT.callbackKeys - 1
        ? object(bytes, out, SLOT.callbackKeys, CALLBACK_KEY_NAMES)
        : shared(
            bytes,
            out[SPAN + 2 * s] as number,
            out[SPAN + 2 * s + 1] as number,
            out[OUT.hashes + s] as number,
          );
  }
  return record;
}

// Strings handed out lately, by a hash of their bytes: the events of a call share their session, call,
// account, parties and often their second, so most of those strings are made once rather than per event (less
// to allocate now, less to hold while the call is open). Direct-mapped: a collision just makes a new string.
const CACHE_BITS = 12;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
const cached: (string | undefined)[] = new Array(1 << CACHE_BITS).fill(undefined);
const cachedKeys = new Int32Array(1 << CACHE_BITS);

/** The string of the bytes [from, to) (`key` a hash of them): one handed out before when it spells the same. */
function shared(bytes: Uint8Array, from: number, to: number, key: number): string {
  const at = (key ^ (key >>> CACHE_BITS) ^ (key >>> 24)) & CACHE_MASK;
  const text = cached[at];
  if (text !== undefined && cachedKeys[at] === key && text.length === to - from) {
    let k = 0;
    while (k < text.length && bytes[from + k] === text.charCodeAt(k)) k += 1;
    if (k === text.length) return text;
  }
  const made = latin1(bytes, from, to);
  cached[at] = made;
  cachedKeys[at] = key;
  return made;
}
