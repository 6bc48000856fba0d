// The validate command: every line against the schema, every session against the lifecycle rules, as findings.
import { type LifecycleOptions, checkLifecycle } from "../pipeline/lifecycle.js";
import type { InputSource } from "../pipeline/read.js";
import { type ScanOptions, scanInputs } from "../pipeline/scan.js";
import { buildTimeline } from "../pipeline/timeline.js";
import type { ProblemLog } from "../problems.js";
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

/** Validates the inputs and returns counts and the first findings in file and line order. */
export async function validate(
  inputs: readonly InputSource[],
  options: ValidateOptions,
): Promise<ValidateResult> {
  const kept: Finding[] = [];
  const byCode = new Map<string, number>();
  const byFile = new Map<string, Map<string, number>>();
  let errors = 0;
  let warnings = 0;
  let omitted = 0;
  let sessions = 0;
  const log: ProblemLog = {
    kept,
    counts: byCode,
    get omitted() {
      return omitted;
    },
    add(problem) {
      const severity = severityOf(problem.code, options.rules, options.strict);
      if (severity === "off") return;
      if (severity === "error") errors += 1;
      else warnings += 1;
      byCode.set(problem.code, (byCode.get(problem.code) ?? 0) + 1);
      let fileCounts = byFile.get(problem.file);
      if (fileCounts === undefined) {
        fileCounts = new Map();
        byFile.set(problem.file, fileCounts);
      }
      fileCounts.set(problem.code, (fileCounts.get(problem.code) ?? 0) + 1);
      if (kept.length < options.maxFindings) kept.push({ ...problem, severity });
      else omitted += 1;
    },
  };
  const input = await scanInputs(inputs, options, log, (session) => {
    sessions += 1;
    for (const finding of checkLifecycle(buildTimeline(session), options.lifecycle)) log.add(finding);
  });
  const order = new Map(input.fileNames.map((name, index) => [name, index]));
  kept.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  return {
    resultVersion: 1,
    valid: errors === 0,
    summary: {
      files: input.files,
      fileNames: input.fileNames,
      lines: input.lines,
      blank: input.blank,
      valid: input.events + input.duplicates + input.late,
      invalid: input.invalid,
      duplicates: input.duplicates,
      late: input.late,
      sessions,
      errors,
      warnings,
      findingsByCode: sortedRecord(byCode),
      findingsByFile: Object.fromEntries(
        input.fileNames.map((name) => [name, sortedRecord(byFile.get(name) ?? new Map())]),
      ),
    },
    findings: kept,
    findingsOmitted: omitted,
    rules: Object.fromEntries(
      [...new Set([...Object.keys(RULES), ...byCode.keys()])].map((code) => [
        code,
        severityOf(code, options.rules, options.strict),
      ]),
    ),
  };
}

function sortedRecord(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
