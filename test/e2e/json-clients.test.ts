// End to end: every JSON output of the built bin is I-JSON (RFC 7493), read by jq. The fixture
// test/fixtures/surrogates/lone.ndjson, line by line: 1 START of S with data.note "x\ud800" (a lone high
// surrogate); 2 RING; 3 RINGRESULT BUSY; 4 COMPLETED of S, hanged_value "+37120000002\uDBFF" (lone, upper-case
// escape); 5 START of T with data.note "\ud83d\ude00 \\ud800" (a pair, then an escaped backslash and the text
// "ud800": no surrogate); 6 COMPLETED of T. So: two unpaired-surrogate warnings (lines 1 and 4), two calls.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { loneSurrogatesIn } from "../support/safety.js";

const LONE = "test/fixtures/surrogates/lone.ndjson";
const TIMEOUT = 60_000;

/** jq's compact reading of a JSON (or NDJSON) text: its exit code, output and errors. */
function jq(text: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("jq", ["-c", "."], { input: text, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the bin and returns its stdout, checking the exit code and that nothing went to stderr. */
async function output(args: string[], code = 0): Promise<string> {
  const run = await runBin(args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(code);
  return run.stdout;
}

describe("JSON outputs with a lone surrogate in the input", { timeout: TIMEOUT }, () => {
  it.each([
    ["analyze --format json", ["analyze", "--format", "json", LONE]],
    ["analyze --format json --threads 2", ["analyze", "--format", "json", "--threads", "2", LONE]],
    ["validate --format json", ["validate", "--format", "json", LONE]],
    ["export --format json", ["export", "--format", "json", LONE]],
    ["export --format ndjson", ["export", "--format", "ndjson", LONE]],
    ["timeline --format json", ["timeline", "--format", "json", "S", LONE]],
  ])("%s: jq reads all of it, and no string holds a lone surrogate", async (_, args) => {
    const text = await output(args);
    const read = jq(text);
    expect(read.stderr).toBe("");
    expect(read.status).toBe(0);
    const values = args.includes("ndjson") ? text.trimEnd().split("\n") : [text];
    expect(read.stdout.trimEnd().split("\n")).toHaveLength(values.length);
    for (const value of values) expect(loneSurrogatesIn(value)).toEqual([]);
    // The value is there, its lone surrogate as U+FFFD.
    if (!args.includes("validate")) expect(read.stdout).toContain("+37120000002\ufffd");
  });

  it("analyze: one unpaired-surrogate warning per line that holds one, in one thread or two", async () => {
    for (const threads of ["1", "2"]) {
      const report = JSON.parse(await output(["analyze", "--format", "json", "--threads", threads, LONE]));
      expect(report.input).toMatchObject({ lines: 6, events: 6, invalid: 0 });
      expect(report.calls.total).toBe(2);
      expect(report.problemCounts).toEqual({ "unpaired-surrogate": 2 });
      expect(report.problems.map((p: { line: number; pointer: string }) => [p.line, p.pointer])).toEqual([
        [1, "/data/note"],
        [4, "/hanged_value"],
      ]);
      expect(report.topHangedValues.map((v: { value: string }) => v.value)).toEqual([
        "+37120000002\ufffd",
        "+37120000003",
      ]);
    }
  });

  it("validate: the warnings pass (exit 0) and fail with --strict", async () => {
    const result = JSON.parse(await output(["validate", "--format", "json", LONE]));
    expect(result.summary).toMatchObject({ valid: 6, invalid: 0, errors: 0, warnings: 2 });
    expect(result.findings[1].message).toBe(
      'the value of "hanged_value" holds an unpaired surrogate \\udbff, which no UTF-8 text can hold; JSON outputs write U+FFFD in its place',
    );
    await output(["validate", "--strict", LONE], 1);
  });
});
