// Sessionizing stage: groups events by session_id, drops retries, and finalises sessions in bounded memory.
import { LIFECYCLE_RANK, type LineRef, type Problem, type SourcedEvent } from "../types.js";
import { MinHeap } from "./min-heap.js";

/** How long sessions and their event ids are kept; all in event-time milliseconds. */
export interface SessionizeOptions {
  /** A session is finalised once the newest timestamp seen is this far past its COMPLETED. */
  latenessMs: number;
  /** A session without COMPLETED and without events for this long is finalised as incomplete. */
  maxIdleMs: number;
  /** A finalised session's id is remembered this long, so later events are reported as late. */
  tombstoneMs: number;
}

/** Defaults: 5 minutes lateness, 24 hours idle, 1 hour of tombstones. */
export const DEFAULT_SESSIONIZE_OPTIONS: SessionizeOptions = {
  latenessMs: 300_000,
  maxIdleMs: 86_400_000,
  tombstoneMs: 3_600_000,
};

/** All the events of one call session, ordered by timestamp, then lifecycle, then input order. */
export interface Session {
  sessionId: string;
  events: SourcedEvent[];
  first: LineRef;
}

/** What happened to one pushed event. */
export type PushOutcome = "accepted" | "duplicate" | "conflict" | "late";

/** A streaming grouper: push events in input order, collect finalised sessions, finish at end of input. */
export interface Sessionizer {
  /** Moves the watermark (newest timestamp seen on any line, in any partition) forward; call it for every line. */
  observe(ts: number): void;
  /** Adds an event already observed; finalises what the watermark has passed first. */
  push(item: SourcedEvent, finalised: Session[], problems: Problem[]): PushOutcome;
  finish(finalised: Session[]): void;
  readonly openSessions: number;
  /** The watermark: the newest believed timestamp observed so far (-Infinity before the first). */
  readonly watermark: number;
}

interface OpenSession {
  sessionId: string;
  events: SourcedEvent[];
  /** Events by id, built only once a session is large; small ones are searched (most calls have ~10 events). */
  byId: Map<string, SourcedEvent> | undefined;
  completedAt: number | undefined;
  lastTs: number;
}

const SWEEP_EVERY_MS = 60_000;
/** Events a session holds before its ids are indexed in a Map. */
const INDEX_IDS_FROM = 32;
/** Lines after a jump of the watermark that must confirm it before it is believed. */
export const JUMP_CONFIRMATIONS = 2;

