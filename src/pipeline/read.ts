// Reading stage: opens inputs (files, `-` for stdin, gzip by magic bytes) and splits them into raw lines.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** An input the pipeline can read: a display name and a way to open its byte stream once. */
export interface InputSource {
  name: string;
  open(): Readable;
}

/** One line of an input: its text without line ending, or `null` text when it exceeded the byte limit. */
export interface RawLine {
  line: number;
  text: string | null;
  bytes: number;
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

/** Checks that every path names a readable regular file (or is `-`) before anything is read. */
export async function checkInputPaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (path === "-") continue;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new InputError(`${path}: no such file.`);
      if (code === "EACCES") throw new InputError(`${path}: permission denied.`);
      throw new InputError(`${path}: cannot open (${code ?? "unknown error"}).`);
    }
    if (info.isDirectory()) throw new InputError(`${path}: is a directory, not an event dump.`);
  }
}

/** Turns command-line paths into input sources; `-` is the given stdin stream. */
export function inputSources(paths: readonly string[], stdin: Readable): InputSource[] {
  return paths.map((path) =>
    path === "-"
      ? { name: STDIN_NAME, open: () => stdin }
      : { name: path, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) },
  );
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BATCH_LINES = 2048;

async function* maybeGunzip(stream: Readable): AsyncGenerator<Buffer> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const head: Buffer = first.value;
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => chunks };
  // Magic bytes, not the file name, decide: a .gz that is plain text is read as text, and vice versa.
  if (head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    const gunzip = createGunzip();
    const feed = (async () => {
      try {
        if (!gunzip.write(head)) await onceDrain(gunzip);
        for await (const chunk of rest) if (!gunzip.write(chunk)) await onceDrain(gunzip);
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    yield* gunzip as AsyncIterable<Buffer>;
    await feed;
  } else {
    yield head;
    yield* rest;
  }
}

function onceDrain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.once("drain", resolve));
}

/** Splits an input into lines (LF or CRLF, UTF-8 BOM removed), in batches; lines over maxLineBytes are not buffered. */
export async function* readLines(source: InputSource, maxLineBytes: number): AsyncGenerator<LineBatch> {
  let lineNumber = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let batch: RawLine[] = [];

  const emit = (buf: Buffer, start: number, end: number): void => {
    lineNumber += 1;
    const total = pendingBytes + (end - start);
    if (overlong || total > maxLineBytes) {
      batch.push({ line: lineNumber, text: null, bytes: total });
    } else {
      let bytes: Buffer | undefined;
      if (pendingBytes > 0) {
        pending.push(buf.subarray(start, end));
        bytes = Buffer.concat(pending, total);
      }
      let from = bytes ? 0 : start;
      let to = bytes ? total : end;
      const b = bytes ?? buf;
      if (to > from && b[to - 1] === CARRIAGE_RETURN) to -= 1;
      // A UTF-8 byte order mark may open the first line only.
      if (
        lineNumber === 1 &&
        to - from >= 3 &&
        b[from] === 0xef &&
        b[from + 1] === 0xbb &&
        b[from + 2] === 0xbf
      )
        from += 3;
      batch.push({ line: lineNumber, text: b.toString("utf8", from, to), bytes: total });
    }
    pending = [];
    pendingBytes = 0;
    overlong = false;
  };

  const stream = source.open();
  try {
    for await (const chunk of maybeGunzip(stream)) {
      let start = 0;
      let nl = chunk.indexOf(NEWLINE, start);
      while (nl !== -1) {
        emit(chunk, start, nl);
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        const tail = chunk.length - start;
        if (overlong || pendingBytes + tail > maxLineBytes) {
          overlong = true;
          pending = [];
          pendingBytes += tail;
        } else {
          pending.push(chunk.subarray(start));
          pendingBytes += tail;
        }
      }
      if (batch.length >= BATCH_LINES) {
        yield { file: source.name, lines: batch };
        batch = [];
      }
    }
  } catch (error) {
    throw new InputError(
      `${source.name}: cannot be read after line ${lineNumber} (${describeReadError(error)}).`,
    );
  }
  if (pendingBytes > 0) emit(Buffer.alloc(0), 0, 0);
  if (batch.length > 0) yield { file: source.name, lines: batch };
}

function describeReadError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code === "Z_BUF_ERROR" || err.code === "Z_DATA_ERROR") return "corrupt or truncated gzip data";
  if (err.code === "EISDIR") return "is a directory";
  return err.message ?? String(error);
}

/** File name of the event schema inside a schema directory (the bundled `schemas/` or `--schema DIR`). */
export const EVENT_SCHEMA_FILE = "teltel-event.schema.json";

/** Reads the event schema document from a directory; defaults to the bundled `schemas/`. */
export async function loadSchemaDocument(dir?: string): Promise<Record<string, unknown>> {
  const base = dir ?? fileURLToPath(new URL("../../schemas/", import.meta.url));
  const path = join(base, EVENT_SCHEMA_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new InputError(`schema directory ${base} has no ${EVENT_SCHEMA_FILE}.`);
    throw new InputError(`cannot read schema ${path} (${code ?? "unknown error"}).`);
  }
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a JSON object");
    return doc as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`schema ${path} is not a JSON Schema object (${(error as Error).message}).`);
  }
}
