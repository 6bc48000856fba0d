// The problems the sessionizing stage reports about single lines: late, conflicting, unbelievable.
import type { LineRef, Problem, SourcedEvent } from "../types.js";

/** An event of a session finalised earlier (its tombstone is still there). */
export function lateProblem(item: SourcedEvent): Problem {
  const { event } = item;
  return {
    code: "late-event",
    file: item.file,
    line: item.line,
    sessionId: event.session_id,
    eventId: event.id,
    message: `${event.event} arrived after session ${event.session_id} was finalised (raise --lateness to keep sessions open longer); not counted`,
  };
}

/** An event id seen before in the session, with other content. */
export function conflictProblem(item: SourcedEvent, earlier: LineRef): Problem {
  const { event } = item;
  return {
    code: "conflicting-duplicate",
    file: item.file,
    line: item.line,
    sessionId: event.session_id,
    eventId: event.id,
    message: `event id ${JSON.stringify(event.id)} was already seen at ${earlier.file}:${earlier.line} with different content; this line is ignored`,
  };
}

/** An event far ahead of the stream that no other line confirmed (see watermark.ts). */
export function unbelievableProblem(item: SourcedEvent, watermark: number, maxIdleMs: number): Problem {
  const { event } = item;
  const behind = Number.isFinite(watermark)
    ? ` (the other lines had reached ${new Date(watermark).toISOString()})`
    : "";
  return {
    code: "unbelievable-timestamp",
    file: item.file,
    line: item.line,
    pointer: "/timestamp",
    sessionId: event.session_id,
    eventId: event.id,
    message: `${event.event} "timestamp" ${event.timestamp} is more than ${duration(maxIdleMs)} ahead of the stream${behind} and no other line confirmed it; not counted`,
  };
}

/** A whole number of hours, minutes or seconds, as a message says it. */
function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
