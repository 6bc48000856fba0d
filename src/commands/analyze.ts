// The analyze command: scan the inputs, build each session's timeline, and summarise calls into a report.
import { createProblemLog } from "../problems.js";
import { addTimeline, createMetrics, type MetricsSummary, summarizeMetrics } from "../pipeline/metrics.js";
import type { InputSource } from "../pipeline/read.js";
import { type InputSummary, type ScanOptions, scanInputs } from "../pipeline/scan.js";
import { buildTimeline, type Timeline } from "../pipeline/timeline.js";
import type { Problem } from "../types.js";

/** Version of the JSON report contract; bumped only on incompatible changes. */
export const REPORT_VERSION = 1;

/** Options of one analyze run. */
export interface AnalyzeOptions extends ScanOptions {
  maxProblems: number;
}

/** The whole analyze report: the JSON contract documented in the README. */
export interface AnalyzeReport extends MetricsSummary {
  reportVersion: number;
  input: InputSummary;
  settings: { latenessSeconds: number; maxLineBytes: number };
  problems: Problem[];
  problemsOmitted: number;
  problemCounts: Record<string, number>;
}

/** Runs the pipeline over the inputs and returns the report; throws InputError when an input cannot be read. */
export async function analyze(
  inputs: readonly InputSource[],
  options: AnalyzeOptions,
): Promise<AnalyzeReport> {
  const problems = createProblemLog(options.maxProblems);
  const metrics = createMetrics();
  const input = await scanInputs(inputs, options, problems, (session) => {
    const timeline = buildTimeline(session);
    if (timeline.status === "incomplete") problems.add(incompleteProblem(timeline));
    addTimeline(metrics, timeline);
  });
  return {
    reportVersion: REPORT_VERSION,
    input,
    settings: { latenessSeconds: options.sessionize.latenessMs / 1000, maxLineBytes: options.maxLineBytes },
    ...summarizeMetrics(metrics),
    problems: problems.kept,
    problemsOmitted: problems.omitted,
    problemCounts: Object.fromEntries([...problems.counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}

function incompleteProblem(timeline: Timeline): Problem {
  const missing = [timeline.hasStart ? undefined : "START", timeline.hasCompleted ? undefined : "COMPLETED"]
    .filter((name) => name !== undefined)
    .join(" and ");
  const hint = timeline.hasCompleted ? "the dump may begin mid-call" : "the dump may end mid-call";
  return {
    code: "incomplete-session",
    file: timeline.first.file,
    line: timeline.first.line,
    sessionId: timeline.sessionId,
    message: `session ${timeline.sessionId} has no ${missing} (${hint}); left out of call rates`,
  };
}
