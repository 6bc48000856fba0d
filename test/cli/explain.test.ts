// analyze --explain through the CLI: every format, the refusals (one sentence, exit 2), and the same calls
// listed whatever the number of threads. The fixture's figures are worked out in test/report/explain.test.ts.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { runMain } from "../support/run-main.js";
import { parseCsv } from "../support/safety.js";

const FIVE = "test/fixtures/explain/five-calls.ndjson";

describe("analyze --explain", () => {
  it("table: the figure, its definition, both sides and the calls behind each", async () => {
    const r = await runMain(["analyze", FIVE, "--explain", "abandon_rate"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const text = r.out;
    expect(text.split("\n")[0]).toBe("abandon_rate = 50.0%");
    expect(text).toContain("numerator:   abandoned inbound calls = 2");
    expect(text).toContain("denominator: inbound calls = 4");
    const numerator = text.slice(
      text.indexOf("Calls in the numerator"),
      text.indexOf("Calls in the denominator"),
    );
    expect(numerator.match(/x-[a-e]/g)).toEqual(["x-c", "x-d"]);
    expect(text.slice(text.indexOf("Calls in the denominator")).match(/x-[a-e]/g)).toEqual(["x-a", "x-b"]);
  });

  it("json: read by jq", async () => {
    const r = await runMain(["analyze", FIVE, "--explain", "asr", "--format", "json"]);
    expect(r.code).toBe(0);
    const jq = execFileSync(
      "jq",
      ["-c", "[.value, .numerator.value, .denominator.value, [.numerator.calls[].sessionId]]"],
      {
        input: r.out,
      },
    );
    expect(jq.toString().trim()).toBe('[0.4,2,5,["x-a","x-b"]]');
  });

  it("csv: one row per call listed, with its side", async () => {
    const r = await runMain(["analyze", FIVE, "--explain", "asr", "--format", "csv"]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.out);
    expect(rows[0]?.slice(0, 3)).toEqual(["metric", "side", "session_id"]);
    expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual([
      ["numerator", "x-a"],
      ["numerator", "x-b"],
      ["denominator", "x-c"],
      ["denominator", "x-d"],
      ["denominator", "x-e"],
    ]);
  });

  it("html: a page with the report's CSP and no script", async () => {
    const r = await runMain(["analyze", FIVE, "--explain", "talk.mean", "--format", "html"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("<h1>talk.mean = 45.0 s</h1>");
    expect(r.out).toMatch(/Content-Security-Policy" content="default-src (&#39;|')none/);
    expect(r.out).not.toContain("<script");
    expect(r.out.indexOf("x-a")).toBeLessThan(r.out.indexOf("x-b"));
  });

  it.each([
    ["nope", 'unknown metric "nope"'],
    ["asr{operator:*}", "name one group to explain"],
    ["lines{operator:31001}", "lines is a figure of the whole input and has no groups"],
    ["asr{queue:1}", 'unknown dimension "queue"'],
  ])("--explain '%s' is refused in one sentence, exit 2", async (target, reason) => {
    const r = await runMain(["analyze", FIVE, "--explain", target]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(reason);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("--table does not apply", async () => {
    const r = await runMain(["analyze", FIVE, "--explain", "asr", "--format", "csv", "--table", "kpis"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--table does not apply with --explain");
  });

  it("lists the same calls with one thread and with three workers over small chunks", async () => {
    for (const target of ["asr", "talk.p90", "ner", "abandon_rate{hour:09}"]) {
      const args = [
        "analyze",
        "samples/mixed-day.ndjson",
        "--explain",
        target,
        "--format",
        "json",
        "--max-problems",
        "4",
      ];
      const one = await runBin([...args, "--threads", "1"]);
      const three = await runBin([...args, "--threads", "3"], { env: { TELTEL_EVENTS_CHUNK_BYTES: "4096" } });
      expect(one.code).toBe(0);
      expect(three.stdout).toBe(one.stdout);
      expect(JSON.parse(one.stdout).numerator.calls.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
