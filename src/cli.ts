// Command-line wiring: flags -> options -> command -> renderer -> exit code. The only place that decides exit codes.
import { closeSync, openSync, realpathSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { addKpiOptions, callStatsOptions, type KpiFlags } from "./cli-kpis.js";
import { analyze } from "./commands/analyze.js";
import { exportCalls } from "./commands/export.js";
import { timelineOf } from "./commands/timeline.js";
import { validate } from "./commands/validate.js";
import { analyzeInWorkers, validateInWorkers } from "./parallel.js";
import { checkInputPaths, InputError, inputSources, loadSchemaDocument } from "./pipeline/read.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "./pipeline/sessionize.js";
import { createEventValidator, SchemaError } from "./pipeline/validate.js";
import { EXPORT_FORMATS, type ExportFormat } from "./render/export.js";
import { FINDINGS_RENDERERS, REPORT_RENDERERS } from "./render/index.js";
import { createProgressMeter, type ProgressMeter } from "./render/progress.js";
import { escapeControls, toSafeJson } from "./render/escape.js";
import { renderTimelineText } from "./render/timeline-text.js";
import { TABLE_NAMES } from "./render/tables.js";
import { isRuleCode, type Severity } from "./rules.js";

/** Exit codes: 0 ok, 1 findings (invalid data, with --strict), 2 usage or IO error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The process edges main() may use; tests pass their own. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  /** Opens a file for output written piece by piece (export); without it the pieces go to writeFile at the end. */
  openOutput?(path: string): OutputFile;
}

/** A file being written in pieces. */
export interface OutputFile {
  write(text: string): void;
  close(): void;
}

const PROGRAM = "teltel-events";

/** A flag combination that makes no sense; reported like commander's own usage errors (exit 2). */
class UsageError extends Error {}
const VERSION = "0.1.0";

interface CommonFlags {
  progress?: boolean;
  threads: number;
  format: string;
  output?: string;
  strict?: boolean;
  schema?: string;
  lateness: number;
  maxLineBytes: number;
}

interface AnalyzeFlags extends CommonFlags, KpiFlags {
  table?: string;
  maxProblems: number;
  excelSafe?: boolean;
}

interface TimelineFlags extends Omit<CommonFlags, "threads"> {
  maxCallLength: number;
}

interface ExportFlags extends TimelineFlags {
  excelSafe?: boolean;
}

interface ValidateFlags extends CommonFlags {
  rule: Record<string, Severity>;
  maxErrors: number;
  quiet?: boolean;
  maxCallLength: number;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command(PROGRAM)
    .description("Analyze and validate TelTel call-event webhook dumps (NDJSON, one event per line).")
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) =>
        write(`${PROGRAM}: ${text.replace(/^error: /, "").trimEnd()} (see --help)\n`),
    });

  const analyzeCommand = program
    .command("analyze")
    .description("Report answer rates, hang-ups and ring results of the calls in one or more dumps.")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(Object.keys(REPORT_RENDERERS))
        .default("table"),
    )
    .addOption(
      new Option("--table <name>", "with --format csv: only this table, as a wide CSV").choices(TABLE_NAMES),
    )
    .option("--strict", "exit with code 1 when any line is invalid")
    .option(
      "--max-problems <n>",
      "list at most this many problems in the report (all are counted)",
      count,
      100,
    )
    .option(
      "--excel-safe",
      "with --format csv: prefix ' to cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)",
    );
  addKpiOptions(analyzeCommand);
  addInputOptions(analyzeCommand).action(async (files: string[], flags: AnalyzeFlags) => {
    exitCode = await runAnalyze(files, flags, io);
  });

  const validateCommand = program
    .command("validate")
    .description("Check every line against the schema and every session against the call lifecycle.")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(Object.keys(FINDINGS_RENDERERS))
        .default("text"),
    )
    .option("--strict", "treat warnings as errors")
    .option("--rule <code=severity>", "set one rule to off, warn or error (repeatable)", ruleSetting, {})
    .option("--max-errors <n>", "print at most this many findings (all are counted)", count, 1000)
    .option("--quiet", "print the summary only")
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400);
  addInputOptions(validateCommand).action(async (files: string[], flags: ValidateFlags) => {
    exitCode = await runValidate(files, flags, io);
  });

  const exportCommand = program
    .command("export")
    .description("Write one row per call session (complete or not): times, ring attempts, talk, hang-up.")
    .addOption(new Option("-f, --format <format>", "output format").choices(EXPORT_FORMATS).default("csv"))
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400)
    .option(
      "--excel-safe",
      "with --format csv: prefix ' to cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)",
    );
  addInputOptions(exportCommand, false).action(async (files: string[], flags: ExportFlags) => {
    exitCode = await runExport(files, flags, io);
  });

  const timelineCommand = program
    .command("timeline")
    .description("Show one call as a ladder of its events, ring attempts, talk window and findings.")
    .argument("<session_id>", "the session_id of the call")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400);
  addInputOptions(timelineCommand, false).action(
    async (sessionId: string, files: string[], flags: TimelineFlags) => {
      exitCode = await runTimeline(sessionId, files, flags, io);
    },
  );

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportFailure(error, io);
  }
  return exitCode;
}

