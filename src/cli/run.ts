// The commands as the CLI runs them: flags -> options -> command -> renderer -> exit code.
import { stat } from "node:fs/promises";
import { type AnalyzeReport, analyze, checkReport } from "../commands/analyze.js";
import { exportCalls, exportParquet } from "../commands/export.js";
import { timelineOf } from "../commands/timeline.js";
import { validate } from "../commands/validate.js";
import { analyzeInWorkers, validateInWorkers } from "../parallel.js";
import { escapeControls, toSafeJson } from "../render/escape.js";
import type { ExportFormat } from "../render/export.js";
import { skipReason, strictReason } from "../render/exit-reasons.js";
import { renderGatesGithub } from "../render/github.js";
import { FINDINGS_RENDERERS, reportRenderer } from "../render/index.js";
import { renderTimelineText } from "../render/timeline-text.js";
import type { Dimension } from "../report/breakdown.js";
import { gatesFailed, gatesSkipped } from "../report/gates.js";
import type { Severity } from "../rules.js";
import { resolveInputs, sessionizeOptions } from "./args.js";
import { type GateFlags, loadBaseline, loadGates } from "./gates.js";
import { orderedInputs } from "./inputs.js";
import {
  type CliIO,
  EXIT,
  emit,
  openSink,
  PROGRAM,
  progressMeter,
  progressOption,
  reportFailure,
  type Sink,
  UsageError,
  useColor,
} from "./io.js";
import { callStatsOptions, type KpiFlags } from "./kpis.js";
import { VERSION } from "./version.js";

/** The breakdowns of `--format html` when no --by is given (a dimension the data lacks says so in one line). */
const HTML_DEFAULT_BY: Dimension[] = ["direction", "operator", "campaign"];

/** Flags every command shares. */
export interface CommonFlags {
  progress?: boolean;
  threads: number;
  format: string;
  output?: string;
  strict?: boolean;
  schema?: string;
  lateness: number;
  maxSessionEvents: number;
  maxLineBytes: number;
}

/** Flags of analyze. */
export interface AnalyzeFlags extends CommonFlags, KpiFlags, GateFlags {
  table?: string;
  maxProblems: number;
  excelSafe?: boolean;
}

/** Flags of timeline. */
export interface TimelineFlags extends Omit<CommonFlags, "threads"> {
  maxCallLength: number;
}

/** Flags of export. */
export interface ExportFlags extends TimelineFlags {
  excelSafe?: boolean;
  events?: boolean;
}

/** Flags of validate. */
export interface ValidateFlags extends CommonFlags {
  rule?: Record<string, Severity>;
  maxErrors: number;
  quiet?: boolean;
  maxCallLength: number;
  allowEmpty?: boolean;
}

