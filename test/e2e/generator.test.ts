// The bench generator against the real CLI: every figure of its truth must equal the analyze JSON report.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../../src/commands/analyze.js";
import {
  BAD_KINDS_NO_SKEW,
  CLEAN,
  CLOCK_SKEW_KINDS,
  DIRTY,
  generateDump,
  RING_STATES,
  type Truth,
} from "../bench/generate.mjs";

const BIN = fileURLToPath(new URL("../../bin/teltel-events.js", import.meta.url));
const run = promisify(execFile);

/** The JSON report of `analyze --format json FILE` from the built CLI, without colour. */
async function analyze(file: string): Promise<AnalyzeReport> {
  const { stdout } = await run(process.execPath, [BIN, "analyze", "--format", "json", file], {
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-generator-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The dirty cases leave out the bad lines whose clock is ahead: they have their own test below.
const CASES = [
  { name: "clean, seed 1", seed: 1, rates: CLEAN },
  { name: "clean, seed 7", seed: 7, rates: CLEAN },
  { name: "dirty, seed 1", seed: 1, rates: DIRTY },
  // Ten times the dirt, so a small dump has some of every kind.
  {
    name: "very dirty, seed 7",
    seed: 7,
    rates: { lateRate: 0.1, duplicateRate: 0.1, badRate: 0.02, blankRate: 0.01, variantRate: 0.2 },
  },
];

describe.each(CASES)("a generated dump ($name) analyzed by the CLI", ({ seed, rates }) => {
  let truth: Truth;
  let report: AnalyzeReport;
  let file: string;
  beforeAll(async () => {
    file = join(dir, `dump-${seed}-${rates.lateRate}.ndjson`);
    truth = await generateDump({ events: 3000, seed, out: file, badKinds: BAD_KINDS_NO_SKEW, ...rates });
    report = await analyze(file);
  }, 20_000);

  it("has the requested number of lines, about 300-400 bytes each", async () => {
    const text = await readFile(file, "utf8");
    expect(text.split("\n").length - 1).toBe(3000);
    expect(truth.input.lines).toBe(3000);
    expect(truth.meta.bytes / 3000).toBeGreaterThan(300);
    expect(truth.meta.bytes / 3000).toBeLessThan(400);
  });

  it("reports every input figure of the truth", () => {
    const { files: _files, fileNames: _names, ...input } = report.input;
    expect(input).toEqual(truth.input);
  });

  it("accounts for every line: lines = blank + events + invalid + duplicates + late", () => {
    const i = report.input;
    expect(i.blank + i.events + i.invalid + i.duplicates + i.late).toBe(i.lines);
    expect(i.late).toBe(0);
  });

  it("reports the sessions, calls and hang-ups of the truth", () => {
    expect(report.sessions).toEqual(truth.sessions);
    expect(report.calls.total).toBe(truth.calls.total);
    expect(report.calls.answered).toBe(truth.calls.answered);
    for (const direction of ["inbound", "outbound"] as const) {
      const { total, answered } = report.calls.byDirection[direction];
      expect({ direction, total, answered }).toEqual({ direction, ...truth.calls.byDirection[direction] });
    }
    expect(report.hangupBy).toEqual(truth.hangupBy);
  });

  it("reports every RINGRESULT state of the truth, overall and by direction", () => {
    expect(Object.keys(report.ringResults)).toEqual([...RING_STATES]);
    expect(report.ringResults).toEqual(truth.ringResults);
    expect(report.ringResultsByDirection).toEqual(truth.ringResultsByDirection);
  });

  it("makes a dump with real work in it: overlapping calls, answers, incomplete sessions at the edges", () => {
    expect(truth.sessions.complete).toBeGreaterThan(50);
    expect(truth.meta.maxOpen).toBeGreaterThan(50);
    expect(truth.calls.answered).toBeGreaterThan(0);
    expect(truth.calls.answered).toBeLessThan(truth.calls.total);
    expect(truth.sessions.missingStart).toBeGreaterThan(0);
    expect(truth.sessions.missingCompleted).toBeGreaterThan(0);
    if (rates.badRate > 0) expect(truth.input.invalid + truth.input.duplicates).toBeGreaterThan(0);
  });
});

describe("a rejected line whose clock is ahead", () => {
  // Lines the tool rejects (bad direction; a timestamp without zone) but whose time is readable and 20-90
  // minutes ahead. Rejected lines are only counted as invalid: they must not move event time, so nothing
  // else may change (no late events, no sessions finalised early and split, no retries counted as events).
  it("changes no figure but input.invalid", async () => {
    const file = join(dir, "skew.ndjson");
    const badKinds = Object.fromEntries(CLOCK_SKEW_KINDS.map((kind) => [kind, 1]));
    const truth = await generateDump({ events: 3000, seed: 3, out: file, ...DIRTY, badRate: 0.01, badKinds });
    expect(truth.input.invalid).toBeGreaterThan(10);
    const report = await analyze(file);
    const { files: _files, fileNames: _names, ...input } = report.input;
    expect(input).toEqual(truth.input);
    expect(report.sessions).toEqual(truth.sessions);
    expect(report.ringResults).toEqual(truth.ringResults);
  });
});

describe("generateDump", () => {
  it("is deterministic: the same seed makes the same bytes and truth", async () => {
    const a = join(dir, "same-a.ndjson");
    const b = join(dir, "same-b.ndjson");
    const ta = await generateDump({ events: 500, seed: 42, out: a, ...DIRTY });
    const tb = await generateDump({ events: 500, seed: 42, out: b, ...DIRTY });
    expect(await readFile(a, "utf8")).toBe(await readFile(b, "utf8"));
    expect(ta).toEqual(tb);
    const c = join(dir, "other.ndjson");
    await generateDump({ events: 500, seed: 43, out: c, ...DIRTY });
    expect(await readFile(c, "utf8")).not.toBe(await readFile(a, "utf8"));
  });

  it("covers every call type, subtype, leg and party kind of the reference", async () => {
    const file = join(dir, "coverage.ndjson");
    await generateDump({ events: 3000, seed: 5, out: file });
    const events = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const seen = (key: string) => new Set(events.map((e) => e[key]).filter((v) => v !== undefined));
    expect(seen("event")).toEqual(
      new Set(["START", "RING", "RINGRESULT", "READY", "JOIN", "LEAVE", "COMPLETED"]),
    );
    expect(seen("type")).toEqual(new Set(["standard", "autodialer", "callback", "transfer"]));
    expect(seen("subtype")).toEqual(new Set(["predictive", "contact-callflow", "operator-contact"]));
    expect(seen("leg")).toEqual(new Set(["contact", "operator"]));
    expect(seen("phase")).toEqual(new Set(["localtosip", "localtodid", "siptodid", "didtodid", "didtosip"]));
    expect(seen("subject_type")).toEqual(new Set(["phone", "sip"]));
    expect(seen("hanged_by")).toEqual(new Set(["phone", "sip"]));
    const completed = events.filter((e) => e.event === "COMPLETED");
    expect(completed.every((e) => (e.hanged_by === "sip") === (e.hanged_user !== undefined))).toBe(true);
    expect(completed.some((e) => e.audio_url !== undefined)).toBe(true);
    expect(completed.every((e) => e.audio_url === undefined || e.is_answered === true)).toBe(true);
    const dialer = events.filter((e) => e.type === "autodialer");
    expect(dialer.every((e) => e.data?.campaign_id !== undefined && e.data?.contact_id !== undefined)).toBe(
      true,
    );
    const callback = events.filter((e) => e.type === "callback");
    expect(callback.every((e) => Object.keys(e.data?.callback ?? {}).length === 4)).toBe(true);
    // Parallel ringing: sessions with three or more RINGs, each with its own call_id.
    const rings = new Map<string, Set<string>>();
    for (const e of events.filter((x) => x.event === "RING")) {
      rings.set(e.session_id, (rings.get(e.session_id) ?? new Set()).add(e.call_id));
    }
    expect([...rings.values()].some((ids) => ids.size >= 3)).toBe(true);
  });
});
