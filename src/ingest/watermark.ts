// Watermark of the sessionizing stage: the event time the stream has reached, which one wild clock cannot move.

/** Distinct event ids (from at least JUMP_SESSIONS sessions) that must agree before a jump is believed. */
export const JUMP_CONFIRMATIONS = 3;
/** Sessions the confirming lines must come from, so one call with a wild clock cannot confirm itself. */
export const JUMP_SESSIONS = 2;
/** Distinct event ids arriving at the old time that make a pending jump an outlier. */
export const OUTLIER_VOTES = 3;
/** Lines a pending jump may hold; past it the stream has stayed ahead that long and the jump is believed. */
export const MAX_PENDING = 1024;
/** Confirming lines lie within --lateness of the last of them, but never less than this. */
const MIN_NEAR_MS = 60_000;

/** What pending lines became: kept (hand them on as usual) or unbelievable (reject them). */
export interface WatermarkDecisions<T> {
  released: T[];
  unbelievable: T[];
}

/** The watermark: the newest believed timestamp, and the lines ahead of it waiting for a decision. */
export interface Watermark<T> {
  readonly value: number;
  /** Whether a line at `ts` is a candidate or a vote, so its event id and session decide something. */
  wantsIdentity(ts: number): boolean;
  /**
   * One line, in input order. `id`/`sessionId` are those of a valid event (undefined for a rejected line);
   * `payload` is what to hand back for it if it has to wait. Returns whether the line is held (pending).
   */
  observe(
    ts: number,
    id: string | undefined,
    sessionId: string | undefined,
    payload: T | undefined,
    decided: WatermarkDecisions<T>,
  ): boolean;
  /** End of input: every pending line is decided (kept, or unbelievable when far ahead of the watermark). */
  finish(decided: WatermarkDecisions<T>): void;
}

interface Candidate<T> {
  ts: number;
  id: string;
  sessionId: string;
  payload: T | undefined;
}

/**
 * A line more than `latenessMs` past the watermark is a candidate jump and waits (held, not yet counted).
 * Candidates with JUMP_CONFIRMATIONS distinct event ids within max(latenessMs, 1 min) of each other agree on
 * a time; the jump is believed when they come from JUMP_SESSIONS sessions, or (one call alone, as in a quiet
 * night) once a candidate of another session follows; the watermark then moves to the earliest of them. It
 * is an outlier when OUTLIER_VOTES distinct event ids arrive at the old time first: its lines are then kept
 * as ordinary events, or called unbelievable when they are more than `maxIdleMs` ahead (believing them
 * would have idled out every open call). Retries share an id, so one event delivered three times confirms
 * nothing. Everything here depends only on the lines' times, ids and sessions, never on the partitioning.
 */
export function createWatermark<T>(latenessMs: number, maxIdleMs: number): Watermark<T> {
  let value = Number.NEGATIVE_INFINITY;
  const pending: Candidate<T>[] = [];
  const oldIds = new Set<string>();
  const nearMs = Math.max(latenessMs, MIN_NEAR_MS);
  /** The earliest agreeing group of one session only, waiting for a line of another session after it. */
  let lone: { low: number; sessionId: string } | undefined;

  const isCandidate = (ts: number): boolean => value === Number.NEGATIVE_INFINITY || ts > value + latenessMs;

  /** Releases the pending lines the watermark has caught up with. */
  const settle = (decided: WatermarkDecisions<T>): void => {
    let kept = 0;
    for (const candidate of pending) {
      if (candidate.ts <= value + latenessMs) {
        if (candidate.payload !== undefined) decided.released.push(candidate.payload);
      } else pending[kept++] = candidate;
    }
    pending.length = kept;
    if (lone !== undefined && lone.low <= value + latenessMs) lone = undefined;
    if (kept === 0) oldIds.clear();
  };

  const believe = (at: number, decided: WatermarkDecisions<T>): void => {
    value = Math.max(value, at);
    settle(decided);
    lone = undefined;
    oldIds.clear();
  };

  /** The stream stayed at the old time: the pending lines were the outliers. */
  const reject = (decided: WatermarkDecisions<T>): void => {
    for (const { ts, payload } of pending) {
      if (payload === undefined) continue;
      if (ts > value + maxIdleMs) decided.unbelievable.push(payload);
      else decided.released.push(payload);
    }
    pending.length = 0;
    lone = undefined;
    oldIds.clear();
  };

  /** The distinct ids and sessions of the pending lines within nearMs of `at`, and the earliest time. */
  const around = (at: number) => {
    const ids = new Set<string>();
    const sessions = new Set<string>();
    let low = at;
    for (const candidate of pending) {
      if (Math.abs(candidate.ts - at) > nearMs) continue;
      ids.add(candidate.id);
      sessions.add(candidate.sessionId);
      if (candidate.ts < low) low = candidate.ts;
    }
    return { ids: ids.size, sessions, low };
  };

  /** Believes the jump when the candidates agree (or when too many are waiting). */
  const confirm = (newest: Candidate<T>, decided: WatermarkDecisions<T>): void => {
    if (lone !== undefined && newest.sessionId !== lone.sessionId && newest.ts >= lone.low) {
      believe(lone.low, decided);
      return;
    }
    const { ids, sessions, low } = around(newest.ts);
    if ((ids >= JUMP_CONFIRMATIONS && sessions.size >= JUMP_SESSIONS) || pending.length >= MAX_PENDING) {
      believe(low, decided);
      return;
    }
    if (ids >= JUMP_CONFIRMATIONS && lone === undefined) lone = { low, sessionId: newest.sessionId };
  };

  return {
    get value() {
      return value;
    },
    wantsIdentity(ts) {
      return pending.length > 0 || isCandidate(ts);
    },
    observe(ts, id, sessionId, payload, decided) {
      if (!isCandidate(ts)) {
        if (ts > value) {
          value = ts;
          if (pending.length > 0) settle(decided);
        }
        if (pending.length > 0 && id !== undefined) {
          oldIds.add(id);
          if (oldIds.size >= OUTLIER_VOTES) reject(decided);
        }
        return false;
      }
      // A rejected line far ahead neither confirms nor refutes anything.
      if (id === undefined || sessionId === undefined) return false;
      const candidate = { ts, id, sessionId, payload };
      pending.push(candidate);
      confirm(candidate, decided);
      return payload !== undefined;
    },
    finish(decided) {
      // Nothing came after them: far-ahead lines are kept only when they agree among themselves.
      for (const { ts, payload } of pending) {
        if (payload === undefined) continue;
        const far = value !== Number.NEGATIVE_INFINITY && ts > value + maxIdleMs;
        if (far && around(ts).ids < JUMP_CONFIRMATIONS) decided.unbelievable.push(payload);
        else decided.released.push(payload);
      }
      pending.length = 0;
      lone = undefined;
      oldIds.clear();
    },
  };
}
