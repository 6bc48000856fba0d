// From a scan's outputs to the event today's back end takes: a FastEvent with the very values the reference
// path gives (enums as their constant strings, data ids made strings as normalize.ts makes them, data's keys
// in the line's order).
import { ENUM_OF_SLOT, FastEvent, type Spelling, setAttribute } from "../fast-event.js";
import type { BatchScanner } from "./batch-scanner.js";
import { ATTRIBUTE_NAMES, CALLBACK_KEY_NAMES, DATA_KEY_NAMES, KIND, KINDS, OUT, SLOT } from "./spec.js";

const LATIN1_SLICE = (Buffer.prototype as unknown as { latin1Slice(from: number, to: number): string })
  .latin1Slice;
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
      setAttribute(
        e,
        s,
        s === SLOT.accountcode ? sameAccount(bytes, from, to) : LATIN1_SLICE.call(bytes, from, to),
      );
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
        : LATIN1_SLICE.call(bytes, out[SPAN + 2 * s] as number, out[SPAN + 2 * s + 1] as number);
  }
  return record;
}

// The accountcodes decoded last: a dump has few accounts, and the events of one share a string rather than each
// holding a copy (a few dozen bytes an event, while its call is open).
const ACCOUNTS_KEPT = 8;
const accounts: string[] = [];
let nextAccount = 0;

/** The accountcode string of the bytes [from, to): one handed out before when it spells the same, else a new one. */
function sameAccount(bytes: Uint8Array, from: number, to: number): string {
  const length = to - from;
  next: for (const account of accounts) {
    if (account.length !== length) continue;
    for (let k = 0; k < length; k += 1) if (bytes[from + k] !== account.charCodeAt(k)) continue next;
    return account;
  }
  const account = LATIN1_SLICE.call(bytes, from, to) as string;
  accounts[nextAccount] = account;
  nextAccount = (nextAccount + 1) % ACCOUNTS_KEPT;
  return account;
}
