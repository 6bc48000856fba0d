// A bounded list of problems with exact counts per code: the report keeps the first N, counts them all.
import type { Problem } from "./types.js";

/** Problems kept for the report, how many were left out, and the exact count of each code. */
export interface ProblemLog {
  add(problem: Problem): void;
  readonly kept: Problem[];
  readonly omitted: number;
  readonly counts: Map<string, number>;
}

/** A problem log that keeps at most `limit` problems (all are counted). */
export function createProblemLog(limit: number): ProblemLog {
  const kept: Problem[] = [];
  const counts = new Map<string, number>();
  let omitted = 0;
  return {
    kept,
    counts,
    get omitted() {
      return omitted;
    },
    add(problem) {
      counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1);
      if (kept.length < limit) kept.push(problem);
      else omitted += 1;
    },
  };
}
