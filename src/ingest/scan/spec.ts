// The one source of the scanner's tables: attribute slots, value kinds, enum spellings, data and data.callback
// keys, and the layout of a scan's outputs. The JS scanner reads it directly; scripts/build-scanner.mjs writes
// the AssemblyScript tables from it at build time; test/ingest/scan/spec.test.ts holds it to the bundled schema.
import { DIRECTIONS, EVENT_NAMES, PARTY_TYPES, RING_STATES } from "../../types.js";

/** The top-level attributes, in slot order (FastEvent's order); a slot is also its bit in the mask of keys seen. */
export const ATTRIBUTE_NAMES = [
  "event",
  "id",
  "timestamp",
  "accountcode",
  "session_id",
  "call_id",
  "direction",
  "type",
  "subtype",
  "phase",
  "participants",
  "leg",
  "state",
  "subject_type",
  "subject",
  "subject_user",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "is_answered",
  "audio_url",
  "data",
] as const;

/** The keys of data, in slot order after the attributes (callback last: an object, not an id). */
export const DATA_KEY_NAMES = ["campaign_id", "contact_id", "trace_id", "callback"] as const;
/** The keys of data.callback, in slot order after data's. */
export const CALLBACK_KEY_NAMES = [
  "leg_1_phone_number",
  "leg_1_caller_id",
  "leg_2_phone_number",
  "leg_2_caller_id",
] as const;

/** The schema's enums by attribute, in the schema's order (a scanned enum is its index + 1; 0 is absent). */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  event: EVENT_NAMES,
  direction: DIRECTIONS,
  type: ["standard", "autodialer", "callback", "transfer"],
  subtype: ["predictive", "contact-callflow", "operator-contact"],
  phase: ["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"],
  leg: ["contact", "operator"],
  state: RING_STATES,
  subject_type: PARTY_TYPES,
  hanged_by: PARTY_TYPES,
};

/** How a slot's value is read: an enum, a non-empty id string, the timestamp, an integer, a boolean, a URI, data. */
export const KIND = { enum: 1, id: 2, time: 3, integer: 4, boolean: 5, uri: 6, data: 7 } as const;

const kindOf = (name: string): number => {
  if (ENUMS[name] !== undefined) return KIND.enum;
  if (name === "timestamp") return KIND.time;
  if (name === "participants") return KIND.integer;
  if (name === "is_answered") return KIND.boolean;
  if (name === "audio_url") return KIND.uri;
  if (name === "data") return KIND.data;
  return KIND.id;
};
/** The kind of each attribute slot. */
export const KINDS: readonly number[] = ATTRIBUTE_NAMES.map(kindOf);

const slot = (name: (typeof ATTRIBUTE_NAMES)[number]): number => ATTRIBUTE_NAMES.indexOf(name);
/** The slots the rules and the decoder name (attributes, then data's keys, then callback's). */
export const SLOT = {
  event: slot("event"),
  id: slot("id"),
  timestamp: slot("timestamp"),
  accountcode: slot("accountcode"),
  session_id: slot("session_id"),
  direction: slot("direction"),
  type: slot("type"),
  subtype: slot("subtype"),
  participants: slot("participants"),
  leg: slot("leg"),
  state: slot("state"),
  subject_type: slot("subject_type"),
  subject: slot("subject"),
  subject_user: slot("subject_user"),
  hanged_by: slot("hanged_by"),
  hanged_value: slot("hanged_value"),
  hanged_user: slot("hanged_user"),
  is_answered: slot("is_answered"),
  audio_url: slot("audio_url"),
  data: slot("data"),
  /** campaign_id; contact_id, trace_id and callback follow */
  dataKeys: ATTRIBUTE_NAMES.length,
  /** leg_1_phone_number; the other callback keys follow */
  callbackKeys: ATTRIBUTE_NAMES.length + DATA_KEY_NAMES.length,
} as const;
/** Attribute slots, then data's, then callback's. */
export const SLOTS = ATTRIBUTE_NAMES.length + DATA_KEY_NAMES.length + CALLBACK_KEY_NAMES.length;

const value = (name: string, spelled: string): number =>
  (ENUMS[name] as readonly string[]).indexOf(spelled) + 1;
/** The scanned numbers of the enum values the rules name. */
export const VALUE = {
  RINGRESULT: value("event", "RINGRESULT"),
  READY: value("event", "READY"),
  JOIN: value("event", "JOIN"),
  LEAVE: value("event", "LEAVE"),
  COMPLETED: value("event", "COMPLETED"),
  autodialer: value("type", "autodialer"),
  callback: value("type", "callback"),
  sip: value("subject_type", "sip"),
} as const;

/**
 * A scan's outputs, one Int32 array: per attribute slot its number (enum index + 1, participants, is_answered
 * 0/1); per slot its value's [start, end) ([-1, -1] when absent; data and callback: their `{` only); per slot
 * its FNV-1a hash (id strings, data ids as the strings normalize makes, callback strings); the value hash
 * (key-order independent, all values but the timestamp, which is the epoch ms beside); the mask of keys seen.
 */
export const OUT = {
  numbers: 0,
  spans: ATTRIBUTE_NAMES.length,
  hashes: ATTRIBUTE_NAMES.length + 2 * SLOTS,
  valueHash: ATTRIBUTE_NAMES.length + 3 * SLOTS,
  seen: ATTRIBUTE_NAMES.length + 3 * SLOTS + 1,
  length: ATTRIBUTE_NAMES.length + 3 * SLOTS + 2,
} as const;

/**
 * The most digits the scanners take: participants within an Int32 output; a data id within the safe integers
 * normalize turns into strings (longer ones go the reference path, which judges them the same).
 */
export const DIGITS = { participants: 9, dataId: 15 } as const;
/** FNV-1a's offset basis and prime (32-bit). */
export const FNV = { basis: 0x811c9dc5 | 0, prime: 0x01000193 } as const;
/** The multipliers that mix each value into the value hash (odd, from murmur3 and the golden ratio). */
export const MIX = { integer: 0x9e3779b1 | 0, enum: 0x85ebca6b | 0, string: 0xcc9e2d51 | 0 } as const;
/** The constants the value hash adds for true, false, data present and callback present. */
export const MARK = { true: 0x3141, false: 0x2718, data: 0x5a17, callback: 0x6b28 } as const;
/** Days in each month of a leap year. */
export const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
