// Sessionizing stage: groups events by session_id, drops retries, and finalises sessions in bounded memory.
import type { Problem, SourcedEvent } from "../types.js";
import { createLoneEvents } from "./lone-events.js";
import { MinHeap } from "./min-heap.js";
import {
  completedAtOf,
  findById,
  lastTsOf,
  OpenSession,
  type Session,
  type Slot,
  toSession,
} from "./open-session.js";
import { createOversizedSessions } from "./oversized.js";
import { sameEvent } from "./same-event.js";
import { PACK_AFTER_OPENED, type SessionizeOptions } from "./session-options.js";
import { conflictProblem, lateProblem, unbelievableProblem } from "./session-problems.js";
import { createWatermark, type WatermarkDecisions } from "./watermark.js";

export { sameEvent } from "./same-event.js";
export { DEFAULT_SESSIONIZE_OPTIONS, type SessionizeOptions } from "./session-options.js";
/** The finalised session, as this stage hands it on. */
export type { Session };

/**
 * What happened to one pushed event: "unbelievable" is rejected (its clock is far ahead of the stream);
 * "oversized" arrived for a session already finalised at --max-session-events (counted as late).
 */
export type PushOutcome = "accepted" | "duplicate" | "conflict" | "late" | "unbelievable" | "oversized";

/** Where the sessionizer hands what it decides: finalised sessions, problems, and the outcome of held events. */
export interface SessionizerOutput {
  finalised: Session[];
  problems: Problem[];
  /** Events that were held (push returned "held"), with what became of them once the watermark decided. */
  decided: { item: SourcedEvent; outcome: PushOutcome }[];
  /**
   * Hands on what the lists hold so far; called while many sessions are finalised at once (end of input, an
   * idle sweep), so they are not all held together.
   */
  flush?: () => void;
}

/** A streaming grouper: push events in input order, collect finalised sessions, finish at end of input. */
export interface Sessionizer {
  /** Whether a line at `ts` this partition does not push needs its event id and session passed to observe. */
  wantsIdentity(ts: number): boolean;
  /**
   * Moves the watermark by a line this partition does not push (another partition's, or a rejected one:
   * no id); call it for every such line with a timestamp, in input order, in every partition.
   */
  observe(ts: number, id?: string, sessionId?: string): void;
  /**
   * Moves the watermark by the event's line (`lineTs`: the time every partition saw for it) and adds the
   * event; "held" when its clock is far ahead and it waits for the lines after it (see watermark.ts).
   */
  push(item: SourcedEvent, lineTs?: number): PushOutcome | "held";
  finish(): void;
  readonly openSessions: number;
  /** Open sessions whose lone event is kept packed (counted on each read: for tests and diagnostics). */
  readonly packedSessions: number;
  /** The watermark: the newest believed timestamp observed so far (-Infinity before the first). */
  readonly watermark: number;
}

const SWEEP_EVERY_MS = 60_000;
/** Finalised sessions listed before they are handed on (out.flush). */
const FLUSH_EVERY = 1024;
/** Events a session holds before its ids are indexed in a Map. */
const INDEX_IDS_FROM = 32;

