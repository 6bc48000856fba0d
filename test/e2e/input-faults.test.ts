// Input faults of issue #21, end to end through the built bin: padded and nested gzip, stdin that is an input
// or the -o target, the threads cap, -o errors in words and temporary files left by a killed run.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runBin } from "../support/bin.js";

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