/** The options every command shares: inputs, schema, windows, the line limit (and threads, where used). */
function addInputOptions(command: Command, threads = true): Command {
  command
    .argument("[files...]", "NDJSON dumps, plain or gzip; - for stdin (the default when stdin is piped)")
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .option(
      "--schema <dir>",
      "use teltel-event.schema.json from this directory instead of the bundled schema",
    )
    .option(
      "--lateness <seconds>",
      "keep a session open this long (event time) after its COMPLETED, for late deliveries",
      seconds,
      DEFAULT_SESSIONIZE_OPTIONS.latenessMs / 1000,
    )
    .option("--max-line-bytes <n>", "lines longer than this are invalid", positive, 1_048_576);
  if (threads)
    command.option("--threads <n>", "worker threads (0: automatic; stdin and small inputs use 1)", count, 0);
  return command
    .option("--progress", "show the progress line on stderr even when it is not a terminal")
    .option("--no-progress", "never show the progress line");
}

async function runAnalyze(files: string[], flags: AnalyzeFlags, io: CliIO): Promise<number> {
  try {
    if (flags.table !== undefined && flags.format !== "csv") {
      throw new UsageError("--table only applies to --format csv.");
    }
    if (flags.excelSafe === true && flags.format !== "csv") {
      throw new UsageError("--excel-safe only applies to --format csv.");
    }
    const callStats = callStatsOptions(flags, flags.table, (message) => {
      throw new UsageError(message);
    });
    const { paths, threads, bytes } = await resolveInputs(files, flags.threads, io);
    const meter = progressMeter(flags, io, bytes);
    const schema = await loadSchemaDocument(flags.schema);
    const validator = createEventValidator(schema);
    const options = {
      maxLineBytes: flags.maxLineBytes,
      maxProblems: flags.maxProblems,
      sessionize: { ...DEFAULT_SESSIONIZE_OPTIONS, latenessMs: flags.lateness * 1000 },
      callStats,
    };
    const report =
      threads > 1
        ? await analyzeInWorkers(paths, schema, options, threads, meter?.update)
        : await analyze(inputSources(paths, io.stdin), { ...options, validator, ...progressOption(meter) });
    meter?.done();
    const render = REPORT_RENDERERS[flags.format] ?? REPORT_RENDERERS.table;
    const color = flags.output === undefined && flags.format === "table" && useColor(io);
    const style = {
      color,
      ...(flags.table ? { table: flags.table } : {}),
      excelSafe: flags.excelSafe === true,
      terminal: flags.output === undefined && io.stdout.isTTY === true,
    };
    await emit((render as NonNullable<typeof render>)(report, style), flags.output, io);
    return flags.strict && report.input.invalid > 0 ? EXIT.findings : EXIT.ok;
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function runValidate(files: string[], flags: ValidateFlags, io: CliIO): Promise<number> {
  try {
    const { paths, threads, bytes } = await resolveInputs(files, flags.threads, io);
    const meter = progressMeter(flags, io, bytes);
    const schema = await loadSchemaDocument(flags.schema);
    const validator = createEventValidator(schema);
    const options = {
      maxLineBytes: flags.maxLineBytes,
      sessionize: { ...DEFAULT_SESSIONIZE_OPTIONS, latenessMs: flags.lateness * 1000 },
      lifecycle: { maxCallMs: flags.maxCallLength * 1000 },
      maxFindings: flags.maxErrors,
      rules: flags.rule,
      strict: flags.strict === true,
    };
    const result =
      threads > 1
        ? await validateInWorkers(paths, schema, options, threads, meter?.update)
        : await validate(inputSources(paths, io.stdin), { ...options, validator, ...progressOption(meter) });
    meter?.done();
    const render = FINDINGS_RENDERERS[flags.format] ?? FINDINGS_RENDERERS.text;
    const color = flags.output === undefined && flags.format === "text" && useColor(io);
    await emit(
      (render as NonNullable<typeof render>)(result, { color, quiet: flags.quiet === true }),
      flags.output,
      io,
    );
    return result.valid ? EXIT.ok : EXIT.findings;
  } catch (error) {
    return reportFailure(error, io);
  }
}

async function runExport(files: string[], flags: ExportFlags, io: CliIO): Promise<number> {
  let sink: Sink | undefined;
  try {
    if (flags.excelSafe === true && flags.format !== "csv") {
      throw new UsageError("--excel-safe only applies to --format csv.");
    }
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    sink = openSink(flags.output, io);
    const write = sink.write;
    const render = {
      excelSafe: flags.excelSafe === true,
      terminal: flags.output === undefined && io.stdout.isTTY === true,
    };
    const exportOptions = { ...options, format: flags.format as ExportFormat, render };
    await exportCalls(inputs, exportOptions, (chunk) => write(chunk));
    meter?.done();
    await sink.close();
    return EXIT.ok;
  } catch (error) {
    sink?.abort();
    return reportFailure(error, io);
  }
}

async function runTimeline(
  sessionId: string,
  files: string[],
  flags: TimelineFlags,
  io: CliIO,
): Promise<number> {
  try {
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

/** Inputs, scan and lifecycle options and the progress meter of a single-threaded run (export, timeline). */
async function prepareSingleScan(files: string[], flags: TimelineFlags, io: CliIO) {
  const { paths, bytes } = await resolveInputs(files, 1, io);
  const meter = progressMeter({ ...flags, threads: 1 }, io, bytes);
  const validator = createEventValidator(await loadSchemaDocument(flags.schema));
  const options = {
    validator,
    maxLineBytes: flags.maxLineBytes,
    sessionize: { ...DEFAULT_SESSIONIZE_OPTIONS, latenessMs: flags.lateness * 1000 },
    lifecycle: { maxCallMs: flags.maxCallLength * 1000 },
    ...progressOption(meter),
  };
  return { inputs: inputSources(paths, io.stdin), options, meter };
}

/** Where streamed output goes: stdout, a file written piece by piece, or (without openOutput) writeFile at the end. */
interface Sink {
  write(text: string): void;
  close(): Promise<void>;
  /** After a failure: release the file (what was written stays), write nothing more. */
  abort(): void;
}

function openSink(output: string | undefined, io: CliIO): Sink {
  if (output === undefined)
    return { write: (text) => void io.stdout.write(text), close: async () => {}, abort: () => {} };
  const failed = (error: unknown): InputError =>
    new InputError(
      `cannot write the report to ${output} (${(error as NodeJS.ErrnoException).code ?? "unknown error"}).`,
    );
  if (io.openOutput === undefined) {
    const pieces: string[] = [];
    return {
      write: (text) => void pieces.push(text),
      close: () => writeOutput(output, pieces.join(""), io),
      abort: () => {},
    };
  }
  let file: OutputFile;
  try {
    file = io.openOutput(output);
  } catch (error) {
    throw failed(error);
  }
  let open = true;
  return {
    write(text) {
      try {
        file.write(text);
      } catch (error) {
        throw failed(error);
      }
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        file.close();
      } catch (error) {
        throw failed(error);
      }
    },
    abort() {
      if (!open) return;
      open = false;
      try {
        file.close();
      } catch {
        // Already failing: the first error is the one reported.
      }
    },
  };
}

async function emit(text: string, output: string | undefined, io: CliIO): Promise<void> {
  if (output === undefined) io.stdout.write(text);
  else await writeOutput(output, text, io);
}

/** Inputs this small are read in one thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_AUTO_THREADS = 4;

/**
 * The inputs to read — the given paths (checked up front), or stdin when none are given and it is piped —
 * and how many threads to read them with: stdin is read in one thread; 0 means automatic.
 */
async function resolveInputs(
  files: string[],
  requested: number,
  io: CliIO,
): Promise<{ paths: string[]; threads: number; bytes: number | undefined }> {
  if (files.length === 0) {
    if (io.stdin.isTTY) throw new InputError("no input: give one or more dump files, or - to read stdin.");
    return { paths: ["-"], threads: 1, bytes: undefined };
  }
  if (files.filter((file) => file === "-").length > 1)
    throw new InputError("stdin (-) can be read only once.");
  const bytes = await checkInputPaths(files);
  if (files.includes("-")) return { paths: files, threads: 1, bytes: undefined };
  if (requested > 0) return { paths: files, threads: requested, bytes };
  const threads = bytes < PARALLEL_MIN_BYTES ? 1 : Math.min(availableParallelism(), MAX_AUTO_THREADS);
  return { paths: files, threads, bytes };
}

/** A progress meter on stderr: on a terminal outside CI by default, always with --progress, never with --no-progress. */
function progressMeter(
  flags: CommonFlags,
  io: CliIO,
  totalBytes: number | undefined,
): ProgressMeter | undefined {
  const wanted = flags.progress ?? (io.stderr.isTTY === true && !io.env.CI);
  return wanted ? createProgressMeter((text) => io.stderr.write(text), totalBytes, Date.now) : undefined;
}

function progressOption(meter: ProgressMeter | undefined): { onProgress?: ProgressMeter["update"] } {
  return meter === undefined ? {} : { onProgress: meter.update };
}

async function writeOutput(path: string, text: string, io: CliIO): Promise<void> {
  try {
    await io.writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new InputError(`cannot write the report to ${path} (${code}).`);
  }
}

function useColor(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

function reportFailure(error: unknown, io: CliIO): number {
  // Messages name files, which may come from a glob over a directory someone else fills: escape them too.
  if (error instanceof InputError || error instanceof SchemaError || error instanceof UsageError) {
    io.stderr.write(`${PROGRAM}: ${escapeControls(error.message)}\n`);
  } else {
    const message = escapeControls(error instanceof Error ? error.message : String(error));
    io.stderr.write(`${PROGRAM}: internal error: ${message}. Please report it with the command you ran.\n`);
    if (io.env.TELTEL_DEBUG) io.stderr.write(`${(error as Error).stack ?? ""}\n`);
  }
  return EXIT.usage;
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError("expected a number of seconds, 0 or more.");
  }
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError("expected a whole number, 0 or more.");
  return n;
}

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  off: "off",
  warn: "warning",
  warning: "warning",
  error: "error",
};

function ruleSetting(value: string, previous: Record<string, Severity>): Record<string, Severity> {
  const match = /^([a-z-]+)=([a-z]+)$/.exec(value.trim());
  const code = match?.[1];
  const word = match?.[2];
  if (code === undefined || word === undefined || !Object.hasOwn(SEVERITY_WORDS, word)) {
    throw new InvalidArgumentError("expected CODE=off|warn|error, e.g. ring-without-result=off.");
  }
  if (!isRuleCode(code))
    throw new InvalidArgumentError(`unknown rule code "${code}" (the README lists them).`);
  return { ...previous, [code]: SEVERITY_WORDS[word] as Severity };
}

function positive(value: string): number {
  const n = count(value);
  if (n === 0) throw new InvalidArgumentError("expected a whole number above 0.");
  return n;
}

/** The real process: arguments, streams, files and exit code. */
async function runProcess(): Promise<void> {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // A closed pipe (e.g. `| head`) is a normal way for a reader to stop.
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    writeFile: (path, text) => writeFile(path, text, "utf8"),
    openOutput: (path) => {
      // Synchronous writes: a streamed export never piles up in memory waiting for the disk.
      const fd = openSync(path, "w");
      return {
        write: (text) => {
          const bytes = Buffer.from(text, "utf8");
          for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
        },
        close: () => closeSync(fd),
      };
    },
  });
}

// Run only when loaded as the program (bin/teltel-events.js), not when tests import main().
const binPath = fileURLToPath(new URL("../bin/teltel-events.js", import.meta.url));
const invokedPath = process.argv[1];
if (invokedPath !== undefined && safeRealpath(invokedPath) === safeRealpath(binPath)) await runProcess();

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
