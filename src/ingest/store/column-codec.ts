// Reads the values event-codec.ts wrote straight into a session's columns (event-columns.ts), in place in the
// arena: an enum as its constant string, a text a call is built from through the text cache, and nothing made
// for the values no call reads (the id, the timestamp, other data keys). Slot by slot in the
// codec's order, each written to its own column, absent ones as undefined.
import type { TelTelEvent } from "../../types.js";
import type { EventColumns } from "../event-columns.js";
import { ATTRIBUTES, DATA_CALLBACK, DATA_KEYS, ENUM_OF_SLOT, type Spelling } from "../fast-event.js";
import { MASK_BYTES, PLAIN_BIT } from "./event-codec.js";
import { RecentTexts, type TextCache } from "./text-cache.js";

const bit = (name: string): number => 1 << ATTRIBUTES.indexOf(name);
const values = (name: string): string[] =>
  (ENUM_OF_SLOT[ATTRIBUTES.indexOf(name)] as Spelling[]).map((spelling) => spelling.value);
const EVENT = values("event") as TelTelEvent["event"][];
const DIRECTION = values("direction") as TelTelEvent["direction"][];
const TYPE = values("type") as TelTelEvent["type"][];
const SUBTYPE = values("subtype") as TelTelEvent["subtype"][];
const PHASE = values("phase") as TelTelEvent["phase"][];
const LEG = values("leg") as TelTelEvent["leg"][];
const STATE = values("state") as TelTelEvent["state"][];
const PARTY = values("subject_type") as TelTelEvent["subject_type"][];
const HANGED_BY = values("hanged_by") as TelTelEvent["hanged_by"][];
const DATA_NAMES = DATA_KEYS.map((key) => key.value);
const CAMPAIGN_ID = DATA_NAMES.indexOf("campaign_id");
const CONTACT_ID = DATA_NAMES.indexOf("contact_id");
const TRACE_ID = DATA_NAMES.indexOf("trace_id");

const ACCOUNTCODE_BIT = bit("accountcode");
const AUDIO_URL_BIT = bit("audio_url");
const CALL_ID_BIT = bit("call_id");
const DATA_BIT = bit("data");
const SESSION_ID_BIT = bit("session_id");
const DIRECTION_BIT = bit("direction");
const EVENT_BIT = bit("event");
const HANGED_BY_BIT = bit("hanged_by");
const HANGED_USER_BIT = bit("hanged_user");
const HANGED_VALUE_BIT = bit("hanged_value");
const ID_BIT = bit("id");
const IS_ANSWERED_BIT = bit("is_answered");
const LEG_BIT = bit("leg");
const PARTICIPANTS_BIT = bit("participants");
const PHASE_BIT = bit("phase");
const STATE_BIT = bit("state");
const SUBJECT_BIT = bit("subject");
const SUBJECT_TYPE_BIT = bit("subject_type");
const SUBJECT_USER_BIT = bit("subject_user");
const SUBTYPE_BIT = bit("subtype");
const TIMESTAMP_BIT = bit("timestamp");
const TYPE_BIT = bit("type");

// decodeColumns reads the slots in this order, one after the other: a slot added to the schema must be read
// there too, so the module refuses to load rather than misread.
const READ_ORDER = [
  EVENT_BIT,
  ID_BIT,
  TIMESTAMP_BIT,
  ACCOUNTCODE_BIT,
  SESSION_ID_BIT,
  CALL_ID_BIT,
  DIRECTION_BIT,
  TYPE_BIT,
  SUBTYPE_BIT,
  PHASE_BIT,
  PARTICIPANTS_BIT,
  LEG_BIT,
  STATE_BIT,
  SUBJECT_TYPE_BIT,
  SUBJECT_BIT,
  SUBJECT_USER_BIT,
  HANGED_BY_BIT,
  HANGED_VALUE_BIT,
  HANGED_USER_BIT,
  IS_ANSWERED_BIT,
  AUDIO_URL_BIT,
  DATA_BIT,
];
if (READ_ORDER.length !== ATTRIBUTES.length || READ_ORDER.some((b, k) => b !== 1 << k))
  throw new Error("column-codec.ts: the attributes' slots changed");

// The bytes being read and the position in them.
let buf: Uint8Array = new Uint8Array(0);
let at = 0;
let cache: TextCache;
const recent = new RecentTexts();
// A float64 as event-codec writes it, little-endian, read through a view of its 8 bytes.
const doubleBytes = new Uint8Array(8);
const double = new DataView(doubleBytes.buffer);

