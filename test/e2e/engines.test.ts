// The engines change nothing: every output is byte-identical with TELTEL_EVENTS_ENGINE=wasm (the default), js
// (the wasm scanner's JS port) and reference (JSON.parse + normalize + ajv for every line), for --threads 1, 2,
// 3 and 4, on every sample (hostile and broken-lines among them), every fixture and a generated dirty day; a
// --schema that differs from the bundled one means the reference path whatever the engine.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRTY, generateDump } from "../bench/generate.mjs";
import { runBin } from "../support/bin.js";
import { ndjsonFilesUnder } from "../support/reference-line.js";

const ENGINES = ["wasm", "js", "reference"] as const;
const THREADS = ["1", "2", "3", "4"];
/** Every sample and every fixture (hostile, broken-lines and validate/broken among them). */
const FILES = [...ndjsonFilesUnder("samples"), ...ndjsonFilesUnder("test/fixtures")];

let dir = "";
let dirty = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-engines-"));
  dirty = join(dir, "dirty.ndjson");
  await generateDump({ events: 10_000, seed: 21, out: dirty, ...DIRTY });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** stdout and exit code of one run with one engine. */
async function output(args: string[], engine: string): Promise<string> {
  const result = await runBin(args, { env: { TELTEL_EVENTS_ENGINE: engine } });
  expect(result.code === 0 || result.code === 1, `${engine} ${args.join(" ")}: ${result.stderr}`).toBe(true);
  return `exit ${result.code}\n${result.stdout}`;
}

/** The same command with every engine: byte-identical output (returned, for further checks). */
async function same(args: string[]): Promise<string> {
  const [wasm, js, reference] = [
    await output(args, "wasm"),
    await output(args, "js"),
    await output(args, "reference"),
  ];
  expect(js, `js vs wasm: ${args.join(" ")}`).toBe(wasm);
  expect(reference, `reference vs wasm: ${args.join(" ")}`).toBe(wasm);
  return wasm as string;
}

/** The same command for every engine and thread count: one output (returned). */
async function sameForThreads(args: string[]): Promise<string> {
  const runs: string[] = [];
  for (const threads of THREADS) runs.push(await same([...args, "--threads", threads]));
  for (const [i, run] of runs.entries())
    expect(run, `--threads ${THREADS[i]} vs 1: ${args.join(" ")}`).toBe(runs[0]);
  return runs[0] as string;
}

describe("the engines", { timeout: 240_000 }, () => {
  it("has the wasm scanner built into dist/, where the tool loads it from", async () => {
    expect(existsSync("dist/ingest/scan/scanner.wasm")).toBe(true);
    const built = "../../dist/ingest/scan/engine.js";
    const engine = (await import(built)) as typeof import("../../src/ingest/scan/engine.js");
    expect(engine.createLineScanner("wasm")?.engine).toBe("wasm");
    expect(FILES).toContain("samples/hostile.ndjson");
    expect(FILES).toContain("samples/broken-lines.ndjson");
    expect(FILES).toContain("test/fixtures/validate/broken.ndjson");
  });

  it("give byte-identical analyze and validate output on every sample and fixture, for 1 to 4 threads", async () => {
    const report = await sameForThreads(["analyze", "--format", "json", "--max-problems", "5000", ...FILES]);
    expect(JSON.parse(report.slice(report.indexOf("\n"))).input.invalid).toBeGreaterThan(10);
    await sameForThreads(["validate", "--format", "json", "--max-errors", "5000", ...FILES]);
  });

  it("give byte-identical export NDJSON, CSV and JSON of every sample and fixture", async () => {
    await same(["export", "--events", "--format", "ndjson", ...FILES]);
    await same(["export", "--format", "csv", ...FILES]);
    await same(["export", "--format", "json", ...FILES]);
  });

  it("give byte-identical output on a generated dirty day, for 1 to 4 threads", async () => {
    const kpis = ["--by", "hour", "--by", "operator", "--by", "campaign", "--variants"];
    const report = await sameForThreads(["analyze", "--format", "json", ...kpis, dirty]);
    expect(JSON.parse(report.slice(report.indexOf("\n"))).input.invalid).toBeGreaterThan(10);
    await sameForThreads(["validate", "--format", "json", dirty]);
    await same(["export", "--events", "--format", "ndjson", dirty]);
    await same(["export", "--format", "json", dirty]);
  });

  it("give the same timeline of a call", async () => {
    const text = await same(["timeline", "s-0302-1100-01", "samples/autodialer-predictive.ndjson"]);
    expect(text).toContain("RINGRESULT");
    await same(["timeline", "--format", "json", "s-0302-1100-01", "samples/autodialer-predictive.ndjson"]);
  });

  it("are the reference path with a --schema that differs from the bundled one: that schema's rules apply", async () => {
    // The bundled schema with direction narrowed to inbound: every outbound line must now be refused.
    const schema = JSON.parse(await readFile("schemas/teltel-event.schema.json", "utf8"));
    schema.$defs.common.properties.direction.enum = ["inbound"];
    const custom = join(dir, "custom-schema");
    await mkdir(custom, { recursive: true });
    await writeFile(join(custom, "teltel-event.schema.json"), JSON.stringify(schema, null, 2));
    const file = "samples/outbound-sip-to-phone.ndjson";
    const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line !== "").length;
    for (const engine of ENGINES) {
      const result = await runBin(["analyze", "--format", "json", "--schema", custom, file], {
        env: { TELTEL_EVENTS_ENGINE: engine },
      });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.input.events, engine).toBe(0);
      expect(report.input.invalid, engine).toBe(lines);
      expect(report.problemCounts["bad-value"], engine).toBe(lines);
    }
  });

  it("refuse an unknown TELTEL_EVENTS_ENGINE in one sentence, exit 2", async () => {
    const result = await runBin(["analyze", "samples/transfer.ndjson"], {
      env: { TELTEL_EVENTS_ENGINE: "fast" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "teltel-events: TELTEL_EVENTS_ENGINE must be wasm (the default), js or reference.\n",
    );
    expect(result.stdout).toBe("");
  });
});
