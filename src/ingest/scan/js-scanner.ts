// The lean validating scanner in JS: the reference for the wasm one (wasm/scanner.ts, the same steps) and its
// fallback. One pass over a canonical line's bytes, nothing materialised: outputs as numbers in `out` (see
// spec.ts's OUT) and the instant in `ts`.
import { fullFormats } from "ajv-formats/dist/formats.js";
import { canonicalMs } from "./instant.js";
import {
  CALLBACK_KEY_BYTES,
  CLASS,
  DATA_KEY_BYTES,
  ENUM_BYTES,
  KEY_BYTES,
  KEYS_BY_FIRST,
  KIND_OF,
} from "./js-tables.js";
import { latin1 } from "./latin1.js";
import { obeysRules } from "./rules.js";
import { ATTRIBUTE_NAMES, DATA_KEY_NAMES, DIGITS, FNV, KIND, MARK, MIX, OUT, SLOT } from "./spec.js";

/** A scanner and its outputs: after `scan` says true, `out` and `ts` describe the line's event. */
export interface ByteScanner {
  /** Whether [start, lineEnd) of buf (its \r, if any, ignored) is a canonical event the bundled schema accepts. */
  scan(buf: Uint8Array, start: number, lineEnd: number): boolean;
  out: Int32Array;
  ts: Float64Array;
}

const isUri = fullFormats.uri as (text: string) => boolean;
const ATTRS = ATTRIBUTE_NAMES.length;
const PARTICIPANTS_DIGITS = DIGITS.participants;
const DATA_ID_DIGITS = DIGITS.dataId;
const SPAN = OUT.spans;
// data.callback's slot: data's ids come before it, callback's strings after.
const CALLBACK = SLOT.dataKeys + DATA_KEY_NAMES.indexOf("callback");
const HASH = OUT.hashes;

