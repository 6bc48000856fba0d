// The process's output edge: -o files replaced only when complete (temporary file, flush, rename), removed
// on failure or interrupt (or by the next run, when a kill left one: temp-files.ts), and stdout writes that
// are checked (a full disk is an error, never a short file).
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { errnoWords } from "../errno.js";
import { InputError } from "../ingest/read.js";
import type { OutputFile } from "./io.js";
import { removeStaleTemps, tempPathFor } from "./temp-files.js";

/** A write error in words: `no space left on device`. */
export function describeWriteError(error: unknown): string {
  return errnoWords(error);
}

/** Output files being written: removed if the process is interrupted before they are complete. */
export interface OutputFiles {
  /** Opens `path` for output: the bytes go to a temporary file beside it until `close()` renames it into place. */
  open(path: string): OutputFile;
  /** Writes a whole file the same way. */
  writeWhole(path: string, text: string): Promise<void>;
}

/** Signals that end the process while an -o file is being written, with the exit code a shell gives them. */
const INTERRUPTS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** The -o writer of the real process. */
export function createOutputFiles(): OutputFiles {
  const open = new Set<{ temp: string; fd: number }>();
  // An interrupt while a temporary file is open removes it and leaves the file it was to replace as it was.
  const onInterrupt = (signal: NodeJS.Signals): void => {
    for (const entry of open) {
      try {
        closeSync(entry.fd);
        unlinkSync(entry.temp);
      } catch {
        // Best effort on the way out.
      }
    }
    process.exit(INTERRUPTS[signal as keyof typeof INTERRUPTS] ?? 1);
  };
  const track = (entry: { temp: string; fd: number }, add: boolean): void => {
    if (add) open.add(entry);
    else open.delete(entry);
    // Handlers only while a file is open: other commands (and the default exit) keep the signals otherwise.
    for (const signal of Object.keys(INTERRUPTS) as NodeJS.Signals[]) {
      if (add && open.size === 1) process.on(signal, onInterrupt);
      if (!add && open.size === 0) process.off(signal, onInterrupt);
    }
  };
  const openFile = (path: string): OutputFile => {
    // A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written in place: a rename would replace it.
    if (statSync(path, { throwIfNoEntry: false })?.isFile() === false) return deviceFile(path);
    removeStaleTemps(path, new Set([...open].map((entry) => entry.temp)));
    const temp = tempPathFor(path, process.pid, Date.now());
    const entry = { temp, fd: openSync(temp, "wx", 0o666) };
    track(entry, true);
    let done = false;
    const discard = (): void => {
      if (done) return;
      done = true;
      track(entry, false);
      try {
        closeSync(entry.fd);
      } catch {
        // Already failing: the first error is the one reported.
      }
      try {
        unlinkSync(temp);
      } catch {
        // Nothing left to remove.
      }
    };
    return {
      // Synchronous writes: a streamed export never piles up in memory waiting for the disk.
      write: (text) => writeFully(entry.fd, Buffer.from(text, "utf8")),
      writeBytes: (bytes) => writeFully(entry.fd, bytes),
      close: () => {
        if (done) return;
        try {
          fsyncSync(entry.fd);
          closeSync(entry.fd);
          done = true;
          track(entry, false);
          renameSync(temp, path);
        } catch (error) {
          done = false;
          discard();
          throw error;
        }
      },
      discard,
    };
  };
  return {
    open: openFile,
    async writeWhole(path, text) {
      const file = openFile(path);
      try {
        file.write(text);
        file.close();
      } catch (error) {
        file.discard();
        throw error;
      }
    },
  };
}

/** An -o target that is not a regular file: written directly, since there is nothing to replace atomically. */
function deviceFile(path: string): OutputFile {
  const fd = openSync(path, "w");
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  return {
    write: (text) => writeFully(fd, Buffer.from(text, "utf8")),
    writeBytes: (bytes) => writeFully(fd, bytes),
    close,
    discard: () => {
      try {
        close();
      } catch {
        // Already failing: the first error is the one reported.
      }
    },
  };
}

/** Writes every byte (a short write is retried; a full disk then fails with ENOSPC instead of being ignored). */
export function writeFully(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/** A stdout writer that fails loudly: synchronous and checked when stdout is a file or device, else the stream. */
export function checkedStdout(stream: NodeJS.WriteStream): { write(text: string): void; isTTY: boolean } {
  const isTTY = stream.isTTY === true;
  let direct = false;
  try {
    const info = fstatSync(1);
    direct = !isTTY && (info.isFile() || info.isCharacterDevice());
  } catch {
    direct = false;
  }
  if (!direct) return { write: (text) => void stream.write(text), isTTY };
  return {
    write(text) {
      try {
        writeFully(1, Buffer.from(text, "utf8"));
      } catch (error) {
        throw new InputError(`cannot write the report: ${describeWriteError(error)}.`);
      }
    },
    isTTY,
  };
}
