// The files --gates and --baseline name: read whole but capped, regular files only (a device or a pipe is
// refused before it is read), a UTF-8 byte order mark accepted; every refusal one sentence, exit 2.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../support/run-main.js";

const MIXED = fileURLToPath(new URL("../../samples/mixed-day.ndjson", import.meta.url));
const MISSING = "/nonexistent/dump.ndjson";

const run = runMain;

let dir = "";
let report = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-gate-files-"));
  report = (await run(["analyze", "-f", "json", MIXED])).out;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("files that are not regular files", () => {
  it.each([
    ["--baseline", "report"],
    ["--gates", "gates file"],
  ])("%s /dev/zero is refused at once (it read 620 MB, then 'unknown error')", async (flag, what) => {
    const r = await run(["analyze", MISSING, flag, "/dev/zero"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: ${flag} /dev/zero is not a regular file (a device, a pipe or a socket): give a ${what} on disk.\n`,
    );
  });

  it("refuses a named pipe without waiting for a writer", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const r = await run(["analyze", MISSING, "--baseline", fifo]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--baseline ${fifo} is not a regular file`);
  });

  it("refuses a directory", async () => {
    const sub = join(dir, "reports");
    await mkdir(sub);
    const r = await run(["analyze", MISSING, "--gates", sub]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`teltel-events: --gates ${sub} is a directory: give the gates file itself.\n`);
  });
});

describe("size caps", () => {
  it("refuses a gates file over 1 MiB and a baseline over 64 MiB, before reading them", async () => {
    const gates = join(dir, "big-gates.json");
    await writeFile(gates, "");
    await truncate(gates, 1024 * 1024 + 1);
    const g = await run(["analyze", MISSING, "--gates", gates]);
    expect(g.code).toBe(2);
    expect(g.err).toBe(
      `teltel-events: --gates ${gates} is larger than 1 MiB, too large for a gates file: is it the right file?\n`,
    );
    // Sparse: 64 MiB + 1 byte of nothing on disk.
    const baseline = join(dir, "big-report.json");
    await writeFile(baseline, "");
    await truncate(baseline, 64 * 1024 * 1024 + 1);
    const b = await run(["analyze", MISSING, "--baseline", baseline]);
    expect(b.code).toBe(2);
    expect(b.err).toBe(
      `teltel-events: --baseline ${baseline} is larger than 64 MiB, too large for a report: is it the right file?\n`,
    );
  });

  it("reads a gates file of exactly 1 MiB", async () => {
    const gates = join(dir, "padded-gates.json");
    const list = JSON.stringify([{ expr: "calls < 1" }]);
    await writeFile(gates, list + " ".repeat(1024 * 1024 - list.length));
    const r = await run(["analyze", MIXED, "-f", "json", "--gates", gates]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).gates).toHaveLength(1);
  });
});

describe("a byte order mark", () => {
  it("is accepted at the start of a gates file and of a baseline, as in dumps", async () => {
    const gates = join(dir, "bom-gates.json");
    await writeFile(gates, `\uFEFF${JSON.stringify([{ expr: "asr < 60%" }])}`);
    const baseline = join(dir, "bom-report.json");
    await writeFile(baseline, `\uFEFF${report}`);
    const r = await run(["analyze", MIXED, "-f", "json", "--gates", gates, "--baseline", baseline]);
    // ASR 19/37 = 51.4 %: the gate fails; the baseline is the same run, so it matches.
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out);
    expect(parsed.gates[0].status).toBe("fail");
    expect(parsed.baseline.settingsMatch).toBe(true);
  });
});