/** Runs analyze: report to stdout or -o; exit 1 when an error-level gate fails, or with --strict and invalid lines. */
export async function runAnalyze(files: string[], flags: AnalyzeFlags, io: CliIO): Promise<number> {
  try {
    if (flags.table !== undefined && flags.format !== "csv") {
      throw new UsageError("--table only applies to --format csv.");
    }
    if (flags.excelSafe === true && flags.format !== "csv") {
      throw new UsageError("--excel-safe only applies to --format csv.");
    }
    // Gates and the baseline are checked before any input is read; a selector's dimension joins --by.
    const gates = await loadGates(flags);
    // The HTML report shows per-direction, per-operator and per-campaign tables unless --by says otherwise.
    const asked =
      flags.format === "html" && (flags.by ?? []).length === 0 ? HTML_DEFAULT_BY : (flags.by ?? []);
    const by = [...asked, ...gates.dimensions.filter((d) => !asked.includes(d))];
    const callStats = callStatsOptions({ ...flags, by }, flags.table, (message) => {
      throw new UsageError(message);
    });
    const baseline = await loadBaseline(flags, callStats, gates.specs);
    if (flags.table === "gates" && gates.specs.length === 0)
      throw new UsageError("--table gates needs a gate (--fail-if, --warn-if or --gates).");
    if (flags.gatesFormat !== undefined && gates.specs.length === 0)
      throw new UsageError("--gates-format needs a gate (--fail-if, --warn-if or --gates).");
    if (flags.failOnSkip === true && gates.specs.length === 0)
      throw new UsageError("--fail-on-skip needs a gate (--fail-if, --warn-if or --gates).");
    if ((flags.table === "baseline" || flags.table === "delta") && baseline === undefined)
      throw new UsageError(`--table ${flags.table} needs --baseline FILE.`);
    const { paths, threads, bytes } = await resolveInputs(files, flags.threads, io, flags.output);
    const { inputs, schema, fastPath, validator } = await orderedInputs(paths, flags, io);
    const meter = progressMeter(flags, io, bytes);
    const options = {
      maxLineBytes: flags.maxLineBytes,
      fastPath,
      maxProblems: flags.maxProblems,
      sessionize: sessionizeOptions(flags),
      callStats,
    };
    const scanned =
      threads > 1
        ? await analyzeInWorkers(inputs, schema, options, threads, meter?.update)
        : await analyze(inputs, {
            ...options,
            validator: await validator(),
            ...progressOption(meter),
          });
    meter?.done();
    const report = checkReport(scanned, {
      gates: gates.specs,
      ...(baseline === undefined ? {} : { baseline }),
    });
    const render = await reportRenderer(flags.format);
    const color = flags.output === undefined && flags.format === "table" && useColor(io);
    const style = {
      color,
      ...(flags.table ? { table: flags.table } : {}),
      excelSafe: flags.excelSafe === true,
      terminal: flags.output === undefined && io.stdout.isTTY === true,
      toolVersion: VERSION,
      generatedAt: new Date().toISOString(),
    };
    await emit(render(report, style), flags.output, io);
    const exit = { strict: flags.strict === true, failOnSkip: flags.failOnSkip === true };
    if (flags.gatesFormat === "github" && report.gates !== undefined)
      io.stderr.write(renderGatesGithub(report.gates, exit));
    // The report may be in a file: an exit 1 that no failed gate explains says why on stderr.
    if (exit.strict && report.input.invalid > 0) io.stderr.write(`${PROGRAM}: ${strictReason(report)}.\n`);
    if (exit.failOnSkip && report.gates !== undefined && gatesSkipped(report.gates))
      io.stderr.write(`${PROGRAM}: ${skipReason(report.gates)}.\n`);
    return analyzeExitCode(report, exit);
  } catch (error) {
    return reportFailure(error, io);
  }
}

/**
 * analyze's exit code, decided here only: 1 (findings) when an error-level gate fails, or one is skipped
 * with --fail-on-skip, or with --strict any line is invalid.
 */
export function analyzeExitCode(
  report: AnalyzeReport,
  exit: { strict: boolean; failOnSkip: boolean },
): number {
  const gates = report.gates ?? [];
  if (gatesFailed(gates) || (exit.failOnSkip && gatesSkipped(gates))) return EXIT.findings;
  return exit.strict && report.input.invalid > 0 ? EXIT.findings : EXIT.ok;
}

