// Command-line arguments: the shared input options, number and rule parsers, and the choice of inputs and threads.
import { availableParallelism } from "node:os";
import { type Command, InvalidArgumentError } from "commander";
import { checkInputPaths, InputError } from "../ingest/read.js";
import { DEFAULT_SESSIONIZE_OPTIONS, type SessionizeOptions } from "../ingest/sessionize.js";
import { isRuleCode, type Severity } from "../rules.js";
import { type CliIO, PROGRAM } from "./io.js";

/** The options every command shares: inputs, schema, windows, the line limit (and threads, where used). */
export function addInputOptions(command: Command, threads = true): Command {
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
    .option(
      "--max-session-events <n>",
      "finalise a session at this many events (oversized-session); its later ones are only counted",
      positive,
      DEFAULT_SESSIONIZE_OPTIONS.maxSessionEvents,
    )
    .option("--max-line-bytes <n>", "lines longer than this are invalid", positive, 1_048_576);
  if (threads)
    command.option(
      "--threads <n>",
      "threads that parse and check (0: automatic, one for stdin and inputs under 64 MiB)",
      count,
      0,
    );
  return command
    .option("--progress", "show the progress line on stderr even when it is not a terminal")
    .option("--no-progress", "never show the progress line");
}

/** Inputs this small are read in one thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;
const MAX_AUTO_THREADS = 4;

/**
 * The inputs to read — the given paths (checked up front, with the -o file), or stdin when none are given
 * and it is piped — and how many threads to parse them with; 0 means automatic (one for stdin, whose size is
 * unknown). More threads than cores only cost memory: a larger request is lowered, and stderr says so.
 */
export async function resolveInputs(
  files: string[],
  requested: number,
  io: CliIO,
  output?: string,
): Promise<{ paths: string[]; threads: number; bytes: number | undefined }> {
  const cores = threadCap(io);
  if (requested > cores) {
    io.stderr.write(`${PROGRAM}: --threads ${requested} lowered to ${cores}, the number of cores.\n`);
  }
  const asked = Math.min(requested, cores);
  // Stdin's file is an input like the others: named again, or the -o target, it is refused the same way.
  const stdin = io.stdinIdentity?.();
  if (files.length === 0) {
    if (io.stdin.isTTY) throw new InputError("no input: give one or more dump files, or - to read stdin.");
    await checkInputPaths(["-"], output, stdin);
    return { paths: ["-"], threads: asked > 0 ? asked : 1, bytes: undefined };
  }
  if (files.filter((file) => file === "-").length > 1)
    throw new InputError("stdin (-) can be read only once.");
  const bytes = await checkInputPaths(files, output, stdin);
  if (files.includes("-")) return { paths: files, threads: asked > 0 ? asked : 1, bytes: undefined };
  if (asked > 0) return { paths: files, threads: asked, bytes };
  const threads = bytes < PARALLEL_MIN_BYTES ? 1 : Math.min(cores, MAX_AUTO_THREADS);
  return { paths: files, threads, bytes };
}

/**
 * TELTEL_EVENTS_MAX_THREADS may set the cap above the cores (the tests' 3 threads on 2 cores) but not past
 * this: each worker costs ~15 MB before it reads a line, and 1,000 of them took 15 GB and aborted.
 */
export const MAX_THREADS_SETTING = 16;

/**
 * The most threads a run may use: the cores, or TELTEL_EVENTS_MAX_THREADS (a container whose core count
 * Node misreads), which is lowered to the larger of the cores and MAX_THREADS_SETTING, saying so.
 */
function threadCap(io: CliIO): number {
  const cores = availableParallelism();
  const text = io.env.TELTEL_EVENTS_MAX_THREADS;
  const setting = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isSafeInteger(setting) || setting < 1) return cores;
  const bound = Math.max(cores, MAX_THREADS_SETTING);
  if (setting <= bound) return setting;
  io.stderr.write(`${PROGRAM}: TELTEL_EVENTS_MAX_THREADS=${setting} lowered to ${bound}.\n`);
  return bound;
}

/** The sessionizer's options from the shared flags. */
export function sessionizeOptions(flags: { lateness: number; maxSessionEvents: number }): SessionizeOptions {
  return {
    ...DEFAULT_SESSIONIZE_OPTIONS,
    latenessMs: flags.lateness * 1000,
    maxSessionEvents: flags.maxSessionEvents,
  };
}

/** A number of seconds, 0 or more. */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError("expected a number of seconds, 0 or more.");
  }
  return n;
}

/** A whole number, 0 or more. */
export function count(value: string): number {
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

/** One --rule CODE=off|warn|error, added to the ones before. */
export function ruleSetting(
  value: string,
  previous: Record<string, Severity> = {},
): Record<string, Severity> {
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

/** A whole number above 0. */
export function positive(value: string): number {
  const n = count(value);
  if (n === 0) throw new InvalidArgumentError("expected a whole number above 0.");
  return n;
}
