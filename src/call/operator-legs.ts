// Operator legs stage: what each operator (SIP user) did in one call — rings offered, answered and missed,
// talk, first and last event — read from the session's columns for the operator scorecard.
import type { EventColumns } from "../ingest/event-columns.js";
import type { RingAttempt } from "./timeline.js";

/** One operator's part in one call; times in epoch ms. */
export interface OperatorLeg {
  /** subject_user (else subject) of the SIP party, as the operator breakdown keys it. */
  operator: string;
  /** RINGs to this operator (paired with their party by call_id, see partyOfRings). */
  ringsOffered: number;
  /** Of those, the RINGs whose RINGRESULT is ANSWER. */
  ringsAnswered: number;
  /** Of those, the RINGs not ending in ANSWER: the operator breakdown's missedRings (rule `every`). */
  missedEvery: number;
  /** Ring groups nobody answered whose first RING to a named operator was this operator's (rule `first`). */
  missedFirst: number;
  /** The operator was joined while at least one other party was joined. */
  handled: boolean;
  /** Time joined with at least one other party joined; 0 when not handled. */
  talkMs: number;
  /** When that time began first and ended last (NaN when not handled). */
  talkStart: number;
  talkEnd: number;
  /** The operator's first and last event in the call (their READY/JOIN/LEAVE, their RINGs and RINGRESULTs). */
  firstAt: number;
  lastAt: number;
}

/** One call's operator legs, and its missed rings toward SIP that name no operator under each rule. */
export interface OperatorLegs {
  legs: OperatorLeg[];
  unattributedEvery: number;
  unattributedFirst: number;
}

interface Joined {
  type: string;
  subject: string;
  /** Operator key of a SIP party, else null. */
  operator: string | null;
}

/**
 * The operator legs of one session from its ordered columns and ring attempts. A RING is an operator's when
 * the party whose READY, JOIN or LEAVE first carries the RING's call_id is that operator's SIP device (as
 * callFacts' missedOperatorRings). A ring group is a run of RINGs each starting at or before the latest
 * RINGRESULT of those before it (parallel ringing; a RING without a result rings until COMPLETED).
 */
export function operatorLegs(c: EventColumns, attempts: readonly RingAttempt[]): OperatorLegs {
  const legs = new Map<string, OperatorLeg>();
  const partyByCallId = new Map<string, string | null>();
  const toSip: boolean[] = [];
  const joined: Joined[] = [];
  let prevTs = Number.NaN;
  let endAt = Number.NaN;
  for (let i = 0; i < c.length; i += 1) {
    const ts = c.ts[i] as number;
    // Talk accrues between events for each SIP party joined with another party.
    if (joined.length >= 2) {
      for (const party of joined)
        if (party.operator !== null) talk(legOf(legs, party.operator, ts), prevTs, ts);
    }
    prevTs = ts;
    const name = c.event[i];
    if (name === "RING") {
      const leg = c.leg[i];
      toSip.push(leg === "operator" || (leg === undefined && c.phase[i]?.endsWith("tosip") === true));
    } else if (name === "READY" || name === "JOIN" || name === "LEAVE") {
      const type = c.subject_type[i] as string;
      const subject = c.subject[i] as string;
      const operator = type === "sip" ? (c.subject_user[i] ?? subject) : null;
      if (operator !== null) seen(legOf(legs, operator, ts), ts);
      const callId = c.call_id[i];
      if (callId !== undefined && !partyByCallId.has(callId)) partyByCallId.set(callId, operator);
      const at = joined.findIndex((p) => p.type === type && p.subject === subject);
      if (name === "JOIN" && at === -1) joined.push({ type, subject, operator });
      else if (name === "LEAVE" && at !== -1) joined.splice(at, 1);
    } else if (name === "COMPLETED") {
      endAt = ts;
      break;
    }
  }
  const result: OperatorLegs = { legs: [], unattributedEvery: 0, unattributedFirst: 0 };
  addRings(result, legs, attempts, toSip, partyByCallId, endAt);
  result.legs = [...legs.values()];
  return result;
}

function addRings(
  result: OperatorLegs,
  legs: Map<string, OperatorLeg>,
  attempts: readonly RingAttempt[],
  toSip: readonly boolean[],
  partyByCallId: ReadonlyMap<string, string | null>,
  endAt: number,
): void {
  let ringIndex = 0;
  let groupEnd = Number.NEGATIVE_INFINITY;
  let groupAnswered = false;
  let groupOperator: string | null = null;
  let groupToSip = false;
  const closeGroup = (): void => {
    if (groupAnswered || ringIndex === 0) return;
    if (groupOperator !== null) (legs.get(groupOperator) as OperatorLeg).missedFirst += 1;
    else if (groupToSip) result.unattributedFirst += 1;
  };
  // Attempts opened by a RING are in RING order (timeline.ts), so the n-th of them is the n-th RING.
  for (const attempt of attempts) {
    const ringAt = attempt.ringAt;
    if (ringAt === undefined) continue;
    if (ringAt > groupEnd) {
      closeGroup();
      groupAnswered = false;
      groupOperator = null;
      groupToSip = false;
    }
    const sip = toSip[ringIndex] === true;
    ringIndex += 1;
    const end = attempt.resultAt ?? (Number.isNaN(endAt) ? ringAt : endAt);
    groupEnd = Math.max(groupEnd, end);
    const answered = attempt.state === "ANSWER";
    groupAnswered ||= answered;
    const party = attempt.callId === undefined ? undefined : partyByCallId.get(attempt.callId);
    if (party === undefined || party === null) {
      if (party === undefined && sip) {
        groupToSip = true;
        if (!answered) result.unattributedEvery += 1;
      }
      continue;
    }
    const leg = legOf(legs, party, ringAt);
    seen(leg, ringAt);
    if (attempt.resultAt !== undefined) seen(leg, attempt.resultAt);
    leg.ringsOffered += 1;
    if (answered) leg.ringsAnswered += 1;
    else leg.missedEvery += 1;
    groupOperator ??= party;
  }
  closeGroup();
}

function legOf(legs: Map<string, OperatorLeg>, operator: string, ts: number): OperatorLeg {
  let leg = legs.get(operator);
  if (leg === undefined) {
    leg = {
      operator,
      ringsOffered: 0,
      ringsAnswered: 0,
      missedEvery: 0,
      missedFirst: 0,
      handled: false,
      talkMs: 0,
      talkStart: Number.NaN,
      talkEnd: Number.NaN,
      firstAt: ts,
      lastAt: ts,
    };
    legs.set(operator, leg);
  }
  return leg;
}

function seen(leg: OperatorLeg, ts: number): void {
  if (ts < leg.firstAt) leg.firstAt = ts;
  if (ts > leg.lastAt) leg.lastAt = ts;
}

function talk(leg: OperatorLeg, from: number, to: number): void {
  if (!leg.handled) {
    leg.handled = true;
    leg.talkStart = from;
  }
  leg.talkMs += to - from;
  leg.talkEnd = to;
}
