// Oversized sessions: a session past --max-session-events is finalised with the events it has, and the
// events that keep coming for it are only counted, so one endless session cannot grow memory without bound.
import type { Problem, SourcedEvent } from "../types.js";

/** What is remembered of a session past the cap: a few numbers, never its events. */
interface Overflow {
  /** Where its first event past the cap was. */
  file: string;
  line: number;
  /** Events past the cap so far (not counted as events: they are in input.late). */
  dropped: number;
  /** Newest timestamp among them, for its idle limit (like an open session's). */
  lastTs: number;
}

/** Hears that an oversized session ended (idle), with its newest timestamp, to remember it like a closed one. */
export type EndOversized = (sessionId: string, lastTs: number) => void;

/** The sessions past the cap that are still receiving events. */
export interface OversizedSessions {
  /** Oversized sessions still remembered (almost always none). */
  readonly size: number;
  /** Starts remembering a session just finalised at the cap; `item` is its first event past it. */
  begin(item: SourcedEvent): void;
  /**
   * Counts `item` if its session is past the cap and still active; false when it is not (treat it as usual:
   * an oversized session idle for longer than maxIdleMs is ended first, as by sweep).
   */
  take(item: SourcedEvent, watermark: number, problems: Problem[], end: EndOversized): boolean;
  /** Ends (with its problem) every oversized session idle for longer than maxIdleMs; `end` gets each id. */
  sweep(watermark: number, problems: Problem[], end: EndOversized): void;
  /** End of input: reports every one left. */
  finish(problems: Problem[]): void;
}

/** Remembers sessions past the cap of `maxEvents` until they have been idle for `maxIdleMs`. */
export function createOversizedSessions(maxEvents: number, maxIdleMs: number): OversizedSessions {
  // Kept in order of their newest event (an update moves an entry to the end), so a sweep stops at the first
  // one still active.
  const active = new Map<string, Overflow>();
  const report = (sessionId: string, overflow: Overflow, problems: Problem[]): void => {
    const n = overflow.dropped.toLocaleString("en-US");
    problems.push({
      code: "oversized-session",
      file: overflow.file,
      line: overflow.line,
      sessionId,
      message: `session ${sessionId} has more than ${maxEvents.toLocaleString("en-US")} events (--max-session-events): it was finalised with its first ${maxEvents.toLocaleString("en-US")}, and ${n} later ${overflow.dropped === 1 ? "event was" : "events were"} not counted (input.late)`,
    });
  };
  return {
    get size() {
      return active.size;
    },
    begin(item) {
      active.set(item.event.session_id, { file: item.file, line: item.line, dropped: 1, lastTs: item.ts });
    },
    take(item, watermark, problems, end) {
      // Almost always none: then not even the session_id is hashed here.
      if (active.size === 0) return false;
      const sessionId = item.event.session_id;
      const overflow = active.get(sessionId);
      if (overflow === undefined) return false;
      if (overflow.lastTs + maxIdleMs < watermark) {
        active.delete(sessionId);
        report(sessionId, overflow, problems);
        end(sessionId, overflow.lastTs);
        return false;
      }
      overflow.dropped += 1;
      if (item.ts > overflow.lastTs) {
        overflow.lastTs = item.ts;
        active.delete(sessionId);
        active.set(sessionId, overflow);
      }
      return true;
    },
    sweep(watermark, problems, end) {
      for (const [sessionId, overflow] of active) {
        if (overflow.lastTs + maxIdleMs >= watermark) break;
        active.delete(sessionId);
        report(sessionId, overflow, problems);
        end(sessionId, overflow.lastTs);
      }
    },
    finish(problems) {
      for (const [sessionId, overflow] of active) report(sessionId, overflow, problems);
      active.clear();
    },
  };
}
