// A line a scanner accepted is kept from the scan's outputs (scan-codec.ts), with no event made: its row must
// hold the very bytes the row of the decoded event holds (event-codec.ts), and read back as that event. Checked
// with both scanners on every real line and on seeded mutations of them.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createLineScanner, type LineScanner } from "../../../src/ingest/scan/engine.js";
import { EventRows } from "../../../src/ingest/store/event-rows.js";
import {
  mutateLine,
  mutationSpecs,
  STRUCTURE_KINDS,
  TIME_KINDS,
  VALUE_KINDS,
} from "../../support/line-mutations.js";
import { type RealLine, realLines } from "../../support/real-lines.js";

const SEED = 22;
let lines: RealLine[] = [];

beforeAll(async () => {
  lines = await realLines();
}, 60_000);

const rows = new EventRows();

/** The bytes of the values of `row`. */
function valuesOf(row: number): number[] {
  const length = rows.length[row] as number;
  const into = new Uint8Array(Math.max(length, 0));
  rows.arena.load(rows.head[row] as number, length, into);
  return [...into];
}

/**
 * Keeps line `bytes` (when `scanner` accepts it) from its outputs and from its decoded event, and throws unless
 * the two rows are the same; returns whether it was accepted.
 */
function sameRows(scanner: LineScanner, bytes: Uint8Array, seq: number, what: string): boolean {
  scanner.batch(bytes);
  if (!scanner.accept(0, bytes.length)) return false;
  const { scanned } = scanner;
  scanned.file = "day.ndjson";
  scanned.line = seq + 1;
  scanned.seq = seq;
  const item = scanned.materialise();
  const direct = rows.addScanned(scanned);
  const decoded = rows.add(item);
  expect(valuesOf(direct), what).toEqual(valuesOf(decoded));
  expect(rows.idHash[direct], what).toBe(rows.idHash[decoded]);
  expect(rows.ts[direct], what).toBe(item.ts);
  const sessionId = item.event.session_id;
  expect(JSON.stringify(rows.read(direct, sessionId)), what).toBe(JSON.stringify(item));
  rows.release(direct);
  rows.release(decoded);
  return true;
}

describe.each(["wasm", "js"] as const)("lines the %s scanner accepted, kept from its outputs", (engine) => {
  const scanner = createLineScanner(engine) as LineScanner;

  it("are the rows their decoded events make, on every real line", () => {
    let accepted = 0;
    lines.forEach(({ source, bytes }, i) => {
      if (sameRows(scanner, bytes, i, `${source} #${i}`)) accepted += 1;
    });
    expect(accepted).toBeGreaterThan(4000);
    expect([rows.used, rows.arena.used]).toEqual([0, 0]);
  }, 60_000);

  it("are the rows their decoded events make, on seeded mutations (20,000 cases)", () => {
    const kinds = [...STRUCTURE_KINDS, ...VALUE_KINDS, ...TIME_KINDS];
    let accepted = 0;
    let shortTimes = 0;
    let withData = 0;
    fc.assert(
      fc.property(fc.nat(), mutationSpecs(kinds), (pick, specs) => {
        const real = lines[pick % lines.length] as RealLine;
        const bytes = mutateLine(real.bytes, specs);
        if (!sameRows(scanner, bytes, pick, `${real.source} ${Buffer.from(bytes).toString("latin1")}`))
          return;
        accepted += 1;
        const event = scanner.scanned.materialise().event;
        if (event.timestamp.length === 20) shortTimes += 1;
        if (event.data !== undefined) withData += 1;
      }),
      { seed: SEED, numRuns: 20_000 },
    );
    // The mutations reach the cases the layout treats apart: timestamps kept as text, data and its keys.
    expect(accepted).toBeGreaterThan(2000);
    expect(shortTimes).toBeGreaterThan(20);
    expect(withData).toBeGreaterThan(200);
    expect([rows.used, rows.arena.used]).toEqual([0, 0]);
  }, 60_000);
});
