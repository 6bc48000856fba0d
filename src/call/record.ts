// Call record stage: one finalised session's timeline and lifecycle findings as one flat per-call row.
import { EventColumns } from "../ingest/event-columns.js";
import type { CallType, Direction, PartyType, Problem } from "../types.js";
import { talkSpan } from "./talk.js";
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
  /** The `state` of each RINGRESULT, in timeline order (appended after the older columns, so positional CSV readers keep working). */
  ring_states: string[];
  /**
   * Inbound calls: START to the first RINGRESULT ANSWER when answered, START to COMPLETED when the caller hung
   * up unanswered; null otherwise (report/waits.ts's wait, appended last like ring_states).
   */
  wait_s: number | null;
  /** Inbound calls with export --open-hours: the call started while closed; null otherwise. */
  closed: boolean | null;
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
  "wait_s",
  "closed",
];

/** The columns callRecord fills from the timeline's events when it is given none. */
const ownColumns = new EventColumns();

/**
 * The flat per-call row of one session; `findings` are its lifecycle findings (checkLifecycle), `columns` the
 * session's events its timeline was built from (filled from its events when not given). Instants are ISO 8601
 * text unless `instant` writes them otherwise (Parquet takes the epoch ms as they are).
 */
export function callRecord(
  timeline: Timeline,
  findings: readonly Problem[],
  instant?: undefined,
  columns?: EventColumns,
): CallRecord;
export function callRecord<Instant>(
  timeline: Timeline,
  findings: readonly Problem[],
  instant: (ms: number) => Instant,
  columns?: EventColumns,
): CallRecord<Instant>;
export function callRecord<Instant>(
  timeline: Timeline,
  findings: readonly Problem[],
  instant: ((ms: number) => Instant) | undefined,
  columns: EventColumns = ownColumns.fill(timeline.events),
): CallRecord<Instant> {
  const write = instant ?? (isoText as (ms: number) => Instant);
  const at = (ms: number | undefined): Instant | null => (ms === undefined ? null : write(ms));
  const c = columns;
  const { outcome } = timeline;
  const started = timeline.startedAt;
  const ended = outcome?.at;
  let rings = 0;
  let firstRingAt: number | undefined;
  let answer = -1;
  let lastResult = -1;
  let operator = -1;
  const ringStates: string[] = [];
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "RING") {
      rings += 1;
      firstRingAt ??= c.ts[i];
    } else if (name === "RINGRESULT") {
      const state = c.state[i];
      if (answer === -1 && state === "ANSWER") answer = i;
      lastResult = i;
      // A state missing or not text is possible only with a custom --schema.
      ringStates.push(typeof state === "string" ? state : "none");
    } else if (name === "JOIN" && operator === -1 && c.subject_type[i] === "sip") operator = i;
  }
  const answeredAt = answer === -1 ? undefined : c.ts[answer];
  const finalResult = answer === -1 ? lastResult : answer;
  const talk = talkSpan(c);
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
    ring_attempts: rings,
    first_ring_at: at(firstRingAt),
    answered_at: at(answeredAt),
    time_to_answer_s: span(started, answeredAt),
    talk_s: talk === undefined ? null : span(c.ts[talk.start], talk.end === -1 ? undefined : c.ts[talk.end]),
    final_state: (finalResult === -1 ? undefined : c.state[finalResult]) ?? "none",
    answered: outcome === undefined ? null : outcome.isAnswered,
    hanged_by: outcome?.hangedBy ?? null,
    hanged_value: outcome?.hangedValue ?? null,
    hanged_user: outcome?.hangedUser ?? null,
    operator: operator === -1 ? null : (c.subject_user[operator] ?? c.subject[operator] ?? null),
    campaign_id: timeline.campaignId ?? null,
    contact_id: timeline.contactId ?? null,
    trace_id: timeline.traceId ?? null,
    audio_url: outcome?.audioUrl ?? null,
    anomalies: [...new Set(findings.map((f) => f.code))].sort(),
    ring_states: ringStates,
    wait_s: waitOf(timeline, span(started, answeredAt), span(started, ended)),
    closed: null,
  };
}

/** The wait of an inbound call: time to answer when answered, the duration when the caller hung up unanswered. */
function waitOf(timeline: Timeline, toAnswer: number | null, duration: number | null): number | null {
  const { outcome } = timeline;
  if (timeline.direction !== "inbound" || outcome === undefined) return null;
  if (outcome.isAnswered) return toAnswer;
  return outcome.hangedBy === "phone" ? duration : null;
}

function isoText(ms: number): string {
  return new Date(ms).toISOString();
}

function span(from: number | undefined, to: number | undefined): number | null {
  return from === undefined || to === undefined ? null : (to - from) / 1000;
}
