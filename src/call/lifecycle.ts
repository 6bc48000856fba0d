// Lifecycle stage: the rules of the reference that span the events of one session, checked on its columns.
import { EventColumns } from "../ingest/event-columns.js";
import type { Problem } from "../types.js";
import type { Timeline } from "./timeline.js";

/** Limits of the lifecycle rules. */
export interface LifecycleOptions {
  /** A session whose events span more than this is reported (session-too-long). */
  maxCallMs: number;
}

const STABLE_ATTRIBUTES = ["accountcode", "direction", "type", "subtype"] as const;
const NONE: readonly number[] = [];
/** The columns checkLifecycle fills from the timeline's events when it is given none. */
const ownColumns = new EventColumns();

/**
 * Every lifecycle finding of one finalised session, each at the line of the event that shows it; `columns` are
 * the session's events the timeline was built from (filled from its events when not given). An event's id is
 * read from the timeline's events, so they are made only for a session with a finding.
 */
export function checkLifecycle(
  timeline: Timeline,
  options: LifecycleOptions,
  columns: EventColumns = ownColumns.fill(timeline.events),
): Problem[] {
  const c = columns;
  const findings: Problem[] = [];
  const { sessionId } = timeline;
  // Event `i` (-1: the first event) shows the finding.
  const at = (i: number, code: string, message: string): void => {
    const k = i === -1 ? 0 : i;
    const eventId = timeline.events[k]?.event.id as string;
    findings.push({
      code,
      file: c.file[k] as string,
      line: c.line[k] as number,
      sessionId,
      eventId,
      message,
    });
  };
  let start = -1;
  let completed = -1;
  let extraStarts: number[] | undefined;
  let extraCompletes: number[] | undefined;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "START") {
      if (start === -1) start = i;
      else if (extraStarts === undefined) extraStarts = [i];
      else extraStarts.push(i);
    } else if (name === "COMPLETED") {
      if (completed === -1) completed = i;
      else if (extraCompletes === undefined) extraCompletes = [i];
      else extraCompletes.push(i);
    }
  }
  const { early, late, changed } = outliers(c, start, completed);
  const ts = (i: number): number => c.ts[i] as number;

  if (start === -1) at(-1, "start-missing", `session ${sessionId} has no START`);
  for (const extra of extraStarts ?? NONE)
    at(extra, "start-duplicate", `session ${sessionId} has a second START`);
  if (start !== -1 && early !== -1)
    at(early, "start-not-first", `${c.event[early]} is ${seconds(ts(start) - ts(early))} before START`);
  if (completed === -1) {
    at(-1, "incomplete-session", `session ${sessionId} has no COMPLETED (the dump may end mid-call)`);
  }
  for (const extra of extraCompletes ?? NONE) {
    at(extra, "completed-duplicate", `session ${sessionId} has a second COMPLETED`);
  }
  if (completed !== -1 && late !== -1)
    at(
      late,
      "completed-not-last",
      `${c.event[late]} is ${seconds(ts(late) - ts(completed))} after COMPLETED`,
    );

  for (const attempt of timeline.ringAttempts) {
    if (attempt.ring === undefined && attempt.result !== undefined) {
      const { file, line } = attempt.result;
      const id = attempt.callId === undefined ? "" : ` with call_id ${attempt.callId}`;
      at(
        indexOf(c, file, line),
        "ringresult-without-ring",
        `RINGRESULT ${attempt.state ?? ""} answers no earlier RING${id}`,
      );
    } else if (attempt.result === undefined && attempt.ring !== undefined && completed !== -1) {
      const { file, line } = attempt.ring;
      const id = attempt.callId === undefined ? "" : ` with call_id ${attempt.callId}`;
      at(
        indexOf(c, file, line),
        "ring-without-result",
        `RING${id} has no RINGRESULT before the session completed`,
      );
    }
  }

  checkParties(c, at);
  checkOutcome(timeline, c, completed, at);

  STABLE_ATTRIBUTES.forEach((name, k) => {
    const i = changed[k] as number;
    if (i === -1) return;
    const from = JSON.stringify(c[name][0] ?? null);
    const to = JSON.stringify(c[name][i] ?? null);
    at(i, "attribute-changed", `${name} changes within session ${sessionId}: ${from} then ${to}`);
  });
  const last = c.length - 1;
  if (ts(last) - ts(0) > options.maxCallMs) {
    at(
      last,
      "session-too-long",
      `session ${sessionId} spans ${seconds(ts(last) - ts(0))}, over --max-call-length`,
    );
  }
  return findings;
}

