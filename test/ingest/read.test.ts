// Reading stage: line splitting, BOM, CRLF, chunk boundaries, the line limit, gzip by magic bytes, input checks.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkInputPaths,
  InputError,
  type InputSource,
  inputSources,
  type LineBatch,
  type RawLine,
  readLineSpans,
  readLines,
  STDIN_NAME,
} from "../../src/ingest/read.js";
import { isBundledSchema, loadSchemaDocument } from "../../src/ingest/schema-file.js";

/** An input whose stream yields exactly these chunks (strings are UTF-8 encoded). */
function chunked(name: string, chunks: (string | Buffer | number[])[]): InputSource {
  const buffers = chunks.map((c) =>
    typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.isBuffer(c) ? c : Buffer.from(c),
  );
  return { name, open: () => Readable.from(buffers) };
}

async function collect(source: InputSource, maxLineBytes = 1024): Promise<LineBatch[]> {
  const batches: LineBatch[] = [];
  for await (const batch of readLines(source, maxLineBytes)) batches.push(batch);
  return batches;
}

async function lines(source: InputSource, maxLineBytes = 1024): Promise<RawLine[]> {
  return (await collect(source, maxLineBytes)).flatMap((b) => b.lines);
}

async function readError(source: InputSource, maxLineBytes = 1024): Promise<unknown> {
  try {
    await collect(source, maxLineBytes);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("readLines: line endings", () => {
  it("splits LF lines and numbers them from 1; bytes exclude the newline", async () => {
    expect(await lines(chunked("a.ndjson", ["one\ntwo\nthree\n"]))).toEqual([
      { line: 1, text: "one", bytes: 3 },
      { line: 2, text: "two", bytes: 3 },
      { line: 3, text: "three", bytes: 5 },
    ]);
  });

  it("strips the CR of CRLF line endings (bytes still count the CR)", async () => {
    expect(await lines(chunked("a.ndjson", ["one\r\ntwo\r\n"]))).toEqual([
      { line: 1, text: "one", bytes: 4 },
      { line: 2, text: "two", bytes: 4 },
    ]);
  });

  it("strips a CR whose LF arrives in the next chunk", async () => {
    expect(await lines(chunked("a.ndjson", ["one\r", "\ntwo\r\n"]))).toEqual([
      { line: 1, text: "one", bytes: 4 },
      { line: 2, text: "two", bytes: 4 },
    ]);
  });

  it("keeps a lone CR inside a line", async () => {
    expect(await lines(chunked("a.ndjson", ["a\rb\n"]))).toEqual([{ line: 1, text: "a\rb", bytes: 3 }]);
  });

  it("reads a last line without a trailing newline", async () => {
    expect(await lines(chunked("a.ndjson", ["one\ntwo"]))).toEqual([
      { line: 1, text: "one", bytes: 3 },
      { line: 2, text: "two", bytes: 3 },
    ]);
  });

  it("reads a last CRLF-less line split over chunks", async () => {
    expect(await lines(chunked("a.ndjson", ["one\nt", "w", "o"]))).toEqual([
      { line: 1, text: "one", bytes: 3 },
      { line: 2, text: "two", bytes: 3 },
    ]);
  });

  it("keeps empty lines as empty text (the parse stage calls them blank)", async () => {
    expect(await lines(chunked("a.ndjson", ["\n\nx\n"]))).toEqual([
      { line: 1, text: "", bytes: 0 },
      { line: 2, text: "", bytes: 0 },
      { line: 3, text: "x", bytes: 1 },
    ]);
  });

  it("yields nothing for empty input", async () => {
    expect(await collect(chunked("empty.ndjson", []))).toEqual([]);
    expect(await collect(chunked("empty.ndjson", [Buffer.alloc(0)]))).toEqual([]);
  });

  it("labels batches with the input's name", async () => {
    const batches = await collect(chunked("named.ndjson", ["x\n"]));
    expect(batches.map((b) => b.file)).toEqual(["named.ndjson"]);
  });
});

describe("readLines: byte order mark", () => {
  it("removes a UTF-8 BOM at the start of line 1 (bytes still count its 3 bytes)", async () => {
    expect(await lines(chunked("a.ndjson", ["\uFEFF{}\n{}\n"]))).toEqual([
      { line: 1, text: "{}", bytes: 5 },
      { line: 2, text: "{}", bytes: 2 },
    ]);
  });

  it("keeps a BOM that opens any later line", async () => {
    const got = await lines(chunked("a.ndjson", ["{}\n\uFEFF{}\n"]));
    expect(got[1]).toEqual({ line: 2, text: "\uFEFF{}", bytes: 5 });
  });

  it("removes a BOM whose three bytes are split over chunks", async () => {
    expect(await lines(chunked("a.ndjson", [[0xef], [0xbb, 0xbf, 0x7b], "}\n"]))).toEqual([
      { line: 1, text: "{}", bytes: 5 },
    ]);
  });

  it("removes the BOM on line 1 of CRLF input", async () => {
    expect(await lines(chunked("a.ndjson", ["\uFEFFab\r\n"]))).toEqual([{ line: 1, text: "ab", bytes: 6 }]);
  });
});

describe("readLines: chunk boundaries", () => {
  it("joins a line split across many chunks", async () => {
    expect(await lines(chunked("a.ndjson", ['{"a"', ":", '1}\n{"b":', "2}\n"]))).toEqual([
      { line: 1, text: '{"a":1}', bytes: 7 },
      { line: 2, text: '{"b":2}', bytes: 7 },
    ]);
  });

  it("splits several lines inside one chunk and a newline at a chunk's very start", async () => {
    expect(await lines(chunked("a.ndjson", ["a\nb", "\nc\n"]))).toEqual([
      { line: 1, text: "a", bytes: 1 },
      { line: 2, text: "b", bytes: 1 },
      { line: 3, text: "c", bytes: 1 },
    ]);
  });

  it("decodes a multi-byte UTF-8 character whose bytes are split across chunks", async () => {
    // "€" is E2 82 AC and "😀" is F0 9F 98 80; each is cut in the middle.
    const euro = Buffer.from("€", "utf8");
    const smile = Buffer.from("😀", "utf8");
    expect([...euro]).toEqual([0xe2, 0x82, 0xac]);
    const got = await lines(
      chunked("a.ndjson", [
        Buffer.from('"'),
        euro.subarray(0, 1),
        euro.subarray(1),
        smile.subarray(0, 2),
        Buffer.concat([smile.subarray(2), Buffer.from('"\n')]),
      ]),
    );
    // bytes: 2 quotes + 3 + 4 = 9
    expect(got).toEqual([{ line: 1, text: '"€😀"', bytes: 9 }]);
  });

  it("numbers lines continuously across batches of a long input", async () => {
    // 3 chunks of 1500 lines = 4500 lines; batches are cut between chunks.
    const chunk = "x\n".repeat(1500);
    const batches = await collect(chunked("long.ndjson", [chunk, chunk, chunk]));
    expect(batches.length).toBeGreaterThan(1);
    const all = batches.flatMap((b) => b.lines);
    expect(all).toHaveLength(4500);
    expect(all.map((l) => l.line)).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
  });
});

describe("readLines: line limit", () => {
  it("keeps a line of exactly maxLineBytes and nulls one byte more", async () => {
    expect(await lines(chunked("a.ndjson", ["12345\n123456\n"]), 5)).toEqual([
      { line: 1, text: "12345", bytes: 5 },
      { line: 2, text: null, bytes: 6 },
    ]);
  });

  it("gives a long line null text and its byte count, and reads the following lines", async () => {
    const long = "y".repeat(50);
    expect(await lines(chunked("a.ndjson", [`ok\n${long}\nafter\n`]), 10)).toEqual([
      { line: 1, text: "ok", bytes: 2 },
      { line: 2, text: null, bytes: 50 },
      { line: 3, text: "after", bytes: 5 },
    ]);
  });

  it("counts a long line that spans many chunks without keeping it", async () => {
    // "ok\n" + 10 chunks of 7 'z' (70 bytes) + "\nafter\n": line 2 is 70 bytes.
    const chunks = ["ok\n", ...Array.from({ length: 10 }, () => "zzzzzzz"), "\nafter\n"];
    expect(await lines(chunked("a.ndjson", chunks), 10)).toEqual([
      { line: 1, text: "ok", bytes: 2 },
      { line: 2, text: null, bytes: 70 },
      { line: 3, text: "after", bytes: 5 },
    ]);
  });

  it("counts a long line that starts mid-chunk and ends mid-chunk", async () => {
    // line 2 = "abc" + "defghijkl" + "mn" = 14 bytes
    expect(await lines(chunked("a.ndjson", ["1\nabc", "defghijkl", "mn\n3\n"]), 10)).toEqual([
      { line: 1, text: "1", bytes: 1 },
      { line: 2, text: null, bytes: 14 },
      { line: 3, text: "3", bytes: 1 },
    ]);
  });

  it("counts a long last line without a trailing newline", async () => {
    expect(await lines(chunked("a.ndjson", ["ok\n", "0123456789", "01"]), 10)).toEqual([
      { line: 1, text: "ok", bytes: 2 },
      { line: 2, text: null, bytes: 12 },
    ]);
  });

  it("nulls a long first line that carries a BOM", async () => {
    // 3 BOM bytes + 8 = 11 > 10
    expect(await lines(chunked("a.ndjson", ["\uFEFF12345678\nok\n"]), 10)).toEqual([
      { line: 1, text: null, bytes: 11 },
      { line: 2, text: "ok", bytes: 2 },
    ]);
  });
});

describe("readLines: gzip", () => {
  const text = '{"n":1}\n{"n":2}\r\n{"n":3}';

  it("gunzips content recognised by its magic bytes, whatever the name", async () => {
    expect(await lines(chunked("plain-looking.ndjson", [gzipSync(text)]))).toEqual([
      { line: 1, text: '{"n":1}', bytes: 7 },
      { line: 2, text: '{"n":2}', bytes: 8 },
      { line: 3, text: '{"n":3}', bytes: 7 },
    ]);
  });

  it("gunzips a stream delivered in small chunks", async () => {
    const gz = gzipSync(text);
    const pieces: Buffer[] = [];
    for (let i = 0; i < gz.length; i += 5) pieces.push(gz.subarray(i, i + 5));
    expect((await lines(chunked("x", pieces))).map((l) => l.text)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it("gunzips a stream whose two magic bytes arrive in separate chunks", async () => {
    const gz = gzipSync(text);
    const pieces = [gz.subarray(0, 1), gz.subarray(1)];
    expect((await lines(chunked("x", pieces))).map((l) => l.text)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it("reads plain text under a .gz name as text", async () => {
    expect(await lines(chunked("dump.ndjson.gz", ["a\n"]))).toEqual([{ line: 1, text: "a", bytes: 1 }]);
  });

  it("gunzips a gzip file on disk named .ndjson through inputSources", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-read-"));
    try {
      const path = join(dir, "dump.ndjson");
      await writeFile(path, gzipSync("\uFEFFfirst\nsecond\n"));
      const [source] = inputSources([path], Readable.from([]));
      expect(source?.name).toBe(path);
      expect(await lines(source as InputSource)).toEqual([
        { line: 1, text: "first", bytes: 8 },
        { line: 2, text: "second", bytes: 6 },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  /** The decoded lines of a source and the reason its bytes ended early, if they did. */
  async function linesAndTruncation(source: InputSource): Promise<{ texts: string[]; truncated?: string }> {
    const texts: string[] = [];
    let truncated: string | undefined;
    for await (const spans of readLineSpans(source, 1024)) {
      spans.starts.forEach((start, i) => {
        texts.push(spans.buf.toString("utf8", start, spans.ends[i]));
      });
      if (spans.truncated !== undefined) truncated = spans.truncated;
    }
    return truncated === undefined ? { texts } : { texts, truncated };
  }

  it("keeps what a gzip stream cut in half held, and says it ended early", async () => {
    // A gzip stream without its 8-byte trailer (CRC32 + size) and half its body: 150 of the 300 lines come
    // back whole or nearly (deflate keeps no line boundaries), the last one possibly cut.
    const gz = gzipSync("a\nb\nc\n".repeat(100));
    const result = await linesAndTruncation(chunked("cut.gz", [gz.subarray(0, Math.floor(gz.length / 2))]));
    expect(result.truncated).toBe("the gzip data ends early (cut off before its trailer)");
    expect(result.texts.length).toBeGreaterThan(0);
    expect(result.texts.slice(0, 3)).toEqual(["a", "b", "c"]);
  });

  it("keeps every line of a gzip stream missing only its trailer", async () => {
    const gz = gzipSync("a\nb\n");
    const result = await linesAndTruncation(chunked("trailer.gz", [gz.subarray(0, gz.length - 8)]));
    expect(result).toEqual({
      texts: ["a", "b"],
      truncated: "the gzip data ends early (cut off before its trailer)",
    });
  });

  it("keeps the lines before bytes that follow the gzip data and are not gzip", async () => {
    // 400 lines compress to far less than one small slice: all are decompressed before the garbage.
    const body = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`).join("\n");
    const result = await linesAndTruncation(
      chunked("garbage.gz", [Buffer.concat([gzipSync(`${body}\n`), Buffer.from("garbage after the end\n")])]),
    );
    expect(result.truncated).toMatch(/^the gzip data is corrupt or followed by bytes that are not gzip/);
    // Node's zlib drops the output of the write that meets the garbage: at most one 128-byte slice of it.
    expect(result.texts.length).toBeGreaterThan(350);
    expect(result.texts.slice(0, 2)).toEqual(["line 1", "line 2"]);
  });

  it("ignores zero padding after the last member, as gzip does, however it is chunked", async () => {
    // Before: zlib ended the stream on its own at the zero byte, and the reader waited for an end that had
    // already come (exit 13 in one thread, a hang with workers).
    const gz = gzipSync("a\nb\n");
    const cases = [
      [Buffer.concat([gz, Buffer.alloc(1)])],
      [gz, Buffer.alloc(1)],
      [gz.subarray(0, 5), Buffer.concat([gz.subarray(5), Buffer.alloc(3)]), Buffer.alloc(70_000)],
      [Buffer.concat([gzipSync("a\n"), gzipSync("b\n"), Buffer.alloc(512)])],
    ];
    for (const chunks of cases)
      expect(await linesAndTruncation(chunked("padded.gz", chunks))).toEqual({ texts: ["a", "b"] });
  });

  it("says other bytes after the zero padding are not gzip, keeping every line", async () => {
    const gz = gzipSync("a\nb\n");
    const expected = { texts: ["a", "b"], truncated: "the gzip data is followed by bytes that are not gzip" };
    for (const chunks of [
      [Buffer.concat([gz, Buffer.from([0, 0, 0x78, 0x79])])],
      [gz, Buffer.alloc(100), Buffer.from("garbage")],
    ])
      expect(await linesAndTruncation(chunked("padded.gz", chunks))).toEqual(expected);
  });

  it("says corrupt gzip data is corrupt, with no line read", async () => {
    const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("definitely not deflate data")]);
    const result = await linesAndTruncation(chunked("bad.gz", [corrupt]));
    expect(result.texts).toEqual([]);
    expect(result.truncated).toMatch(/^the gzip data is corrupt/);
  });
});

describe("readLines: compressions the tool does not read", () => {
  it.each([
    ["bzip2", [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41], "bzcat"],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xzcat"],
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00], "zstdcat"],
    ["zip", [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], "unzip -p"],
  ])("stops at %s with one sentence that says how to read it", async (name, magic, tool) => {
    // The magic bytes split over two chunks, as a pipe may deliver them.
    const error = await readError(chunked("dump.x", [magic.slice(0, 2), [...magic.slice(2), 0x41, 0x0a]]));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `dump.x is ${name}-compressed; decompress it first, e.g. ${tool} dump.x | teltel-events analyze -`,
    );
  });

  it.each([
    ["bzip2", [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41], "is bzip2-compressed inside gzip", "bzcat"],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "is xz-compressed inside gzip", "xzcat"],
    ["gzip", [...gzipSync("a\n")], "is gzip-compressed twice", "zcat"],
  ])("stops at %s data inside gzip with one sentence", async (_name, inner, what, tool) => {
    // The inner magic bytes arrive one decompressed byte at a time: gzip the inner bytes in small pieces.
    const gz = gzipSync(Buffer.from([...inner, 0x41, 0x0a]));
    const pieces: Buffer[] = [];
    for (let i = 0; i < gz.length; i += 3) pieces.push(gz.subarray(i, i + 3));
    const error = await readError(chunked("dump.gz", pieces));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `dump.gz ${what}; decompress both, e.g. zcat dump.gz | ${tool} | teltel-events analyze -`,
    );
  });

  it("reads a plain line that merely starts like a magic number (BZ without h)", async () => {
    expect((await lines(chunked("x", ["BZ\n"]))).map((l) => l.text)).toEqual(["BZ"]);
  });
});

describe("readLines: stream errors", () => {
  it("turns a failing stream into an InputError with the last line read", async () => {
    const source: InputSource = {
      name: "flaky.ndjson",
      open: () =>
        Readable.from(
          (async function* () {
            yield Buffer.from("one\ntwo\n");
            throw new Error("device went away");
          })(),
        ),
    };
    const error = await readError(source);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe("flaky.ndjson: cannot be read after line 2 (device went away).");
  });
});

describe("per-input line numbering and sources", () => {
  it("numbers every input's lines from 1", async () => {
    const first = await lines(chunked("a.ndjson", ["a1\na2\na3\n"]));
    const second = await lines(chunked("b.ndjson", ["b1\nb2\n"]));
    expect(first.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(second.map((l) => [l.line, l.text])).toEqual([
      [1, "b1"],
      [2, "b2"],
    ]);
  });

  it("maps - to the given stdin stream under the name <stdin>", async () => {
    const stdin = Readable.from([Buffer.from("from stdin\n")]);
    const sources = inputSources(["-"], stdin);
    expect(sources.map((s) => s.name)).toEqual([STDIN_NAME]);
    expect(STDIN_NAME).toBe("<stdin>");
    expect(sources[0]?.open()).toBe(stdin);
    expect(await lines(sources[0] as InputSource)).toEqual([{ line: 1, text: "from stdin", bytes: 10 }]);
  });
});

describe("checkInputPaths", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "teltel-paths-"));
    await writeFile(join(dir, "ok.ndjson"), "{}\n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts existing files and -", async () => {
    // Rejects (and so fails this test) on any path it does not accept.
    await checkInputPaths([join(dir, "ok.ndjson"), "-"]);
  });

  it("rejects a missing file with one sentence", async () => {
    const missing = join(dir, "missing.ndjson");
    const error = await checkInputPaths([join(dir, "ok.ndjson"), missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${missing}: no such file.`);
  });

  it("rejects a directory with one sentence", async () => {
    const error = await checkInputPaths([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${dir}: is a directory, not an event dump.`);
  });

  it("refuses stdin's file named again, before or after -, and as the -o target", async () => {
    const ok = join(dir, "ok.ndjson");
    const { dev, ino } = await stat(ok);
    const sentence = async (paths: string[], output?: string) =>
      ((await checkInputPaths(paths, output, { dev, ino }).catch((e: unknown) => e)) as Error).message;
    expect(await sentence([ok, "-"])).toBe(
      `stdin is the same file as ${ok}: every call in it would count twice.`,
    );
    expect(await sentence(["-", ok])).toBe(
      `${ok} is the same file as stdin: every call in it would count twice.`,
    );
    expect(await sentence(["-"], ok)).toBe(`-o ${ok} is the input on stdin: writing there would destroy it.`);
    // Stdin not read: its file may be named, and written.
    await checkInputPaths([ok], join(dir, "out.json"), { dev, ino });
    expect(await checkInputPaths([ok], undefined, { dev, ino })).toBe(3);
  });

  it("reports the first bad path in argument order", async () => {
    const error = await checkInputPaths([join(dir, "nope-1"), dir]).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${join(dir, "nope-1")}: no such file.`);
  });
});

describe("loadSchemaDocument", () => {
  it("loads the bundled schema by default", async () => {
    const doc = await loadSchemaDocument();
    expect(doc.$id).toBe("https://teltel-events.dev/schemas/teltel-event.schema.json");
  });

  it("rejects a directory without the schema file, in one sentence", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-schema-"));
    try {
      const error = await loadSchemaDocument(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(`schema directory ${dir} has no teltel-event.schema.json.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a schema file that is not a JSON object", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-schema-"));
    try {
      await writeFile(join(dir, "teltel-event.schema.json"), "[1, 2]");
      const error = await loadSchemaDocument(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        `schema ${join(dir, "teltel-event.schema.json")} is not a JSON Schema object (not a JSON object).`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("readLines: any chunking", () => {
  it("gives the lines of a plain split on LF (CR and the line limit applied), however the bytes are chunked", async () => {
    const piece = fc.constantFrom("a", "é", "\r", "\n", "\r\n", "xyz", "\n\n", "0123456789");
    const limit = 12;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(20), { maxLength: 10 }),
        async (parts, cuts) => {
          const bytes = Buffer.from(parts.join(""), "utf8");
          // Cut the bytes at the given offsets (clamped, sorted), so lines and characters straddle chunks.
          const at = [...new Set(cuts.map((c) => Math.min(c * 3, bytes.length)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
          const got = (
            await lines(
              chunked(
                "x",
                chunks.filter((c) => c.length > 0),
              ),
              limit,
            )
          ).map((l) => [l.line, l.text, l.bytes]);
          const raw = bytes.toString("utf8").split("\n");
          if (raw[raw.length - 1] === "") raw.pop();
          const want = raw.map((text, i) => {
            const size = Buffer.byteLength(text);
            const shown = text.endsWith("\r") ? text.slice(0, -1) : text;
            return [i + 1, size > limit ? null : shown, size];
          });
          expect(got).toEqual(want);
        },
      ),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe("isBundledSchema (the fast path's condition)", () => {
  it("is true without --schema and for a byte-identical copy, false for any other schema or none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teltel-schema-"));
    try {
      expect(await isBundledSchema()).toBe(true);
      const bundled = await readFile("schemas/teltel-event.schema.json");
      const file = join(dir, "teltel-event.schema.json");
      expect(await isBundledSchema(dir)).toBe(false);
      await writeFile(file, bundled);
      expect(await isBundledSchema(dir)).toBe(true);
      // The same document re-indented is another schema file: the fast path stays off.
      await writeFile(file, JSON.stringify(JSON.parse(bundled.toString("utf8"))));
      expect(await isBundledSchema(dir)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
