// Sessionizing stage: groups events by session_id, drops retries, and finalises sessions in bounded memory.
import type { Problem, SourcedEvent } from "../types.js";
import type { Session } from "./open-session.js";
import { createOversizedSessions } from "./oversized.js";
import { sameEvent } from "./same-event.js";
import type { SessionizeOptions } from "./session-options.js";
import { conflictProblem, lateProblem, unbelievableProblem } from "./session-problems.js";
import { DeadlineHeap } from "./store/deadline-heap.js";
import type { ScannedLine } from "./store/scan-codec.js";
import { CLOSED, OPEN, SessionStore } from "./store/session-store.js";
import { SLOT, VALUE } from "./scan/spec.js";
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
  /** push for a line a scanner accepted, kept from the scan's outputs with no event made (but in rare cases). */
  pushScanned(scanned: ScannedLine, lineTs: number): PushOutcome | "held";
  finish(): void;
  readonly openSessions: number;
  /** What the store holds (for tests and diagnostics): event rows, interned session ids, arena bytes. */
  readonly held: StoreUse;
  /** The watermark: the newest believed timestamp observed so far (-Infinity before the first). */
  readonly watermark: number;
}

/** Counts of what a sessionizer's store holds. */
export interface StoreUse {
  /** Event rows of open sessions. */
  rows: number;
  /** Interned session ids: open sessions and tombstones. */
  slots: number;
  /** Bytes of the chunks of the events' values, and of the ids' bytes, in use. */
  valueBytes: number;
  keyBytes: number;
}

const SWEEP_EVERY_MS = 60_000;
/** Finalised sessions listed before they are handed on (out.flush). */
const FLUSH_EVERY = 1024;

