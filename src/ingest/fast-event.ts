// The canonical event of the fast path: its attributes, their spellings and values, and the schema's rules
// over them (fast-line.ts reads a line's bytes into it).

/**
 * An event as the fast path builds it: every attribute of the schema is a slot, so every event has one shape
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

// The schema's enums, each as the spellings a value may have.
/** event */
export const EVENTS = spellings(["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"]);
/** direction */
export const DIRECTIONS = spellings(["inbound", "outbound"]);
/** type */
export const TYPES = spellings(["standard", "autodialer", "callback", "transfer"]);
/** subtype */
export const SUBTYPES = spellings(["predictive", "contact-callflow", "operator-contact"]);
/** phase */
export const PHASES = spellings(["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"]);
/** leg */
export const LEGS = spellings(["contact", "operator"]);
/** state (RINGRESULT) */
export const STATES = spellings([
  "ANSWER",
  "BUSY",
  "NOANSWER",
  "CANCEL",
  "CONGESTION",
  "CHANUNAVAIL",
  "DONTCALL",
  "TORTURE",
  "INVALIDARGS",
  "ABORT",
]);
/** subject_type and hanged_by */
export const PARTY_TYPES = spellings(["phone", "sip"]);
/** the keys of data.callback */
export const CALLBACK_KEYS = spellings([
  "leg_1_phone_number",
  "leg_1_caller_id",
  "leg_2_phone_number",
  "leg_2_caller_id",
]);
/** the keys of data */
export const DATA_KEYS = spellings(["campaign_id", "contact_id", "trace_id", "callback"]);
/** the slot of "callback" among DATA_KEYS */
export const DATA_CALLBACK = 3;

// Top-level attributes, in the order FastEvent declares them; a key's slot is its bit in the mask of keys seen.
const KEYS = spellings(Object.keys(new FastEvent()));

// Top-level keys by their first byte, each followed by its closing `":`, so one comparison tells a key.
export const KEYS_BY_FIRST_BYTE: Spelling[][] = [];
for (const key of KEYS) {
  const first = key.bytes[0] as number;
  const withColon = { ...key, bytes: Buffer.from(`${key.value}":`, "latin1") };
  KEYS_BY_FIRST_BYTE[first] = [...(KEYS_BY_FIRST_BYTE[first] ?? []), withColon];
}

/** The schema's required attributes and its "always and only in" rules, for a fully scanned event. */
export function obeysRules(e: FastEvent): boolean {
  if (
    e.event === undefined ||
    e.id === undefined ||
    e.timestamp === undefined ||
    e.accountcode === undefined ||
    e.session_id === undefined ||
    e.direction === undefined ||
    e.type === undefined
  )
    return false;
  const name = e.event;
  if ((name === "RINGRESULT") !== (e.state !== undefined)) return false;
  const party = name === "READY" || name === "JOIN" || name === "LEAVE";
  if (party !== (e.subject_type !== undefined) || party !== (e.subject !== undefined)) return false;
  if ((e.subject_type === "sip") !== (e.subject_user !== undefined)) return false;
  const completed = name === "COMPLETED";
  if (
    completed !== (e.hanged_by !== undefined) ||
    completed !== (e.hanged_value !== undefined) ||
    completed !== (e.is_answered !== undefined)
  )
    return false;
  if ((e.hanged_by === "sip") !== (e.hanged_user !== undefined)) return false;
  if (!completed && e.audio_url !== undefined) return false;
  const type = e.type;
  if (e.leg !== undefined && type !== "callback" && type !== "autodialer") return false;
  const data = e.data;
  if (type !== "autodialer") {
    if (e.subtype !== undefined) return false;
    if (data !== undefined && (data.campaign_id !== undefined || data.contact_id !== undefined)) return false;
  }
  if (type !== "callback" && data !== undefined && data.callback !== undefined) return false;
  return true;
}