/**
 * Sets event `i` of `into` from the values encodeEvent wrote at `from` in `bytes`; false (nothing set) when they
 * are a plain object's (plain-codec.ts): read the event itself then.
 */
export function decodeColumns(
  bytes: Uint8Array,
  from: number,
  into: EventColumns,
  i: number,
  texts: TextCache,
): boolean {
  const mask =
    (bytes[from] as number) | ((bytes[from + 1] as number) << 8) | ((bytes[from + 2] as number) << 16);
  if ((mask & PLAIN_BIT) !== 0) return false;
  buf = bytes;
  at = from + MASK_BYTES;
  cache = texts;
  if (i === 0) recent.clear();
  into.event[i] = (mask & EVENT_BIT) === 0 ? undefined : EVENT[buf[at++] as number];
  if ((mask & ID_BIT) !== 0) skip();
  if ((mask & TIMESTAMP_BIT) !== 0) {
    if (buf[at] === 0) at += 1;
    else skip();
  }
  into.accountcode[i] = (mask & ACCOUNTCODE_BIT) === 0 ? undefined : text();
  into.call_id[i] = (mask & CALL_ID_BIT) === 0 ? undefined : own();
  into.direction[i] = (mask & DIRECTION_BIT) === 0 ? undefined : DIRECTION[buf[at++] as number];
  into.type[i] = (mask & TYPE_BIT) === 0 ? undefined : TYPE[buf[at++] as number];
  into.subtype[i] = (mask & SUBTYPE_BIT) === 0 ? undefined : SUBTYPE[buf[at++] as number];
  into.phase[i] = (mask & PHASE_BIT) === 0 ? undefined : PHASE[buf[at++] as number];
  if ((mask & PARTICIPANTS_BIT) === 0) into.participants[i] = undefined;
  else {
    for (let k = 0; k < 8; k += 1) doubleBytes[k] = buf[at + k] as number;
    into.participants[i] = double.getFloat64(0, true);
    at += 8;
  }
  into.leg[i] = (mask & LEG_BIT) === 0 ? undefined : LEG[buf[at++] as number];
  into.state[i] = (mask & STATE_BIT) === 0 ? undefined : STATE[buf[at++] as number];
  into.subject_type[i] = (mask & SUBJECT_TYPE_BIT) === 0 ? undefined : PARTY[buf[at++] as number];
  into.subject[i] = (mask & SUBJECT_BIT) === 0 ? undefined : own();
  into.subject_user[i] = (mask & SUBJECT_USER_BIT) === 0 ? undefined : text();
  into.hanged_by[i] = (mask & HANGED_BY_BIT) === 0 ? undefined : HANGED_BY[buf[at++] as number];
  into.hanged_value[i] = (mask & HANGED_VALUE_BIT) === 0 ? undefined : own();
  into.hanged_user[i] = (mask & HANGED_USER_BIT) === 0 ? undefined : text();
  into.is_answered[i] = (mask & IS_ANSWERED_BIT) === 0 ? undefined : buf[at++] === 1;
  into.audio_url[i] = (mask & AUDIO_URL_BIT) === 0 ? undefined : own();
  into.campaign_id[i] = undefined;
  into.contact_id[i] = undefined;
  into.trace_id[i] = undefined;
  if ((mask & DATA_BIT) === 0) into.hasData[i] = 0;
  else data(into, i);
  return true;
}

/** data: the three keys a call reads into their columns, the others (and callback) passed over. */
function data(into: EventColumns, i: number): void {
  into.hasData[i] = 1;
  const count = varint();
  for (let k = 0; k < count; k += 1) {
    const index = buf[at++] as number;
    if (index === DATA_CALLBACK) {
      const keys = varint();
      for (let c = 0; c < keys; c += 1) {
        at += 1;
        skip();
      }
    } else if (index === CAMPAIGN_ID) into.campaign_id[i] = text();
    else if (index === CONTACT_ID) into.contact_id[i] = own();
    else if (index === TRACE_ID) into.trace_id[i] = own();
    else skip();
  }
}

/** A string of the session's own (its call ids, numbers): one per distinct value within the session. */
function own(): string {
  const length = varint();
  const from = at;
  at += length;
  return recent.text(buf, from, at);
}

/** A string calls share (account, operator, campaign): one per distinct value while the cache keeps it. */
function text(): string {
  const length = varint();
  const from = at;
  at += length;
  return cache.text(buf, from, at);
}

function skip(): void {
  const length = varint();
  at += length;
}

/** A varint as bytes.ts writes it. */
function varint(): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[at++] as number;
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return n;
    scale *= 0x80;
  }
}
