// Shared types of the pipeline: events as the schema guarantees them, problems, sources.

/** The seven event names of the TelTel reference, in lifecycle order. */
export const EVENT_NAMES = ["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Lifecycle rank of each event name; breaks timestamp ties when ordering a session. */
export const LIFECYCLE_RANK: Readonly<Record<EventName, number>> = {
  START: 0,
  RING: 1,
  RINGRESULT: 2,
  READY: 3,
  JOIN: 4,
  LEAVE: 5,
  COMPLETED: 6,
};

export type Direction = "inbound" | "outbound";
export type CallType = "standard" | "autodialer" | "callback" | "transfer";
export type PartyType = "phone" | "sip";
/** The two directions of a call. */
export const DIRECTIONS: readonly Direction[] = ["inbound", "outbound"];
/** The two kinds of party (subject_type, hanged_by). */
export const PARTY_TYPES = ["phone", "sip"] as const;
/** RINGRESULT states in the reference's order: the attribute table's nine, then ABORT from the prose. */
export const RING_STATES = [
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
] as const;

/** One TelTel event after normalisation and schema validation (field names as the vendor writes them). */
export interface TelTelEvent {
  event: EventName;
  id: string;
  timestamp: string;
  accountcode: string;
  session_id: string;
  call_id?: string;
  direction: Direction;
  type: CallType;
  subtype?: "predictive" | "contact-callflow" | "operator-contact";
  phase?: "localtosip" | "localtodid" | "siptodid" | "didtodid" | "didtosip";
  participants?: number;
  leg?: "contact" | "operator";
  data?: {
    campaign_id?: string;
    contact_id?: string;
    trace_id?: string;
    callback?: Record<string, string>;
    [key: string]: unknown;
  };
  state?: string;
  subject_type?: PartyType;
  subject?: string;
  subject_user?: string;
  hanged_by?: PartyType;
  hanged_value?: string;
  hanged_user?: string;
  is_answered?: boolean;
  audio_url?: string;
  [key: string]: unknown;
}

/** Where a line came from: the input's display name and its 1-based line number in that input. */
export interface LineRef {
  file: string;
  line: number;
}

/** A valid event with its origin, its time in epoch milliseconds and its position in the input. */
export interface SourcedEvent extends LineRef {
  event: TelTelEvent;
  ts: number;
  seq: number;
}

/** A finding about the input: a bad line, a schema failure or a lifecycle anomaly. */
export interface Problem extends LineRef {
  code: string;
  message: string;
  sessionId?: string;
  eventId?: string;
  column?: number;
  pointer?: string;
}
