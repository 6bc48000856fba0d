// A line a scanner accepted is pushed from the scan's outputs (pushScanned: no event made but in rare cases);
// every decision must be the one push makes for the decoded event: outcomes, finalised sessions, problems, held
// lines. Run over real dumps in their order, with windows small enough to make late, idle, oversized and
// jumping-clock cases, and with duplicates and conflicting copies of earlier lines mixed in.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createLineScanner, type LineScanner } from "../../src/ingest/scan/engine.js";
import {
  createSessionizer,
  DEFAULT_SESSIONIZE_OPTIONS,
  type SessionizeOptions,
  type SessionizerOutput,
} from "../../src/ingest/sessionize.js";
import { mutateLine, VALUE_KINDS } from "../support/line-mutations.js";
import { realLines } from "../support/real-lines.js";

let sources: Buffer[][] = [];

beforeAll(async () => {
  const bySource = new Map<string, Buffer[]>();
  for (const { source, bytes } of await realLines()) {
    const list = bySource.get(source) ?? [];
    list.push(bytes);
    bySource.set(source, list);
  }
  sources = [...bySource.values()].filter((list) => list.length >= 20);
}, 60_000);

/** What a sessionizer decided over a stream: per line its outcome, then all it handed on, as text. */
function run(
  lines: readonly Buffer[],
  options: SessionizeOptions,
  scanned: boolean,
  scanner: LineScanner,
): string {
  const out: SessionizerOutput = { finalised: [], problems: [], decided: [] };
  const sessionizer = createSessionizer(options, out);
  const outcomes: string[] = [];
  lines.forEach((bytes, seq) => {
    scanner.batch(bytes);
    if (!scanner.accept(0, bytes.length)) return;
    const line = scanner.scanned;
    line.file = "day.ndjson";
    line.line = seq + 1;
    line.seq = seq;
    outcomes.push(
      scanned ? sessionizer.pushScanned(line, line.ts) : sessionizer.push(line.materialise(), line.ts),
    );
  });
  sessionizer.finish();
  const decided = out.decided.map(({ item, outcome }) => [item.seq, outcome]);
  return JSON.stringify({ outcomes, finalised: out.finalised, problems: out.problems, decided });
}

/** `lines` with copies of earlier lines put back later: exact ones (retries), and changed ones (conflicts). */
function withCopies(
  lines: readonly Buffer[],
  picks: readonly { at: number; from: number; seed: number }[],
): Buffer[] {
  const stream = [...lines];
  for (const { at, from, seed } of picks) {
    const where = at % (stream.length + 1);
    const original = stream[from % stream.length] as Buffer;
    const copy =
      seed % 2 === 0
        ? original
        : mutateLine(original, [
            { kind: VALUE_KINDS[seed % VALUE_KINDS.length] as (typeof VALUE_KINDS)[number], seed },
          ]);
    stream.splice(where, 0, copy);
  }
  return stream;
}

describe.each(["wasm", "js"] as const)("pushScanned with the %s scanner", (engine) => {
  const scanner = createLineScanner(engine) as LineScanner;

  it("decides every real dump as push decides the decoded events", () => {
    let compared = 0;
    for (const lines of sources) {
      for (const options of [
        DEFAULT_SESSIONIZE_OPTIONS,
        {
          ...DEFAULT_SESSIONIZE_OPTIONS,
          latenessMs: 1000,
          maxIdleMs: 60_000,
          tombstoneMs: 5000,
          maxSessionEvents: 6,
        },
      ]) {
        const direct = run(lines, options, true, scanner);
        expect(direct).toBe(run(lines, options, false, scanner));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  }, 60_000);

  it("finalises a session of scanned lines at --max-session-events and counts the rest as oversized", () => {
    // Bounded: seven lines, so a sessionizer that lets scanned lines past the cap fails here at once.
    const common = '"accountcode":"1","direction":"inbound","type":"standard"';
    const line = (kind: string, session: string, id: string, second: number): Buffer =>
      Buffer.from(
        `{"event":"${kind}","id":"${id}","timestamp":"2026-03-02T09:00:0${second}.000Z",${common},"session_id":"${session}"${kind === "RING" ? `,"call_id":"r-${id}"` : ""}}`,
      );
    const lines = [
      line("START", "big", "b1", 0),
      line("START", "other", "o1", 1),
      ...[2, 3, 4, 5, 6].map((k) => line("RING", "big", `b${k}`, k)),
    ];
    const out: SessionizerOutput = { finalised: [], problems: [], decided: [] };
    const sessionizer = createSessionizer({ ...DEFAULT_SESSIONIZE_OPTIONS, maxSessionEvents: 3 }, out);
    const outcomes: string[] = [];
    lines.forEach((bytes, seq) => {
      scanner.batch(bytes);
      expect(scanner.accept(0, bytes.length), `line ${seq + 1}`).toBe(true);
      const scanned = scanner.scanned;
      Object.assign(scanned, { file: "day.ndjson", line: seq + 1, seq });
      outcomes[seq] = sessionizer.pushScanned(scanned, scanned.ts);
    });
    sessionizer.finish();
    // Lines the watermark held first are decided later, in out.decided.
    for (const { item, outcome } of out.decided) outcomes[item.seq] = outcome;
    // b1, o1, b2, b3; b4 would be the fourth event of big: big is finalised with b1-b3, b4-b6 are only counted.
    expect(outcomes).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "accepted",
      "oversized",
      "oversized",
      "oversized",
    ]);
    const events = (id: string): string[] =>
      (out.finalised.find((s) => s.sessionId === id)?.events ?? []).map((e) => e.event.id);
    expect([events("big"), events("other")]).toEqual([["b1", "b2", "b3"], ["o1"]]);
    const problem = out.problems.find((p) => p.code === "oversized-session");
    expect(problem).toMatchObject({ sessionId: "big", line: 5 });
    expect(problem?.message).toContain("and 3 later events were not counted");
  });

  it("decides retries, conflicting copies and small windows as push does (seeded)", () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.record({ at: fc.nat(), from: fc.nat(), seed: fc.nat() }), { maxLength: 30 }),
        fc.record({
          latenessMs: fc.constantFrom(0, 500, 5000, 300_000),
          maxIdleMs: fc.constantFrom(1000, 60_000, 3_600_000),
          tombstoneMs: fc.constantFrom(0, 10_000, 3_600_000),
          maxSessionEvents: fc.constantFrom(2, 5, 10_000),
        }),
        (pick, copies, windows) => {
          const lines = withCopies(sources[pick % sources.length] as Buffer[], copies);
          const options = { ...DEFAULT_SESSIONIZE_OPTIONS, ...windows };
          const direct = run(lines, options, true, scanner);
          expect(direct).toBe(run(lines, options, false, scanner));
          for (const outcome of JSON.parse(direct).outcomes as string[]) outcomes.add(outcome);
        },
      ),
      // No shrinking: each run replays whole dumps twice, and shrinking a failure took longer than any timeout.
      { seed: 18, numRuns: 200, endOnFailure: true },
    );
    // The streams reached every decision the store makes.
    expect([...outcomes].sort()).toEqual(["accepted", "conflict", "duplicate", "held", "late", "oversized"]);
  }, 60_000);
});
