// The byte-level fast path changes nothing: every output is byte-identical with it on and with
// TELTEL_EVENTS_FAST_PATH=0 (the reference path alone), on clean, dirty and hostile dumps, for 1, 2 and 3 threads.
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRTY, generateDump } from "../bench/generate.mjs";
import { runBin } from "../support/bin.js";

const SAMPLES = readdirSync("samples")
  .filter((name) => name.endsWith(".ndjson"))
  .map((name) => `samples/${name}`);
const FIXTURES = ["test/fixtures/parallel/uncertain.ndjson", "test/fixtures/parallel/escaped-keys.ndjson"];
const OFF = { TELTEL_EVENTS_FAST_PATH: "0" };

let dir = "";
let dirty = "";
let clean = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-fast-path-"));
  dirty = join(dir, "dirty.ndjson");
  clean = join(dir, "clean.ndjson");
  await generateDump({ events: 20_000, seed: 21, out: dirty, ...DIRTY });
  await generateDump({ events: 20_000, seed: 22, out: clean });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** stdout and exit code of one run, with the fast path on (default) or off. */
async function output(args: string[], off: boolean): Promise<string> {
  const result = await runBin(args, off ? { env: OFF } : {});
  expect(result.code === 0 || result.code === 1, result.stderr).toBe(true);
  return `exit ${result.code}\n${result.stdout}`;
}

/** The same command with the fast path on and off: byte-identical output (returned, for further checks). */
async function same(args: string[]): Promise<string> {
  const [on, off] = await Promise.all([output(args, false), output(args, true)]);
  expect(on).toBe(off);
  return on;
}

describe("the fast path", { timeout: 120_000 }, () => {
  it("gives byte-identical analyze, validate and export output on every sample and fixture", async () => {
    for (const file of [...SAMPLES, ...FIXTURES]) {
      await same(["analyze", "--format", "json", "--threads", "1", file]);
      await same(["validate", "--format", "json", "--threads", "1", file]);
      await same(["export", "--events", "--format", "ndjson", file]);
      await same(["export", "--format", "csv", file]);
    }
  });

  it("gives byte-identical output on all samples in one run, for 1, 2 and 3 threads", async () => {
    const files = [...SAMPLES, ...FIXTURES];
    const runs: string[] = [];
    for (const threads of ["1", "2", "3"]) {
      runs.push(
        await same(["analyze", "--format", "json", "--max-problems", "1000", "--threads", threads, ...files]),
      );
    }
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    await same(["validate", "--format", "json", "--threads", "2", ...files]);
  });

  it("gives byte-identical output on generated clean and dirty dumps, for 1, 2 and 3 threads", async () => {
    for (const file of [clean, dirty]) {
      const kpis = ["--by", "hour", "--by", "operator", "--by", "campaign", "--variants"];
      const runs: string[] = [];
      for (const threads of ["1", "2", "3"])
        runs.push(await same(["analyze", "--format", "json", ...kpis, "--threads", threads, file]));
      expect(runs[1]).toBe(runs[0]);
      expect(runs[2]).toBe(runs[0]);
      await same(["validate", "--format", "json", "--threads", "2", file]);
      await same(["export", "--events", "--format", "ndjson", file]);
      await same(["export", "--format", "json", file]);
    }
  });

  it("is off with a --schema that differs from the bundled one: that schema's rules are the ones applied", async () => {
    // The bundled schema with direction narrowed to inbound: every outbound line must now be refused.
    const schema = JSON.parse(await readFile("schemas/teltel-event.schema.json", "utf8"));
    schema.$defs.common.properties.direction.enum = ["inbound"];
    const custom = join(dir, "custom-schema");
    await mkdir(custom);
    await writeFile(join(custom, "teltel-event.schema.json"), JSON.stringify(schema, null, 2));
    const file = "samples/outbound-sip-to-phone.ndjson";
    const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line !== "").length;
    const result = await runBin(["analyze", "--format", "json", "--schema", custom, file]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.input.events).toBe(0);
    expect(report.input.invalid).toBe(lines);
    expect(report.problemCounts["bad-value"]).toBe(lines);
  });

  it("gives the same timeline of a call", async () => {
    const text = await same(["timeline", "s-0302-1100-01", "samples/autodialer-predictive.ndjson"]);
    expect(text).toContain("RINGRESULT");
    await same(["timeline", "--format", "json", "s-0302-1100-01", "samples/autodialer-predictive.ndjson"]);
  });
});
