// Issue 11 item 12: --max-session-events caps the events a session keeps; the rest are counted, not kept.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";

const common = { accountcode: "10452", direction: "inbound", type: "standard" };
const at = (second: number) => new Date(Date.parse("2026-03-02T09:00:00Z") + second * 1000).toISOString();

// 10 lines: an endless session (START and 7 RINGs, lines 1, 3-9) and one short call (lines 2 and 10).
const LINES = [
  { event: "START", id: "e-0", timestamp: at(0), session_id: "endless", ...common },
  { event: "START", id: "c-0", timestamp: at(1), session_id: "call", ...common },
  ...Array.from({ length: 7 }, (_, k) => ({
    event: "RING",
    id: `e-${k + 1}`,
    timestamp: at(2 + k),
    session_id: "endless",
    call_id: `r-${k}`,
    ...common,
  })),
  {
    event: "COMPLETED",
    id: "c-1",
    timestamp: at(20),
    session_id: "call",
    ...common,
    hanged_by: "phone",
    hanged_value: "+37120000001",
    is_answered: false,
  },
].map((event) => JSON.stringify(event));

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-oversized-"));
  file = join(dir, "endless.ndjson");
  await writeFile(file, `${LINES.join("\n")}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("--max-session-events", { timeout: 30_000 }, () => {
  it("finalises the endless session at the cap and counts its later events as late (1 and 2 threads)", async () => {
    const reports = [];
    for (const threads of ["1", "2"]) {
      const result = await runBin([
        "analyze",
        "--format",
        "json",
        "--max-session-events",
        "5",
        "--threads",
        threads,
        file,
      ]);
      expect(result.code).toBe(0);
      reports.push(JSON.parse(result.stdout));
    }
    const [report] = reports;
    expect(reports[1]).toEqual(report);
    // endless keeps START and 4 RINGs (lines 1, 3-6); lines 7-9 are past the cap: late.
    expect(report.input).toMatchObject({
      lines: 10,
      blank: 0,
      events: 7,
      invalid: 0,
      duplicates: 0,
      late: 3,
    });
    expect(report.settings.maxSessionEvents).toBe(5);
    const { blank, events, invalid, duplicates, late, lines } = report.input;
    expect(blank + events + invalid + duplicates + late).toBe(lines);
    expect(report.calls.total).toBe(1);
    expect(report.sessions).toMatchObject({ total: 2, complete: 1, incomplete: 1, missingCompleted: 1 });
    expect(report.problemCounts).toEqual({ "oversized-session": 1, "incomplete-session": 1 });
    const problem = report.problems.find((p: { code: string }) => p.code === "oversized-session");
    expect(problem).toMatchObject({ line: 7, sessionId: "endless" });
    expect(problem.message).toContain("first 5, and 3 later events were not counted (input.late)");
  });

  it("is 10,000 by default (nothing capped here), and validate fails on an oversized session", async () => {
    const plain = await runBin(["analyze", "--format", "json", file]);
    expect(JSON.parse(plain.stdout).input).toMatchObject({ events: 10, late: 0 });
    const capped = await runBin(["validate", "--format", "json", "--max-session-events", "5", file]);
    expect(capped.code).toBe(1);
    expect(JSON.parse(capped.stdout).summary.findingsByCode["oversized-session"]).toBe(1);
  });

  it("applies to export and timeline too, and rejects 0 with one sentence", async () => {
    const exported = await runBin(["export", "--format", "json", "--max-session-events", "5", file]);
    expect(exported.code).toBe(0);
    const timeline = await runBin(["timeline", "--max-session-events", "5", "endless", file]);
    expect(timeline.stdout).toContain("endless");
    const bad = await runBin(["analyze", "--max-session-events", "0", file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("--max-session-events");
  });
});
