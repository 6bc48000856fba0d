// The CLI's process edges as data: streams, output sinks, colour, progress, and the one-sentence failures.

import type { Readable } from "node:stream";
import { CollectError } from "../collect/collect-error.js";
import { describeOutputError } from "../errno.js";
import { type FileIdentity, InputError } from "../ingest/read.js";
import { SchemaError } from "../ingest/schema-error.js";
import { escapeControls } from "../render/escape.js";
import { createProgressMeter, type ProgressMeter } from "../render/progress.js";

/** The program name, as it starts every error sentence. */
export const PROGRAM = "teltel-events";

/** Exit codes: 0 ok, 1 findings (invalid data, with --strict), 2 usage or IO error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The process edges main() may use; tests pass their own. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  /** Which file stdin is (device and inode), to refuse it as a second input or as the -o target. */
  stdinIdentity?(): FileIdentity | undefined;
  env: Record<string, string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  /** Opens a file for output written piece by piece (export); without it the pieces go to writeFile at the end. */
  openOutput?(path: string): OutputFile;
  /** Calls `stop` on each SIGTERM or SIGINT (collect); returns the unsubscribe. */
  onStop?(stop: () => void): () => void;
}

/** A file being written in pieces: complete only at close(); discard() leaves the previous file as it was. */
export interface OutputFile {
  write(text: string): void;
  /** Binary pieces (Parquet); an output without it cannot take a binary format. */
  writeBytes?(bytes: Uint8Array): void;
  close(): void;
  discard(): void;
}

/** A flag combination that makes no sense; reported like commander's own usage errors (exit 2). */
export class UsageError extends Error {}
/** Where streamed output goes: stdout, a file written piece by piece, or (without openOutput) writeFile at the end. */
export interface Sink {
  write(text: string): void;
  /** Binary pieces: only a file opened through openOutput takes them (a binary format requires -o). */
  writeBytes(bytes: Uint8Array): void;
  close(): Promise<void>;
  /** After a failure: drop what was written (an -o target keeps its old content), write nothing more. */
  abort(): void;
}

/** Opens the sink for streamed output. */
export function openSink(output: string | undefined, io: CliIO): Sink {
  const noBytes = (): never => {
    throw new UsageError("this output cannot take a binary format.");
  };
  if (output === undefined)
    return {
      write: (text) => void io.stdout.write(text),
      writeBytes: noBytes,
      close: async () => {},
      abort: () => {},
    };
  const failed = (error: unknown): InputError =>
    new InputError(`cannot write ${output}: ${describeOutputError(output, error)}.`);
  if (io.openOutput === undefined) {
    const pieces: string[] = [];
    return {
      write: (text) => void pieces.push(text),
      writeBytes: noBytes,
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
    writeBytes(bytes) {
      if (file.writeBytes === undefined) noBytes();
      try {
        file.writeBytes?.(bytes);
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
      file.discard();
    },
  };
}

/** Writes a whole output to stdout or the -o file. */
export async function emit(text: string, output: string | undefined, io: CliIO): Promise<void> {
  if (output === undefined) io.stdout.write(text);
  else await writeOutput(output, text, io);
}

/** A progress meter on stderr: on a terminal outside CI by default, always with --progress, never with --no-progress. */
export function progressMeter(
  flags: { progress?: boolean },
  io: CliIO,
  totalBytes: number | undefined,
): ProgressMeter | undefined {
  const wanted = flags.progress ?? (io.stderr.isTTY === true && !io.env.CI);
  return wanted ? createProgressMeter((text) => io.stderr.write(text), totalBytes, Date.now) : undefined;
}

/** The scan option that feeds a meter (none without one). */
export function progressOption(meter: ProgressMeter | undefined): { onProgress?: ProgressMeter["update"] } {
  return meter === undefined ? {} : { onProgress: meter.update };
}

/** Writes a whole output file; a failure becomes one sentence. */
export async function writeOutput(path: string, text: string, io: CliIO): Promise<void> {
  try {
    await io.writeFile(path, text);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${describeOutputError(path, error)}.`);
  }
}

/** Colour on a terminal, unless NO_COLOR; always with FORCE_COLOR. */
export function useColor(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

/** One sentence on stderr for a failure, and exit code 2; a stack trace only with TELTEL_DEBUG. */
export function reportFailure(error: unknown, io: CliIO): number {
  // Messages name files, which may come from a glob over a directory someone else fills: escape them too.
  if (
    error instanceof InputError ||
    error instanceof SchemaError ||
    error instanceof UsageError ||
    error instanceof CollectError
  ) {
    io.stderr.write(`${PROGRAM}: ${escapeControls(error.message)}\n`);
  } else {
    const message = escapeControls(error instanceof Error ? error.message : String(error));
    io.stderr.write(`${PROGRAM}: internal error: ${message}. Please report it with the command you ran.\n`);
    if (io.env.TELTEL_DEBUG) io.stderr.write(`${(error as Error).stack ?? ""}\n`);
  }
  return EXIT.usage;
}
