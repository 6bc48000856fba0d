// The timeline command: scan the inputs, keep one session, and lay it out as a ladder of events from START.

import { checkLifecycle, type LifecycleOptions } from "../call/lifecycle.js";
import { type CallRecord, callRecord } from "../call/record.js";
import { type PartyRef, partyOf, talkWindow } from "../call/talk.js";
import { buildTimeline, type Timeline } from "../call/timeline.js";
import type { InputSource } from "../ingest/read.js";
import { type ScanOptions, scanInputs } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import { compareProblems } from "../problems.js";
import type { EventName, LineRef, Problem, SourcedEvent } from "../types.js";

/** Options of one timeline run. */
export interface TimelineOptions extends ScanOptions {
  sessionId: string;
  lifecycle: LifecycleOptions;
}

/** One event of the ladder. Offsets are seconds from START (from the first event when START is missing). */
export interface LadderStep {
  offsetS: number;
  at: string;
  event: EventName;
  id: string;
  file: string;
  line: number;
  /** READY/JOIN/LEAVE: the subject; RING/RINGRESULT: the party that later uses its call_id; COMPLETED: who hung up. */
  party?: PartyRef;
  callId?: string;
  leg?: string;
  phase?: string;
  participants?: number;
  /** RING and RINGRESULT: the 1-based number of their ring attempt. */
  attempt?: number;
  state?: string;
  /** The JOIN that starts the talk window and the event that ends it. */
  talk?: "starts" | "ends";
}

/** One ring attempt: a RING and the RINGRESULT paired with it (either may be missing). */
export interface AttemptView {
  attempt: number;
  callId?: string;
  leg?: string;
  party?: PartyRef;
  ringOffsetS: number | null;
  resultOffsetS: number | null;
  state: string | null;
  /** Seconds from RING to RINGRESULT. */
  ringingS: number | null;
}

/** The talk window as offsets; `toOffsetS` null when the session ends before it does. */
export interface TalkView {
  fromOffsetS: number;
  toOffsetS: number | null;
  seconds: number | null;
  parties: PartyRef[];
}

/** One call laid out for reading: its export row, the ladder, ring attempts, talk window and findings. */
export interface TimelineView {
  timelineVersion: 1;
  call: CallRecord;
  origin: "START" | "first event";
  steps: LadderStep[];
  ringAttempts: AttemptView[];
  talk: TalkView | null;
  /** Lifecycle findings of the session (the rules of validate, default severities). */
  findings: Problem[];
  /** Line problems that name this session: conflicting duplicates, late events, schema failures. */
  inputProblems: Problem[];
}

/** The timeline of `options.sessionId`, or null when no event of the inputs has that session_id. */
export async function timelineOf(
  inputs: readonly InputSource[],
  options: TimelineOptions,
): Promise<TimelineView | null> {
  const order = compareProblems(inputs.map((input) => input.name));
  let view: TimelineView | null = null;
  const inputProblems: Problem[] = [];
  const sink = {
    add(problem: Problem): void {
      if (problem.sessionId === options.sessionId) inputProblems.push(problem);
    },
  };
  // Other sessions are dropped as they finalise; a second session with the same id (after its tombstone
  // expired) is ignored: the first one is shown.
  const onSession = (session: Session): void => {
    if (session.sessionId !== options.sessionId || view !== null) return;
    const timeline = buildTimeline(session);
    view = layOut(timeline, checkLifecycle(timeline, options.lifecycle).sort(order));
  };
  await scanInputs(inputs, options, sink, onSession);
  const found = view as TimelineView | null;
  if (found !== null) found.inputProblems = inputProblems.sort(order);
  return found;
}

function layOut(timeline: Timeline, findings: Problem[]): TimelineView {
  const { events } = timeline;
  const origin = timeline.startedAt ?? (events[0] as SourcedEvent).ts;
  const offset = (ms: number): number => (ms - origin) / 1000;
  const byCallId = new Map<string, PartyRef>();
  for (const item of events) {
    const e = item.event;
    const isParty = e.event === "READY" || e.event === "JOIN" || e.event === "LEAVE";
    if (isParty && e.call_id !== undefined && !byCallId.has(e.call_id))
      byCallId.set(e.call_id, partyOf(item));
  }
  const attemptOf = new Map<string, number>();
  const key = (ref: LineRef): string => `${ref.file}\u0000${ref.line}`;
  const ringAttempts = timeline.ringAttempts.map((a, i): AttemptView => {
    if (a.ring !== undefined) attemptOf.set(key(a.ring), i + 1);
    if (a.result !== undefined) attemptOf.set(key(a.result), i + 1);
    const view: AttemptView = {
      attempt: i + 1,
      ringOffsetS: a.ringAt === undefined ? null : offset(a.ringAt),
      resultOffsetS: a.resultAt === undefined ? null : offset(a.resultAt),
      state: a.state ?? null,
      ringingS: a.ringAt === undefined || a.resultAt === undefined ? null : (a.resultAt - a.ringAt) / 1000,
    };
    if (a.callId !== undefined) view.callId = a.callId;
    if (a.leg !== undefined) view.leg = a.leg;
    const party = a.callId === undefined ? undefined : byCallId.get(a.callId);
    if (party !== undefined) view.party = party;
    return view;
  });
  const talk = talkWindow(events);
  const steps = events.map((item): LadderStep => {
    const e = item.event;
    const step: LadderStep = {
      offsetS: offset(item.ts),
      at: new Date(item.ts).toISOString(),
      event: e.event,
      id: e.id,
      file: item.file,
      line: item.line,
    };
    if (e.event === "READY" || e.event === "JOIN" || e.event === "LEAVE") step.party = partyOf(item);
    else if (e.event === "COMPLETED" && e.hanged_by !== undefined && e.hanged_value !== undefined) {
      step.party = { type: e.hanged_by, subject: e.hanged_value };
      if (e.hanged_user !== undefined) step.party.user = e.hanged_user;
    } else if ((e.event === "RING" || e.event === "RINGRESULT") && e.call_id !== undefined) {
      const party = byCallId.get(e.call_id);
      if (party !== undefined) step.party = party;
    }
    if (e.call_id !== undefined) step.callId = e.call_id;
    if (e.leg !== undefined) step.leg = e.leg;
    if (e.phase !== undefined) step.phase = e.phase;
    if (e.participants !== undefined) step.participants = e.participants;
    const attempt = attemptOf.get(key(item));
    if (attempt !== undefined) step.attempt = attempt;
    if (e.state !== undefined) step.state = e.state;
    if (talk?.start === item) step.talk = "starts";
    else if (talk?.end === item) step.talk = "ends";
    return step;
  });
  return {
    timelineVersion: 1,
    call: callRecord(timeline, findings),
    origin: timeline.startedAt === undefined ? "first event" : "START",
    steps,
    ringAttempts,
    talk:
      talk === undefined
        ? null
        : {
            fromOffsetS: offset(talk.start.ts),
            toOffsetS: talk.end === undefined ? null : offset(talk.end.ts),
            seconds: talk.end === undefined ? null : (talk.end.ts - talk.start.ts) / 1000,
            parties: talk.parties,
          },
    findings,
    inputProblems: [],
  };
}
