// Reading stage: opens inputs (files, `-` for stdin, gzip by magic bytes) and splits them into raw lines.
import { closeSync, createReadStream, fstatSync, openSync, read, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { errnoWords } from "../errno.js";
import { decompressed, foreignCompressionOf, isGzip, MAGIC_BYTES } from "./decompress.js";
import { InputError, STDIN_NAME } from "./input-error.js";
import { createLineSplitter, type LineSpans, type LineSplitter } from "./split.js";
import { decodeLine, type Utf8Error } from "./utf8.js";

export { InputError, STDIN_NAME } from "./input-error.js";
export { checkInputPaths, type FileIdentity } from "./input-paths.js";
export type { LineSpans } from "./split.js";

/** An input the pipeline can read: a display name and a way to open its byte stream once. */
export interface InputSource {
  name: string;
  open(): Readable;
  /** The file's path when it is one (not stdin): a plain regular file is then read without a stream. */
  path?: string;
  /** Where it was named and what placed it in the read order, once the inputs are ordered (order.ts). */
  placement?: InputPlacement;
}

/**
 * An input's place among the inputs as named (from 0) and, for a file whose first valid events were read
 * before the run, the line whose time placed it in the read order (the median of those events) and that time.
 */
export interface InputPlacement {
  named: number;
  line?: number;
  ts?: number;
}

/**
 * One line of an input: its text without line ending, or `null` text when it exceeded the byte limit;
 * `utf8Error` says where its bytes were not valid UTF-8 (the text then holds U+FFFD there).
 */
export interface RawLine {
  line: number;
  text: string | null;
  bytes: number;
  utf8Error?: Utf8Error;
}

/** A batch of consecutive lines of one input. */
export interface LineBatch {
  file: string;
  lines: RawLine[];
}

/** Turns command-line paths into input sources; `-` is the given stdin stream. */
export function inputSources(paths: readonly string[], stdin: Readable): InputSource[] {
  return paths.map((path) =>
    path === "-"
      ? { name: STDIN_NAME, open: () => stdin }
      : { name: path, path, open: () => createReadStream(path, { highWaterMark: READ_BYTES }) },
  );
}

const NEWLINE = 0x0a;
/** Bytes read at a time from a file (and the size of the stream's chunks). */
const READ_BYTES = 1 << 20;

/**
 * Splits an input into lines by scanning bytes (LF or CRLF, BOM removed); over-long lines are not buffered.
 * `onRawBytes` hears of every chunk read, before decompression (for progress). A plain regular file is read
 * `readBytes` at a time into buffers that start with the unfinished line of the one before, the next read
 * under way while a batch is scanned; stdin, pipes and compressed files are streamed.
 */
export async function* readLineSpans(
  source: InputSource,
  maxLineBytes: number,
  onRawBytes: (bytes: number) => void = () => {},
  readBytes: number = READ_BYTES,
): AsyncGenerator<LineSpans> {
  const splitter = createLineSplitter(source.name, maxLineBytes);
  const file = source.path === undefined ? undefined : openPlainFile(source.path, readBytes);
  try {
    if (file !== undefined) yield* fileSpans(file, splitter, onRawBytes, readBytes);
    else yield* streamSpans(source, splitter, onRawBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${source.name}: cannot be read after line ${splitter.lines} (${describeReadError(error)}).`,
    );
  } finally {
    if (file !== undefined) closeSync(file.fd);
  }
}

/** A regular file opened with its first bytes read, or undefined when it is to be streamed (or cannot open). */
export function openPlainFile(
  path: string,
  readBytes: number,
): { fd: number; head: Buffer; filled: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    // The stream path opens it again and words the error.
    return undefined;
  }
  try {
    if (fstatSync(fd).isFile()) {
      const head = Buffer.allocUnsafe(Math.max(readBytes, MAGIC_BYTES));
      let filled = 0;
      for (let n = -1; filled < MAGIC_BYTES && n !== 0; filled += n)
        n = readSync(fd, head, filled, head.length - filled, null);
      const start = head.subarray(0, filled);
      // Compressed bytes go through the stream path, which gunzips them or says how to read them.
      if (!isGzip(start) && foreignCompressionOf(start) === undefined) return { fd, head, filled };
    }
  } catch {
    // The stream path meets the same error and words it.
  }
  closeSync(fd);
  return undefined;
}

async function* fileSpans(
  file: { fd: number; head: Buffer; filled: number },
  splitter: LineSplitter,
  onRawBytes: (bytes: number) => void,
  readBytes: number,
): AsyncGenerator<LineSpans> {
  // Two buffers take turns: the one whose lines are being scanned and the one being read into. A batch's
  // bytes are overwritten once the next batch is asked for (as a worker's shared slot is); fresh buffers
  // would cost a page fault per 4 KiB of input.
  let held = file.head;
  let buf = held.subarray(0, file.filled);
  let spare: Buffer | undefined;
  if (buf.length > 0) onRawBytes(buf.length);
  let reading: Promise<number> | undefined;
  try {
    while (buf.length > 0) {
      const spans = splitter.split(buf, 0);
      // The unfinished last line moves to the front of the next buffer: one copy of one line, no joining.
      const keep = splitter.rest === -1 ? 0 : buf.length - splitter.rest;
      const next =
        spare !== undefined && spare.length >= keep + readBytes
          ? spare
          : Buffer.allocUnsafe(keep + readBytes);
      if (keep > 0) buf.copy(next, 0, splitter.rest);
      // The next bytes are read (off this thread) while these lines are scanned.
      reading = readInto(file.fd, next, keep, readBytes);
      if (spans.starts.length > 0) yield spans;
      const n = await reading;
      reading = undefined;
      if (n === 0) {
        const last = splitter.end(keep > 0 ? next.subarray(0, keep) : undefined);
        if (last.starts.length > 0) yield last;
        return;
      }
      onRawBytes(n);
      spare = held;
      held = next;
      buf = next.subarray(0, keep + n);
    }
  } finally {
    // A reader that stops early: the file is closed only once no read is under way on it.
    await reading?.catch(() => 0);
  }
}

function readInto(fd: number, buf: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, offset, length, null, (error, bytesRead) =>
      error === null ? resolve(bytesRead) : reject(error),
    );
  });
}

async function* streamSpans(
  source: InputSource,
  splitter: LineSplitter,
  onRawBytes: (bytes: number) => void,
): AsyncGenerator<LineSpans> {
  let carry: Buffer | undefined;
  let truncated: string | undefined;
  const stream = source.open();
  try {
    const recordTruncation = (reason: string): void => {
      truncated = reason;
    };
    for await (const chunk of decompressed(source.name, stream, onRawBytes, recordTruncation)) {
      let buf: Buffer = chunk;
      let pos = 0;
      if (carry !== undefined) {
        // Only the line that straddles two chunks is copied, not the whole chunk after it.
        const nl = chunk.indexOf(NEWLINE);
        if (nl === -1) buf = Buffer.concat([carry, chunk]);
        else {
          yield splitter.whole(Buffer.concat([carry, chunk.subarray(0, nl)]));
          pos = nl + 1;
        }
        carry = undefined;
      }
      const spans = splitter.split(buf, pos);
      if (splitter.rest !== -1) carry = buf.subarray(splitter.rest);
      if (spans.starts.length > 0) yield spans;
    }
  } finally {
    // A gzip stream that failed is not read to its end: let go of the file.
    if (!stream.readableEnded) stream.destroy();
  }
  const last = splitter.end(carry);
  if (truncated !== undefined) last.truncated = truncated;
  if (last.starts.length > 0 || truncated !== undefined) yield last;
}

/** The same lines as readLineSpans, decoded to text, in batches (for callers that want strings). */
export async function* readLines(source: InputSource, maxLineBytes: number): AsyncGenerator<LineBatch> {
  for await (const spans of readLineSpans(source, maxLineBytes)) {
    const lines: RawLine[] = spans.starts.map((start, i) =>
      rawLine(spans.buf, spans.firstLine + i, start, spans.ends[i] as number, spans.sizes[i] as number),
    );
    yield { file: spans.file, lines };
  }
}

/** One line of spans as the parse stage takes it: decoded, with where its UTF-8 is invalid (start -1: too long). */
export function rawLine(buf: Buffer, line: number, start: number, end: number, bytes: number): RawLine {
  if (start === -1) return { line, text: null, bytes };
  const { text, error } = decodeLine(buf, start, end);
  return error === undefined ? { line, text, bytes } : { line, text, bytes, utf8Error: error };
}

/** Why an input could not be read, in words. */
export function describeReadError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "EISDIR" ? "is a directory" : errnoWords(error);
}
