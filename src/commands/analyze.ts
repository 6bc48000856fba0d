// The analyze command: scan the inputs, build each session's timeline, and summarise calls into a report.

import { buildTimeline, type Timeline } from "../call/timeline.js";
import { readInputs, type ScanSource } from "../ingest/batch.js";
import { EventColumns, fillColumns } from "../ingest/event-columns.js";
import {
  emptyInputCounts,
  type InputCounts,
  type InputSummary,
  mergeInputCounts,
  summarizeInput,
} from "../ingest/input-counts.js";
import { type Partition, WHOLE } from "../ingest/partition.js";
import { type InputSource, STDIN_NAME } from "../ingest/read.js";
import { type ScanOptions, scanBatches } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import { createProblemLog, mergeProblemLogs, type ProblemSummary, sortedCounts } from "../problems.js";
import {
  type BaselineSummary,
  compareWithBaseline,
  type MetricDelta,
  type SettingDifference,
  summarizeBaseline,
} from "../report/baseline.js";
import {
  type CallStatsOptions,
  type CallStatsState,
  type CallStatsSummary,
  createCallStats,
  createCallStatsCollector,
  DEFAULT_CALL_STATS_OPTIONS,
  mergeCallStats,
  summarizeCallStats,
} from "../report/callstats.js";
import {
  createExplain,
  type ExplainSpec,
  type ExplainState,
  explainCollector,
  mergeExplain,
} from "../report/explain.js";
import { type Explanation, explainFigure } from "../report/explain-figure.js";
import { evaluateGates, type GateResult, type GateSpec } from "../report/gates.js";
import {
  addTimeline,
  createMetrics,
  type MetricsState,
  type MetricsSummary,
  mergeMetrics,
  summarizeMetrics,
} from "../report/metrics.js";
import type { Problem } from "../types.js";

/** Version of the JSON report contract; bumped only on incompatible changes. */
export const REPORT_VERSION = 1;

/** Options of one analyze run. */
export interface AnalyzeOptions extends ScanOptions {
  maxProblems: number;
  /** KPIs, breakdowns, variants and filters; DEFAULT_CALL_STATS_OPTIONS when not given. */
  callStats?: CallStatsOptions;
  /** --explain: the figure whose calls are listed. */
  explain?: ExplainSpec;
}

/** The whole analyze report: the JSON contract documented in the README. */
export interface AnalyzeReport extends MetricsSummary, CallStatsSummary {
  reportVersion: number;
  input: InputSummary;
  settings: { latenessSeconds: number; maxLineBytes: number; maxSessionEvents: number };
  problems: Problem[];
  problemsOmitted: number;
  problemCounts: Record<string, number>;
  /** With --fail-if, --warn-if or --gates: every gate's result, in the order given. */
  gates?: GateResult[];
  /** With --baseline: the report compared with, and the settings that differ (only with --baseline-any). */
  baseline?: BaselineSummary;
  /** With --baseline: every metric of the gate catalogue with its baseline value and change. */
  delta?: MetricDelta[];
  /** With --explain: the figure explained, and the calls behind it. */
  explain?: Explanation;
}

/** What a run checks its report against: gates, and a previous report (parsed JSON) as the baseline. */
export interface ReportChecks {
  gates: readonly GateSpec[];
  baseline?: { file: string; report: unknown; differences: readonly SettingDifference[] };
}

/** The report with its gates evaluated and, with a baseline, the baseline block and the deltas added. */
export function checkReport(report: AnalyzeReport, checks: ReportChecks): AnalyzeReport {
  const baseline = checks.baseline;
  return {
    ...report,
    ...(checks.gates.length > 0 ? { gates: evaluateGates(checks.gates, report, baseline?.report) } : {}),
    ...(baseline === undefined
      ? {}
      : {
          baseline: summarizeBaseline(baseline.file, baseline.report, baseline.differences),
          delta: compareWithBaseline(report, baseline.report),
        }),
  };
}

/** What one partition (thread) of an analyze run found; partials of disjoint partitions merge. */
export interface AnalyzePartial {
  counts: InputCounts;
  metrics: MetricsState;
  callStats: CallStatsState;
  problems: ProblemSummary;
  explain?: ExplainState;
}

