// The commands as the CLI runs them: flags -> options -> command -> renderer -> exit code.
import { type AnalyzeReport, analyze, checkReport } from "../commands/analyze.js";
import { validate } from "../commands/validate.js";
import { analyzeInWorkers, CHUNK_BYTES, validateInWorkers } from "../parallel.js";
import { skipReason, strictReason } from "../render/exit-reasons.js";
import { renderGatesGithub } from "../render/github.js";
import { explainRenderer } from "../render/explain.js";
import { FINDINGS_RENDERERS, type RenderOptions, reportRenderer } from "../render/index.js";
import type { Dimension } from "../report/breakdown.js";
import type { ExplainSpec } from "../report/explain.js";
import { parseTarget } from "../report/gate-expr.js";
import { metricNamed } from "../report/gate-metrics.js";
import type { MissedRingRule } from "../report/scorecard.js";
import { gatesFailed, gatesSkipped } from "../report/gates.js";
import type { Severity } from "../rules.js";
import { resolveInputs, sessionizeOptions } from "./args.js";
import { type GateFlags, loadBaseline, loadGates } from "./gates.js";
import { orderedInputs } from "./inputs.js";
import {
  type CliIO,
  EXIT,
  emit,
  PROGRAM,
  progressMeter,
  progressOption,
  reportFailure,
  UsageError,
  useColor,
} from "./io.js";
import { dialerOptions } from "./dialer.js";
import { callStatsOptions, type KpiFlags } from "./kpis.js";
import { withOpenHours } from "./open-hours.js";
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
  explain?: string;
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
  /** The operator scorecard, one row per operator, instead of the calls; with its settings. */
  operators?: boolean;
  missedRing: MissedRingRule;
  shortCall: number;
  tz: string;
  openHours?: string;
  holidays?: string;
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
    const explain = explainSpec(flags);
    const wanted = [...gates.dimensions, ...(explain?.selector ? [explain.selector.dimension] : [])];
    const by = [...asked, ...wanted.filter((d, i) => !asked.includes(d) && wanted.indexOf(d) === i)];
    // A gate or --explain on a figure of the scorecard or the dialer sections turns that figure on.
    const named = [
      ...gates.specs.map((s) => s.gate.metric),
      ...(explain === undefined ? [] : [explain.metric]),
    ];
    const scorecard =
      (flags.by ?? []).includes("operator") || named.some((name) => metricNamed(name)?.scope === "operator");
    const callStats = await withOpenHours(
      {
        ...callStatsOptions({ ...flags, by, scorecard }, flags.table, (message) => {
          throw new UsageError(message);
        }),
        ...dialerOptions(flags, named, (message) => {
          throw new UsageError(message);
        }),
      },
      flags,
    );
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
      ...(explain === undefined ? {} : { explain }),
    };
    const scanned =
      threads > 1
        ? await analyzeInWorkers(inputs, schema, options, threads, meter?.update, chunkBytes(io))
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
    if (report.explain !== undefined) {
      const explainIt = await explainRenderer(flags.format);
      await emit(explainIt(report.explain, style(flags, io)), flags.output, io);
      return analyzeExitCode(report, {
        strict: flags.strict === true,
        failOnSkip: flags.failOnSkip === true,
      });
    }
    const render = await reportRenderer(flags.format);
    await emit(render(report, style(flags, io)), flags.output, io);
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

/** How analyze's output is drawn: colour only on a terminal table, the tool's version and the time for HTML. */
function style(flags: AnalyzeFlags, io: CliIO): RenderOptions {
  return {
    color: flags.output === undefined && flags.format === "table" && useColor(io),
    ...(flags.table ? { table: flags.table } : {}),
    excelSafe: flags.excelSafe === true,
    terminal: flags.output === undefined && io.stdout.isTTY === true,
    toolVersion: VERSION,
    generatedAt: new Date().toISOString(),
  };
}

/** --explain's figure and group, checked before any input is read; it lists at most --max-problems calls. */
function explainSpec(flags: AnalyzeFlags): ExplainSpec | undefined {
  if (flags.explain === undefined) return undefined;
  if (flags.table !== undefined)
    throw new UsageError("--table does not apply with --explain (its CSV is one table).");
  const parsed = parseTarget(flags.explain);
  if (!parsed.ok) throw new UsageError(`--explain '${flags.explain.trim()}': ${parsed.reason}.`);
  return { metric: parsed.metric.name, selector: parsed.selector, limit: flags.maxProblems };
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
        ? await validateInWorkers(inputs, schema, options, threads, meter?.update, chunkBytes(io))
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

/** The workers' chunk size: TELTEL_EVENTS_CHUNK_BYTES (for tests: small inputs over many chunks), else 1 MiB. */
function chunkBytes(io: CliIO): number {
  return Number(io.env.TELTEL_EVENTS_CHUNK_BYTES ?? CHUNK_BYTES) || CHUNK_BYTES;
}
