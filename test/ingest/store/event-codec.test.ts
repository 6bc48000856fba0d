// An event of an open session is a row of the store, its values packed into the block arena (event-codec.ts,
// event-rows.ts); read back, it must be the very event the fast path built: the same values, the same attribute
// order and object shape, the same line record. Checked on every real line the fast path answers and on seeded
// mutations of them (which vary every attribute and data).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FastEvent } from "../../../src/ingest/fast-event.js";
import { EventRows } from "../../../src/ingest/store/event-rows.js";
import type { SourcedEvent, TelTelEvent } from "../../../src/types.js";
import {
  mutateLine,
  mutationSpecs,
  STRUCTURE_KINDS,
  TIME_KINDS,
  VALUE_KINDS,
} from "../../support/line-mutations.js";
import { type RealLine, realLines } from "../../support/real-lines.js";
import { scanEventLine } from "../scan/scan-line.js";

const SEED = 14;
const FILES = ["day.ndjson", "samples/mixed-day.ndjson", "<stdin>", "dump \u00e9t\u00e9 \u{1f4de}.ndjson.gz"];

let lines: RealLine[] = [];

beforeAll(async () => {
  lines = await realLines();
}, 60_000);

/** Throws unless `back` is `item` again: every field, the event's own keys in order, its class, its data. */
function expectSame(back: SourcedEvent, item: SourcedEvent, what: string): void {
  expect(back.event, what).toBeInstanceOf(FastEvent);
  expect(Object.keys(back), what).toEqual(Object.keys(item));
  expect(Object.keys(back.event), what).toEqual(Object.keys(item.event));
  for (const key of Object.keys(item.event) as (keyof TelTelEvent)[])
    expect(Object.is(back.event[key], item.event[key]) || key === "data", `${what}: ${key}`).toBe(true);
  expect(back.event.data, what).toEqual(item.event.data);
  // data's keys (and callback's) in the line's order, as the fast path made them.
  expect(JSON.stringify(back.event), what).toBe(JSON.stringify(item.event));
  expect([back.ts, back.file, back.line, back.seq], what).toEqual([item.ts, item.file, item.line, item.seq]);
}

const rows = new EventRows();

/** Stores `item` as a row and reads it back (then frees the row); returns the byte length of its values. */
function roundTrip(item: SourcedEvent, what: string): number {
  const row = rows.add(item);
  const length = rows.length[row] as number;
  if (length < 0) throw new Error(`${what}: a fast-path event was not packed`);
  expect(Object.is(rows.ts[row], item.ts), `${what}: ts column`).toBe(true);
  expectSame(rows.read(row, item.event.session_id), item, what);
  rows.release(row);
  return length;
}

