// The DuckDB peer: its answer from query rows, its check against the truth, and a real run on a generated dump.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckAnswer, duckPeer, duckSql } from "./duck.mjs";
import { CLEAN, generateDump } from "./generate.mjs";
import { duckCheck } from "./report.mjs";
import { RING_STATES } from "./truth.mjs";

describe("duckAnswer", () => {
  const zeros = Object.fromEntries(RING_STATES.map((s) => [s, 0]));

  it("shapes the query rows like the truth and sums the directions", () => {
    const answer = duckAnswer({
      counts: [{ events: 40n, sessions: 7n, complete: 5n, missing_start: 1n, missing_end: 2n }],
      calls: [
        { direction: "inbound", total: 3n, answered: 2n, mean_ms: 1500, median_ms: 1000 },
        { direction: "outbound", total: 2n, answered: 0n, mean_ms: 500.5, median_ms: 500.5 },
      ],
      hangups: [
        { hanged_by: "phone", n: 4n },
        { hanged_by: "sip", n: 1n },
      ],
      rings: [
        { direction: "inbound", state: "ANSWER", n: 2n },
        { direction: "inbound", state: "BUSY", n: 1n },
        { direction: "outbound", state: "ANSWER", n: 3n },
      ],
    });
    expect(answer).toEqual({
      input: { events: 40 },
      sessions: { total: 7, complete: 5, incomplete: 2, missingStart: 1, missingCompleted: 2 },
      calls: {
        total: 5,
        answered: 2,
        byDirection: { inbound: { total: 3, answered: 2 }, outbound: { total: 2, answered: 0 } },
      },
      hangupBy: { phone: 4, sip: 1 },
      ringResults: { ...zeros, ANSWER: 5, BUSY: 1 },
      ringResultsByDirection: {
        inbound: { ...zeros, ANSWER: 2, BUSY: 1 },
        outbound: { ...zeros, ANSWER: 3 },
      },
      durationSeconds: { inbound: { mean: 1.5, median: 1 }, outbound: { mean: 0.5005, median: 0.5005 } },
    });
  });

  it("gives 0 for a direction, party or ring state without rows", () => {
    const answer = duckAnswer({ counts: [], calls: [], hangups: [], rings: [] });
    expect(answer.calls.byDirection).toEqual({
      inbound: { total: 0, answered: 0 },
      outbound: { total: 0, answered: 0 },
    });
    expect(answer.hangupBy).toEqual({ phone: 0, sip: 0 });
    expect(answer.ringResultsByDirection.outbound).toEqual(zeros);
    expect(Object.keys(answer.ringResults)).toHaveLength(10);
  });

  it("quotes the file name as an SQL string", () => {
    expect(duckSql("/tmp/it's.ndjson").events).toContain("read_ndjson('/tmp/it''s.ndjson',");
  });
});

describe("duckCheck", () => {
  const truth = { input: { events: 10, late: 0 }, calls: { total: 3 }, meta: { events: 99 } };

  it("passes when every figure the answer shares with the truth is equal (meta and extras aside)", () => {
    const answer = { input: { events: 10 }, calls: { total: 3 }, durationSeconds: { inbound: { mean: 2 } } };
    expect(duckCheck(truth, JSON.stringify(answer))).toEqual({
      ok: true,
      text: "PASS DuckDB peer: all 2 figures it shares with the truth",
    });
  });

  it("fails on a differing figure, on no JSON, and when nothing corresponds", () => {
    const wrong = duckCheck(truth, JSON.stringify({ input: { events: 9 }, calls: { total: 3 } }));
    expect(wrong).toEqual({
      ok: false,
      text: "FAIL DuckDB peer: 1 of 2 shared figures differ from the truth\n  input.events: truth 10, DuckDB 9",
    });
    expect(duckCheck(truth, JSON.stringify({ input: { events: 0 }, calls: { total: 3 } })).ok).toBe(false);
    expect(duckCheck(truth, "Error: no such file").ok).toBe(false);
    expect(duckCheck(truth, JSON.stringify({ meta: { events: 99 } })).ok).toBe(false);
  });
});

describe("duckPeer on a generated dump", () => {
  let dir;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "teltel-duck-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("counts what the generator's truth counts", async () => {
    const file = join(dir, "dump.ndjson");
    // 20k events, seed 1: every ring state occurs at least twice (TORTURE is the rarest), so a state the
    // peer loses shows as a difference.
    const truth = await generateDump({ events: 20_000, seed: 1, out: file, ...CLEAN });
    expect(Math.min(...Object.values(truth.ringResults))).toBe(2);
    const answer = await duckPeer(file);
    const check = duckCheck(truth, JSON.stringify(answer));
    expect(check.text).toBe("PASS DuckDB peer: all 44 figures it shares with the truth");
    expect(answer.input.events).toBe(20_000);
    expect(answer.calls.total).toBe(truth.calls.total);
    expect(answer.durationSeconds.inbound.mean).toBeGreaterThan(0);
  }, 60_000);
});
