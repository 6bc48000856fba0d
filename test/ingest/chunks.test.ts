// Chunks: cutting an input at newlines (any chunk size, a cut at a CRLF or inside a long line, streamed or
// gzipped input) and splitting the chunks (tables of any capacity) gives exactly the lines, sizes and texts the
// one-thread reader gives.
import { createReadStream, openSync, readSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countLines, splitChunk } from "../../src/ingest/chunk-split.js";
import { tableViews } from "../../src/ingest/chunk-walk.js";
import { type ChunkPlan, cutInputs } from "../../src/ingest/chunks.js";
import { type InputSource, readLineSpans } from "../../src/ingest/read.js";

/** A line as both paths must see it: its raw size and its text (null: too long to keep). */
type Line = [size: number, text: string | null];

const BOM = "\ufeff";
/** Line 1 opens with a BOM, CRLF and LF endings mix, blank lines, a 300-byte line, a CR inside a line, invalid UTF-8, a BOM opening a later line (kept), no final newline. */
const AWKWARD = Buffer.concat([
  Buffer.from(`${BOM}{"a":1}\r\n\n\r\n{"b":"${"x".repeat(300)}"}\nshort\r\n`),
  Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
  Buffer.from(`a\rb\n\n{"c":"${"y".repeat(90)}"}\r\n${BOM}mid\n${"z".repeat(40)}\nlast`),
]);

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-chunks-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(name: string, bytes: Buffer): Promise<InputSource> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { name: path, path, open: () => createReadStream(path) };
}

/** The lines as the one-thread reader gives them. */
async function readerLines(source: InputSource, maxLineBytes: number): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const spans of readLineSpans(source, maxLineBytes)) {
    for (const [i, start] of spans.starts.entries())
      lines.push([
        spans.sizes[i] as number,
        start === -1 ? null : spans.buf.toString("latin1", start, spans.ends[i]),
      ]);
  }
  return lines;
}

/** The lines as the chunks give them: each chunk's bytes split into a table of `capacity` rows at a time. */
async function chunkLines(
  source: InputSource,
  sizes: { chunkBytes: number; maxLineBytes: number },
  capacity: number,
): Promise<{ lines: Line[]; plans: ChunkPlan[] }> {
  const lines: Line[] = [];
  const plans: ChunkPlan[] = [];
  const table = tableViews(new ArrayBuffer(capacity * 28), capacity);
  for await (const plan of cutInputs([source], sizes)) {
    plans.push(plan);
    if (plan.kind === "overlong") {
      lines.push([plan.size, null]);
      continue;
    }
    let buf = Buffer.alloc(plan.length);
    if (plan.kind === "range") {
      const fd = openSync(source.path as string, "r");
      buf = buf.subarray(0, readSync(fd, buf, 0, plan.length, plan.offset));
    } else buf = Buffer.concat(plan.parts ?? []);
    const total = countLines(buf, 0);
    let seen = 0;
    for (let from = 0; from < buf.length; ) {
      const rule = { maxLineBytes: sizes.maxLineBytes, partitions: 2, opensInput: plan.first && from === 0 };
      const { lines: n, next } = splitChunk(buf, from, rule, table);
      for (let i = 0; i < n; i += 1) {
        const start = table.starts[i] as number;
        lines.push([
          table.sizes[i] as number,
          start === -1 ? null : buf.toString("latin1", start, table.ends[i]),
        ]);
      }
      seen += n;
      from = next;
    }
    expect(seen).toBe(total);
  }
  return { lines, plans };
}

describe("chunks", { timeout: 60_000 }, () => {
  it("cut a file at every chunk size into exactly the reader's lines, the ranges covering the file", async () => {
    const source = await fileOf("awkward.ndjson", AWKWARD);
    for (const maxLineBytes of [1_048_576, 100, 20]) {
      const expected = await readerLines(source, maxLineBytes);
      expect(expected.length).toBe(12);
      for (let chunkBytes = 1; chunkBytes <= AWKWARD.length + 1; chunkBytes += 1) {
        for (const capacity of [1, 3, 64]) {
          const { lines, plans } = await chunkLines(source, { chunkBytes, maxLineBytes }, capacity);
          expect(lines, `chunk ${chunkBytes}, limit ${maxLineBytes}, capacity ${capacity}`).toEqual(expected);
          // Ranges and over-long lines follow each other with no gap; each ends after a newline or at the end.
          let at = 0;
          for (const plan of plans) {
            if (plan.kind === "range") expect(plan.offset).toBe(at);
            at += plan.rawBytes;
            if (at < AWKWARD.length) expect(AWKWARD[at - 1]).toBe(0x0a);
          }
          expect(at).toBe(AWKWARD.length);
          expect(plans.filter((plan) => plan.first).length).toBe(1);
          expect(plans.at(-1)?.closeFd).toBeTypeOf("number");
        }
      }
    }
  });

  it("give a long line that crosses a cut a chunk of its own, its bytes never read when over the limit", async () => {
    // Cut at byte 60, inside the 308-byte line 4 (bytes 15-322): lines 1-3 are a chunk, the long line another.
    const source = await fileOf("awkward.ndjson", AWKWARD);
    const { plans } = await chunkLines(source, { chunkBytes: 60, maxLineBytes: 100 }, 64);
    expect(plans.slice(0, 2).map(({ kind, offset, length, size }) => [kind, offset, length, size])).toEqual([
      ["range", 0, 15, 0],
      ["overlong", 0, 0, 308],
    ]);
    const kept = await chunkLines(source, { chunkBytes: 60, maxLineBytes: 1000 }, 64);
    expect(kept.plans[1]).toMatchObject({ kind: "range", offset: 15, length: 309 });
  });

  it("cut an empty file into no chunk", async () => {
    const source = await fileOf("empty.ndjson", Buffer.alloc(0));
    expect((await chunkLines(source, { chunkBytes: 4, maxLineBytes: 100 }, 4)).plans).toEqual([]);
  });

  it("cut streamed and gzipped input into the reader's lines too, whatever the stream's pieces", async () => {
    const gz = await fileOf("awkward.ndjson.gz", gzipSync(AWKWARD));
    for (const maxLineBytes of [1_048_576, 100, 20]) {
      const expected = await readerLines(gz, maxLineBytes);
      for (const chunkBytes of [1, 7, 50, 200, 100_000]) {
        expect((await chunkLines(gz, { chunkBytes, maxLineBytes }, 2)).lines).toEqual(expected);
        for (const piece of [1, 5, 64]) {
          const pieces = Array.from({ length: Math.ceil(AWKWARD.length / piece) }, (_, i) =>
            AWKWARD.subarray(i * piece, (i + 1) * piece),
          );
          const stdin: InputSource = { name: "<stdin>", open: () => Readable.from(pieces) };
          const { lines, plans } = await chunkLines(stdin, { chunkBytes, maxLineBytes }, 3);
          expect(lines, `chunk ${chunkBytes}, piece ${piece}, limit ${maxLineBytes}`).toEqual(expected);
          expect(plans.reduce((sum, plan) => sum + plan.rawBytes, 0)).toBe(AWKWARD.length);
        }
      }
    }
  });

  it("say why a streamed input ended early, on its last chunk", async () => {
    const whole = gzipSync(AWKWARD);
    const cut = await fileOf("cut.ndjson.gz", whole.subarray(0, whole.length - 10));
    const { plans } = await chunkLines(cut, { chunkBytes: 50, maxLineBytes: 1000 }, 8);
    expect(plans.at(-1)?.truncated).toMatch(/ends early/);
    expect(plans.slice(0, -1).every((plan) => plan.truncated === undefined)).toBe(true);
  });
});
