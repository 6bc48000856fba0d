// Lifecycle stage: the rules of the reference that span the events of one session, checked on its timeline.
import type { Problem, SourcedEvent } from "../types.js";
import type { Timeline } from "./timeline.js";

/** Limits of the lifecycle rules. */
export interface LifecycleOptions {
  /** A session whose events span more than this is reported (session-too-long). */
  maxCallMs: number;
}

const STABLE_ATTRIBUTES = ["accountcode", "direction", "type", "subtype"] as const;
const NONE: readonly SourcedEvent[] = [];

/** Every lifecycle finding of one finalised session, each at the line of the event that shows it. */
export function checkLifecycle(timeline: Timeline, options: LifecycleOptions): Problem[] {
  const findings: Problem[] = [];
  const { events, sessionId } = timeline;
  const at = (item: SourcedEvent | undefined, code: string, message: string): void => {
    const where = item ?? (events[0] as SourcedEvent);
    findings.push({ code, file: where.file, line: where.line, sessionId, eventId: where.event.id, message });
  };
  let start: SourcedEvent | undefined;
  let completed: SourcedEvent | undefined;
  let extraStarts: SourcedEvent[] | undefined;
  let extraCompletes: SourcedEvent[] | undefined;
  for (const item of events) {
    const name = item.event.event;
    if (name === "START") {
      if (start === undefined) start = item;
      else if (extraStarts === undefined) extraStarts = [item];
      else extraStarts.push(item);
    } else if (name === "COMPLETED") {
      if (completed === undefined) completed = item;
      else if (extraCompletes === undefined) extraCompletes = [item];
      else extraCompletes.push(item);
    }
  }
  const { early, late, changed } = outliers(events, start, completed);

  if (start === undefined) at(undefined, "start-missing", `session ${sessionId} has no START`);
  for (const extra of extraStarts ?? NONE)
    at(extra, "start-duplicate", `session ${sessionId} has a second START`);
  if (start !== undefined && early !== undefined)
    at(early, "start-not-first", `${early.event.event} is ${seconds(start.ts - early.ts)} before START`);
  if (completed === undefined) {
    at(undefined, "incomplete-session", `session ${sessionId} has no COMPLETED (the dump may end mid-call)`);
  }
  for (const extra of extraCompletes ?? NONE) {
    at(extra, "completed-duplicate", `session ${sessionId} has a second COMPLETED`);
  }
  if (completed !== undefined && late !== undefined)
    at(
      late,
      "completed-not-last",
      `${late.event.event} is ${seconds(late.ts - completed.ts)} after COMPLETED`,
    );

  for (const attempt of timeline.ringAttempts) {
    if (attempt.ring === undefined && attempt.result !== undefined) {
      const item = events.find((e) => e.line === attempt.result?.line && e.file === attempt.result.file);
      const id = attempt.callId === undefined ? "" : ` with call_id ${attempt.callId}`;
      at(item, "ringresult-without-ring", `RINGRESULT ${attempt.state ?? ""} answers no earlier RING${id}`);
    } else if (attempt.result === undefined && attempt.ring !== undefined && completed !== undefined) {
      const item = events.find((e) => e.line === attempt.ring?.line && e.file === attempt.ring.file);
      const id = attempt.callId === undefined ? "" : ` with call_id ${attempt.callId}`;
      at(item, "ring-without-result", `RING${id} has no RINGRESULT before the session completed`);
    }
  }

  checkParties(events, at);
  checkOutcome(timeline, completed, at);

  const head = events[0] as SourcedEvent;
  STABLE_ATTRIBUTES.forEach((name, i) => {
    const item = changed[i];
    if (item === undefined) return;
    const from = JSON.stringify(head.event[name] ?? null);
    const to = JSON.stringify(item.event[name] ?? null);
    at(item, "attribute-changed", `${name} changes within session ${sessionId}: ${from} then ${to}`);
  });
  const last = events[events.length - 1] as SourcedEvent;
  if (last.ts - head.ts > options.maxCallMs) {
    at(
      last,
      "session-too-long",
      `session ${sessionId} spans ${seconds(last.ts - head.ts)}, over --max-call-length`,
    );
  }
  return findings;
}