/** Runs the pipeline over one partition of the inputs. */
export async function analyzePartition(
  source: ScanSource,
  options: AnalyzeOptions,
  partition: Partition,
): Promise<AnalyzePartial> {
  const problems = createProblemLog(options.maxProblems, source.fileNames);
  const metrics = createMetrics();
  const statsOptions = options.callStats ?? DEFAULT_CALL_STATS_OPTIONS;
  const files = new Map(source.fileNames.map((name, index) => [name, index]));
  const explain =
    options.explain === undefined
      ? undefined
      : explainCollector(options.explain, statsOptions, (file) => files.get(file) ?? files.size);
  const stats = createCallStatsCollector(statsOptions, explain?.add);
  // Each session is read once, as columns: no event object is made for a report.
  const columns = new EventColumns();
  const onSession = (session: Session): void => {
    const timeline = buildTimeline(session, fillColumns(session, columns));
    if (timeline.status === "incomplete") problems.add(incompleteProblem(timeline));
    // Filters leave a session out of every figure below the input counts (problems are about the input).
    if (stats.add(timeline, columns)) addTimeline(metrics, timeline);
  };
  const counts = await scanBatches(source.batches, options, problems, onSession, partition);
  return {
    counts,
    metrics,
    callStats: stats.state,
    problems: { kept: problems.kept, counts: problems.counts, omitted: problems.omitted },
    ...(explain === undefined ? {} : { explain: explain.state }),
  };
}

/** The report from the partials of every partition. */
export function mergeAnalyze(
  partials: readonly AnalyzePartial[],
  options: AnalyzeOptions,
  fileNames: readonly string[],
): AnalyzeReport {
  const counts = emptyInputCounts();
  const metrics = createMetrics();
  const statsOptions = options.callStats ?? DEFAULT_CALL_STATS_OPTIONS;
  const stats = createCallStats(statsOptions);
  for (const partial of partials) {
    mergeInputCounts(counts, partial.counts);
    mergeMetrics(metrics, partial.metrics);
    mergeCallStats(stats, partial.callStats, statsOptions);
  }
  const merged = mergeProblemLogs(
    partials.map((p) => p.problems),
    options.maxProblems,
    fileNames,
  );
  // As validate says no-events: a report over nothing must say so, not look like a quiet day. It comes
  // after the problems of the lines (it is about the whole input), counted even when it is not listed.
  const problems = counts.events === 0 ? withNoEvents(merged, options.maxProblems, fileNames) : merged;
  const report: AnalyzeReport = {
    reportVersion: REPORT_VERSION,
    input: summarizeInput(counts, fileNames),
    settings: {
      latenessSeconds: options.sessionize.latenessMs / 1000,
      maxLineBytes: options.maxLineBytes,
      maxSessionEvents: options.sessionize.maxSessionEvents,
    },
    ...summarizeMetrics(metrics),
    problems: problems.kept,
    problemsOmitted: problems.omitted,
    problemCounts: sortedCounts(problems.counts),
    ...summarizeCallStats(stats, statsOptions),
  };
  const spec = options.explain;
  if (spec === undefined) return report;
  const explained = createExplain();
  for (const partial of partials)
    if (partial.explain !== undefined) mergeExplain(explained, partial.explain, spec);
  return { ...report, explain: explainFigure(report, explained, spec) };
}

/** Runs the whole pipeline in this thread and returns the report. */
export async function analyze(
  inputs: readonly InputSource[],
  options: AnalyzeOptions,
): Promise<AnalyzeReport> {
  const source = readInputs(inputs, options.maxLineBytes, options.onProgress);
  const partial = await analyzePartition(source, options, WHOLE);
  return mergeAnalyze(
    [partial],
    options,
    inputs.map((input) => input.name),
  );
}

function withNoEvents(log: ProblemSummary, limit: number, fileNames: readonly string[]): ProblemSummary {
  const counts = new Map(log.counts).set("no-events", 1);
  if (log.kept.length < limit)
    return { kept: [...log.kept, noEventsProblem(fileNames)], counts, omitted: log.omitted };
  return { kept: log.kept, counts, omitted: log.omitted + 1 };
}

function noEventsProblem(fileNames: readonly string[]): Problem {
  return {
    code: "no-events",
    file: fileNames[0] ?? STDIN_NAME,
    line: 0,
    message:
      "the input holds no valid event, so every figure is over nothing: gates are skipped (--fail-on-skip fails the run on a skipped error-level gate)",
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