/** Creates the sessionizer for one run (one per worker when parallel), handing its results to `out`. */
export function createSessionizer(options: SessionizeOptions, out: SessionizerOutput): Sessionizer {
  const { finalised, problems } = out;
  const store = new SessionStore();
  const deadlines = new DeadlineHeap();
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
  const close = (slot: number): void => {
    const completedAt = store.time[slot] as number;
    const closedAt = Number.isNaN(completedAt)
      ? (store.lastTs[slot] as number) + options.maxIdleMs
      : completedAt + options.latenessMs;
    finalised.push(store.finalise(slot));
    if (finished) store.release(slot);
    else store.entomb(slot, closedAt + options.tombstoneMs);
    if (finalised.length >= FLUSH_EVERY) out.flush?.();
  };
  // An oversized session that went idle is remembered like an idle-finalised one.
  const endOversized = (sessionId: string, lastTs: number): void => {
    store.entombKey(sessionId, lastTs + options.maxIdleMs + options.tombstoneMs);
  };

  const advance = (): void => {
    while (deadlines.topAt < watermark) {
      const at = deadlines.topAt;
      const slot = deadlines.topSlot;
      const stamp = deadlines.topStamp;
      deadlines.pop();
      // Stale entries (session already closed, its slot perhaps reused) are skipped rather than removed eagerly.
      if (
        store.state[slot] === OPEN &&
        store.stamp[slot] === stamp &&
        (store.time[slot] as number) + options.latenessMs === at
      )
        close(slot);
    }
    if (watermark < nextSweep) return;
    nextSweep = watermark + SWEEP_EVERY_MS;
    // No session without COMPLETED has been quiet since before the bound: nothing can be idle yet.
    if (idleBound + options.maxIdleMs < watermark) {
      idleBound = Number.POSITIVE_INFINITY;
      for (let slot = store.firstOpen; slot !== -1; ) {
        const after = store.nextOpen(slot);
        if (Number.isNaN(store.time[slot] as number)) {
          const lastTs = store.lastTs[slot] as number;
          if (lastTs + options.maxIdleMs < watermark) close(slot);
          else if (lastTs < idleBound) idleBound = lastTs;
        }
        slot = after;
      }
    }
    oversized.sweep(watermark, problems, endOversized);
    // Tombstones are kept in the order sessions closed, which is nearly their expiry order: the sweep stops at
    // the first live one (an expired one left behind is still seen as expired when looked up).
    store.sweepTombs(watermark);
  };

  const add = (item: SourcedEvent): PushOutcome => {
    const { event } = item;
    const sessionId = event.session_id;
    advance();
    if (oversized.take(item, watermark, problems, endOversized)) return "oversized";
    let slot = store.find(sessionId);
    if (
      slot !== -1 &&
      store.state[slot] === OPEN &&
      Number.isNaN(store.time[slot] as number) &&
      (store.lastTs[slot] as number) + options.maxIdleMs < watermark
    ) {
      close(slot);
      if (store.state[slot] !== CLOSED) slot = -1;
    }
    if (slot !== -1 && store.state[slot] === CLOSED) {
      if ((store.time[slot] as number) < watermark) {
        store.release(slot);
        slot = -1;
      } else {
        problems.push(lateProblem(item));
        return "late";
      }
    }
    if (slot === -1) {
      slot = store.open(sessionId, item);
      if (event.event !== "COMPLETED") {
        if (item.ts < idleBound) idleBound = item.ts;
      } else {
        store.time[slot] = item.ts;
        deadlines.push(item.ts + options.latenessMs, slot, store.stamp[slot] as number);
      }
      return "accepted";
    }
    const earlier = store.findId(slot, event.id, sessionId);
    if (earlier !== undefined) {
      if (sameEvent(earlier, item)) return "duplicate";
      problems.push(conflictProblem(item, earlier));
      return "conflict";
    }
    if (store.walked >= options.maxSessionEvents) {
      // Finalised with the events it has; this one and the later ones are only counted. Its overflow record
      // stands for its tombstone until it goes idle (a tombstone now would expire a day out of order).
      close(slot);
      store.release(slot);
      oversized.begin(item);
      return "oversized";
    }
    store.append(slot, item);
    if (event.event === "COMPLETED" && Number.isNaN(store.time[slot] as number)) {
      store.time[slot] = item.ts;
      deadlines.push(item.ts + options.latenessMs, slot, store.stamp[slot] as number);
    }
    return "accepted";
  };

  // add() for a line a scanner accepted, the same steps in the same order; an event is made only where a problem,
  // a duplicate or an oversized session needs one (an oversized session in the stream: add() decides it all).
  const addScanned = (scanned: ScannedLine): PushOutcome => {
    if (oversized.size > 0) return add(scanned.materialise());
    advance();
    let slot = store.findScanned(scanned);
    if (
      slot !== -1 &&
      store.state[slot] === OPEN &&
      Number.isNaN(store.time[slot] as number) &&
      (store.lastTs[slot] as number) + options.maxIdleMs < watermark
    ) {
      close(slot);
      if (store.state[slot] !== CLOSED) slot = -1;
    }
    if (slot !== -1 && store.state[slot] === CLOSED) {
      if ((store.time[slot] as number) < watermark) {
        store.release(slot);
        slot = -1;
      } else {
        problems.push(lateProblem(scanned.materialise()));
        return "late";
      }
    }
    const { ts } = scanned;
    const completed = scanned.out[SLOT.event] === VALUE.COMPLETED;
    if (slot === -1) {
      slot = store.openScanned(scanned);
      if (!completed) {
        if (ts < idleBound) idleBound = ts;
      } else {
        store.time[slot] = ts;
        deadlines.push(ts + options.latenessMs, slot, store.stamp[slot] as number);
      }
      return "accepted";
    }
    const earlier = store.findIdScanned(slot, scanned);
    if (earlier !== undefined) {
      const item = scanned.materialise();
      if (sameEvent(earlier, item)) return "duplicate";
      problems.push(conflictProblem(item, earlier));
      return "conflict";
    }
    if (store.walked >= options.maxSessionEvents) {
      const item = scanned.materialise();
      close(slot);
      store.release(slot);
      oversized.begin(item);
      return "oversized";
    }
    store.appendScanned(slot, scanned);
    if (completed && Number.isNaN(store.time[slot] as number)) {
      store.time[slot] = ts;
      deadlines.push(ts + options.latenessMs, slot, store.stamp[slot] as number);
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
      return store.openCount;
    },
    get held() {
      return {
        rows: store.rows.used,
        slots: store.keys.size,
        valueBytes: store.rows.arena.used,
        keyBytes: store.keys.arena.used,
      };
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
    pushScanned(scanned, lineTs) {
      // A line that may weigh a jump of the watermark (rare) is decided with its event, as push decides it.
      if (clock.wantsIdentity(lineTs)) return this.push(scanned.materialise(), lineTs);
      clock.observe(lineTs, undefined, undefined, undefined, decisions);
      apply();
      return addScanned(scanned);
    },
    finish() {
      clock.finish(decisions);
      apply();
      finished = true;
      store.clearTombs();
      for (let slot = store.firstOpen; slot !== -1; slot = store.firstOpen) close(slot);
      oversized.finish(problems);
    },
  };
}