/** The events the order and stability rules point at, found in one pass. */
interface Outliers {
  /** The first event before START. */
  early?: SourcedEvent;
  /** The first event after COMPLETED. */
  late?: SourcedEvent;
  /** Per STABLE_ATTRIBUTES name: the first event whose value differs from the first event's. */
  changed: (SourcedEvent | undefined)[];
}

function outliers(
  events: readonly SourcedEvent[],
  start: SourcedEvent | undefined,
  completed: SourcedEvent | undefined,
): Outliers {
  const found: Outliers = { changed: [undefined, undefined, undefined, undefined] };
  const head = (events[0] as SourcedEvent).event;
  const startTs = start === undefined ? Number.NEGATIVE_INFINITY : start.ts;
  const completedTs = completed === undefined ? Number.POSITIVE_INFINITY : completed.ts;
  const changed = found.changed;
  for (const item of events) {
    const e = item.event;
    if (item.ts < startTs) found.early ??= item;
    if (item.ts > completedTs) found.late ??= item;
    // In STABLE_ATTRIBUTES order.
    if (e.accountcode !== head.accountcode) changed[0] ??= item;
    if (e.direction !== head.direction) changed[1] ??= item;
    if (e.type !== head.type) changed[2] ??= item;
    if (e.subtype !== head.subtype) changed[3] ??= item;
  }
  return found;
}

type Report = (item: SourcedEvent | undefined, code: string, message: string) => void;

/** READY before JOIN, JOIN before LEAVE per subject; participants consistent with the running count. */
function checkParties(events: readonly SourcedEvent[], at: Report): void {
  const ready = new Set<string>();
  const joined = new Map<string, number>();
  let inConversation = 0;
  for (const item of events) {
    const e = item.event;
    if (e.event !== "READY" && e.event !== "JOIN" && e.event !== "LEAVE") continue;
    const key = `${e.subject_type}\u0000${e.subject}`;
    const before = inConversation;
    if (e.event === "READY") {
      ready.add(key);
      continue;
    }
    if (e.event === "JOIN") {
      if (!ready.has(key)) at(item, "join-without-ready", `JOIN of ${who(item)} without an earlier READY`);
      joined.set(key, (joined.get(key) ?? 0) + 1);
      inConversation += 1;
    } else {
      const times = joined.get(key) ?? 0;
      if (times === 0) {
        at(item, "leave-without-join", `LEAVE of ${who(item)}, who has not joined`);
        continue;
      }
      joined.set(key, times - 1);
      inConversation -= 1;
    }
    // The reference does not say whether participants counts the joining/leaving party: accept both.
    if (e.participants !== undefined && e.participants !== inConversation && e.participants !== before) {
      at(
        item,
        "participants-mismatch",
        `${e.event} of ${who(item)} says participants ${e.participants}, but ${before} had joined before it and ${inConversation} after`,
      );
    }
  }
}

/** How a finding names the party of a READY, JOIN or LEAVE. */
function who(item: SourcedEvent): string {
  return `${item.event.subject_type} ${item.event.subject}`;
}

/** COMPLETED is_answered agrees with ANSWERs and joins; audio_url only when answered. */
function checkOutcome(timeline: Timeline, completed: SourcedEvent | undefined, at: Report): void {
  const outcome = timeline.outcome;
  if (outcome === undefined || completed === undefined) return;
  const answered = timeline.ringAttempts.some((a) => a.state === "ANSWER");
  const joins = timeline.events.filter((e) => e.event.event === "JOIN").length;
  if (outcome.isAnswered && !answered && joins === 0) {
    at(
      completed,
      "answered-without-answer",
      "is_answered is true, but no RINGRESULT was ANSWER and nobody joined",
    );
  }
  if (!outcome.isAnswered && answered && maxInConversation(timeline.events) >= 2) {
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

function maxInConversation(events: readonly SourcedEvent[]): number {
  let now = 0;
  let most = 0;
  for (const { event } of events) {
    if (event.event === "JOIN") now += 1;
    else if (event.event === "LEAVE") now = Math.max(0, now - 1);
    if (now > most) most = now;
  }
  return most;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)} s`;
}