/** A JS scanner with its own outputs and its own memory of key order (the key after each key, last line). */
export function createJsScanner(): ByteScanner {
  const out = new Int32Array(OUT.length);
  const ts = new Float64Array(1);
  const predicted = new Int8Array(ATTRS + 1).fill(-1);
  let b: Uint8Array = new Uint8Array(0);
  let seen = 0;
  let valueHash = 0;
  let lastHash = 0;

  function scan(buf: Uint8Array, start: number, lineEnd: number): boolean {
    b = buf;
    const end = lineEnd > start && b[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
    if (end - start < 2 || b[start] !== 0x7b || b[end - 1] !== 0x7d) return false;
    out.fill(0, 0, SPAN);
    out.fill(-1, SPAN, HASH);
    seen = 0;
    valueHash = 0;
    let i = start + 1;
    let prev: number = ATTRS;
    if (b[i] === 0x7d) return false;
    for (;;) {
      if (b[i] !== 0x22) return false;
      const s = keyAt(i + 1, end, prev);
      if (s < 0 || (seen & (1 << s)) !== 0) return false;
      seen |= 1 << s;
      predicted[prev] = s;
      prev = s;
      i += 1 + (KEY_BYTES[s] as Uint8Array).length;
      const next = value(s, i, end);
      if (next < 0) return false;
      const c = b[next];
      if (c === 0x7d) {
        if (next !== end - 1) return false;
        break;
      }
      if (c !== 0x2c) return false;
      i = next + 1;
    }
    out[OUT.valueHash] = valueHash;
    out[OUT.seen] = seen;
    return obeysRules(out, seen);
  }

  function keyAt(from: number, end: number, prev: number): number {
    const p = predicted[prev] as number;
    if (p >= 0 && spells(KEY_BYTES[p] as Uint8Array, from, end)) return p;
    const candidates = KEYS_BY_FIRST[b[from] as number] as number[];
    for (const s of candidates) if (s !== p && spells(KEY_BYTES[s] as Uint8Array, from, end)) return s;
    return -1;
  }

  function spells(word: Uint8Array, from: number, end: number): boolean {
    const n = word.length;
    if (from + n > end) return false;
    for (let k = 0; k < n; k += 1) if (b[from + k] !== word[k]) return false;
    return true;
  }

  /** The closing quote of a string body from `from` (its FNV-1a hash in lastHash), or -1. */
  function stringEnd(from: number, end: number): number {
    let h = FNV.basis;
    for (let i = from; i < end; i += 1) {
      const c = b[i] as number;
      const k = CLASS[c];
      if (k === 0) {
        h = Math.imul(h ^ c, FNV.prime);
        continue;
      }
      if (k === 1) {
        lastHash = h;
        return i;
      }
      return -1;
    }
    return -1;
  }

  function plainStringEnd(from: number, end: number): number {
    for (let i = from; i < end; i += 1) {
      const k = CLASS[b[i] as number];
      if (k === 0) continue;
      return k === 1 ? i : -1;
    }
    return -1;
  }

  /** The end of a canonical integer of at most `digits` digits followed by `,` or `}`, or -1. */
  function integerEnd(from: number, end: number, digits: number): number {
    let i = from;
    const first = b[i] as number;
    if (first === 0x30) i += 1;
    else if (first >= 0x31 && first <= 0x39) {
      while (i < end && i - from <= digits) {
        const c = b[i] as number;
        if (c < 0x30 || c > 0x39) break;
        i += 1;
      }
      if (i - from > digits) return -1;
    } else return -1;
    const c = b[i];
    return c === 0x2c || c === 0x7d ? i : -1;
  }

  function setString(s: number, from: number, to: number, hash: number): void {
    out[SPAN + 2 * s] = from;
    out[SPAN + 2 * s + 1] = to;
    out[HASH + s] = hash;
    valueHash = (valueHash + Math.imul(hash ^ s, MIX.string)) | 0;
  }

  /** Reads the value of slot `s` at `i`; the index just past it, or -1. */
  function value(s: number, i: number, end: number): number {
    const kind = KIND_OF[s];
    if (kind === KIND.integer) {
      const to = integerEnd(i, end, PARTICIPANTS_DIGITS);
      if (to < 0) return -1;
      let v = 0;
      for (let k = i; k < to; k += 1) v = v * 10 + ((b[k] as number) - 0x30);
      out[s] = v;
      valueHash = (valueHash + Math.imul(v + 1, MIX.integer) + s) | 0;
      return to;
    }
    if (kind === KIND.boolean) {
      if (b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
        out[s] = 1;
        valueHash = (valueHash + MARK.true) | 0;
        return i + 4;
      }
      if (b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
        out[s] = 0;
        valueHash = (valueHash + MARK.false) | 0;
        return i + 5;
      }
      return -1;
    }
    if (kind === KIND.data) return object(s, i, end);
    if (b[i] !== 0x22) return -1;
    const from = i + 1;
    if (kind === KIND.enum) {
      const to = plainStringEnd(from, end);
      if (to < 0) return -1;
      const spellings = ENUM_BYTES[s] as Uint8Array[];
      for (let k = 0; k < spellings.length; k += 1) {
        const word = spellings[k] as Uint8Array;
        if (word.length !== to - from || !spells(word, from, to)) continue;
        out[s] = k + 1;
        valueHash = (valueHash + Math.imul((k + 1) * 31 + s, MIX.enum)) | 0;
        return to + 1;
      }
      return -1;
    }
    if (kind === KIND.time) {
      const to = plainStringEnd(from, end);
      if (to < 0) return -1;
      const t = canonicalMs(b, from, to);
      if (Number.isNaN(t)) return -1;
      ts[0] = t;
      out[SPAN + 2 * s] = from;
      out[SPAN + 2 * s + 1] = to;
      return to + 1;
    }
    const to = stringEnd(from, end);
    if (to < 0) return -1;
    if (kind === KIND.uri) {
      // Only lines with an audio_url pay for a string.
      if (!isUri(latin1(b, from, to))) return -1;
    } else if (to === from) return -1;
    setString(s, from, to, lastHash);
    return to + 1;
  }

  /** data or data.callback (slot s) at `start`: known keys, each at most once; the index after its `}`, or -1. */
  function object(s: number, start: number, end: number): number {
    let i = start;
    if (b[i] !== 0x7b) return -1;
    const isData = s === SLOT.data;
    const keys = isData ? DATA_KEY_BYTES : CALLBACK_KEY_BYTES;
    out[SPAN + 2 * s] = i;
    valueHash = (valueHash + (isData ? MARK.data : MARK.callback)) | 0;
    i += 1;
    if (b[i] === 0x7d) return i + 1;
    let keysSeen = 0;
    for (;;) {
      if (b[i] !== 0x22) return -1;
      let k = -1;
      for (let q = 0; q < keys.length; q += 1)
        if (spells(keys[q] as Uint8Array, i + 1, end)) {
          k = q;
          break;
        }
      if (k < 0 || (keysSeen & (1 << k)) !== 0) return -1;
      keysSeen |= 1 << k;
      i = member(
        (isData ? SLOT.dataKeys : SLOT.callbackKeys) + k,
        i + 1 + (keys[k] as Uint8Array).length,
        end,
      );
      if (i < 0) return -1;
      const c = b[i];
      if (c === 0x7d) return i + 1;
      if (c !== 0x2c) return -1;
      i += 1;
    }
  }

  /** A member of data (ids: non-empty strings or canonical integers; callback) or of callback (strings). */
  function member(s: number, i: number, end: number): number {
    if (s === CALLBACK) return object(s, i, end);
    const isId = s < CALLBACK;
    if (b[i] === 0x22) {
      const to = stringEnd(i + 1, end);
      if (to < 0 || (isId && to === i + 1)) return -1;
      setString(s, i + 1, to, lastHash);
      return to + 1;
    }
    if (!isId) return -1;
    const to = integerEnd(i, end, DATA_ID_DIGITS);
    if (to < 0) return -1;
    // hashed as the string of its digits, which normalize makes of it
    let h = FNV.basis;
    for (let q = i; q < to; q += 1) h = Math.imul(h ^ (b[q] as number), FNV.prime);
    setString(s, i, to, h);
    return to;
  }

  return { scan, out, ts };
}
