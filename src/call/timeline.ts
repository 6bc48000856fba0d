// call/ main file — one finalised session in, one typed call timeline out (ring attempts, parties, outcome).

import { EventColumns } from "../ingest/event-columns.js";
import type { Session } from "../ingest/sessionize.js";
import type { CallType, Direction, LineRef, PartyType, SourcedEvent } from "../types.js";

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

/** The columns buildTimeline fills when it is given none (reused: read them before the next call). */
const ownColumns = new EventColumns();

/**
 * Builds the timeline of one session whose events are already in order, from `columns` filled from it
 * (fillColumns) while it is being handed on: its `events` are then made only if read, and only then. Without
 * columns, from its events.
 */
export function buildTimeline(session: Session, columns?: EventColumns): Timeline {
  // Without columns the events are made (and kept by the session), so the timeline may outlive the handing on.
  const c = columns ?? ownColumns.fill(session.events);
  let start = -1;
  let completed = -1;
  let withData = false;
  let campaignId: string | undefined;
  let contactId: string | undefined;
  let traceId: string | undefined;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "START") {
      if (start === -1) start = i;
    } else if (name === "COMPLETED" && completed === -1) completed = i;
    if (c.hasData[i] === 0) continue;
    withData = true;
    campaignId ??= c.campaign_id[i];
    contactId ??= c.contact_id[i];
    traceId ??= c.trace_id[i];
  }
  const head = start === -1 ? 0 : start;
  const timeline = new SessionTimeline(session, c, head, start, completed);
  const subtype = c.subtype[head];
  if (subtype !== undefined) timeline.subtype = subtype;
  if (start !== -1) timeline.startedAt = c.ts[start];
  if (completed !== -1) timeline.outcome = toOutcome(c, completed);
  // As one `??=` per event with data would: the three keys, in this order, once any event has data.
  if (withData) {
    timeline.campaignId = campaignId;
    timeline.contactId = contactId;
    timeline.traceId = traceId;
  }
  return timeline;
}

/** A timeline whose events are its session's, made only if read. */
class SessionTimeline implements Timeline {
  readonly #session: Session;
  sessionId: string;
  status: "complete" | "incomplete";
  hasStart: boolean;
  hasCompleted: boolean;
  accountcode: string;
  direction: Direction;
  type: CallType;
  ringAttempts: RingAttempt[];
  first: LineRef;
  // Set only when known (as `in` and JSON would see them): declared, not defined.
  declare subtype?: string;
  declare startedAt?: number;
  declare outcome?: Outcome;
  declare campaignId?: string;
  declare contactId?: string;
  declare traceId?: string;

  constructor(session: Session, c: EventColumns, head: number, start: number, completed: number) {
    this.#session = session;
    this.sessionId = session.sessionId;
    this.status = start !== -1 && completed !== -1 ? "complete" : "incomplete";
    this.hasStart = start !== -1;
    this.hasCompleted = completed !== -1;
    this.accountcode = c.accountcode[head] as string;
    this.direction = c.direction[head] as Direction;
    this.type = c.type[head] as CallType;
    this.ringAttempts = pairRings(c);
    this.first = session.first;
  }

  get events(): SourcedEvent[] {
    return this.#session.events;
  }
}

function toOutcome(c: EventColumns, i: number): Outcome {
  const outcome: Outcome = {
    isAnswered: c.is_answered[i] === true,
    hangedBy: c.hanged_by[i] as PartyType,
    hangedValue: c.hanged_value[i] as string,
    at: c.ts[i] as number,
  };
  const hangedUser = c.hanged_user[i];
  if (hangedUser !== undefined) outcome.hangedUser = hangedUser;
  const audioUrl = c.audio_url[i];
  if (audioUrl !== undefined) outcome.audioUrl = audioUrl;
  return outcome;
}

/** Pairs each RINGRESULT with the earliest open RING of the same call_id, else the earliest open RING. */
function pairRings(c: EventColumns): RingAttempt[] {
  const attempts: RingAttempt[] = [];
  const openRings: RingAttempt[] = [];
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "RING") {
      const attempt = newAttempt(c, i);
      attempt.ringAt = c.ts[i];
      attempt.ring = { file: c.file[i] as string, line: c.line[i] as number };
      attempts.push(attempt);
      openRings.push(attempt);
    } else if (name === "RINGRESULT") {
      const callId = c.call_id[i];
      let index = callId === undefined ? -1 : openRings.findIndex((a) => a.callId === callId);
      if (index === -1) index = openRings.findIndex((a) => a.callId === undefined || callId === undefined);
      let attempt: RingAttempt;
      if (index === -1) {
        attempt = newAttempt(c, i);
        attempts.push(attempt);
      } else {
        attempt = openRings[index] as RingAttempt;
        openRings.splice(index, 1);
      }
      attempt.resultAt = c.ts[i];
      attempt.result = { file: c.file[i] as string, line: c.line[i] as number };
      const state = c.state[i];
      if (state !== undefined) attempt.state = state;
    }
  }
  return attempts;
}

function newAttempt(c: EventColumns, i: number): RingAttempt {
  const attempt: RingAttempt = { direction: c.direction[i] as Direction };
  const callId = c.call_id[i];
  if (callId !== undefined) attempt.callId = callId;
  const leg = c.leg[i];
  if (leg !== undefined) attempt.leg = leg;
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
