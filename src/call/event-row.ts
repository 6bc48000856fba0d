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

// The event's own attributes that get a column of their own, by the JSON type the bundled schema gives them.
const TEXT_ATTRIBUTES = [
  "event",
  "id",
  "accountcode",
  "call_id",
  "direction",
  "type",
  "subtype",
  "phase",
  "leg",
  "state",
  "subject_type",
  "subject",
  "subject_user",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "audio_url",
] as const;
const DATA_TEXT_ATTRIBUTES = ["campaign_id", "contact_id", "trace_id"] as const;
const COLUMN_ATTRIBUTES = new Set<string>([
  ...TEXT_ATTRIBUTES,
  "timestamp",
  "session_id",
  "participants",
  "is_answered",
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
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    if (!COLUMN_ATTRIBUTES.has(key)) define(extra, key, e[key]);
  }
  const text = (key: string): string | null => {
    const value = e[key];
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return value;
    define(extra, key, value);
    return null;
  };
  const participants = e.participants;
  const isAnswered = e.is_answered;
  const data = e.data;
  const dataObject = isPlainObject(data) ? data : null;
  if (data !== undefined && dataObject === null) define(extra, "data", data);
  if (participants !== undefined && !Number.isSafeInteger(participants)) {
    define(extra, "participants", participants);
  }
  if (isAnswered !== undefined && typeof isAnswered !== "boolean") define(extra, "is_answered", isAnswered);
  if (e.session_id !== timeline.sessionId) define(extra, "session_id", e.session_id);
  const row = { timestamp: new Date(item.ts).toISOString(), session_id: timeline.sessionId } as EventRow;
  for (const key of TEXT_ATTRIBUTES) row[key] = text(key);
  const dataText = (key: string): string | null => {
    const value = dataObject?.[key];
    return typeof value === "string" ? value : null;
  };
  for (const key of DATA_TEXT_ATTRIBUTES) row[key] = dataText(key);
  // Assigned in column order: the NDJSON form lists keys in the order of EVENT_ROW_COLUMNS.
  const ordered = {} as Record<keyof EventRow, unknown>;
  const values: Partial<EventRow> = {
    ...row,
    participants: Number.isSafeInteger(participants) ? (participants as number) : null,
    is_answered: typeof isAnswered === "boolean" ? isAnswered : null,
    data: dataObject,
    session_status: timeline.status,
    file: item.file,
    line: item.line,
  };
  for (const column of EVENT_ROW_COLUMNS) ordered[column] = values[column] ?? null;
  ordered.extra = Object.keys(extra).length === 0 ? null : extra;
  return ordered as EventRow;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets a key as an own property, even `__proto__` (plain assignment would change the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