describe("stored events of the fast path", () => {
  it("come back identical for every real line the fast path answers", () => {
    let packed = 0;
    lines.forEach(({ source, bytes }, i) => {
      const at = { ts: Number.NaN };
      const event = scanEventLine(bytes, 0, bytes.length, at);
      if (event === undefined) return;
      const item = { event, ts: at.ts, file: FILES[i % FILES.length] as string, line: i + 1, seq: i * 7919 };
      roundTrip(item, `${source} #${i}`);
      packed += 1;
    });
    // The samples, fixtures and two generated dumps hold thousands of canonical lines.
    expect(packed).toBeGreaterThan(4000);
  });

  it("come back identical for seeded mutations of them, with any line record (20,000 cases)", () => {
    const kinds = [...STRUCTURE_KINDS, ...VALUE_KINDS, ...TIME_KINDS];
    let answered = 0;
    const names = new Set<string>();
    fc.assert(
      fc.property(
        fc.nat(),
        mutationSpecs(kinds),
        fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: FILES.length - 1 }),
        (pick, specs, ts, seq, line, file) => {
          const real = lines[pick % lines.length] as RealLine;
          const bytes = mutateLine(real.bytes, specs);
          const event = scanEventLine(bytes, 0, bytes.length);
          if (event === undefined) return;
          answered += 1;
          for (const key of Object.keys(event))
            if (event[key as keyof TelTelEvent] !== undefined) names.add(key);
          roundTrip({ event, ts, file: FILES[file] as string, line, seq }, `${real.source} ${bytes}`);
        },
      ),
      { seed: SEED, numRuns: 20_000 },
    );
    expect(answered).toBeGreaterThan(2000);
    // Every attribute of the schema was present in some packed event.
    expect([...names].sort()).toEqual(Object.keys(new FastEvent()).sort());
    // Every row was freed, and its blocks with it.
    expect([rows.used, rows.arena.used]).toEqual([0, 0]);
  }, 60_000);

  it("number files per store, so each sessionizer's events come back with their own file", () => {
    const bytes = Buffer.from(
      '{"event":"START","id":"e1","timestamp":"2026-03-02T00:00:00.000Z","accountcode":"1","direction":"inbound","type":"standard","session_id":"s1"}',
    );
    const event = scanEventLine(bytes, 0, bytes.length) as TelTelEvent;
    const one = new EventRows();
    const other = new EventRows();
    const a = one.add({ event, ts: 1, file: "a.ndjson", line: 1, seq: 0 });
    const b = one.add({ event, ts: 2, file: "b.ndjson", line: 1, seq: 1 });
    const c = other.add({ event, ts: 3, file: "c.ndjson", line: 9, seq: 0 });
    expect(one.read(b, "s1").file).toBe("b.ndjson");
    expect(one.read(a, "s1").file).toBe("a.ndjson");
    expect(other.read(c, "s1")).toMatchObject({ file: "c.ndjson", line: 9, seq: 0, ts: 3 });
    expect([one.file[a], one.file[b], other.file[c]]).toEqual([0, 1, 0]);
  });

  it("widen the file column past 256 and 65,536 files and the length column past 32,767 bytes, losing nothing", () => {
    const bytes = Buffer.from(
      '{"event":"START","id":"e1","timestamp":"2026-03-02T00:00:00.000Z","accountcode":"1","direction":"inbound","type":"standard","session_id":"s1"}',
    );
    const event = scanEventLine(bytes, 0, bytes.length) as TelTelEvent;
    const store = new EventRows();
    // One row per file: the row of file k is row k, until a row is freed.
    const n = 65_540;
    for (let k = 0; k < n; k += 1) store.add({ event, ts: k, file: `f${k}`, line: 1, seq: k });
    expect(store.file).toBeInstanceOf(Int32Array);
    for (const k of [0, 255, 256, 257, 65_535, 65_536, 65_539])
      expect(store.read(k, "s1"), `row ${k}`).toMatchObject({ file: `f${k}`, seq: k, ts: k });
    // Values of 40,000 bytes (a long accountcode): the row's length no longer fits 16 bits.
    const long: TelTelEvent = {
      event: "START",
      id: "e2",
      timestamp: "2026-03-02T00:00:00Z",
      accountcode: "7".repeat(40_000),
      session_id: "s1",
      direction: "inbound",
      type: "standard",
    };
    const row = store.add({ event: long, ts: 1, file: "f0", line: 2, seq: n });
    expect(store.length).toBeInstanceOf(Int32Array);
    expect(store.length[row]).toBeGreaterThan(40_000);
    expect(store.read(row, "s1").event.accountcode).toBe(long.accountcode);
    expect(store.read(65_539, "s1")).toMatchObject({ file: "f65539", seq: 65_539 });
  });

  it("pack events of the reference path (plain objects) too, by their keys and values", () => {
    // Before: kept as they were, so one unknown attribute per line doubled a START-only dump's memory.
    const event: TelTelEvent = {
      event: "START",
      id: "e1",
      timestamp: "2026-03-02T00:00:00Z",
      accountcode: "1",
      session_id: "s1",
      direction: "inbound",
      type: "standard",
    };
    const store = new EventRows();
    const row = store.add({ event, ts: 0, file: "f", line: 1, seq: 0 });
    expect(store.length[row]).toBeGreaterThan(0);
    const back = store.read(row, "s1");
    expect(Object.getPrototypeOf(back.event)).toBe(Object.prototype);
    expect(JSON.stringify(back)).toBe(JSON.stringify({ event, ts: 0, file: "f", line: 1, seq: 0 }));
  });

  it("take 39 bytes (a chunk of 40) for a bench START's values (against ~500 as objects), its timestamp as one byte", () => {
    const bytes = Buffer.from(
      '{"event":"START","id":"ev-00000000-01","timestamp":"2026-03-02T00:00:00.000Z","accountcode":"10452","direction":"inbound","type":"standard","session_id":"s-00000000","call_id":"c-00000000"}',
    );
    const at = { ts: Number.NaN };
    const event = scanEventLine(bytes, 0, bytes.length, at) as TelTelEvent;
    const packed = roundTrip({ event, ts: at.ts, file: "day.ndjson", line: 1, seq: 0 }, "bench START");
    // mask 3; event 1, id 1+14, timestamp 1 (it is ts's ISO form), accountcode 1+5, direction 1, type 1,
    // session_id 0 (the key it is kept under), call_id 1+10; ts, seq, line and file are columns.
    expect(packed).toBe(3 + 1 + 15 + 1 + 6 + 1 + 1 + 11);
    const row = rows.add({ event, ts: at.ts, file: "day.ndjson", line: 1, seq: 0 });
    expect(rows.arena.used).toBe(40);
    rows.release(row);
    // Another instant than its text's, or another form of it: the text is kept as it is.
    const other = roundTrip(
      { event, ts: at.ts + 1, file: "day.ndjson", line: 7, seq: 0 },
      "ts not the text's",
    );
    expect(other).toBe(packed + 24);
    const short = Buffer.from(bytes.toString().replace(".000Z", "Z"));
    const shortEvent = scanEventLine(short, 0, short.length) as TelTelEvent;
    expect(shortEvent.timestamp).toBe("2026-03-02T00:00:00Z");
    roundTrip({ event: shortEvent, ts: at.ts, file: "day.ndjson", line: 1, seq: 0 }, "short form");
  });
});
