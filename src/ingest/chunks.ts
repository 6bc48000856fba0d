// Chunking stage (the main thread of a parallel run): the inputs cut into chunks of whole lines, in read order.
// A plain file is only cut, at newlines found by reading a small window at each cut, and the workers read its
// chunks themselves; stdin, pipes and compressed files go through one decompressing reader whose bytes are the
// chunks. A line too long to keep travels as its size alone, never as bytes.
import { closeSync, fstatSync, readSync } from "node:fs";
import { decompressed, MAGIC_BYTES } from "./decompress.js";
import { InputError } from "./input-error.js";
import { describeReadError, type InputSource, openPlainFile } from "./read.js";

const NEWLINE = 0x0a;
/**
 * Bytes read at a time around a cut to find its newline, at most: a line crossing the cut that is longer
 * than the window (or than the chunk size, if smaller) gets a chunk of its own.
 */
export const CUT_WINDOW = 64 * 1024;

/**
 * One chunk of one input: "range", `length` bytes of the file `fd` from `offset`, for a worker to read; "bytes",
 * `length` bytes in `parts` (streamed input); "overlong", one line of `size` bytes, longer than the limit;
 * "failed", the input could not be read past the chunks before (`reason`, in words).
 */
export interface ChunkPlan {
  kind: "range" | "bytes" | "overlong" | "failed";
  /** The input's index among the inputs. */
  input: number;
  /** The chunk opens its input. */
  first: boolean;
  /** Input bytes read for it, before decompression (for progress). */
  rawBytes: number;
  fd: number;
  offset: number;
  length: number;
  size: number;
  parts?: Buffer[];
  reason?: string;
  /** On a streamed input's last chunk: why its bytes ended early. */
  truncated?: string;
  /** On a file's last chunk: its descriptor, closed once every worker is through with the chunk. */
  closeFd?: number;
}

/** How big a chunk grows (it ends at the first newline from there) and the longest line kept. */
export interface ChunkSizes {
  chunkBytes: number;
  maxLineBytes: number;
}

/** The chunks of every input, one input after another. */
export async function* cutInputs(
  inputs: readonly InputSource[],
  sizes: ChunkSizes,
): AsyncGenerator<ChunkPlan> {
  for (const [index, input] of inputs.entries()) {
    const file = input.path === undefined ? undefined : openPlainFile(input.path, MAGIC_BYTES);
    if (file !== undefined) yield* fileChunks(index, file.fd, sizes);
    else yield* streamChunks(index, input, sizes);
  }
}

function plan(input: number, kind: ChunkPlan["kind"], first: boolean, rawBytes: number): ChunkPlan {
  return { kind, input, first, rawBytes, fd: -1, offset: 0, length: 0, size: 0 };
}

function* fileChunks(
  input: number,
  fd: number,
  { chunkBytes, maxLineBytes }: ChunkSizes,
): Generator<ChunkPlan> {
  const window = Buffer.allocUnsafe(Math.min(CUT_WINDOW, chunkBytes));
  const range = (offset: number, end: number): ChunkPlan => ({
    ...plan(input, "range", offset === 0, end - offset),
    fd,
    offset,
    length: end - offset,
  });
  let size: number;
  let at = 0;
  try {
    size = fstatSync(fd).size;
    if (size === 0) {
      closeSync(fd);
      return;
    }
    while (at < size) {
      const cut = at + chunkBytes;
      // The first newline at or after the cut's last byte ends the chunk.
      const nl = cut >= size ? size : findNewline(fd, cut - 1, size, window);
      const end = nl === size ? size : nl + 1;
      let next = range(at, end);
      if (nl - (cut - 1) >= window.length && cut < size) {
        // A long line crosses the cut: the lines before it are one chunk and it is another, its bytes read
        // only when short enough to keep.
        const start = lineStart(fd, cut - 1, at, window);
        if (start > at) yield range(at, start);
        next =
          nl - start > maxLineBytes
            ? { ...plan(input, "overlong", start === 0, end - start), size: nl - start }
            : range(start, end);
      }
      at = end;
      if (at >= size) next.closeFd = fd;
      yield next;
    }
  } catch (error) {
    yield { ...plan(input, "failed", at === 0, 0), reason: describeReadError(error), closeFd: fd };
  }
}

