// Event row stage: one finalised session's events (deduplicated, in timeline order) as flat, typed rows.
import type { SourcedEvent } from "../types.js";
import type { Timeline } from "./timeline.js";

/** One valid event used, normalised, with where it came from and its session's status; null where absent. */
export interface EventRow {
  event: string | null;
  id: string | null;
  timestamp: string;
  accountcode: string | null;
  session_id: string;
  call_id: string | null;
  direction: string | null;
  type: string | null;
  subtype: string | null;
  phase: string | null;
  participants: number | null;
  leg: string | null;
  state: string | null;
  subject_type: string | null;
  subject: string | null;
  subject_user: string | null;
  hanged_by: string | null;
  hanged_value: string | null;
  hanged_user: string | null;
  is_answered: boolean | null;
  audio_url: string | null;
  campaign_id: string | null;
  contact_id: string | null;
  trace_id: string | null;
  data: Record<string, unknown> | null;
  extra: Record<string, unknown> | null;
  session_status: "complete" | "incomplete";
  file: string;
  line: number;
}

/** The columns of an event row, in export order. */
export const EVENT_ROW_COLUMNS: readonly (keyof EventRow)[] = [
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
  "campaign_id",
  "contact_id",
  "trace_id",
  "data",
  "extra",
  "session_status",
  "file",
  "line",
];

// The event's attributes that have a column of their own: the columns up to audio_url, and `data` (whose ids
// have columns too, read from it).
const COLUMN_ATTRIBUTES = new Set<string>([
  ...EVENT_ROW_COLUMNS.slice(0, EVENT_ROW_COLUMNS.indexOf("audio_url") + 1),
  "data",
]);

/** The rows of one session's events (after dedupe), in timeline order. */
export function eventRows(timeline: Timeline): EventRow[] {
  return timeline.events.map((item) => eventRow(item, timeline));
}

/**
 * One event as a row. `timestamp` is the instant as ISO 8601 UTC with milliseconds. An attribute whose value
 * has another type than the bundled schema allows (only possible with a custom --schema) is not dropped: it
 * goes to `extra` with every attribute that has no column, and its column is null.
 */
export function eventRow(item: SourcedEvent, timeline: Timeline): EventRow {
  const e = item.event as Record<string, unknown>;
  let extra: Record<string, unknown> | null = null;
  const keep = (key: string, value: unknown): void => {
    extra ??= {};
    define(extra, key, value);
  };
  for (const key in e) {
    if (Object.hasOwn(e, key) && !COLUMN_ATTRIBUTES.has(key)) keep(key, e[key]);
  }
  const text = (key: string): string | null => {
    const value = e[key];
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return value;
    keep(key, value);
    return null;
  };
  const data = isPlainObject(e.data) ? e.data : null;
  if (e.data !== undefined && data === null) keep("data", e.data);
  const dataText = (key: string): string | null => {
    const value = data?.[key];
    return typeof value === "string" ? value : null;
  };
  let participants: number | null = null;
  if (Number.isSafeInteger(e.participants)) participants = e.participants as number;
  else if (e.participants !== undefined) keep("participants", e.participants);
  let isAnswered: boolean | null = null;
  if (typeof e.is_answered === "boolean") isAnswered = e.is_answered;
  else if (e.is_answered !== undefined) keep("is_answered", e.is_answered);
  if (e.session_id !== timeline.sessionId) keep("session_id", e.session_id);
  // One literal in column order: the NDJSON form lists keys in the order of EVENT_ROW_COLUMNS.
  const row: Omit<EventRow, "extra"> & { extra: Record<string, unknown> | null } = {
    event: text("event"),
    id: text("id"),
    timestamp: new Date(item.ts).toISOString(),
    accountcode: text("accountcode"),
    session_id: timeline.sessionId,
    call_id: text("call_id"),
    direction: text("direction"),
    type: text("type"),
    subtype: text("subtype"),
    phase: text("phase"),
    participants,
    leg: text("leg"),
    state: text("state"),
    subject_type: text("subject_type"),
    subject: text("subject"),
    subject_user: text("subject_user"),
    hanged_by: text("hanged_by"),
    hanged_value: text("hanged_value"),
    hanged_user: text("hanged_user"),
    is_answered: isAnswered,
    audio_url: text("audio_url"),
    campaign_id: dataText("campaign_id"),
    contact_id: dataText("contact_id"),
    trace_id: dataText("trace_id"),
    data,
    extra: null,
    session_status: timeline.status,
    file: item.file,
    line: item.line,
  };
  // Set last: text() above may still add to it.
  row.extra = extra;
  return row;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets a key as an own property, even `__proto__` (plain assignment would change the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
