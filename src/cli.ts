// Command-line wiring: the program, its commands and flags; the process edge when run as the bin.
import { fstatSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { addInputOptions, count, positive, ruleSetting, seconds } from "./cli/args.js";
import { type CollectFlags, listenAddress, runCollect, TOKEN_ENV } from "./cli/collect.js";
import { duration } from "./cli/duration.js";
import { checkedStdout, createOutputFiles, describeWriteError } from "./cli/files.js";
import { addGateOptions } from "./cli/gates.js";
import { type CliIO, EXIT, PROGRAM, reportFailure } from "./cli/io.js";
import { addKpiOptions, addScorecardOptions, zone } from "./cli/kpis.js";
import {
  type AnalyzeFlags,
  type ExportFlags,
  runAnalyze,
  runValidate,
  type TimelineFlags,
  type ValidateFlags,
} from "./cli/run.js";
import { type CallersFlags, runCallers } from "./cli/run-callers.js";
import { type PruneFlags, runPrune } from "./cli/run-prune.js";
import { runExport, runTimeline } from "./cli/run-single.js";
import { VERSION } from "./cli/version.js";
import { CALLERS_FORMATS } from "./render/callers.js";
import { EXPORT_FORMATS } from "./render/export.js";
import { FINDINGS_RENDERERS, REPORT_FORMATS } from "./render/index.js";
import { TABLE_NAMES } from "./render/tables.js";

export { type CliIO, EXIT, type OutputFile } from "./cli/io.js";

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command(PROGRAM)
    .description(
      "Analyze, validate and collect TelTel call-event webhook dumps (NDJSON, one event per line).",
    )
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
    .addOption(new Option("-f, --format <format>", "output format").choices(REPORT_FORMATS).default("table"))
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
    )
    .option(
      "--explain <metric>",
      "print one figure's definition, numerator and denominator and the calls behind each (at most --max-problems), e.g. asr or 'asr{operator:31004}', instead of the report",
    );
  addKpiOptions(analyzeCommand);
  addGateOptions(analyzeCommand);
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
    .option("--rule <code=severity>", "set one rule to off, warn or error (repeatable)", ruleSetting)
    .option("--max-errors <n>", "print at most this many findings (all are counted)", count, 1000)
    .option("--quiet", "print the summary only")
    .option("--allow-empty", "pass an input without a single valid event (otherwise a no-events error)")
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400);
  addInputOptions(validateCommand).action(async (files: string[], flags: ValidateFlags) => {
    exitCode = await runValidate(files, flags, io);
  });

  const exportCommand = program
    .command("export")
    .description(
      "Write one row per call session (complete or not): times, ring attempts, talk, hang-up; or one per event.",
    )
    .addOption(
      new Option("-f, --format <format>", "output format (parquet needs -o FILE)")
        .choices(EXPORT_FORMATS)
        .default("csv"),
    )
    .option("--events", "one row per valid event used (after dedupe) instead of one per call session")
    .option("--operators", "one row per operator: the operator scorecard (see analyze --by operator)")
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400)
    .option(
      "--excel-safe",
      "with --format csv: prefix ' to cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)",
    )
    .option(
      "--open-hours <hours>",
      "fill the closed column: inbound calls starting outside these hours (in --tz)",
    )
    .option("--holidays <file>", "with --open-hours: dates closed all day (one ISO date a line, # comments)")
    .option(
      "--tz <zone>",
      "IANA time zone of --open-hours, --holidays and (with --operators) the days of busy share",
      zone,
      "UTC",
    );
  addScorecardOptions(exportCommand);
  addInputOptions(exportCommand, false).action(async (files: string[], flags: ExportFlags) => {
    exitCode = await runExport(files, flags, io);
  });

  const timelineCommand = program
    .command("timeline")
    .description("Show one call as a ladder of its events, ring attempts, talk window and findings.")
    .argument("<session_id>", "the session_id of the call; it comes before the files")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--max-call-length <seconds>", "longest plausible call (session-too-long)", seconds, 86_400);
  addInputOptions(timelineCommand, false).action(
    async (sessionId: string, files: string[], flags: TimelineFlags) => {
      exitCode = await runTimeline(
        sessionId,
        files,
        flags,
        io,
        `${PROGRAM} timeline ${timelineCommand.usage()}`,
      );
    },
  );

  const callersCommand = program
    .command("callers")
    .description(
      "List the inbound callers who were missed and whether they were returned, attempted, called again or are open.",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(CALLERS_FORMATS).default("table"))
    .option("--open", "list only the callers nobody has returned yet (open, or their window is not over)")
    .option(
      "--return-window <duration>",
      "how long after a missed call a call still returns it: 90m, 24h, 2d or seconds",
      duration,
      86_400,
    )
    .option(
      "--max-call-length <seconds>",
      "longest plausible call: how long a row waits for a return call to end",
      seconds,
      86_400,
    )
    .option(
      "--excel-safe",
      "with --format csv: prefix ' to cells a spreadsheet would run as a formula (=, +, -, @, tab, CR)",
    );
  addInputOptions(callersCommand, false).action(async (files: string[], flags: CallersFlags) => {
    exitCode = await runCallers(files, flags, io);
  });

  program
    .command("collect")
    .description(
      "Receive TelTel's webhooks and write them to daily NDJSON dumps, acknowledging only what is on disk.",
    )
    .requiredOption(
      "--out-dir <dir>",
      "write DIR/events-YYYY-MM-DD.ndjson (UTC day of receipt) and rejected-*.ndjson",
    )
    .addOption(
      new Option("--listen <host:port>", "address to listen on ([::1]:8080 for IPv6; port 0: any free port)")
        .argParser(listenAddress)
        .default({ host: "127.0.0.1", port: 8080 }, "127.0.0.1:8080"),
    )
    .option("--token-file <file>", "read the shared token from this file (surrounding whitespace ignored)")
    .option("--token <token>", `the shared token (visible in ps: prefer --token-file or ${TOKEN_ENV})`)
    .option("--no-auth", "accept requests without a token (only on a loopback address)")
    .option(
      "--max-body-bytes <n>",
      "larger bodies get 413 (and are kept, cut, in the rejected file)",
      bodyBytes,
      65_536,
    )
    .option("--max-connections <n>", "connections open at once; more are closed at once", positive, 512)
    .option("--received-at", "add the receipt time to each event as received_at")
    .option(
      "--retain-days <n>",
      "remove daily files (events-, rejected-) whose day ended N days ago, at start and at each UTC day change",
      positive,
    )
    .action(async (flags: CollectFlags) => {
      exitCode = await runCollect(flags, io);
    });

  program
    .command("prune")
    .description(
      "Remove collect's daily files (events-, rejected-; .ndjson or .ndjson.gz) older than a duration.",
    )
    .argument("<dir>", "the directory collect writes to")
    .requiredOption(
      "--older-than <duration>",
      "remove the files whose day ended this long ago: 90d, 2160h or seconds (at least 1d)",
      duration,
    )
    .option("--dry-run", "list what would be removed; remove nothing")
    .action(async (dir: string, flags: PruneFlags) => {
      exitCode = await runPrune(dir, flags, io);
    });

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

