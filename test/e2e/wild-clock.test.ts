// Issue 11 item 3: a wild clock (one event a year ahead, retried; or a whole call) must not move event time.
// The dumps are generated with their truth; the wild lines are added on top, so the expected figures are the
// truth's, plus the added lines as invalid (unbelievable-timestamp), whatever --threads is.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import { generateDump, type Truth } from "../bench/generate.mjs";
import { runBin } from "../support/bin.js";

const YEAR_MS = 365 * 86_400_000;
/** Where the wild lines go: after line 2000 of the 5,500-line dump (mid-stream, hundreds of calls open). */
const AT = 2000;

let dir: string;
let truth: Truth;
let lines: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-wild-"));
  const file = join(dir, "clean.ndjson");
  // 5,500 clean events (seed 1): 408 calls in the truth.
  truth = await generateDump({ events: 5500, seed: 1, out: file });
  lines = (await readFile(file, "utf8")).split("\n").filter((line) => line !== "");
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The dump with `wild` inserted after line AT. */
async function withWild(name: string, wild: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${[...lines.slice(0, AT), ...wild, ...lines.slice(AT)].join("\n")}\n`);
  return file;
}

/** `event` (a line of the dump) moved a year ahead, with its id (and session, if given) renamed. */
function yearAhead(line: string, id: string, session?: string): string {
  const event = JSON.parse(line);
  event.id = id;
  if (session !== undefined) event.session_id = session;
  event.timestamp = new Date(Date.parse(event.timestamp) + YEAR_MS).toISOString();
  return JSON.stringify(event);
}

async function analyze(file: string, threads: string): Promise<AnalyzeReport> {
  const result = await runBin([
    "analyze",
    "--format",
    "json",
    "--max-problems",
    "10000",
    "--threads",
    threads,
    file,
  ]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe("a wild clock", { timeout: 60_000 }, () => {
  it("one event a year ahead, delivered three times in a row, changes no figure (1, 2 and 3 threads)", async () => {
    const wild = yearAhead(lines[AT - 1] as string, "wild-1");
    const file = await withWild("retried.ndjson", [wild, wild, wild]);
    expect(truth.calls.total).toBe(408);
    for (const threads of ["1", "2", "3"]) {
      const report = await analyze(file, threads);
      // Before the fix: 78 calls, 3,899 sessions (every call after the wild line idled out), 2 duplicates.
      expect(report.calls.total).toBe(408);
      expect(report.sessions).toEqual(truth.sessions);
      expect(report.input).toMatchObject({
        lines: 5503,
        events: 5500,
        invalid: 3,
        duplicates: 0,
        late: 0,
        timeRange: truth.input.timeRange,
      });
      expect(report.problemCounts["unbelievable-timestamp"]).toBe(3);
      const wildProblems = report.problems.filter((p) => p.code === "unbelievable-timestamp");
      expect(wildProblems.map((p) => [p.line, p.eventId])).toEqual([
        [2001, "wild-1"],
        [2002, "wild-1"],
        [2003, "wild-1"],
      ]);
    }
  });

  it("a whole call a year ahead, its events in a row, changes no figure either", async () => {
    const session = JSON.parse(lines[AT - 1] as string).session_id;
    const call = lines.filter((line) => JSON.parse(line).session_id === session);
    const wild = call.map((line, i) => yearAhead(line, `wild-${i}`, "wild-session"));
    expect(wild.length).toBeGreaterThanOrEqual(3);
    const file = await withWild("call.ndjson", wild);
    for (const threads of ["1", "2"]) {
      const report = await analyze(file, threads);
      expect(report.calls.total).toBe(408);
      expect(report.sessions).toEqual(truth.sessions);
      expect(report.input.invalid).toBe(wild.length);
      expect(report.problemCounts["unbelievable-timestamp"]).toBe(wild.length);
    }
  });

  it("validate fails on it: unbelievable-timestamp is an error", async () => {
    const wild = yearAhead(lines[AT - 1] as string, "wild-1");
    const file = await withWild("validate.ndjson", [wild]);
    const result = await runBin(["validate", "--format", "json", file]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary.findingsByCode["unbelievable-timestamp"]).toBe(1);
    expect(report.summary.invalid).toBe(1);
  });
});
