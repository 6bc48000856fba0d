// The lean validating scanner in AssemblyScript (compiled by scripts/build-scanner.mjs into
// dist/ingest/scan/scanner.wasm): the same steps as ../js-scanner.ts, over bytes in linear memory, with the
// tables generated from ../spec.ts into ./tables.ts (git-ignored). Outputs as spec.ts's OUT, offsets absolute.
import {
  BLOB, KEY_OFF, KEY_LEN, BY_FIRST, BY_FIRST_WIDTH, EN_OFF, EN_LEN, EN_WIDTH, D_OFF, D_LEN, D_COUNT, C_OFF, C_LEN,
  C_COUNT, KIND_OF, CLASS, ATTRS, OUT_SPANS, OUT_HASHES, OUT_VALUE_HASH, OUT_SEEN, FNV_BASIS, FNV_PRIME,
  MIX_INTEGER, MIX_ENUM, MIX_STRING, MARK_TRUE, MARK_FALSE, MARK_DATA, MARK_CALLBACK, K_ENUM, K_TIME, K_INTEGER,
  K_BOOLEAN, K_URI, K_DATA, S_DATA, S_DATA_KEYS, S_CALLBACK_KEYS, PARTICIPANTS_DIGITS, DATA_ID_DIGITS,
} from "./tables";
import { OUT, TS, b, setOut, table } from "./out";
import { canonicalMs } from "./instant";
import { rules } from "./rules";

const PRED = memory.data((ATTRS + 1) * 4);

let valueHash: i32 = 0;
let lastHash: i32 = 0;
let seen: i32 = 0;


/** Where the outputs are (spec.ts's OUT, Int32). */
export function outAt(): usize { return OUT; }
/** Where the instant of the last accepted line is (Float64). */
export function tsAt(): usize { return TS; }
/** The first free byte of memory: the caller's bytes go from here (16-aligned). */
export function freeAt(): usize { return (__heap_base + 15) & ~15; }

/** Forgets the key order learnt so far. */
export function init(): void { for (let s = 0; s <= ATTRS; s++) store<i32>(PRED + (<usize>s << 2), -1); }

/** 1 when [start, lineEnd) (its \r, if any, ignored) is a canonical event the bundled schema accepts, else 0. */
export function scanLine(start: usize, lineEnd: usize): i32 {
  let end = lineEnd;
  if (end > start && b(end - 1) == 0x0d) end -= 1;
  if (end - start < 2 || b(start) != 0x7b || b(end - 1) != 0x7d) return 0;
  memory.fill(OUT, 0, <usize>OUT_SPANS * 4);
  memory.fill(OUT + <usize>OUT_SPANS * 4, 0xff, <usize>(OUT_HASHES - OUT_SPANS) * 4);
  seen = 0;
  valueHash = 0;
  let i = start + 1;
  let prev = ATTRS;
  if (b(i) == 0x7d) return 0;
  while (true) {
    if (b(i) != 0x22) return 0;
    const s = keyAt(i + 1, end, prev);
    if (s < 0 || (seen & (1 << s)) != 0) return 0;
    seen |= 1 << s;
    store<i32>(PRED + (<usize>prev << 2), s);
    prev = s;
    i += 1 + <usize>table(KEY_LEN, s);
    const next = value(s, i, end);
    if (next < 0) return 0;
    const c = b(<usize>next);
    if (c == 0x7d) { if (<usize>next != end - 1) return 0; break; }
    if (c != 0x2c) return 0;
    i = <usize>next + 1;
  }
  setOut(OUT_VALUE_HASH, valueHash);
  setOut(OUT_SEEN, seen);
  return rules(seen) ? 1 : 0;
}

@inline function spells(p: usize, n: usize, from: usize, end: usize): bool {
  if (from + n > end) return false;
  for (let k: usize = 0; k < n; k++) if (load<u8>(p + k) != load<u8>(from + k)) return false;
  return true;
}
@inline function keyMatches(s: i32, from: usize, end: usize): bool {
  return spells(BLOB + <usize>table(KEY_OFF, s), <usize>table(KEY_LEN, s), from, end);
}
function keyAt(from: usize, end: usize, prev: i32): i32 {
  const p = load<i32>(PRED + (<usize>prev << 2));
  if (p >= 0 && keyMatches(p, from, end)) return p;
  const c = b(from);
  for (let k = 0; k < BY_FIRST_WIDTH; k++) {
    const s = table(BY_FIRST, c * BY_FIRST_WIDTH + k);
    if (s < 0) return -1;
    if (s != p && keyMatches(s, from, end)) return s;
  }
  return -1;
}

function stringEnd(from: usize, end: usize): isize {
  let h: i32 = FNV_BASIS;
  for (let i = from; i < end; i++) {
    const c = b(i);
    const k = load<u8>(CLASS + <usize>c);
    if (k == 0) { h = (h ^ c) * FNV_PRIME; continue; }
    if (k == 1) { lastHash = h; return <isize>i; }
    return -1;
  }
  return -1;
}
function plainStringEnd(from: usize, end: usize): isize {
  for (let i = from; i < end; i++) {
    const k = load<u8>(CLASS + <usize>b(i));
    if (k == 0) continue;
    return k == 1 ? <isize>i : -1;
  }
  return -1;
}
function integerEnd(from: usize, end: usize, digits: usize): isize {
  let i = from;
  const first = b(i);
  if (first == 0x30) i += 1;
  else if (first >= 0x31 && first <= 0x39) {
    while (i < end && i - from <= digits) { const c = b(i); if (c < 0x30 || c > 0x39) break; i += 1; }
    if (i - from > digits) return -1;
  } else return -1;
  const c = b(i);
  return c == 0x2c || c == 0x7d ? <isize>i : -1;
}
@inline function setString(s: i32, from: usize, to: usize, hash: i32): void {
  setOut(OUT_SPANS + 2 * s, <i32>from);
  setOut(OUT_SPANS + 2 * s + 1, <i32>to);
  setOut(OUT_HASHES + s, hash);
  valueHash += (hash ^ s) * MIX_STRING;
}

