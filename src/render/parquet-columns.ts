// The Parquet columns of the two exports: per call (the CSV columns) and per event, each with its stored type.
import type { EventRow } from "../call/event-row.js";
import { EVENT_ROW_COLUMNS } from "../call/event-row.js";
import { CALL_RECORD_COLUMNS, type CallRecord } from "../call/record.js";
import type { ParquetColumn, ParquetKind } from "./parquet.js";

/** How each per-call column is stored; `true` marks a column that is never null. */
const CALL_KINDS: Record<keyof CallRecord, [ParquetKind, boolean]> = {
  session_id: ["string", true],
  status: ["string", true],
  // From the session's first event: present with the bundled schema, maybe not with a custom one.
  accountcode: ["string", false],
  direction: ["string", false],
  type: ["string", false],
  subtype: ["string", false],
  started_at: ["timestamp", false],
  ended_at: ["timestamp", false],
  duration_s: ["double", false],
  ring_attempts: ["int32", true],
  first_ring_at: ["timestamp", false],
  answered_at: ["timestamp", false],
  time_to_answer_s: ["double", false],
  talk_s: ["double", false],
  final_state: ["string", true],
  answered: ["boolean", false],
  hanged_by: ["string", false],
  hanged_value: ["string", false],
  hanged_user: ["string", false],
  operator: ["string", false],
  campaign_id: ["string", false],
  contact_id: ["string", false],
  trace_id: ["string", false],
  audio_url: ["string", false],
  anomalies: ["string-list", true],
  ring_states: ["string-list", true],
  wait_s: ["double", false],
  closed: ["boolean", false],
};

/** How each per-event column is stored; `true` marks a column that is never null. */
const EVENT_KINDS: Record<keyof EventRow, [ParquetKind, boolean]> = {
  event: ["string", false],
  id: ["string", false],
  timestamp: ["timestamp", true],
  accountcode: ["string", false],
  session_id: ["string", true],
  call_id: ["string", false],
  direction: ["string", false],
  type: ["string", false],
  subtype: ["string", false],
  phase: ["string", false],
  participants: ["int64", false],
  leg: ["string", false],
  state: ["string", false],
  subject_type: ["string", false],
  subject: ["string", false],
  subject_user: ["string", false],
  hanged_by: ["string", false],
  hanged_value: ["string", false],
  hanged_user: ["string", false],
  is_answered: ["boolean", false],
  audio_url: ["string", false],
  campaign_id: ["string", false],
  contact_id: ["string", false],
  trace_id: ["string", false],
  data: ["json", false],
  extra: ["json", false],
  session_status: ["string", true],
  file: ["string", true],
  line: ["int64", true],
};

/** The Parquet columns of `export --format parquet`, in the CSV's order. */
export const CALL_PARQUET_COLUMNS: readonly ParquetColumn[] = CALL_RECORD_COLUMNS.map((name) => {
  const [kind, required] = CALL_KINDS[name];
  return { name, kind, required };
});

/** The Parquet columns of `export --events --format parquet`. */
export const EVENT_PARQUET_COLUMNS: readonly ParquetColumn[] = EVENT_ROW_COLUMNS.map((name) => {
  const [kind, required] = EVENT_KINDS[name];
  return { name, kind, required };
});
