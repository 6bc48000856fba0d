// Workers by byte range: with chunks so small that a dump spans hundreds of them (cuts at CRLFs, inside
// over-long lines, chunks of one line, line tables that overflow), analyze and validate print exactly what
// --threads 1 prints, for files, gzip and stdin, with or without a small --max-line-bytes.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";

let dir = "";
let dump = "";
let gz = "";
let bytes: Buffer = Buffer.alloc(0);

/** Real lines (mixed-day and hostile) framed awkwardly: BOM, CRLF, blank runs, long junk lines, invalid UTF-8, no final newline. */
function awkwardDump(): Buffer {
  const lines = ["samples/mixed-day.ndjson", "samples/hostile.ndjson"].flatMap((file) =>
    readFileSync(file)
      .toString("latin1")
      .split("\n")
      .filter((line) => line !== ""),
  );
  const out: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  for (const [i, line] of lines.entries()) {
    const raw = Buffer.from(line, "latin1");
    if (i % 7 === 1) out.push(raw, Buffer.from("\r\n"));
    else if (i % 11 === 2) out.push(Buffer.from("\n".repeat(1 + (i % 4))), raw, Buffer.from("\n"));
    else if (i % 13 === 3)
      out.push(Buffer.from(`{"junk":"${"j".repeat(200 + i * 7)}"}\n`), raw, Buffer.from("\n"));
    else if (i % 17 === 4)
      out.push(raw.subarray(0, -3), Buffer.from([0xff]), raw.subarray(-3), Buffer.from("\n"));
    else out.push(raw, Buffer.from("\n"));
  }
  out.push(Buffer.from(lines[0] as string, "latin1"));
  return Buffer.concat(out);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-chunks-"));
  bytes = awkwardDump();
  dump = join(dir, "awkward.ndjson");
  gz = join(dir, "awkward.ndjson.gz");
  await writeFile(dump, bytes);
  await writeFile(gz, gzipSync(bytes));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exit code, stdout and stderr of one run; chunkBytes sets the (test-only) chunk size. */
async function output(args: string[], chunkBytes?: number, input?: Buffer): Promise<string> {
  const env = { TELTEL_EVENTS_MAX_THREADS: "4", TELTEL_EVENTS_CHUNK_BYTES: chunkBytes?.toString() };
  const result = await runBin(args, { env, ...(input === undefined ? {} : { input }) });
  return `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
}

describe("workers by byte range", { timeout: 240_000 }, () => {
  it.each([
    ["analyze", []],
    ["analyze", ["--max-line-bytes", "300"]],
    ["validate", []],
    ["validate", ["--max-line-bytes", "300"]],
  ])(
    "%s %j agrees with --threads 1 at any chunk size, for a file, gzip and stdin",
    async (command, extra) => {
      const args = [command, "--format", "json", ...extra];
      const one = await output([...args, "--threads", "1", dump]);
      expect(one).toMatch(/invalid/);
      // Each chunk size with one kind of input (a run costs about a second): file, gzip and stdin in turn.
      for (const [threads, chunkBytes, kind] of [
        ["2", undefined, "file"],
        ["2", 1, "file"],
        ["3", 64, "gzip"],
        ["4", 700, "stdin"],
        ["2", 4096, "file"],
        ["2", 4096, "stdin"],
      ] as const) {
        const label = `--threads ${threads}, chunks of ${chunkBytes}, ${kind}`;
        const run =
          kind === "file"
            ? await output([...args, "--threads", threads, dump], chunkBytes)
            : kind === "gzip"
              ? (await output([...args, "--threads", threads, gz], chunkBytes)).replaceAll(gz, dump)
              : (await output([...args, "--threads", threads, "-"], chunkBytes, bytes)).replaceAll(
                  "<stdin>",
                  dump,
                );
        expect(run, label).toBe(one);
      }
    },
  );

  it("numbers lines per file, sequences them across files, and keeps file-level problems and placements", async () => {
    // A gzip cut short (input-truncated on its last line), and y named before x though x's first events are
    // earlier (x is read first, and a warning on y names the line of x that placed it).
    const cut = join(dir, "cut.ndjson.gz");
    const whole = gzipSync(bytes);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const mixed = readFileSync("samples/mixed-day.ndjson", "utf8")
      .split("\n")
      .filter((line) => line !== "");
    const y = join(dir, "y.ndjson");
    const x = join(dir, "x.ndjson");
    await writeFile(y, `${mixed.slice(0, 170).join("\n")}\n`);
    await writeFile(x, `${readFileSync("samples/transfer.ndjson", "utf8")}${mixed.slice(170).join("\n")}\n`);
    const files = [dump, gz, cut, y, x, "samples/hostile.ndjson"];
    const args = ["analyze", "--format", "json", "--max-problems", "1000", ...files];
    const one = await output([...args, "--threads", "1"]);
    expect(one).toMatch(/input-truncated/);
    expect(one).toMatch(/named after this file, was read before it/);
    for (const chunkBytes of [1, 5000])
      expect(await output([...args, "--threads", "2"], chunkBytes), `chunks of ${chunkBytes}`).toBe(one);
  });

  it("reads an empty file, and a file that is one over-long line without a newline", async () => {
    const empty = join(dir, "empty.ndjson");
    const long = join(dir, "long.ndjson");
    await writeFile(empty, "");
    await writeFile(long, `{"x":"${"x".repeat(5000)}"}`);
    for (const files of [[empty], [long], [empty, dump, long]]) {
      const args = ["validate", "--format", "json", "--max-line-bytes", "1000", "--allow-empty", ...files];
      const one = await output([...args, "--threads", "1"]);
      expect(await output([...args, "--threads", "3"], 100)).toBe(one);
    }
  });
});
