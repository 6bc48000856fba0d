// Reading stage: opens inputs (files, `-` for stdin, gzip by magic bytes) and splits them into raw lines.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { errnoWords } from "../errno.js";
import { decompressed } from "./decompress.js";
import { InputError, STDIN_NAME } from "./input-error.js";
import { decodeLine, type Utf8Error } from "./utf8.js";

export { InputError, STDIN_NAME } from "./input-error.js";
export { checkInputPaths, type FileIdentity } from "./input-paths.js";

/** An input the pipeline can read: a display name and a way to open its byte stream once. */
export interface InputSource {
  name: string;
  open(): Readable;
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
      : { name: path, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) },
  );
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/**
 * The lines of one stretch of an input, as byte ranges into one buffer (no copy, no decoding).
 * Line `firstLine + i` is `buf[starts[i], ends[i])` without its CR/LF (and BOM on line 1);
 * `starts[i]` is -1 when the line was longer than maxLineBytes; `sizes[i]` is its raw length in bytes.
 */
export interface LineSpans {
  file: string;
  firstLine: number;
  buf: Buffer;
  starts: number[];
  ends: number[];
  sizes: number[];
  /** On the input's last spans only: why its bytes ended before their end (a cut or corrupt gzip stream). */
  truncated?: string;
}

/**
 * Splits an input into lines by scanning bytes (LF or CRLF, BOM removed); over-long lines are not buffered.
 * `onRawBytes` hears of every chunk read, before decompression (for progress).
 */
export async function* readLineSpans(
  source: InputSource,
  maxLineBytes: number,
  onRawBytes: (bytes: number) => void = () => {},
): AsyncGenerator<LineSpans> {
  let emitted = 0;
  let carry: Buffer | undefined;
  let skipping = false;
  let skippedBytes = 0;
  let spans = newSpans(source.name, 1, Buffer.alloc(0));
  let truncated: string | undefined;

  const push = (buf: Buffer, from: number, to: number): void => {
    const size = to - from;
    emitted += 1;
    spans.sizes.push(size);
    if (size > maxLineBytes) {
      spans.starts.push(-1);
      spans.ends.push(-1);
      return;
    }
    let start = from;
    let end = to;
    if (end > start && buf[end - 1] === CARRIAGE_RETURN) end -= 1;
    // A UTF-8 byte order mark may open the first line only.
    if (
      emitted === 1 &&
      end - start >= 3 &&
      buf[start] === 0xef &&
      buf[start + 1] === 0xbb &&
      buf[start + 2] === 0xbf
    )
      start += 3;
    spans.starts.push(start);
    spans.ends.push(end);
  };

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
          const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
          spans = newSpans(source.name, emitted + 1, joined);
          push(joined, 0, joined.length);
          yield spans;
          pos = nl + 1;
        }
        carry = undefined;
      }
      spans = newSpans(source.name, emitted + 1, buf);
      if (skipping) {
        const nl = buf.indexOf(NEWLINE);
        if (nl === -1) {
          skippedBytes += buf.length;
          continue;
        }
        emitted += 1;
        spans.starts.push(-1);
        spans.ends.push(-1);
        spans.sizes.push(skippedBytes + nl);
        skipping = false;
        pos = nl + 1;
      }
      for (let nl = buf.indexOf(NEWLINE, pos); nl !== -1; nl = buf.indexOf(NEWLINE, pos)) {
        push(buf, pos, nl);
        pos = nl + 1;
      }
      const tail = buf.length - pos;
      if (tail > maxLineBytes) {
        skipping = true;
        skippedBytes = tail;
      } else if (tail > 0) {
        carry = buf.subarray(pos);
      }
      if (spans.starts.length > 0) yield spans;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${source.name}: cannot be read after line ${emitted} (${describeReadError(error)}).`,
    );
  } finally {
    // A gzip stream that failed is not read to its end: let go of the file.
    if (!stream.readableEnded) stream.destroy();
  }
  spans = newSpans(source.name, emitted + 1, carry ?? Buffer.alloc(0));
  if (skipping) {
    emitted += 1;
    spans.starts.push(-1);
    spans.ends.push(-1);
    spans.sizes.push(skippedBytes);
  } else if (carry !== undefined) {
    push(carry, 0, carry.length);
  }
  if (truncated !== undefined) spans.truncated = truncated;
  if (spans.starts.length > 0 || truncated !== undefined) yield spans;
}

function newSpans(file: string, firstLine: number, buf: Buffer): LineSpans {
  return { file, firstLine, buf, starts: [], ends: [], sizes: [] };
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

function describeReadError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "EISDIR" ? "is a directory" : errnoWords(error);
}
