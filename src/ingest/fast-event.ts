// The canonical event of the scanners: its attributes, their spellings and values, and one accessor per slot
// (scan/decode.ts makes it from a scan; store/event-codec.ts packs it). Names and enums come from scan/spec.ts.

import { CALLBACK_KEY_NAMES, DATA_KEY_NAMES, ENUMS } from "./scan/spec.js";

/**
 * An event as the scanners' decoder builds it: every attribute of the schema is a slot, so every event has one shape
 * (absent attributes hold undefined, which every consumer reads as absent).
 */
export class FastEvent {
  event: string | undefined = undefined;
  id: string | undefined = undefined;
  timestamp: string | undefined = undefined;
  accountcode: string | undefined = undefined;
  session_id: string | undefined = undefined;
  call_id: string | undefined = undefined;
  direction: string | undefined = undefined;
  type: string | undefined = undefined;
  subtype: string | undefined = undefined;
  phase: string | undefined = undefined;
  participants: number | undefined = undefined;
  leg: string | undefined = undefined;
  state: string | undefined = undefined;
  subject_type: string | undefined = undefined;
  subject: string | undefined = undefined;
  subject_user: string | undefined = undefined;
  hanged_by: string | undefined = undefined;
  hanged_value: string | undefined = undefined;
  hanged_user: string | undefined = undefined;
  is_answered: boolean | undefined = undefined;
  audio_url: string | undefined = undefined;
  data: Record<string, unknown> | undefined = undefined;
}

// A known spelling (key or enum value) as bytes, and the constant string it stands for (never sliced from the
// line, so keys and enum values cost no string).
export interface Spelling {
  bytes: Uint8Array;
  value: string;
  slot: number;
}
const spellings = (values: readonly string[]): Spelling[] =>
  values.map((value, slot) => ({ bytes: Buffer.from(value, "latin1"), value, slot }));

/** the keys of data.callback */
export const CALLBACK_KEYS = spellings(CALLBACK_KEY_NAMES);
/** the keys of data */
export const DATA_KEYS = spellings(DATA_KEY_NAMES);
/** the slot of "callback" among DATA_KEYS */
export const DATA_CALLBACK = DATA_KEY_NAMES.indexOf("callback");

/** The top-level attribute names, in slot order (FastEvent's, which is spec.ts's; a slot is an index here). */
export const ATTRIBUTES: readonly string[] = Object.keys(new FastEvent());

const slotOf = (name: string): number => ATTRIBUTES.indexOf(name);
// The slots of the attributes read apart from the others.
/** timestamp's slot */
export const TIMESTAMP = slotOf("timestamp");
/** session_id's slot */
export const SESSION_ID = slotOf("session_id");
/** accountcode's slot */
export const ACCOUNTCODE = slotOf("accountcode");
/** participants' slot */
export const PARTICIPANTS = slotOf("participants");
/** is_answered's slot */
export const IS_ANSWERED = slotOf("is_answered");
/** audio_url's slot */
export const AUDIO_URL = slotOf("audio_url");
/** data's slot */
export const DATA = slotOf("data");

/** The spellings of the enum each slot takes its value from (undefined: not an enum attribute). */
export const ENUM_OF_SLOT: readonly (readonly Spelling[] | undefined)[] = ATTRIBUTES.map((name) => {
  const values = ENUMS[name];
  return values === undefined ? undefined : spellings(values);
});

/** The value of attribute `slot` of `e` (one load per named slot). */
export function getAttribute(e: FastEvent, slot: number): unknown {
  switch (slot) {
    case 0:
      return e.event;
    case 1:
      return e.id;
    case 2:
      return e.timestamp;
    case 3:
      return e.accountcode;
    case 4:
      return e.session_id;
    case 5:
      return e.call_id;
    case 6:
      return e.direction;
    case 7:
      return e.type;
    case 8:
      return e.subtype;
    case 9:
      return e.phase;
    case 10:
      return e.participants;
    case 11:
      return e.leg;
    case 12:
      return e.state;
    case 13:
      return e.subject_type;
    case 14:
      return e.subject;
    case 15:
      return e.subject_user;
    case 16:
      return e.hanged_by;
    case 17:
      return e.hanged_value;
    case 18:
      return e.hanged_user;
    case 19:
      return e.is_answered;
    case 20:
      return e.audio_url;
    case 21:
      return e.data;
  }
  return undefined;
}

/** Sets string attribute `slot` of `e` (one store per named slot: the event keeps one shape). */
export function setAttribute(e: FastEvent, slot: number, value: string): void {
  switch (slot) {
    case 0:
      e.event = value;
      break;
    case 1:
      e.id = value;
      break;
    case 2:
      e.timestamp = value;
      break;
    case 3:
      e.accountcode = value;
      break;
    case 4:
      e.session_id = value;
      break;
    case 5:
      e.call_id = value;
      break;
    case 6:
      e.direction = value;
      break;
    case 7:
      e.type = value;
      break;
    case 8:
      e.subtype = value;
      break;
    case 9:
      e.phase = value;
      break;
    case 11:
      e.leg = value;
      break;
    case 12:
      e.state = value;
      break;
    case 13:
      e.subject_type = value;
      break;
    case 14:
      e.subject = value;
      break;
    case 15:
      e.subject_user = value;
      break;
    case 16:
      e.hanged_by = value;
      break;
    case 17:
      e.hanged_value = value;
      break;
    case 18:
      e.hanged_user = value;
      break;
    case 20:
      e.audio_url = value;
      break;
  }
}