/** Runs validate: findings in the chosen format; exit 1 on any error. */
export async function runValidate(files: string[], flags: ValidateFlags, io: CliIO): Promise<number> {
  const startedAt = Date.now();
  const clock = performance.now();
  try {
    const { paths, threads, bytes } = await resolveInputs(files, flags.threads, io, flags.output);
    const { inputs, schema, fastPath, validator } = await orderedInputs(paths, flags, io);
    const meter = progressMeter(flags, io, bytes);
    const options = {
      maxLineBytes: flags.maxLineBytes,
      fastPath,
      sessionize: sessionizeOptions(flags),
      lifecycle: { maxCallMs: flags.maxCallLength * 1000 },
      maxFindings: flags.maxErrors,
      rules: flags.rule ?? {},
      strict: flags.strict === true,
      allowEmpty: flags.allowEmpty === true,
    };
    const result =
      threads > 1
        ? await validateInWorkers(inputs, schema, options, threads, meter?.update)
        : await validate(inputs, {
            ...options,
            validator: await validator(),
            ...progressOption(meter),
          });
    meter?.done();
    const render = FINDINGS_RENDERERS[flags.format] ?? FINDINGS_RENDERERS.text;
    const color = flags.output === undefined && flags.format === "text" && useColor(io);
    const run = { startedAt, seconds: (performance.now() - clock) / 1000 };
    await emit(
      (render as NonNullable<typeof render>)(result, { color, quiet: flags.quiet === true, run }),
      flags.output,
      io,
    );
    return result.valid ? EXIT.ok : EXIT.findings;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** Runs export: one row per session, streamed. */
export async function runExport(files: string[], flags: ExportFlags, io: CliIO): Promise<number> {
  let sink: Sink | undefined;
  try {
    if (flags.excelSafe === true && flags.format !== "csv") {
      throw new UsageError("--excel-safe only applies to --format csv.");
    }
    if (flags.format === "parquet" && flags.output === undefined) {
      throw new UsageError("--format parquet writes a binary file: give it with -o FILE.");
    }
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    sink = openSink(flags.output, io);
    const write = sink.write;
    const render = {
      excelSafe: flags.excelSafe === true,
      terminal: flags.output === undefined && io.stdout.isTTY === true,
    };
    const rows = flags.events === true ? ("events" as const) : ("calls" as const);
    const exportOptions = { ...options, format: flags.format as ExportFormat, rows, render };
    if (exportOptions.format === "parquet") {
      const writeBytes = sink.writeBytes;
      await exportParquet(inputs, exportOptions, (chunk) => writeBytes(chunk));
    } else await exportCalls(inputs, exportOptions, (chunk) => write(chunk));
    meter?.done();
    await sink.close();
    return EXIT.ok;
  } catch (error) {
    sink?.abort();
    return reportFailure(error, io);
  }
}

/** Runs timeline: one session as a ladder or as JSON; exit 1 when the session is not in the input. */
export async function runTimeline(
  sessionId: string,
  files: string[],
  flags: TimelineFlags,
  io: CliIO,
  usage = `${PROGRAM} timeline [options] <session_id> [files...]`,
): Promise<number> {
  try {
    if (files.length === 0) await checkSessionIdFirst(sessionId, io, usage);
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    const view = await timelineOf(inputs, { ...options, sessionId });
    meter?.done();
    if (view === null) {
      // Not a usage error (the command was well formed) but nothing to show: exit 1, like a finding.
      io.stderr.write(`${PROGRAM}: no session "${escapeControls(sessionId)}" in the input.\n`);
      return EXIT.findings;
    }
    const color = flags.output === undefined && flags.format === "text" && useColor(io);
    const text = flags.format === "json" ? `${toSafeJson(view, 2)}\n` : renderTimelineText(view, { color });
    await emit(text, flags.output, io);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/**
 * With no input file named, a session id that names a file (`timeline dump.ndjson`, the id forgotten) or a
 * terminal on stdin is a usage error that says the session id comes first.
 */
async function checkSessionIdFirst(sessionId: string, io: CliIO, usage: string): Promise<void> {
  const named = await stat(sessionId).then(
    () => true,
    () => false,
  );
  if (named)
    throw new UsageError(
      `"${sessionId}" is a file, but the first argument is the session id, then the files (usage: ${usage}).`,
    );
  if (io.stdin.isTTY)
    throw new UsageError(
      `no input: the first argument is the session id, then the files or - for stdin (usage: ${usage}).`,
    );
}

/** Inputs, scan and lifecycle options and the progress meter of a single-threaded run (export, timeline). */
async function prepareSingleScan(files: string[], flags: TimelineFlags, io: CliIO) {
  const { paths, bytes } = await resolveInputs(files, 1, io, flags.output);
  const { inputs, fastPath, validator } = await orderedInputs(paths, flags, io);
  const meter = progressMeter(flags, io, bytes);
  const options = {
    validator: await validator(),
    maxLineBytes: flags.maxLineBytes,
    fastPath,
    sessionize: sessionizeOptions(flags),
    lifecycle: { maxCallMs: flags.maxCallLength * 1000 },
    ...progressOption(meter),
  };
  return { inputs, options, meter };
}
