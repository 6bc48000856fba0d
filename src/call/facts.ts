// Call facts stage: the numbers and keys of one session that KPIs, breakdowns and filters need, in one pass.
import type { CallType, Direction, PartyType } from "../types.js";
import { talkWindow } from "./record.js";
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

/**
 * The facts of one session (complete or not). The per-operator missed rings are worked out only when
 * `operatorRings` is set (the operator breakdown needs them); otherwise missedOperatorRings is empty.
 */
export function callFacts(timeline: Timeline, operatorRings = false): CallFacts {
  const { events, outcome } = timeline;
  const started = timeline.startedAt;
  const first = events[0];
  const head =
    first?.event.event === "START" ? first : (events.find((e) => e.event.event === "START") ?? first);
  let firstRing: number | undefined;
  let firstAnswer: number | undefined;
  let ringsBeforeAnswer = 0;
  let operator: string | null = null;
  let partyByCallId: Map<string, string | null> | undefined;
  const ringsToSip: boolean[] | undefined = operatorRings ? [] : undefined;
  for (const item of events) {
    const e = item.event;
    const name = e.event;
    if (name === "RING") {
      firstRing ??= item.ts;
      if (firstAnswer === undefined) ringsBeforeAnswer += 1;
      ringsToSip?.push(e.leg === "operator" || (e.leg === undefined && e.phase?.endsWith("tosip") === true));
    } else if (name === "RINGRESULT") {
      if (firstAnswer === undefined && e.state === "ANSWER") firstAnswer = item.ts;
    } else if (name === "JOIN" || (operatorRings && (name === "READY" || name === "LEAVE"))) {
      const key = e.subject_type === "sip" ? (e.subject_user ?? (e.subject as string)) : null;
      if (name === "JOIN" && key !== null) operator ??= key;
      if (operatorRings && e.call_id !== undefined) {
        partyByCallId ??= new Map();
        if (!partyByCallId.has(e.call_id)) partyByCallId.set(e.call_id, key);
      }
    }
  }
  const answered = outcome?.isAnswered === true;
  const autodialer = timeline.type === "autodialer";
  // The talk window is only needed for answered calls (talk time) and autodialer calls (connected).
  const talk = answered || autodialer ? talkWindow(events) : undefined;
  return {
    direction: timeline.direction,
    type: timeline.type,
    subtype: timeline.subtype ?? null,
    accountcode: timeline.accountcode,
    phase: head?.event.phase ?? null,
    campaignId: timeline.campaignId ?? null,
    at: started ?? (head?.ts as number),
    answered,
    hangedBy: outcome?.hangedBy ?? null,
    operator,
    hangupOperator: outcome?.hangedBy === "sip" ? (outcome.hangedUser ?? outcome.hangedValue) : null,
    durationS: span(started, outcome?.at),
    setupS: span(started, firstRing),
    answerS: span(started, firstAnswer),
    talkS: talk === undefined ? null : span(talk.start.ts, talk.end?.ts),
    talkedToOperator: talk?.parties.some((p) => p.type === "sip") === true,
    contactReached:
      autodialer && timeline.ringAttempts.some((a) => a.state === "ANSWER" && a.leg !== "operator"),
    ringsBeforeAnswer,
    attempts: timeline.ringAttempts,
    missedOperatorRings:
      ringsToSip === undefined ? NONE : missedRings(timeline.ringAttempts, ringsToSip, partyByCallId),
  };
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