/** Creates the sessionizer for one run (one per worker when parallel). */
export function createSessionizer(options: SessionizeOptions = DEFAULT_SESSIONIZE_OPTIONS): Sessionizer {
  const open = new Map<string, OpenSession>();
  const tombstones = new Map<string, number>();
  const deadlines = new MinHeap();
  let watermark = Number.NEGATIVE_INFINITY;
  let jumpSeen = 0;
  let jumpLow = Number.NEGATIVE_INFINITY;
  let nextSweep = Number.NEGATIVE_INFINITY;

  // A session's tombstone expiry depends only on its own times, never on when it was closed, so results do
  // not depend on how often advance() runs (the same in one thread or several).
  const close = (session: OpenSession, finalised: Session[]): void => {
    open.delete(session.sessionId);
    const closedAt =
      session.completedAt === undefined
        ? session.lastTs + options.maxIdleMs
        : session.completedAt + options.latenessMs;
    tombstones.set(session.sessionId, closedAt + options.tombstoneMs);
    finalised.push(toSession(session));
  };

  const advance = (finalised: Session[]): void => {
    for (let top = deadlines.peek(); top !== undefined && top.at < watermark; top = deadlines.peek()) {
      deadlines.pop();
      const session = open.get(top.sessionId);
      // Stale heap entries (session already closed) are skipped rather than removed eagerly.
      if (session?.completedAt !== undefined && session.completedAt + options.latenessMs === top.at) {
        close(session, finalised);
      }
    }
    if (watermark < nextSweep) return;
    nextSweep = watermark + SWEEP_EVERY_MS;
    for (const session of open.values()) {
      if (session.completedAt === undefined && session.lastTs + options.maxIdleMs < watermark)
        close(session, finalised);
    }
    // Tombstones are kept in the order sessions closed, which is nearly their expiry order: the sweep stops at
    // the first live one (an expired one left behind is still seen as expired when looked up).
    for (const [id, expires] of tombstones) {
      if (expires >= watermark) break;
      tombstones.delete(id);
    }
  };

  return {
    get openSessions() {
      return open.size;
    },
    get watermark() {
      return watermark;
    },
    observe(ts) {
      // A jump of more than latenessMs is believed only once the next JUMP_CONFIRMATIONS lines confirm it, so
      // a line with a wild clock (even a rejected one) cannot finalise or idle out the open sessions.
      if (watermark === Number.NEGATIVE_INFINITY || ts <= watermark + options.latenessMs) {
        jumpSeen = 0;
        if (ts > watermark) watermark = ts;
      } else if (jumpSeen < JUMP_CONFIRMATIONS) {
        jumpLow = jumpSeen === 0 ? ts : Math.min(jumpLow, ts);
        jumpSeen += 1;
      } else {
        watermark = Math.min(jumpLow, ts);
        jumpSeen = 0;
      }
    },
    push(item, finalised, problems) {
      const { event } = item;
      const sessionId = event.session_id;
      advance(finalised);
      let session = open.get(sessionId);
      if (
        session?.completedAt === undefined &&
        session !== undefined &&
        session.lastTs + options.maxIdleMs < watermark
      ) {
        close(session, finalised);
        session = undefined;
      }
      if (session === undefined) {
        const expires = tombstones.get(sessionId);
        if (expires !== undefined && expires < watermark) tombstones.delete(sessionId);
        else if (expires !== undefined) {
          problems.push({
            code: "late-event",
            file: item.file,
            line: item.line,
            sessionId,
            eventId: event.id,
            message: `${event.event} arrived after session ${sessionId} was finalised (raise --lateness to keep sessions open longer); not counted`,
          });
          return "late";
        }
        session = { sessionId, events: [], byId: undefined, completedAt: undefined, lastTs: item.ts };
        open.set(sessionId, session);
      }
      const earlier = findById(session, event.id);
      if (earlier !== undefined) {
        if (sameEvent(earlier, item)) return "duplicate";
        problems.push({
          code: "conflicting-duplicate",
          file: item.file,
          line: item.line,
          sessionId,
          eventId: event.id,
          message: `event id ${JSON.stringify(event.id)} was already seen at ${earlier.file}:${earlier.line} with different content; this line is ignored`,
        });
        return "conflict";
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
    },
    finish(finalised) {
      for (const session of [...open.values()]) close(session, finalised);
    },
  };
}

function findById(session: OpenSession, id: string): SourcedEvent | undefined {
  if (session.byId !== undefined) return session.byId.get(id);
  for (const item of session.events) if (item.event.id === id) return item;
  return undefined;
}

function toSession(open: OpenSession): Session {
  const events = open.events.sort(compareEvents);
  const first = open.events.reduce((a, b) => (a.seq <= b.seq ? a : b));
  return { sessionId: open.sessionId, events, first: { file: first.file, line: first.line } };
}

/** Timestamp first, then lifecycle order (START before RING ... before COMPLETED), then input order. */
export function compareEvents(a: SourcedEvent, b: SourcedEvent): number {
  return a.ts - b.ts || LIFECYCLE_RANK[a.event.event] - LIFECYCLE_RANK[b.event.event] || a.seq - b.seq;
}

/**
 * Whether two deliveries carry the same event: the same instant (however the timestamp was written) and
 * otherwise equal values, object key order ignored. Iterative, so deep nesting cannot overflow the stack.
 */
export function sameEvent(a: SourcedEvent, b: SourcedEvent): boolean {
  if (a.ts !== b.ts) return false;
  const keysA = Object.keys(a.event).filter((key) => key !== "timestamp");
  const keysB = Object.keys(b.event).filter((key) => key !== "timestamp");
  if (keysA.length !== keysB.length) return false;
  const pending: [unknown, unknown][] = [];
  for (const key of keysA) {
    if (!Object.hasOwn(b.event, key)) return false;
    pending.push([a.event[key], b.event[key]]);
  }
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const objX = x as Record<string, unknown>;
    const objY = y as Record<string, unknown>;
    const keys = Object.keys(objX);
    if (keys.length !== Object.keys(objY).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(objY, key)) return false;
      pending.push([objX[key], objY[key]]);
    }
  }
  return true;
}
