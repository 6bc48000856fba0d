// Faults a user hits (issue #11), end to end through the built bin: files out of order or named twice, -o
// over an input or interrupted, full disks, foreign compressions, cut gzip files, empty input, --threads.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runBin } from "../support/bin.js";

const MIXED = "samples/mixed-day.ndjson"; // 4 March: 37 calls, 38 sessions (samples/README.md)
const TRANSFER = "samples/transfer.ndjson"; // 2 March: 3 calls, 27 lines

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-faults-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const json = async (args: string[], input?: string) => {
  const r = await runBin([...args, "--format", "json"], input === undefined ? {} : { input });
  return { ...r, report: r.stdout === "" ? undefined : JSON.parse(r.stdout) };
};

/** stderr is exactly one sentence, starting with the program name. */
function expectOneSentence(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(/^teltel-events: [^\n]+\n$/);
  expect(stderr).toMatch(pattern);
}

describe("files given out of time order (item 2)", { timeout: 30_000 }, () => {
  it("gives the figures of the time order whatever order the files are named in", async () => {
    const inOrder = await json(["analyze", TRANSFER, MIXED]);
    const reversed = await json(["analyze", MIXED, TRANSFER]);
    // 3 + 37 calls; 38 + 3 sessions, mixed-day's last one incomplete.
    expect(inOrder.report.calls.total).toBe(40);
    expect(inOrder.report.sessions).toMatchObject({ total: 41, complete: 40 });
    expect(reversed.report).toEqual(inOrder.report);
    expect(reversed.report.input.fileNames).toEqual([TRANSFER, MIXED]);
  });

  it("says so when stdin goes back in time, with how far", async () => {
    const input = readFileSync(join(ROOT, MIXED), "utf8") + readFileSync(join(ROOT, TRANSFER), "utf8");
    const { report } = await json(["analyze", "-"], input);
    const problem = report.problems.find((p: { code: string }) => p.code === "input-out-of-order");
    // mixed-day (338 lines) runs on 4 March; transfer's 27 lines, from line 339, on 2 March 13:00-13:03.
    expect(problem).toMatchObject({ file: "<stdin>", line: 339 });
    expect(problem.message).toMatch(/^27 lines go back in time, up to 1 d 23 h behind/);
    expect(report.problemCounts["input-out-of-order"]).toBe(1);
  });
});

describe("the same file twice, -o over an input (items 4 and 6)", { timeout: 30_000 }, () => {
  it("refuses a file named twice, however it is spelled", async () => {
    const r = await runBin(["analyze", MIXED, `./samples/../${MIXED}`]);
    expect(r.code).toBe(2);
    expectOneSentence(r.stderr, /is the same file as samples\/mixed-day\.ndjson/);
    expect(r.stdout).toBe("");
  });

  it.each(["analyze", "export", "validate"])(
    "%s -o INPUT is refused and the input is untouched",
    async (cmd) => {
      const input = join(dir, `${cmd}-input.ndjson`);
      const original = readFileSync(join(ROOT, TRANSFER));
      await writeFile(input, original);
      const r = await runBin([cmd, input, "-o", input]);
      expect(r.code).toBe(2);
      expectOneSentence(r.stderr, /writing there would destroy it/);
      expect(readFileSync(input)).toEqual(original);
    },
  );
});

describe("output that cannot be written (items 5 and 7)", { timeout: 30_000 }, () => {
  it.each([["analyze"], ["validate"], ["export"]])(
    "%s > /dev/full is exit 2 with one sentence",
    async (cmd) => {
      const full = await runShell(`node ${BIN} ${cmd} ${MIXED} > /dev/full`);
      expect(full.code).toBe(2);
      expect(full.stderr).toBe("teltel-events: cannot write the report: no space left on device.\n");
    },
  );

  it("an interrupted export -o leaves the old file and no temporary file", async () => {
    const out = join(dir, "calls.csv");
    await writeFile(out, "the previous export\n");
    const child = spawn(process.execPath, [BIN, "export", "-", "-o", out], {
      cwd: ROOT,
      stdio: ["pipe", "ignore", "pipe"],
    });
    // Half of a dump, and stdin left open: the export is under way, its temporary file open.
    child.stdin.write(readFileSync(join(ROOT, MIXED)));
    const temp = await waitFor(() => readdirSync(dir).find((name) => name.startsWith(".calls.csv.")));
    expect(temp).toMatch(/^\.calls\.csv\.\d+\.[0-9a-z]+\.tmp$/);
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readFileSync(out, "utf8")).toBe("the previous export\n");
    expect(readdirSync(dir).filter((name) => name.startsWith(".calls.csv."))).toEqual([]);
  });

  it("a completed -o replaces the file whole", async () => {
    const out = join(dir, "report.json");
    await writeFile(out, "old");
    const r = await runBin(["analyze", "-f", "json", "-o", out, TRANSFER]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).calls.total).toBe(3);
    expect(readdirSync(dir).filter((name) => name.startsWith(".report.json."))).toEqual([]);
  });
});

describe("inputs that deserve a clear answer (items 8-11)", { timeout: 30_000 }, () => {
  it.each([
    ["bzip2", "BZh91AY&SY", "bzcat"],
    ["xz", "\xfd7zXZ\x00\x00", "xzcat"],
    ["zstd", "\x28\xb5\x2f\xfd\x24\x00", "zstdcat"],
  ])("a %s file stops with one sentence that says how to read it", async (name, magic, tool) => {
    const file = join(dir, `dump.${name}`);
    await writeFile(file, Buffer.from(`${magic}rest of the archive`, "latin1"));
    for (const cmd of ["analyze", "validate", "export"]) {
      const r = await runBin([cmd, file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `teltel-events: ${file} is ${name}-compressed; decompress it first, e.g. ${tool} ${file} | teltel-events analyze -\n`,
      );
    }
  });

  it("a gzip file cut before its trailer keeps its figures and is an input-truncated error", async () => {
    const gz = gzipSync(readFileSync(join(ROOT, TRANSFER)));
    const file = join(dir, "cut.ndjson.gz");
    await writeFile(file, gz.subarray(0, gz.length - 8));
    const analyzed = await json(["analyze", file]);
    expect(analyzed.code).toBe(0);
    // All 27 lines were decompressed: only the CRC and size are missing.
    expect(analyzed.report.input).toMatchObject({ lines: 27, events: 27, invalid: 0 });
    expect(analyzed.report.calls.total).toBe(3);
    expect(analyzed.report.problems).toContainEqual(
      expect.objectContaining({ code: "input-truncated", file, line: 27 }),
    );
    const validated = await runBin(["validate", file]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain(`${file}:27  error    input-truncated  the gzip data ends early`);
  });

  it("validate on no input is a no-events error unless --allow-empty", async () => {
    const empty = await runBin(["validate", "-"], { input: "" });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain("no-events");
    const blank = await runBin(["validate", "-", "--format", "json"], { input: "\n\n" });
    expect(blank.code).toBe(1);
    expect(JSON.parse(blank.stdout).summary.findingsByCode).toEqual({ "no-events": 1 });
    const allowed = await runBin(["validate", "--allow-empty", "/dev/null"]);
    expect(allowed.code).toBe(0);
  });

  it("--threads above the cores is lowered, and stderr says so", async () => {
    const r = await runBin(["analyze", "--threads", "64", "--format", "json", TRANSFER]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^teltel-events: --threads 64 lowered to \d+, the number of cores\.\n$/);
    expect(JSON.parse(r.stdout).calls.total).toBe(3);
  });
});

function runShell(command: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
