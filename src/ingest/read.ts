// Reading stage: opens inputs (files, `-` for stdin, gzip by magic bytes) and splits them into raw lines.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { foreignCompressionOf, gunzipChunks, isGzip, MAGIC_BYTES } from "./decompress.js";
import { errnoWords } from "../errno.js";
import { decodeLine, type Utf8Error } from "./utf8.js";

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

/** An input that cannot be opened or read; the CLI turns it into one sentence and exit code 2. */
export class InputError extends Error {}

/** The display name of standard input in reports. */
export const STDIN_NAME = "<stdin>";

/** Which file a stream is: its device and inode (as fstat gives them). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Checks, before anything is read or written, that every path names a readable regular file (or is `-`),
 * that no file is given twice (same device and inode, whatever the spelling, stdin's file included when `-`
 * is read and `stdin` says which file it is), and that the output file, if any, is none of the inputs;
 * returns the inputs' bytes.
 */
export async function checkInputPaths(
  paths: readonly string[],
  outputPath?: string,
  stdin?: FileIdentity,
): Promise<number> {
  let bytes = 0;
  const seen = new Map<string, string>();
  const see = (identity: FileIdentity, name: string): void => {
    const key = `${identity.dev}:${identity.ino}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(`${name} is the same file as ${first}: every call in it would count twice.`);
    seen.set(key, name);
  };
  for (const path of paths) {
    if (path === "-") {
      if (stdin !== undefined) see(stdin, "stdin");
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new InputError(`${path}: no such file.`);
      if (code === "EACCES") throw new InputError(`${path}: permission denied.`);
      throw new InputError(`${path}: cannot open it: ${errnoWords(error)}.`);
    }
    if (info.isDirectory()) throw new InputError(`${path}: is a directory, not an event dump.`);
    see(info, path);
    bytes += info.size;
  }
  if (outputPath !== undefined) {
    const output = await stat(outputPath).catch(() => undefined);
    const input = output === undefined ? undefined : seen.get(`${output.dev}:${output.ino}`);
    if (input !== undefined) {
      const named = input === "stdin" ? "the input on stdin" : `the input ${input}`;
      throw new InputError(`-o ${outputPath} is ${named}: writing there would destroy it.`);
    }
  }
  return bytes;
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
 * The input's bytes, gunzipped when they start with gzip's magic bytes. A gzip stream that ends early or
 * carries bytes after its end is not an error: what was decompressed is kept and `onTruncated` hears why.
 */
async function* maybeGunzip(
  name: string,
  stream: Readable,
  onRawBytes: (bytes: number) => void,
  onTruncated: (reason: string) => void,
): AsyncGenerator<Buffer> {
  const raw = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: AsyncIterator<Buffer> = {
    next: async () => {
      const result = await raw.next();
      if (!result.done) onRawBytes(result.value.length);
      return result;
    },
  };
  let head: Buffer = Buffer.alloc(0);
  // The magic bytes may arrive in separate chunks (pipes, stdin).
  while (head.length < MAGIC_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  if (head.length === 0) return;
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => chunks };
  const shown = name === STDIN_NAME ? "FILE" : name;
  const foreign = foreignCompressionOf(head);
  if (foreign !== undefined) {
    throw new InputError(
      `${name} is ${foreign.name}-compressed; decompress it first, e.g. ${foreign.tool} ${shown} | teltel-events analyze -`,
    );
  }
  // Magic bytes, not the file name, decide: a .gz that is plain text is read as text, and vice versa.
  if (!isGzip(head)) {
    yield head;
    yield* rest;
    return;
  }
  // A compressed file gzipped again (dump.bz2.gz) would be read as lines of binary: its inner bytes say so.
  const inner = gunzipChunks(head, rest, onTruncated);
  let innerHead: Buffer = Buffer.alloc(0);
  // (next(), not for-await: leaving that loop would end the generator.)
  while (innerHead.length < MAGIC_BYTES) {
    const next = await inner.next();
    if (next.done) break;
    innerHead = innerHead.length === 0 ? next.value : Buffer.concat([innerHead, next.value]);
  }
  const nested = isGzip(innerHead) ? { name: "gzip", tool: "zcat" } : foreignCompressionOf(innerHead);
  if (nested !== undefined) {
    await inner.return(undefined);
    const what = nested.name === "gzip" ? "gzip-compressed twice" : `${nested.name}-compressed inside gzip`;
    throw new InputError(
      `${name} is ${what}; decompress both, e.g. zcat ${shown} | ${nested.tool} | teltel-events analyze -`,
    );
  }
  if (innerHead.length > 0) yield innerHead;
  yield* inner;
}

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
    for await (const chunk of maybeGunzip(source.name, stream, onRawBytes, recordTruncation)) {
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