/** A body limit: 1 byte to 64 MiB (a limit times --max-connections bounds the memory bodies can take). */
function bodyBytes(value: string): number {
  const n = positive(value);
  if (n > 64 * 1024 * 1024) throw new InvalidArgumentError("expected at most 67108864 (64 MiB).");
  return n;
}

/** How far (in %) V8 may let the old generation grow past the live heap before it collects again. */
const HEAP_GROWING_PERCENT = 50;

/** The real process: arguments, streams, files and exit code. */
async function runProcess(): Promise<void> {
  // The scan keeps each call's events only until the call is finalised, so most of the old generation is
  // garbage soon after it is promoted. V8's default lets the heap grow to several times what is live before
  // it collects; half again as much keeps the peak RSS of a 1M-event run ~80 MB lower at the same speed (the
  // bench). The flag is read at every collection, and worker threads started later share it.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  let stdoutFailure: NodeJS.ErrnoException | undefined;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // A closed pipe (e.g. `| head`) is a normal way for a reader to stop.
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    stdoutFailure ??= error;
  });
  const outputs = createOutputFiles();
  const code = await main(process.argv.slice(2), {
    stdout: checkedStdout(process.stdout),
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIdentity: () => {
      try {
        const { dev, ino } = fstatSync(0);
        return { dev, ino };
      } catch {
        // No stdin at all (closed): nothing it could be the same file as.
        return undefined;
      }
    },
    env: process.env,
    writeFile: (path, text) => outputs.writeWhole(path, text),
    openOutput: (path) => outputs.open(path),
    onStop: (stop) => {
      const handler = (): void => stop();
      process.on("SIGTERM", handler);
      process.on("SIGINT", handler);
      return () => {
        process.off("SIGTERM", handler);
        process.off("SIGINT", handler);
      };
    },
  });
  // A pipe's write error arrives as an event, after the run decided its code (a file's was thrown and said).
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (stdoutFailure !== undefined && code !== EXIT.usage) {
    process.stderr.write(`${PROGRAM}: cannot write the report: ${describeWriteError(stdoutFailure)}.\n`);
    process.exitCode = EXIT.usage;
  } else process.exitCode = code;
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
