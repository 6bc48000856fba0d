// The choice of threads: --threads as asked (capped at the cores), or automatic by input size and cores.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_THREADS_SETTING, resolveInputs } from "../../src/cli/args.js";
import type { CliIO } from "../../src/cli.js";

const dir = mkdtempSync(join(tmpdir(), "teltel-args-"));
// A sparse file of exactly 64 MiB (the automatic threshold) and a small one; only their sizes are read here.
const big = join(dir, "big.ndjson");
const fd = openSync(big, "w");
ftruncateSync(fd, 64 * 1024 * 1024);
closeSync(fd);
const small = join(dir, "small.ndjson");
writeFileSync(small, "{}\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An io whose machine has `cores` cores (as TELTEL_EVENTS_MAX_THREADS says), collecting stderr. */
function machine(cores: number): CliIO & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Readable.from([]),
    env: { TELTEL_EVENTS_MAX_THREADS: String(cores) },
    writeFile: async () => {},
  };
}

describe("resolveInputs: threads", () => {
  it("uses one thread per core, up to four, by default for inputs of 64 MiB or more", async () => {
    expect((await resolveInputs([big], 0, machine(1))).threads).toBe(1);
    expect((await resolveInputs([big], 0, machine(2))).threads).toBe(2);
    expect((await resolveInputs([big], 0, machine(3))).threads).toBe(3);
    expect((await resolveInputs([big], 0, machine(8))).threads).toBe(4);
  });

  it("reads inputs under 64 MiB, and stdin, in one thread by default", async () => {
    expect((await resolveInputs([small], 0, machine(8))).threads).toBe(1);
    expect((await resolveInputs([big, "-"], 0, machine(8))).threads).toBe(1);
  });

  it("gives --threads N as asked, lowered to the cores with one sentence on stderr", async () => {
    expect((await resolveInputs([big], 2, machine(2))).threads).toBe(2);
    const io = machine(2);
    expect((await resolveInputs([small], 3, io)).threads).toBe(2);
    expect(io.err.join("")).toBe("teltel-events: --threads 3 lowered to 2, the number of cores.\n");
  });
});

describe("resolveInputs: TELTEL_EVENTS_MAX_THREADS", () => {
  it("is bounded: 1000 is lowered to the larger of the cores and 16, with one sentence", async () => {
    // Before: 1,000 workers were started (15 GB, then SIGABRT).
    const bound = Math.max(availableParallelism(), MAX_THREADS_SETTING);
    expect(MAX_THREADS_SETTING).toBe(16);
    const io = machine(1000);
    expect((await resolveInputs([small], 1000, io)).threads).toBe(bound);
    expect(io.err.join("")).toBe(
      `teltel-events: TELTEL_EVENTS_MAX_THREADS=1000 lowered to ${bound}.\n` +
        `teltel-events: --threads 1000 lowered to ${bound}, the number of cores.\n`,
    );
    // Automatic threads stay at four at most, whatever the setting.
    expect((await resolveInputs([big], 0, machine(1000))).threads).toBe(4);
  });

  it("keeps a setting up to the bound as it is", async () => {
    const io = machine(16);
    expect((await resolveInputs([small], 16, io)).threads).toBe(16);
    expect(io.err).toEqual([]);
  });
});