function value(s: i32, i: usize, end: usize): isize {
  const kind = <i32>load<u8>(KIND_OF + <usize>s);
  if (kind == K_INTEGER) {
    const to = integerEnd(i, end, PARTICIPANTS_DIGITS);
    if (to < 0) return -1;
    let v = 0;
    for (let k = i; k < <usize>to; k++) v = v * 10 + (b(k) - 0x30);
    setOut(s, v);
    valueHash += (v + 1) * MIX_INTEGER + s;
    return to;
  }
  if (kind == K_BOOLEAN) {
    if (b(i) == 0x74 && b(i + 1) == 0x72 && b(i + 2) == 0x75 && b(i + 3) == 0x65) {
      setOut(s, 1); valueHash += MARK_TRUE; return <isize>(i + 4);
    }
    if (b(i) == 0x66 && b(i + 1) == 0x61 && b(i + 2) == 0x6c && b(i + 3) == 0x73 && b(i + 4) == 0x65) {
      setOut(s, 0); valueHash += MARK_FALSE; return <isize>(i + 5);
    }
    return -1;
  }
  if (kind == K_DATA) return object(s, i, end);
  if (b(i) != 0x22) return -1;
  const from = i + 1;
  if (kind == K_ENUM) {
    const to = plainStringEnd(from, end);
    if (to < 0) return -1;
    const n = <usize>to - from;
    for (let k = 0; k < EN_WIDTH; k++) {
      const len = <usize>table(EN_LEN, s * EN_WIDTH + k);
      if (len == 0) break;
      if (len != n || !spells(BLOB + <usize>table(EN_OFF, s * EN_WIDTH + k), n, from, <usize>to)) continue;
      setOut(s, k + 1);
      valueHash += ((k + 1) * 31 + s) * MIX_ENUM;
      return to + 1;
    }
    return -1;
  }
  if (kind == K_TIME) {
    const to = plainStringEnd(from, end);
    if (to < 0) return -1;
    const t = canonicalMs(from, <usize>to);
    if (isNaN(t)) return -1;
    store<f64>(TS, t);
    setOut(OUT_SPANS + 2 * s, <i32>from);
    setOut(OUT_SPANS + 2 * s + 1, <i32>to);
    return to + 1;
  }
  const to = stringEnd(from, end);
  if (to < 0) return -1;
  // audio_url: its URI check is ajv-formats' function, in JS, once the line is accepted
  if (kind != K_URI && <usize>to == from) return -1;
  setString(s, from, <usize>to, lastHash);
  return to + 1;
}

// data or data.callback (slot s) at start: known keys, each at most once; the index after its }, or -1.
function object(s: i32, start: usize, end: usize): isize {
  let i = start;
  if (b(i) != 0x7b) return -1;
  const isData = s == S_DATA;
  const offs = isData ? D_OFF : C_OFF;
  const lens = isData ? D_LEN : C_LEN;
  const count = isData ? D_COUNT : C_COUNT;
  setOut(OUT_SPANS + 2 * s, <i32>i);
  valueHash += isData ? MARK_DATA : MARK_CALLBACK;
  i += 1;
  if (b(i) == 0x7d) return <isize>(i + 1);
  let keysSeen = 0;
  while (true) {
    if (b(i) != 0x22) return -1;
    let k = -1;
    for (let q = 0; q < count; q++)
      if (spells(BLOB + <usize>table(offs, q), <usize>table(lens, q), i + 1, end)) { k = q; break; }
    if (k < 0 || (keysSeen & (1 << k)) != 0) return -1;
    keysSeen |= 1 << k;
    const next = member((isData ? S_DATA_KEYS : S_CALLBACK_KEYS) + k, i + 1 + <usize>table(lens, k), end);
    if (next < 0) return -1;
    i = <usize>next;
    const c = b(i);
    if (c == 0x7d) return <isize>(i + 1);
    if (c != 0x2c) return -1;
    i += 1;
  }
  return -1;
}

// A member of data (ids: non-empty strings or canonical integers; callback) or of callback (strings).
function member(s: i32, i: usize, end: usize): isize {
  const callbackSlot = S_DATA_KEYS + D_COUNT - 1;
  if (s == callbackSlot) return object(s, i, end);
  const isId = s < callbackSlot;
  if (b(i) == 0x22) {
    const to = stringEnd(i + 1, end);
    if (to < 0 || (isId && to == <isize>(i + 1))) return -1;
    setString(s, i + 1, <usize>to, lastHash);
    return to + 1;
  }
  if (!isId) return -1;
  const to = integerEnd(i, end, DATA_ID_DIGITS);
  if (to < 0) return -1;
  // hashed as the string of its digits, which normalize makes of it
  let h: i32 = FNV_BASIS;
  for (let q = i; q < <usize>to; q++) h = (h ^ b(q)) * FNV_PRIME;
  setString(s, i, <usize>to, h);
  return to;
}
