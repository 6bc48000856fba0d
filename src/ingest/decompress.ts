// Decompression: an input's bytes, gunzipped when its magic bytes say gzip (keeping what it decompressed when
// the data ends early or is followed by garbage); bzip2, xz, zstd and zip (also inside gzip) recognised by
// their magic bytes so the reader can say how to read them.
import type { Readable } from "node:stream";
import { createGunzip, constants as zlibConstants } from "node:zlib";
import { InputError, STDIN_NAME } from "./input-error.js";

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** Bytes needed to tell the compressions apart (xz has the longest magic). */
export const MAGIC_BYTES = 6;
/** gzip is fed in slices this size: a gzip error loses at most the output of the slice it happens in. */
const GUNZIP_SLICE = 64 * 1024;
const GUNZIP_LAST_SLICE = 128;

/** Compressions recognised by their magic bytes that the tool does not read, with the command that does. */
const FOREIGN_COMPRESSIONS: readonly { name: string; magic: readonly number[]; tool: string }[] = [
  { name: "bzip2", magic: [0x42, 0x5a, 0x68], tool: "bzcat" },
  { name: "xz", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], tool: "xzcat" },
  { name: "zstd", magic: [0x28, 0xb5, 0x2f, 0xfd], tool: "zstdcat" },
  { name: "zip", magic: [0x50, 0x4b, 0x03, 0x04], tool: "unzip -p" },
];

const startsWith = (head: Buffer, magic: readonly number[]): boolean =>
  head.length >= magic.length && magic.every((byte, i) => head[i] === byte);

/** The compression the tool does not read that these first bytes announce, with the command that reads it. */
export function foreignCompressionOf(head: Buffer): { name: string; tool: string } | undefined {
  return FOREIGN_COMPRESSIONS.find((c) => startsWith(head, c.magic));
}

/** Whether these first bytes are gzip's magic number. */
export function isGzip(head: Buffer): boolean {
  return startsWith(head, [GZIP_MAGIC_0, GZIP_MAGIC_1]);
}

/**
 * The gunzipped bytes of `head` and then `rest`. A stream that ends early or carries bytes after its end is
 * not an error: what was decompressed is kept and `onTruncated` hears why. Zero bytes after the last member
 * are padding (a tape block, a preallocated file) and are ignored, as gzip ignores them.
 */
export async function* gunzipChunks(
  head: Buffer,
  rest: AsyncIterable<Buffer>,
  onTruncated: (reason: string) => void,
): AsyncGenerator<Buffer> {
  // Data events, not the stream's iterator: a destroyed stream drops what it decompressed but had not yet
  // handed on, and a gzip error destroys it. Each slice's output is flushed and taken before the next.
  const gunzip = createGunzip({ flush: zlibConstants.Z_SYNC_FLUSH });
  const out: Buffer[] = [];
  let failure: NodeJS.ErrnoException | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  gunzip.on("data", (chunk: Buffer) => out.push(chunk));
  gunzip.on("error", (error) => {
    failure ??= error;
    wake?.();
  });
  gunzip.on("end", () => {
    ended = true;
    wake?.();
  });
  const settle = (start: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      start(() => resolve());
    });
  // Bytes written to zlib so far. zlib stops taking bytes after the last member when the next one is zero
  // (it then ends the stream itself): from there on the bytes are only looked at.
  let fed = 0;
  // (Asserted, not annotated: the closures below change it, which narrowing would not see.)
  let after = "none" as "none" | "zeros" | "other";
  const lookAt = (bytes: Buffer): void => {
    if (after !== "other") after = bytes.some((byte) => byte !== 0) ? "other" : "zeros";
  };
  const feed = async function* (chunk: Buffer, slice: number): AsyncGenerator<Buffer> {
    for (let at = 0; at < chunk.length && failure === undefined; at += slice) {
      const piece = chunk.subarray(at, at + slice);
      if (after !== "none") {
        lookAt(piece);
        continue;
      }
      await settle((done) => gunzip.write(piece, done));
      fed += piece.length;
      const left = fed - gunzip.bytesWritten;
      if (left > 0) lookAt(piece.subarray(piece.length - left));
      yield* out.splice(0);
    }
  };
  try {
    // Bytes after the last gzip member that are not zero make zlib fail in the write that reaches them,
    // losing that write's output: the last chunk (where such bytes begin) goes in small slices.
    let held = head;
    for await (const chunk of rest) {
      if (failure !== undefined) break;
      yield* feed(held, GUNZIP_SLICE);
      held = chunk;
    }
    yield* feed(held, GUNZIP_LAST_SLICE);
    // The stream ends once all it decompressed is handed on: at end() or, after padding, on its own.
    if (failure === undefined && !ended) await settle(() => (after === "none" ? gunzip.end() : undefined));
    yield* out.splice(0);
  } finally {
    // Also when the reader stops early (the head of a file read for its order, a refused inner format).
    gunzip.destroy();
  }
  if (failure !== undefined) {
    const code = failure.code;
    onTruncated(
      code === "Z_BUF_ERROR"
        ? "the gzip data ends early (cut off before its trailer)"
        : `the gzip data is corrupt or followed by bytes that are not gzip (${failure.message})`,
    );
  } else if (after === "other") onTruncated("the gzip data is followed by bytes that are not gzip");
}

/**
 * The input's bytes, gunzipped when they start with gzip's magic bytes. A gzip stream that ends early or
 * carries bytes after its end is not an error: what was decompressed is kept and `onTruncated` hears why.
 */
export async function* decompressed(
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
