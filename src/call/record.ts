// Call record stage: one finalised session's timeline and lifecycle findings as one flat per-call row.
import type { CallType, Direction, PartyType, Problem } from "../types.js";
import { talkWindow } from "./talk.js";
import type { Timeline } from "./timeline.js";

/**
 * One call (session) as a flat row; times ISO 8601 UTC (or another form of the instant: `Instant`), durations
 * in seconds, null where unknown.
 */
export interface CallRecord<Instant = string> {
  session_id: string;
  status: "complete" | "incomplete";
  accountcode: string;
  direction: Direction;
  type: CallType;
  subtype: string | null;
  started_at: Instant | null;
  ended_at: Instant | null;
  duration_s: number | null;
  ring_attempts: number;
  first_ring_at: Instant | null;
  answered_at: Instant | null;
  time_to_answer_s: number | null;
  talk_s: number | null;
  final_state: string;
  answered: boolean | null;
  hanged_by: PartyType | null;
  hanged_value: string | null;
  hanged_user: string | null;
  operator: string | null;
  campaign_id: string | null;
  contact_id: string | null;
  trace_id: string | null;
  audio_url: string | null;
  anomalies: string[];
  /** The `state` of each RINGRESULT, in timeline order (appended last, so positional CSV readers keep working). */
  ring_states: string[];
}

/** The columns of a call record, in export order. */
export const CALL_RECORD_COLUMNS: readonly (keyof CallRecord)[] = [
  "session_id",
  "status",
  "accountcode",
  "direction",
  "type",
  "subtype",
  "started_at",
  "ended_at",
  "duration_s",
  "ring_attempts",
  "first_ring_at",
  "answered_at",
  "time_to_answer_s",
  "talk_s",
  "final_state",
  "answered",
  "hanged_by",
  "hanged_value",
  "hanged_user",
  "operator",
  "campaign_id",
  "contact_id",
  "trace_id",
  "audio_url",
  "anomalies",
  "ring_states",
];

/**
 * The flat per-call row of one session; `findings` are its lifecycle findings (checkLifecycle). Instants are
 * ISO 8601 text unless `instant` writes them otherwise (Parquet takes the epoch ms as they are).
 */
export function callRecord(timeline: Timeline, findings: readonly Problem[]): CallRecord;
export function callRecord<Instant>(
  timeline: Timeline,
  findings: readonly Problem[],
  instant: (ms: number) => Instant,
): CallRecord<Instant>;
export function callRecord<Instant>(
  timeline: Timeline,
  findings: readonly Problem[],
  instant: (ms: number) => Instant = isoText as (ms: number) => Instant,
): CallRecord<Instant> {
  const at = (ms: number | undefined): Instant | null => (ms === undefined ? null : instant(ms));
  const { events, outcome } = timeline;
  const started = timeline.startedAt;
  const ended = outcome?.at;
  const rings = events.filter((e) => e.event.event === "RING");
  const results = events.filter((e) => e.event.event === "RINGRESULT");
  const answer = results.find((e) => e.event.state === "ANSWER");
  const talk = talkWindow(events);
  const operator = events.find((e) => e.event.event === "JOIN" && e.event.subject_type === "sip")?.event;
  return {
    session_id: timeline.sessionId,
    status: timeline.status,
    accountcode: timeline.accountcode,
    direction: timeline.direction,
    type: timeline.type,
    subtype: timeline.subtype ?? null,
    started_at: at(started),
    ended_at: at(ended),
    duration_s: span(started, ended),
    ring_attempts: rings.length,
    first_ring_at: at(rings[0]?.ts),
    answered_at: at(answer?.ts),
    time_to_answer_s: span(started, answer?.ts),
    talk_s: talk === undefined ? null : span(talk.start.ts, talk.end?.ts),
    final_state: (answer ?? results[results.length - 1])?.event.state ?? "none",
    answered: outcome === undefined ? null : outcome.isAnswered,
    hanged_by: outcome?.hangedBy ?? null,
    hanged_value: outcome?.hangedValue ?? null,
    hanged_user: outcome?.hangedUser ?? null,
    operator: operator === undefined ? null : (operator.subject_user ?? operator.subject ?? null),
    campaign_id: timeline.campaignId ?? null,
    contact_id: timeline.contactId ?? null,
    trace_id: timeline.traceId ?? null,
    audio_url: outcome?.audioUrl ?? null,
    anomalies: [...new Set(findings.map((f) => f.code))].sort(),
    // A state missing or not text is possible only with a custom --schema.
    ring_states: results.map((e) => (typeof e.event.state === "string" ? e.event.state : "none")),
  };
}

function isoText(ms: number): string {
  return new Date(ms).toISOString();
}

function span(from: number | undefined, to: number | undefined): number | null {
  return from === undefined || to === undefined ? null : (to - from) / 1000;
}
