// Sessionizing stage: groups events by session_id, drops retries, and finalises sessions in bounded memory.
import type { SourcedEvent } from "../types.js";
import { type Arrival, DecodedArrival, ScannedArrival } from "./arrival.js";
import type { Session } from "./open-session.js";
import { createOversizedSessions } from "./oversized.js";
import { sameEvent } from "./same-event.js";
import type { SessionizeOptions } from "./session-options.js";
import { conflictProblem, lateProblem, unbelievableProblem } from "./session-problems.js";
import type { PushOutcome, Sessionizer, SessionizerOutput } from "./sessionizer.js";
import { DeadlineHeap } from "./store/deadline-heap.js";
import type { ScannedLine } from "./store/scan-codec.js";
import { CLOSED, OPEN, SessionStore } from "./store/session-store.js";
import { createWatermark, type WatermarkDecisions } from "./watermark.js";

export { sameEvent } from "./same-event.js";
export { DEFAULT_SESSIONIZE_OPTIONS, type SessionizeOptions } from "./session-options.js";
export type { PushOutcome, Sessionizer, SessionizerOutput, StoreUse } from "./sessionizer.js";
/** The finalised session, as this stage hands it on. */
export type { Session };

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

  // Both kinds of arrival behind the store's operations, made once: admit() runs every rule once for both.
  const decoded = new DecodedArrival(store);
  const scannedLine = new ScannedArrival(store);
  const add = (item: SourcedEvent): PushOutcome => {
    decoded.current = item;
    return admit(decoded);
  };
  // An oversized session in the stream (almost never): its events are told apart by their session_id.
  const addScanned = (scanned: ScannedLine): PushOutcome => {
    if (oversized.size > 0) return add(scanned.materialise());
    scannedLine.current = scanned;
    return admit(scannedLine);
  };

  const admit = (arrival: Arrival): PushOutcome => {
    advance();
    if (oversized.size > 0 && oversized.take(arrival.item(), watermark, problems, endOversized))
      return "oversized";
    let slot = arrival.find();
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
        problems.push(lateProblem(arrival.item()));
        return "late";
      }
    }
    const ts = arrival.ts();
    if (slot === -1) {
      slot = arrival.open();
      if (!arrival.completed()) {
        if (ts < idleBound) idleBound = ts;
      } else {
        store.time[slot] = ts;
        deadlines.push(ts + options.latenessMs, slot, store.stamp[slot] as number);
      }
      return "accepted";
    }
    const earlier = arrival.findId(slot);
    if (earlier !== undefined) {
      const item = arrival.item();
      if (sameEvent(earlier, item)) return "duplicate";
      problems.push(conflictProblem(item, earlier));
      return "conflict";
    }
    if (store.walked >= options.maxSessionEvents) {
      // Finalised with the events it has; this one and the later ones are only counted. Its overflow record
      // stands for its tombstone until it goes idle (a tombstone now would expire a day out of order).
      const item = arrival.item();
      close(slot);
      store.release(slot);
      oversized.begin(item);
      return "oversized";
    }
    arrival.append(slot);
    if (arrival.completed() && Number.isNaN(store.time[slot] as number)) {
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