/** The first event of `file` at `line`, or -1. */
function indexOf(c: EventColumns, file: string, line: number): number {
  for (let i = 0; i < c.length; i += 1) if (c.line[i] === line && c.file[i] === file) return i;
  return -1;
}

/** The events the order and stability rules point at (-1: none), found in one pass. */
interface Outliers {
  /** The first event before START. */
  early: number;
  /** The first event after COMPLETED. */
  late: number;
  /** Per STABLE_ATTRIBUTES name: the first event whose value differs from the first event's. */
  changed: number[];
}

function outliers(c: EventColumns, start: number, completed: number): Outliers {
  const found: Outliers = { early: -1, late: -1, changed: [-1, -1, -1, -1] };
  const startTs = start === -1 ? Number.NEGATIVE_INFINITY : (c.ts[start] as number);
  const completedTs = completed === -1 ? Number.POSITIVE_INFINITY : (c.ts[completed] as number);
  const changed = found.changed;
  for (let i = 0; i < c.length; i += 1) {
    const ts = c.ts[i] as number;
    if (ts < startTs && found.early === -1) found.early = i;
    if (ts > completedTs && found.late === -1) found.late = i;
    // In STABLE_ATTRIBUTES order.
    if (c.accountcode[i] !== c.accountcode[0] && changed[0] === -1) changed[0] = i;
    if (c.direction[i] !== c.direction[0] && changed[1] === -1) changed[1] = i;
    if (c.type[i] !== c.type[0] && changed[2] === -1) changed[2] = i;
    if (c.subtype[i] !== c.subtype[0] && changed[3] === -1) changed[3] = i;
  }
  return found;
}

type Report = (i: number, code: string, message: string) => void;

/** READY before JOIN, JOIN before LEAVE per subject; participants consistent with the running count. */
function checkParties(c: EventColumns, at: Report): void {
  const ready = new Set<string>();
  const joined = new Map<string, number>();
  let inConversation = 0;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name !== "READY" && name !== "JOIN" && name !== "LEAVE") continue;
    const key = `${c.subject_type[i]}\u0000${c.subject[i]}`;
    const before = inConversation;
    if (name === "READY") {
      ready.add(key);
      continue;
    }
    if (name === "JOIN") {
      if (!ready.has(key)) at(i, "join-without-ready", `JOIN of ${who(c, i)} without an earlier READY`);
      joined.set(key, (joined.get(key) ?? 0) + 1);
      inConversation += 1;
    } else {
      const times = joined.get(key) ?? 0;
      if (times === 0) {
        at(i, "leave-without-join", `LEAVE of ${who(c, i)}, who has not joined`);
        continue;
      }
      joined.set(key, times - 1);
      inConversation -= 1;
    }
    // The reference does not say whether participants counts the joining/leaving party: accept both.
    const participants = c.participants[i];
    if (participants !== undefined && participants !== inConversation && participants !== before) {
      at(
        i,
        "participants-mismatch",
        `${name} of ${who(c, i)} says participants ${participants}, but ${before} had joined before it and ${inConversation} after`,
      );
    }
  }
}

/** How a finding names the party of a READY, JOIN or LEAVE. */
function who(c: EventColumns, i: number): string {
  return `${c.subject_type[i]} ${c.subject[i]}`;
}

/** COMPLETED is_answered agrees with ANSWERs and joins; audio_url only when answered. */
function checkOutcome(timeline: Timeline, c: EventColumns, completed: number, at: Report): void {
  const outcome = timeline.outcome;
  if (outcome === undefined || completed === -1) return;
  const answered = timeline.ringAttempts.some((a) => a.state === "ANSWER");
  let joins = 0;
  for (let i = 0; i < c.length; i += 1) if (c.event[i] === "JOIN") joins += 1;
  if (outcome.isAnswered && !answered && joins === 0) {
    at(
      completed,
      "answered-without-answer",
      "is_answered is true, but no RINGRESULT was ANSWER and nobody joined",
    );
  }
  if (!outcome.isAnswered && answered && maxInConversation(c) >= 2) {
    at(
      completed,
      "answer-not-flagged",
      "is_answered is false, but a RING was answered and two parties talked",
    );
  }
  if (outcome.audioUrl !== undefined && !outcome.isAnswered) {
    at(completed, "audio-url-unanswered", "audio_url is set on a call that was not answered");
  }
}

function maxInConversation(c: EventColumns): number {
  let now = 0;
  let most = 0;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    if (name === "JOIN") now += 1;
    else if (name === "LEAVE") now = Math.max(0, now - 1);
    if (now > most) most = now;
  }
  return most;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)} s`;
}
