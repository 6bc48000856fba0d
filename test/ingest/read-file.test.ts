// Reading a plain file on disk: readSync into buffers that start with the line left unfinished by the one
// before; the same lines as the stream path gives, whatever the read size; compressed files still streamed.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, type InputSource, inputSources, rawLine, readLineSpans } from "../../src/ingest/read.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-read-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The file `name` in the test directory with these bytes, as inputSources names it. */
async function file(name: string, bytes: Buffer | string): Promise<InputSource> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return inputSources([path], Readable.from([]))[0] as InputSource;
}

/** A source whose stream may not be opened: only readSync can read it. */
function streamless(source: InputSource): InputSource {
  return {
    ...source,
    open: () => {
      throw new Error("streamed");
    },
  };
}

interface Read {
  lines: [number, string | null, number][];
  batches: number;
  rawBytes: number;
}

async function read(source: InputSource, maxLineBytes: number, readBytes?: number): Promise<Read> {
  const got: Read = { lines: [], batches: 0, rawBytes: 0 };
  const count = (bytes: number): void => {
    got.rawBytes += bytes;
  };
  for await (const spans of readLineSpans(source, maxLineBytes, count, readBytes)) {
    got.batches += 1;
    spans.starts.forEach((start, i) => {
      const line = rawLine(
        spans.buf,
        spans.firstLine + i,
        start,
        spans.ends[i] as number,
        spans.sizes[i] as number,
      );
      got.lines.push([line.line, line.text, line.bytes]);
    });
  }
  return got;
}

describe("readLineSpans: a plain file", () => {
  it("is read without its stream, one batch per read, the unfinished line carried to the next", async () => {
    // 19 bytes read 8 at a time: "\uFEFFab\r\nc" | "de\n\nfghi" | "jk\n"; "c" and "fghi" move to the front of
    // the next buffer, so "cde" and "fghijk" are no batches of their own.
    const source = streamless(await file("plain.ndjson", "\uFEFFab\r\ncde\n\nfghijk\n"));
    const got = await read(source, 1024, 8);
    expect(got.lines).toEqual([
      [1, "ab", 6],
      [2, "cde", 3],
      [3, "", 0],
      [4, "fghijk", 6],
    ]);
    expect(got.batches).toBe(3);
    expect(got.rawBytes).toBe(19);
  });

  it("counts a line longer than the limit without keeping it, across reads, and the lines after it", async () => {
    const source = streamless(await file("long.ndjson", `ok\n${"x".repeat(30)}\nafter\n${"y".repeat(11)}`));
    expect((await read(source, 10, 4)).lines).toEqual([
      [1, "ok", 2],
      [2, null, 30],
      [3, "after", 5],
      [4, null, 11],
    ]);
  });

  it("reads into two buffers in turn: a batch's bytes last until the next batch is asked for", async () => {
    const source = streamless(await file("turns.ndjson", "aaaaaaa\nbbbbbbb\nccccccc\nddddddd\n"));
    const seen: { buf: Buffer; text: string }[] = [];
    for await (const spans of readLineSpans(source, 1024, undefined, 8)) {
      seen.push({ buf: spans.buf, text: spans.buf.toString("latin1", spans.starts[0], spans.ends[0]) });
    }
    expect(seen.map((s) => s.text)).toEqual(["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd"]);
    const memory = (buf: Buffer | undefined) => [buf?.buffer, buf?.byteOffset];
    // Batches 1 and 3 (2 and 4) share their memory: batch 1's bytes now hold batch 3's.
    expect(memory(seen[2]?.buf)).toEqual(memory(seen[0]?.buf));
    expect(memory(seen[3]?.buf)).toEqual(memory(seen[1]?.buf));
    expect(memory(seen[1]?.buf)).not.toEqual(memory(seen[0]?.buf));
    expect(seen[0]?.buf.toString("latin1", 0, 7)).toBe("ccccccc");
  });

  it("reads an empty file as no lines", async () => {
    const got = await read(streamless(await file("empty.ndjson", "")), 1024, 8);
    expect(got).toEqual({ lines: [], batches: 0, rawBytes: 0 });
  });

  it("gives the lines the stream gives, whatever the read size and line limit", async () => {
    const piece = fc.constantFrom("a", "é", "\r", "\n", "\r\n", "xyz", "\n\n", "0123456789", "\uFEFF");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 16 }),
        async (parts, readBytes, limit) => {
          const bytes = Buffer.from(parts.join(""), "utf8");
          n += 1;
          const source = await file(`any-${n}.ndjson`, bytes);
          const streamed: InputSource = { name: source.name, open: () => Readable.from([bytes]) };
          const fromFile = await read(streamless(source), limit, readBytes);
          const fromStream = await read(streamed, limit);
          expect(fromFile.lines).toEqual(fromStream.lines);
          expect(fromFile.rawBytes).toBe(bytes.length);
        },
      ),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("streams a gzip file (named .ndjson) and gunzips it", async () => {
    const source = await file("packed.ndjson", gzipSync("one\ntwo\n"));
    expect((await read(source, 1024, 4)).lines).toEqual([
      [1, "one", 3],
      [2, "two", 3],
    ]);
    await expect(read(streamless(source), 1024, 4)).rejects.toThrow("streamed");
  });

  it("refuses a bzip2 file as the stream path does, in one sentence", async () => {
    const source = await file("packed.bz2", Buffer.from("BZh91AY&SY"));
    await expect(read(source, 1024)).rejects.toThrow(
      `${source.name} is bzip2-compressed; decompress it first, e.g. bzcat ${source.name} | teltel-events analyze -`,
    );
  });

  it("words a directory as before: cannot be read after line 0", async () => {
    const path = join(dir, "a-directory");
    await mkdir(path);
    const [source] = inputSources([path], Readable.from([]));
    const error = await read(source as InputSource, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${path}: cannot be read after line 0 (is a directory).`);
  });

  it("lets go of the file when the reader stops early (no descriptor left open)", async () => {
    const source = streamless(await file("many.ndjson", "a\nb\nc\nd\n"));
    const { readdirSync } = await import("node:fs");
    const before = readdirSync("/proc/self/fd").length;
    for await (const spans of readLineSpans(source, 1024, undefined, 2)) {
      expect(spans.firstLine).toBe(1);
      break;
    }
    expect(readdirSync("/proc/self/fd").length).toBe(before);
  });
});
