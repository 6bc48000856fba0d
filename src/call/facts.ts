// Call facts stage: the numbers and keys of one session that KPIs, breakdowns and filters need, in one pass.
import { EventColumns } from "../ingest/event-columns.js";
import type { CallType, Direction, PartyType } from "../types.js";
import { talkSpan } from "./talk.js";
import type { RingAttempt, Timeline } from "./timeline.js";

/** One session's facts; times in epoch ms, lengths in seconds, null where unknown or not applicable. */
export interface CallFacts {
  direction: Direction;
  type: CallType;
  subtype: string | null;
  accountcode: string;
  /** `phase` of START (of the first event when START is missing). */
  phase: string | null;
  campaignId: string | null;
  /** START's time; the first event's when START is missing. */
  at: number;
  answered: boolean;
  hangedBy: PartyType | null;
  /** subject_user (else subject) of the first SIP party that JOINed, as export's `operator`. */
  operator: string | null;
  /** The operator who hung up: COMPLETED hanged_user (else hanged_value) when hanged_by is sip. */
  hangupOperator: string | null;
  /** START -> COMPLETED. */
  durationS: number | null;
  /** START -> first RING. */
  setupS: number | null;
  /** START -> first RINGRESULT ANSWER (of any leg). */
  answerS: number | null;
  /**
   * Length of the talk window (callrecord.ts); null when two parties were never joined at once. Worked out
   * for answered and autodialer calls only (null for others).
   */
  talkS: number | null;
  /** Autodialer calls: a SIP party was one of the two parties of the talk window. */
  talkedToOperator: boolean;
  /** Autodialer calls: a RINGRESULT ANSWER on a leg other than `operator` (the contact picked up). */
  contactReached: boolean;
  /** RINGs before the first RINGRESULT ANSWER, or all RINGs when there is none. */
  ringsBeforeAnswer: number;
  /** The timeline's ring attempts (RING/RINGRESULT pairs), not copied. */
  attempts: readonly RingAttempt[];
  /** Per RING to a SIP party that did not end in ANSWER: that party's operator key, or null when unknown. */
  missedOperatorRings: (string | null)[];
}

const NONE: (string | null)[] = [];

/** The columns callFacts fills from the timeline's events when it is given none. */
const ownColumns = new EventColumns();

/**
 * The facts of one session (complete or not), from its events as `columns` (the ones its timeline was built
 * from; filled from the timeline's events when not given). The per-operator missed rings are worked out only
 * when `operatorRings` is set (the operator breakdown needs them); otherwise missedOperatorRings is empty.
 */
export function callFacts(
  timeline: Timeline,
  operatorRings = false,
  columns: EventColumns = ownColumns.fill(timeline.events),
): CallFacts {
  const c = columns;
  const { outcome } = timeline;
  const started = timeline.startedAt;
  const head = c.length === 0 ? -1 : c.event[0] === "START" ? 0 : firstStart(c);
  let firstRing: number | undefined;
  let firstAnswer: number | undefined;
  let ringsBeforeAnswer = 0;
  let operator: string | null = null;
  let partyByCallId: Map<string, string | null> | undefined;
  const ringsToSip: boolean[] | undefined = operatorRings ? [] : undefined;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "RING") {
      firstRing ??= c.ts[i];
      if (firstAnswer === undefined) ringsBeforeAnswer += 1;
      const leg = c.leg[i];
      ringsToSip?.push(leg === "operator" || (leg === undefined && c.phase[i]?.endsWith("tosip") === true));
    } else if (name === "RINGRESULT") {
      if (firstAnswer === undefined && c.state[i] === "ANSWER") firstAnswer = c.ts[i];
    } else if (name === "JOIN" || (operatorRings && (name === "READY" || name === "LEAVE"))) {
      const key = c.subject_type[i] === "sip" ? (c.subject_user[i] ?? (c.subject[i] as string)) : null;
      if (name === "JOIN" && key !== null) operator ??= key;
      const callId = c.call_id[i];
      if (operatorRings && callId !== undefined) {
        partyByCallId ??= new Map();
        if (!partyByCallId.has(callId)) partyByCallId.set(callId, key);
      }
    }
  }
  const answered = outcome?.isAnswered === true;
  const autodialer = timeline.type === "autodialer";
  // The talk window is only needed for answered calls (talk time) and autodialer calls (connected).
  const talk = answered || autodialer ? talkSpan(c) : undefined;
  return {
    direction: timeline.direction,
    type: timeline.type,
    subtype: timeline.subtype ?? null,
    accountcode: timeline.accountcode,
    phase: head === -1 ? null : (c.phase[head] ?? null),
    campaignId: timeline.campaignId ?? null,
    at: started ?? (c.ts[head] as number),
    answered,
    hangedBy: outcome?.hangedBy ?? null,
    operator,
    hangupOperator: outcome?.hangedBy === "sip" ? (outcome.hangedUser ?? outcome.hangedValue) : null,
    durationS: span(started, outcome?.at),
    setupS: span(started, firstRing),
    answerS: span(started, firstAnswer),
    talkS: talk === undefined ? null : span(c.ts[talk.start], talk.end === -1 ? undefined : c.ts[talk.end]),
    talkedToOperator: talk?.parties.some((p) => p.type === "sip") === true,
    contactReached:
      autodialer && timeline.ringAttempts.some((a) => a.state === "ANSWER" && a.leg !== "operator"),
    ringsBeforeAnswer,
    attempts: timeline.ringAttempts,
    missedOperatorRings:
      ringsToSip === undefined ? NONE : missedRings(timeline.ringAttempts, ringsToSip, partyByCallId),
  };
}

/** The first START of the columns, else the first event. */
function firstStart(c: EventColumns): number {
  for (let i = 1; i < c.length; i += 1) if (c.event[i] === "START") return i;
  return 0;
}

/**
 * RINGs to an operator that did not end in ANSWER. A RING is for the party whose READY, JOIN or LEAVE first
 * carries its call_id (as the timeline command shows it): an operator when that party is SIP. With no such
 * party, it is for an unknown operator (null) when its leg is `operator` or, without a leg, its phase ends in
 * `tosip`.
 */
function missedRings(
  attempts: readonly RingAttempt[],
  ringsToSip: readonly boolean[],
  partyByCallId: Map<string, string | null> | undefined,
): (string | null)[] {
  const missed: (string | null)[] = [];
  let ringIndex = 0;
  // Attempts opened by a RING are in RING order (timeline.ts), so the n-th of them is the n-th RING.
  for (const attempt of attempts) {
    if (attempt.ringAt === undefined) continue;
    const toSip = ringsToSip[ringIndex] === true;
    ringIndex += 1;
    if (attempt.state === "ANSWER") continue;
    const party = attempt.callId === undefined ? undefined : partyByCallId?.get(attempt.callId);
    if (party !== undefined) {
      if (party !== null) missed.push(party);
    } else if (toSip) missed.push(null);
  }
  return missed;
}

function span(from: number | undefined, to: number | undefined): number | null {
  return from === undefined || to === undefined ? null : (to - from) / 1000;
}
