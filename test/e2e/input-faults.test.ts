// Input faults of issue #21, end to end through the built bin: padded and nested gzip, stdin that is an input
// or the -o target, the threads cap, -o errors in words and temporary files left by a killed run.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runBin } from "../support/bin.js";

const MIXED = "samples/mixed-day.ndjson"; // 4 March: 37 calls, 38 sessions, 338 lines (samples/README.md)

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-input-faults-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("gzip followed by padding (item 15)", { timeout: 60_000 }, () => {
  it.each(["1", "2"])("a NUL after the gzip data is ignored, with --threads %s", async (threads) => {
    const file = join(dir, `padded-${threads}.ndjson.gz`);
    await writeFile(file, Buffer.concat([gzipSync(readFileSync(join(ROOT, MIXED))), Buffer.alloc(1)]));
    for (const cmd of ["analyze", "validate"]) {
      const r = await runBin([cmd, file, "--threads", threads, "--format", "json"], {
        env: { TELTEL_EVENTS_MAX_THREADS: "2" },
      });
      // Before: exit 13 and no output in one thread, a hang with two.
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      if (cmd === "analyze") {
        expect(report.input).toMatchObject({ lines: 338, events: 338, invalid: 0 });
        expect(report.calls.total).toBe(37);
        expect(report.problemCounts["input-truncated"]).toBeUndefined();
      } else expect(report.summary.findingsByCode).toEqual({ "incomplete-session": 1 });
    }
  });

  it("other bytes after the padding are an input-truncated error naming the last line", async () => {
    const file = join(dir, "garbage.ndjson.gz");
    const gz = gzipSync(readFileSync(join(ROOT, MIXED)));
    await writeFile(file, Buffer.concat([gz, Buffer.alloc(4), Buffer.from("tail")]));
    const r = await runBin(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${file}:338  error    input-truncated  the gzip data is followed by bytes that are not gzip`,
    );
  });

  it("a bzip2 file inside gzip is refused in one sentence", async () => {
    const file = join(dir, "dump.bz2.gz");
    await writeFile(file, gzipSync(Buffer.from("BZh91AY&SYrest of the archive", "latin1")));
    const r = await runBin(["analyze", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `teltel-events: ${file} is bzip2-compressed inside gzip; decompress both, e.g. zcat ${file} | bzcat | teltel-events analyze -\n`,
    );
  });
});

/** Runs the bin with stdin read from `file` (a shell's `< file`), with NO_COLOR=1. */
function runWithStdinFile(args: string[], file: string): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(file, "r");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: [fd, "ignore", "pipe"],
    });
    closeSync(fd);
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("stdin is a file named elsewhere (items 18 and 19)", { timeout: 60_000 }, () => {
  const timeline = ["timeline", "s-0304-0802-01"];
  it.each([["analyze"], ["validate"], ["export"], timeline])(
    "%s - -o DUMP < DUMP is refused and the dump is untouched",
    async (...command) => {
      const dump = join(dir, `${command[0]}-stdin.ndjson`);
      const original = readFileSync(join(ROOT, MIXED));
      await writeFile(dump, original);
      // Before: the report replaced the dump, exit 0.
      for (const args of [
        [...command, "-", "-o", dump],
        [...command, "-o", dump],
      ]) {
        const r = await runWithStdinFile(args, dump);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr).toBe(
          `teltel-events: -o ${dump} is the input on stdin: writing there would destroy it.\n`,
        );
        expect(readFileSync(dump)).toEqual(original);
      }
    },
  );

  it("a file named and also read as stdin is refused like a file named twice", async () => {
    const dump = join(dir, "twice.ndjson");
    await writeFile(dump, readFileSync(join(ROOT, MIXED)));
    // Before: every call counted twice (37 -> 67), with only a warning.
    const after = await runWithStdinFile(["analyze", dump, "-"], dump);
    expect(after.code).toBe(2);
    expect(after.stderr).toBe(
      `teltel-events: stdin is the same file as ${dump}: every call in it would count twice.\n`,
    );
    const before = await runWithStdinFile(["validate", "-", dump], dump);
    expect(before.code).toBe(2);
    expect(before.stderr).toBe(
      `teltel-events: ${dump} is the same file as stdin: every call in it would count twice.\n`,
    );
    // Stdin from another file is read as usual.
    const other = await runWithStdinFile(
      ["analyze", dump, "-", "--format", "json"],
      join(ROOT, "samples/transfer.ndjson"),
    );
    expect(other.code).toBe(0);
  });
});

describe("-o errors in words, and a killed -o run's temporary file (items 11 and 25)", {
  timeout: 60_000,
}, () => {
  it("a missing folder is named, with no errno code", async () => {
    const target = join(dir, "out", "r.json");
    const r = await runBin(["analyze", "--format", "json", "-o", target, MIXED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `teltel-events: cannot write ${target}: the folder ${join(dir, "out")} does not exist.\n`,
    );
  });

  it("the next run removes the temporary file a SIGKILLed export left", async () => {
    const out = join(dir, "calls.csv");
    const child = spawn(process.execPath, [BIN, "export", "-", "-o", out], {
      cwd: ROOT,
      stdio: ["pipe", "ignore", "ignore"],
    });
    child.stdin.write(readFileSync(join(ROOT, MIXED)));
    const temps = () => readdirSync(dir).filter((name) => name.startsWith(".calls.csv."));
    for (let waited = 0; temps().length === 0; waited += 20) {
      if (waited > 20_000) throw new Error("no temporary file appeared");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [left] = temps();
    const exited = new Promise((resolve) => child.on("close", resolve));
    child.kill("SIGKILL");
    await exited;
    // No handler runs on SIGKILL: the file stays until the next run that writes calls.csv.
    expect(existsSync(join(dir, left as string))).toBe(true);
    const r = await runBin(["export", "-o", out, MIXED]);
    expect(r.code).toBe(0);
    expect(temps()).toEqual([]);
    expect(readFileSync(out, "utf8").split("\n")).toHaveLength(38 + 2);
  });
});

describe("-o onto a device or a pipe", { timeout: 60_000 }, () => {
  // Found while fixing #21: -o /dev/null renamed its temporary file over the device (as root, /dev/null
  // became a regular file). A FIFO stands in for the device here, so a regression cannot break the machine.
  it("writes into a FIFO in place and leaves it a FIFO, no temporary file beside it", async () => {
    const fifo = join(dir, "report.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "ignore"] });
    let read = "";
    reader.stdout.on("data", (chunk) => {
      read += chunk;
    });
    const readerDone = new Promise((resolve) => reader.on("close", resolve));
    const r = await runBin(["analyze", "--format", "json", "-o", fifo, MIXED]);
    await readerDone;
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(read).calls.total).toBe(37);
    expect(readdirSync(dir).filter((name) => name.startsWith(".report.fifo."))).toEqual([]);
  });
});

describe("the file order trusts only valid events (item 16)", { timeout: 60_000 }, () => {
  const lines = () => readFileSync(join(ROOT, MIXED), "utf8").trimEnd().split("\n");

  it.each([
    [
      "rejected by the schema",
      '{"event":"START","id":"old-1","timestamp":"2026-03-04T07:00:00Z","session_id":"s-old","direction":"sideways"}',
    ],
    [
      "valid",
      '{"event":"START","id":"old-1","timestamp":"2026-03-04T07:00:00Z","accountcode":"10452","session_id":"s-old","call_id":"c-old","direction":"inbound","type":"standard","phase":"didtosip","participants":0}',
    ],
  ])("one old-dated line (%s) at the top of the later half keeps the calls whole", async (_what, old) => {
    const all = lines();
    const first = join(dir, "half-1.ndjson");
    const second = join(dir, "half-2.ndjson");
    await writeFile(first, `${all.slice(0, 170).join("\n")}\n`);
    await writeFile(second, `${[old, ...all.slice(170)].join("\n")}\n`);
    for (const named of [
      [first, second],
      [second, first],
    ]) {
      const r = await runBin(["analyze", ...named, "--format", "json"]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      // Before: the old line put the later half first, splitting the calls that span the halves (35).
      expect(report.calls.total).toBe(37);
      expect(report.input.fileNames).toEqual([first, second]);
    }
  });

  it("a warning on a file read after one named after it says which line placed that one first", async () => {
    const all = lines();
    // Y: mixed-day's first half (4 March 08:02-); X: transfer (2 March) then mixed-day's second half.
    const y = join(dir, "y.ndjson");
    const x = join(dir, "x.ndjson");
    await writeFile(y, `${all.slice(0, 170).join("\n")}\n`);
    await writeFile(
      x,
      `${readFileSync(join(ROOT, "samples/transfer.ndjson"), "utf8")}${all.slice(170).join("\n")}\n`,
    );
    const r = await runBin(["analyze", y, x, "--format", "json"]);
    const report = JSON.parse(r.stdout);
    expect(report.input.fileNames).toEqual([x, y]);
    const warning = report.problems.find((p: { code: string }) => p.code === "input-out-of-order");
    // transfer's first 15 lines: their median is its line 8, at 13:01:00 on 2 March.
    expect(warning).toMatchObject({ file: y, line: 1 });
    expect(warning.message).toMatch(
      new RegExp(
        `; ${x.replace(/[.\\]/g, "\\$&")}, named after this file, was read before it: its first valid events are at 2026-03-02T13:01:00\\.000Z \\(its line 8\\)$`,
      ),
    );
  });
});
