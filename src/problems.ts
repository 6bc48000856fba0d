// A bounded list of problems with exact counts per code: keeps the first N in file and line order, counts all.
import type { Problem } from "./types.js";

/** Where a stage hands the problems it finds. */
export interface ProblemSink {
  add(problem: Problem): void;
}

/** Problems kept for the report, how many were left out, and the exact count of each code. */
export interface ProblemLog extends ProblemSummary, ProblemSink {}

/** What a log holds: the kept problems, exact counts per code, and how many were not kept. */
export interface ProblemSummary {
  readonly kept: Problem[];
  readonly counts: Map<string, number>;
  readonly omitted: number;
}

/**
 * A log that keeps the `limit` first problems in (file, line, code, message) order, whatever order they
 * are found in, so a run in one thread and in several keep the same ones.
 */
export function createProblemLog(limit: number, fileNames: readonly string[]): ProblemLog {
  const kept: Problem[] = [];
  const counts = new Map<string, number>();
  const order = compareProblems(fileNames);
  let total = 0;
  return {
    kept,
    counts,
    get omitted() {
      return total - kept.length;
    },
    add(problem) {
      total += 1;
      counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1);
      const last = kept[kept.length - 1];
      if (kept.length >= limit && (last === undefined || order(problem, last) >= 0)) return;
      kept.splice(insertionPoint(kept, problem, order), 0, problem);
      if (kept.length > limit) kept.pop();
    },
  };
}

/** Merges the logs of disjoint partitions: the same kept problems and counts as one log over everything. */
export function mergeProblemLogs(
  logs: readonly ProblemSummary[],
  limit: number,
  fileNames: readonly string[],
): ProblemSummary {
  const counts = new Map<string, number>();
  let total = 0;
  for (const log of logs) {
    for (const [code, n] of log.counts) counts.set(code, (counts.get(code) ?? 0) + n);
    total += log.kept.length + log.omitted;
  }
  const kept = logs
    .flatMap((log) => log.kept)
    .sort(compareProblems(fileNames))
    .slice(0, limit);
  return { kept, counts, omitted: total - kept.length };
}

/** Problem order: input file (as given), line, code, message. */
export function compareProblems(fileNames: readonly string[]): (a: Problem, b: Problem) => number {
  const index = new Map(fileNames.map((name, i) => [name, i]));
  return (a, b) =>
    (index.get(a.file) ?? 0) - (index.get(b.file) ?? 0) ||
    a.line - b.line ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function insertionPoint(
  kept: readonly Problem[],
  problem: Problem,
  order: (a: Problem, b: Problem) => number,
): number {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (order(kept[mid] as Problem, problem) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Counts as a plain object sorted by code (own properties only, so any code string is safe). */
export function sortedCounts(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
