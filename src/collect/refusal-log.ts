// The access log's brake: a refusal of a request that authenticated is always a line; of the others, only the
// first few of each summary interval, the rest counted and reported in one line at the interval's end.
import type { RefusedNotice } from "./server.js";

/** How many refusals of requests that did not authenticate each interval logs one by one. */
export const REFUSALS_LOGGED_PER_INTERVAL = 5;

/** The refusals held back in an interval: how many, and how many of each status. */
export interface HeldRefusals {
  total: number;
  /** Status -> count, statuses in ascending order. */
  byStatus: [number, number][];
}

/** Decides which refusals are logged, and counts the rest. */
export interface RefusalLog {
  /** Whether this refusal gets its own line; a refusal that does not is counted. */
  admit(notice: RefusedNotice): boolean;
  /** Ends an interval: what it held back (undefined when nothing), and starts the next. */
  endInterval(): HeldRefusals | undefined;
}

/** A refusal log that lets `perInterval` unauthenticated refusals through in each interval. */
export function refusalLog(perInterval = REFUSALS_LOGGED_PER_INTERVAL): RefusalLog {
  let logged = 0;
  let held = new Map<number, number>();
  return {
    admit(notice) {
      if (notice.authenticated) return true;
      if (logged < perInterval) {
        logged += 1;
        return true;
      }
      held.set(notice.status, (held.get(notice.status) ?? 0) + 1);
      return false;
    },
    endInterval() {
      const byStatus = [...held].sort(([a], [b]) => a - b);
      logged = 0;
      held = new Map();
      if (byStatus.length === 0) return undefined;
      return { total: byStatus.reduce((sum, [, n]) => sum + n, 0), byStatus };
    },
  };
}