/** Creates the sessionizer for one run (one per worker when parallel), handing its results to `out`. */
export function createSessionizer(options: SessionizeOptions, out: SessionizerOutput): Sessionizer {
  const { finalised, problems } = out;
  const open = new Map<string, Slot>();
  const lone = createLoneEvents(open, options.packAfterOpened ?? PACK_AFTER_OPENED);
  const tombstones = new Map<string, number>();
  const deadlines = new MinHeap();
  const oversized = createOversizedSessions(options.maxSessionEvents, options.maxIdleMs);
  const clock = createWatermark<SourcedEvent>(options.latenessMs, options.maxIdleMs);
  const decisions: WatermarkDecisions<SourcedEvent> = { released: [], unbelievable: [] };
  let watermark = Number.NEGATIVE_INFINITY;
  let nextSweep = Number.NEGATIVE_INFINITY;
  // At most the newest event time of every open session without COMPLETED (their times only grow), so the
  // idle sweep walks the open sessions only once one of them may have gone idle.
  let idleBound = Number.POSITIVE_INFINITY;
  // At the end of input no event follows: closed sessions need no tombstones.
  let finished = false;

  // A session's tombstone expiry depends only on its own times, never on when it was closed, so results do
  // not depend on how often advance() runs (the same in one thread or several).
  const close = (sessionId: string, slot: Slot): void => {
    const session = toSession(lone.unpacked(sessionId, slot));
    open.delete(session.sessionId);
    const completedAt = completedAtOf(slot);
    const closedAt =
      completedAt === undefined ? lastTsOf(slot) + options.maxIdleMs : completedAt + options.latenessMs;
    if (!finished) tombstones.set(session.sessionId, closedAt + options.tombstoneMs);
    finalised.push(session);
    if (finalised.length >= FLUSH_EVERY) out.flush?.();
  };
  // An oversized session that went idle is remembered like an idle-finalised one.
  const endOversized = (sessionId: string, lastTs: number): void => {
    tombstones.delete(sessionId);
    tombstones.set(sessionId, lastTs + options.maxIdleMs + options.tombstoneMs);
  };

  const advance = (): void => {
    for (let top = deadlines.peek(); top !== undefined && top.at < watermark; top = deadlines.peek()) {
      deadlines.pop();
      const session = open.get(top.sessionId);
      // Stale heap entries (session already closed) are skipped rather than removed eagerly.
      const completedAt = session === undefined ? undefined : completedAtOf(session);
      if (session !== undefined && completedAt !== undefined && completedAt + options.latenessMs === top.at) {
        close(top.sessionId, session);
      }
    }
    if (watermark < nextSweep) return;
    nextSweep = watermark + SWEEP_EVERY_MS;
    // No session without COMPLETED has been quiet since before the bound: nothing can be idle yet.
    if (idleBound + options.maxIdleMs < watermark) {
      idleBound = Number.POSITIVE_INFINITY;
      for (const [sessionId, slot] of open) {
        if (completedAtOf(slot) !== undefined) continue;
        const lastTs = lastTsOf(slot);
        if (lastTs + options.maxIdleMs < watermark) close(sessionId, slot);
        else if (lastTs < idleBound) idleBound = lastTs;
      }
    }
    oversized.sweep(watermark, problems, endOversized);
    // Tombstones are kept in the order sessions closed, which is nearly their expiry order: the sweep stops at
    // the first live one (an expired one left behind is still seen as expired when looked up).
    for (const [id, expires] of tombstones) {
      if (expires >= watermark) break;
      tombstones.delete(id);
    }
  };

  const add = (item: SourcedEvent): PushOutcome => {
    const { event } = item;
    const sessionId = event.session_id;
    advance();
    if (oversized.take(item, watermark, problems, endOversized)) return "oversized";
    let slot = open.get(sessionId);
    if (
      slot !== undefined &&
      completedAtOf(slot) === undefined &&
      lastTsOf(slot) + options.maxIdleMs < watermark
    ) {
      close(sessionId, slot);
      slot = undefined;
    }
    if (slot === undefined) {
      const expires = tombstones.get(sessionId);
      if (expires !== undefined && expires < watermark) tombstones.delete(sessionId);
      else if (expires !== undefined) {
        problems.push(lateProblem(item));
        return "late";
      }
      if (event.event !== "COMPLETED") {
        lone.open(sessionId, item);
        if (item.ts < idleBound) idleBound = item.ts;
      } else {
        const session = new OpenSession(item);
        session.completedAt = item.ts;
        open.set(sessionId, session);
        deadlines.push({ at: item.ts + options.latenessMs, sessionId });
      }
      return "accepted";
    }
    if (typeof slot === "string") slot = lone.unpacked(sessionId, slot);
    const earlier = findById(slot, event.id);
    if (earlier !== undefined) {
      if (sameEvent(earlier, item)) return "duplicate";
      problems.push(conflictProblem(item, earlier));
      return "conflict";
    }
    let session: OpenSession;
    if (slot instanceof OpenSession) session = slot;
    else {
      session = new OpenSession(slot);
      open.set(sessionId, session);
    }
    if (session.events.length >= options.maxSessionEvents) {
      // Finalised with the events it has; this one and the later ones are only counted. Its overflow record
      // stands for its tombstone until it goes idle (a tombstone now would expire a day out of order).
      close(sessionId, session);
      tombstones.delete(sessionId);
      oversized.begin(item);
      return "oversized";
    }
    session.events.push(item);
    if (session.byId !== undefined) session.byId.set(event.id, item);
    else if (session.events.length >= INDEX_IDS_FROM)
      session.byId = new Map(session.events.map((e) => [e.event.id, e]));
    if (item.ts > session.lastTs) session.lastTs = item.ts;
    if (event.event === "COMPLETED" && session.completedAt === undefined) {
      session.completedAt = item.ts;
      deadlines.push({ at: item.ts + options.latenessMs, sessionId });
    }
    return "accepted";
  };

  /** Hands on what the watermark decided about held events, in input order. */
  const apply = (): void => {
    const { released, unbelievable } = decisions;
    const target = clock.value;
    if (released.length > 0 || unbelievable.length > 0) {
      const items = [...released, ...unbelievable].sort((a, b) => a.seq - b.seq);
      const rejected = new Set(unbelievable);
      released.length = 0;
      unbelievable.length = 0;
      for (const item of rejected) {
        problems.push(unbelievableProblem(item, target, options.maxIdleMs));
        out.decided.push({ item, outcome: "unbelievable" });
      }
      // Held events older than the new watermark join their sessions before it moves (they must not find
      // their sessions idled out by it); the others after, as if the watermark had moved at their line.
      const kept = items.filter((item) => !rejected.has(item));
      for (const item of kept) if (item.ts < target) out.decided.push({ item, outcome: add(item) });
      watermark = target;
      for (const item of kept) if (item.ts >= target) out.decided.push({ item, outcome: add(item) });
    }
    watermark = target;
  };

  return {
    get openSessions() {
      return open.size;
    },
    get packedSessions() {
      let packed = 0;
      for (const slot of open.values()) if (typeof slot === "string") packed += 1;
      return packed;
    },
    get watermark() {
      return watermark;
    },
    wantsIdentity(ts) {
      return clock.wantsIdentity(ts);
    },
    observe(ts, id, sessionId) {
      clock.observe(ts, id, sessionId, undefined, decisions);
      apply();
    },
    push(item, lineTs = item.ts) {
      const held = clock.observe(lineTs, item.event.id, item.event.session_id, item, decisions);
      apply();
      return held ? "held" : add(item);
    },
    finish() {
      clock.finish(decisions);
      apply();
      finished = true;
      tombstones.clear();
      // close() deletes the entry it is given, which a Map's iteration allows.
      for (const [sessionId, slot] of open) close(sessionId, slot);
      oversized.finish(problems);
    },
  };
}
