// call/ main file — one finalised session in, one typed call timeline out (ring attempts, parties, outcome).

import type { Session } from "../ingest/sessionize.js";
import type { CallType, Direction, LineRef, PartyType, SourcedEvent, TelTelEvent } from "../types.js";

/** One RING and the RINGRESULT that answered it (either may be missing). Times in epoch ms. */
export interface RingAttempt {
  callId?: string;
  leg?: string;
  direction: Direction;
  ringAt?: number;
  resultAt?: number;
  state?: string;
  ring?: LineRef;
  result?: LineRef;
}

/** One party (phone or SIP device) and when it was ready, joined and left. Times in epoch ms. */
export interface Party {
  subjectType: PartyType;
  subject: string;
  subjectUser?: string;
  readyAt?: number;
  joinedAt?: number;
  leftAt?: number;
  joins: number;
}

/** How the call ended, from COMPLETED. */
export interface Outcome {
  isAnswered: boolean;
  hangedBy: PartyType;
  hangedValue: string;
  hangedUser?: string;
  audioUrl?: string;
  at: number;
}

/** One call session from START to COMPLETED as typed data. */
export interface Timeline {
  sessionId: string;
  /** complete: START and COMPLETED seen; incomplete: either is missing. */
  status: "complete" | "incomplete";
  hasStart: boolean;
  hasCompleted: boolean;
  accountcode: string;
  direction: Direction;
  type: CallType;
  subtype?: string;
  startedAt?: number;
  outcome?: Outcome;
  ringAttempts: RingAttempt[];
  campaignId?: string;
  contactId?: string;
  traceId?: string;
  first: LineRef;
  events: SourcedEvent[];
}

/** Builds the timeline of one session whose events are already in order. */
export function buildTimeline(session: Session): Timeline {
  const { events } = session;
  let start: SourcedEvent | undefined;
  let completed: SourcedEvent | undefined;
  let withData = false;
  let campaignId: string | undefined;
  let contactId: string | undefined;
  let traceId: string | undefined;
  for (const item of events) {
    const event = item.event;
    if (event.event === "START") start ??= item;
    else if (event.event === "COMPLETED") completed ??= item;
    const data = event.data;
    if (data === undefined) continue;
    withData = true;
    campaignId ??= data.campaign_id;
    contactId ??= data.contact_id;
    traceId ??= data.trace_id;
  }
  const head = (start ?? (events[0] as SourcedEvent)).event;
  const timeline: Timeline = {
    sessionId: session.sessionId,
    status: start !== undefined && completed !== undefined ? "complete" : "incomplete",
    hasStart: start !== undefined,
    hasCompleted: completed !== undefined,
    accountcode: head.accountcode,
    direction: head.direction,
    type: head.type,
    ringAttempts: pairRings(events),
    first: session.first,
    events,
  };
  if (head.subtype !== undefined) timeline.subtype = head.subtype;
  if (start !== undefined) timeline.startedAt = start.ts;
  if (completed !== undefined) timeline.outcome = toOutcome(completed);
  // As one `??=` per event with data would: the three keys, in this order, once any event has data.
  if (withData) {
    timeline.campaignId = campaignId;
    timeline.contactId = contactId;
    timeline.traceId = traceId;
  }
  return timeline;
}

function toOutcome(item: SourcedEvent): Outcome {
  const e = item.event;
  const outcome: Outcome = {
    isAnswered: e.is_answered === true,
    hangedBy: e.hanged_by as PartyType,
    hangedValue: e.hanged_value as string,
    at: item.ts,
  };
  if (e.hanged_user !== undefined) outcome.hangedUser = e.hanged_user;
  if (e.audio_url !== undefined) outcome.audioUrl = e.audio_url;
  return outcome;
}

/** Pairs each RINGRESULT with the earliest open RING of the same call_id, else the earliest open RING. */
function pairRings(events: readonly SourcedEvent[]): RingAttempt[] {
  const attempts: RingAttempt[] = [];
  const openRings: RingAttempt[] = [];
  for (const item of events) {
    const e = item.event;
    if (e.event === "RING") {
      const attempt = newAttempt(e);
      attempt.ringAt = item.ts;
      attempt.ring = { file: item.file, line: item.line };
      attempts.push(attempt);
      openRings.push(attempt);
    } else if (e.event === "RINGRESULT") {
      let index = e.call_id === undefined ? -1 : openRings.findIndex((a) => a.callId === e.call_id);
      if (index === -1) index = openRings.findIndex((a) => a.callId === undefined || e.call_id === undefined);
      let attempt: RingAttempt;
      if (index === -1) {
        attempt = newAttempt(e);
        attempts.push(attempt);
      } else {
        attempt = openRings[index] as RingAttempt;
        openRings.splice(index, 1);
      }
      attempt.resultAt = item.ts;
      attempt.result = { file: item.file, line: item.line };
      if (e.state !== undefined) attempt.state = e.state;
    }
  }
  return attempts;
}

function newAttempt(e: TelTelEvent): RingAttempt {
  const attempt: RingAttempt = { direction: e.direction };
  if (e.call_id !== undefined) attempt.callId = e.call_id;
  if (e.leg !== undefined) attempt.leg = e.leg;
  return attempt;
}

/**
 * One Party per subject (by type and number), with its first READY and JOIN and its last LEAVE, in the order
 * they first appear. Worked out on demand: no report figure needs it.
 */
export function partiesOf(events: readonly SourcedEvent[]): Party[] {
  const parties = new Map<string, Party>();
  for (const item of events) {
    const e = item.event;
    if (e.event !== "READY" && e.event !== "JOIN" && e.event !== "LEAVE") continue;
    const key = `${e.subject_type}\u0000${e.subject}`;
    let party = parties.get(key);
    if (party === undefined) {
      party = { subjectType: e.subject_type as PartyType, subject: e.subject as string, joins: 0 };
      if (e.subject_user !== undefined) party.subjectUser = e.subject_user;
      parties.set(key, party);
    }
    if (e.event === "READY") party.readyAt ??= item.ts;
    else if (e.event === "JOIN") {
      party.joinedAt ??= item.ts;
      party.joins += 1;
    } else party.leftAt = item.ts;
  }
  return [...parties.values()];
}