/** The index of the first newline at or after `from`, or `size` when there is none. */
function findNewline(fd: number, from: number, size: number, window: Buffer): number {
  for (let at = from; at < size; ) {
    const n = readSync(fd, window, 0, Math.min(window.length, size - at), at);
    if (n === 0) return size;
    const nl = window.subarray(0, n).indexOf(NEWLINE);
    if (nl !== -1) return at + nl;
    at += n;
  }
  return size;
}

/** Where the line holding byte `before` starts: after the last newline before it, or at `floor`. */
function lineStart(fd: number, before: number, floor: number, window: Buffer): number {
  for (let end = before; end > floor; ) {
    const from = Math.max(floor, end - window.length);
    const n = readSync(fd, window, 0, end - from, from);
    const nl = window.subarray(0, n).lastIndexOf(NEWLINE);
    if (nl !== -1) return from + nl + 1;
    end = from;
  }
  return floor;
}

/**
 * A streamed input's chunks: its (decompressed) bytes gathered until a chunk's worth, cut after the last
 * newline; an unfinished line longer than the limit is counted, not gathered, up to its newline.
 */
async function* streamChunks(
  input: number,
  source: InputSource,
  { chunkBytes, maxLineBytes }: ChunkSizes,
): AsyncGenerator<ChunkPlan> {
  let raw = 0;
  let given = 0;
  let first = true;
  const next = (kind: ChunkPlan["kind"]): ChunkPlan => {
    const out = plan(input, kind, first, raw - given);
    given = raw;
    first = false;
    return out;
  };
  let truncated: string | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // Bytes of `pending` after its last newline: the unfinished line.
  let tail = 0;
  let skipped = -1;
  const take = (length: number): ChunkPlan => {
    const parts: Buffer[] = [];
    for (let left = length; left > 0; ) {
      const part = pending[0] as Buffer;
      if (part.length <= left) {
        parts.push(part);
        pending.shift();
        left -= part.length;
      } else {
        parts.push(part.subarray(0, left));
        pending[0] = part.subarray(left);
        left = 0;
      }
    }
    pendingBytes -= length;
    return { ...next("bytes"), length, parts };
  };
  const stream = source.open();
  try {
    const onRaw = (bytes: number): void => {
      raw += bytes;
    };
    const onTruncated = (reason: string): void => {
      truncated = reason;
    };
    for await (const chunk of decompressed(source.name, stream, onRaw, onTruncated)) {
      let piece: Buffer = chunk;
      if (skipped !== -1) {
        const nl = piece.indexOf(NEWLINE);
        if (nl === -1) {
          skipped += piece.length;
          continue;
        }
        yield { ...next("overlong"), size: skipped + nl };
        skipped = -1;
        piece = piece.subarray(nl + 1);
        if (piece.length === 0) continue;
      }
      pending.push(piece);
      pendingBytes += piece.length;
      const last = piece.lastIndexOf(NEWLINE);
      tail = last === -1 ? tail + piece.length : piece.length - last - 1;
      if (tail > maxLineBytes) {
        if (pendingBytes > tail) yield take(pendingBytes - tail);
        skipped = tail;
        pending = [];
        pendingBytes = 0;
        tail = 0;
      } else if (pendingBytes >= chunkBytes && pendingBytes > tail) yield take(pendingBytes - tail);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The whole lines read before the error go first: the error then names the last of them.
    if (skipped === -1 && pendingBytes > tail) yield take(pendingBytes - tail);
    yield { ...next("failed"), reason: describeReadError(error) };
    return;
  } finally {
    // A gzip stream that failed is not read to its end: let go of the file.
    if (!stream.readableEnded) stream.destroy();
  }
  if (skipped !== -1)
    yield { ...next("overlong"), size: skipped, ...(truncated === undefined ? {} : { truncated }) };
  else if (pendingBytes > 0 || truncated !== undefined)
    yield { ...take(pendingBytes), ...(truncated === undefined ? {} : { truncated }) };
}
