// The validate command: every line against the schema, every session against the lifecycle rules, as findings.

import { checkLifecycle, type LifecycleOptions } from "../call/lifecycle.js";
import { buildTimeline } from "../call/timeline.js";
import { readInputs, type ScanSource } from "../ingest/batch.js";
import { EventColumns, fillColumns } from "../ingest/event-columns.js";
import { emptyInputCounts, type InputCounts, mergeInputCounts } from "../ingest/input-counts.js";
import { type Partition, WHOLE } from "../ingest/partition.js";
import type { InputSource } from "../ingest/read.js";
import { type ScanOptions, scanBatches } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import { createProblemLog, mergeProblemLogs, type ProblemSummary, sortedCounts } from "../problems.js";
import { RULES, type Severity } from "../rules.js";
import type { Problem } from "../types.js";

/** A problem with the severity its rule has in this run. */
export interface Finding extends Problem {
  severity: "error" | "warning";
}

/** Options of one validate run. */
export interface ValidateOptions extends ScanOptions {
  lifecycle: LifecycleOptions;
  /** Findings kept for output; all are counted. */
  maxFindings: number;
  /** Per-code severity overrides from --rule. */
  rules: Readonly<Record<string, Severity>>;
  /** Warnings count as errors. */
  strict: boolean;
  /** An input without a single valid event passes (otherwise it is a `no-events` finding). */
  allowEmpty?: boolean;
}

/** Exact counts of a validate run. */
export interface ValidateSummary {
  files: number;
  fileNames: string[];
  lines: number;
  blank: number;
  valid: number;
  invalid: number;
  duplicates: number;
  late: number;
  sessions: number;
  errors: number;
  warnings: number;
  findingsByCode: Record<string, number>;
  /** Per input file: code -> count, for reports that group by file. */
  findingsByFile: Record<string, Record<string, number>>;
}

/** The validate result: the JSON contract documented in the README. */
export interface ValidateResult {
  resultVersion: number;
  valid: boolean;
  summary: ValidateSummary;
  findings: Finding[];
  findingsOmitted: number;
  /** The severity every known rule had in this run (after --rule and --strict). */
  rules: Record<string, Severity>;
}

/** The severity of a code in this run: --rule override, else the rule's default; --strict makes warnings errors. */
export function severityOf(
  code: string,
  rules: Readonly<Record<string, Severity>>,
  strict: boolean,
): Severity {
  const chosen =
    (Object.hasOwn(rules, code) ? rules[code] : undefined) ??
    (Object.hasOwn(RULES, code) ? RULES[code]?.severity : "error") ??
    "error";
  return strict && chosen === "warning" ? "error" : chosen;
}

/** What one partition (thread) of a validate run found; partials of disjoint partitions merge. */
export interface ValidatePartial {
  counts: InputCounts;
  sessions: number;
  findings: ProblemSummary;
  byFile: Map<string, Map<string, number>>;
}

/** Validates one partition of the inputs: schema findings per line, lifecycle findings per session. */
export async function validatePartition(
  source: ScanSource,
  options: ValidateOptions,
  partition: Partition,
): Promise<ValidatePartial> {
  const log = createProblemLog(options.maxFindings, source.fileNames);
  const byFile = new Map<string, Map<string, number>>();
  let sessions = 0;
  const sink = {
    add(problem: Problem): void {
      const severity = severityOf(problem.code, options.rules, options.strict);
      if (severity === "off") return;
      let fileCounts = byFile.get(problem.file);
      if (fileCounts === undefined) {
        fileCounts = new Map();
        byFile.set(problem.file, fileCounts);
      }
      fileCounts.set(problem.code, (fileCounts.get(problem.code) ?? 0) + 1);
      log.add({ ...problem, severity } as Finding);
    },
  };
  // Each session is read as columns: its events are made only for a session with a finding (for their ids).
  const columns = new EventColumns();
  const onSession = (session: Session): void => {
    sessions += 1;
    const timeline = buildTimeline(session, fillColumns(session, columns));
    for (const finding of checkLifecycle(timeline, options.lifecycle, columns)) sink.add(finding);
  };
  const counts = await scanBatches(source.batches, options, sink, onSession, partition);
  return { counts, sessions, findings: { kept: log.kept, counts: log.counts, omitted: log.omitted }, byFile };
}

/** The validate result from the partials of every partition. */
export function mergeValidate(
  partials: readonly ValidatePartial[],
  options: ValidateOptions,
  fileNames: readonly string[],
): ValidateResult {
  const counts = emptyInputCounts();
  const byFile = new Map<string, Map<string, number>>();
  let sessions = 0;
  for (const partial of partials) {
    mergeInputCounts(counts, partial.counts);
    sessions += partial.sessions;
    for (const [file, codes] of partial.byFile) {
      const mine = byFile.get(file) ?? new Map<string, number>();
      for (const [code, n] of codes) mine.set(code, (mine.get(code) ?? 0) + n);
      byFile.set(file, mine);
    }
  }
  const valid = counts.events + counts.duplicates + counts.late;
  const logs = partials.map((p) => p.findings);
  if (valid === 0 && options.allowEmpty !== true) {
    // A gate that passes on nothing is no gate: an empty input (or one of only bad lines) is a finding.
    const finding = noEventsFinding(fileNames, options);
    if (finding !== undefined) {
      logs.push({ kept: [finding], counts: new Map([[finding.code, 1]]), omitted: 0 });
      const mine = byFile.get(finding.file) ?? new Map<string, number>();
      mine.set(finding.code, 1);
      byFile.set(finding.file, mine);
    }
  }
  const findings = mergeProblemLogs(logs, options.maxFindings, fileNames);
  let errors = 0;
  let warnings = 0;
  for (const [code, n] of findings.counts) {
    if (severityOf(code, options.rules, options.strict) === "error") errors += n;
    else warnings += n;
  }
  const rules = [...new Set([...Object.keys(RULES), ...findings.counts.keys()])];
  return {
    resultVersion: 1,
    valid: errors === 0,
    summary: {
      files: fileNames.length,
      fileNames: [...fileNames],
      lines: counts.lines,
      blank: counts.blank,
      valid,
      invalid: counts.invalid,
      duplicates: counts.duplicates,
      late: counts.late,
      sessions,
      errors,
      warnings,
      findingsByCode: sortedCounts(findings.counts),
      findingsByFile: Object.fromEntries(
        fileNames.map((name) => [name, sortedCounts(byFile.get(name) ?? new Map())]),
      ),
    },
    findings: findings.kept as Finding[],
    findingsOmitted: findings.omitted,
    rules: Object.fromEntries(rules.map((code) => [code, severityOf(code, options.rules, options.strict)])),
  };
}

/** The finding of an input without a valid event, at the severity its rule has in this run (none when off). */
function noEventsFinding(fileNames: readonly string[], options: ValidateOptions): Finding | undefined {
  const severity = severityOf("no-events", options.rules, options.strict);
  if (severity === "off") return undefined;
  return {
    code: "no-events",
    severity,
    file: fileNames[0] ?? "<stdin>",
    line: 0,
    message: "the input holds no valid event, so there is nothing to check (--allow-empty lets this pass)",
  };
}

/** Validates the inputs in this thread. */
export async function validate(
  inputs: readonly InputSource[],
  options: ValidateOptions,
): Promise<ValidateResult> {
  const source = readInputs(inputs, options.maxLineBytes, options.onProgress);
  const partial = await validatePartition(source, options, WHOLE);
  return mergeValidate(
    [partial],
    options,
    inputs.map((input) => input.name),
  );
}
