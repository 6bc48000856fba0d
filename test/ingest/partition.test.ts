// Partition stage: session key and timestamp read from a line's bytes, or "unsure" (-1 / NaN).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../src/ingest/datetime.js";
import { normalizeEvent } from "../../src/ingest/normalize.js";
import {
  createLinePeeker,
  hashBytes,
  keyIndexOf,
  peekLines,
  sessionKeyOf,
} from "../../src/ingest/partition.js";

/** Peeks every line of `text` in order, as the scan does; returns [sessionKey, timestamp] per line. */
function peekAll(lines: string[]): [number, number][] {
  const buf = Buffer.from(lines.join("\n"));
  const peek = createLinePeeker(buf);
  const out: [number, number][] = [];
  let start = 0;
  for (const line of lines) {
    const end = start + Buffer.byteLength(line);
    out.push([peek.sessionKey(start, end), peek.timestamp(start, end)]);
    start = end + 1;
  }
  return out;
}

const T = Date.parse("2026-03-02T09:00:00Z");

describe("createLinePeeker", () => {
  it("reads the session key and timestamp of consecutive lines, the first at offset 0", () => {
    const lines = [
      '{"event":"START","timestamp":"2026-03-02T09:00:00Z","session_id":"A1"}',
      '{"session_id":"B2","timestamp":"2026-03-02T09:00:01.500Z"}',
      '{"timestamp" : 1772442000 , "session_id" : 42 }',
      '{"timestamp":1772442000123,"session_id":"A1"}',
    ];
    expect(peekAll(lines)).toEqual([
      [sessionKeyOf("A1"), T],
      [sessionKeyOf("B2"), T + 1500],
      // A number is normalised to its decimal string; epoch seconds become milliseconds.
      [sessionKeyOf("42"), T],
      [sessionKeyOf("A1"), T + 123],
    ]);
  });

  it("is unsure (-1) when the bytes cannot tell the session for certain", () => {
    const lines = [
      '{"timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":"s\\u0031","timestamp":"2026-03-02T09:00:00Z"}',
      '{"data":{"session_id":"x"},"session_id":"y","timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":"","timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":007,"timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":1.5,"timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":12345678901234567,"timestamp":"2026-03-02T09:00:00Z"}',
      '{"note":"session_id","timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":"ok","timestamp":"2026-03-02T09:00:00Z"}',
    ];
    expect(peekAll(lines).map(([key]) => key)).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, sessionKeyOf("ok")]);
  });

  it("is unsure (NaN) about a missing, repeated, escaped or unreadable timestamp", () => {
    const lines = [
      '{"session_id":"a"}',
      '{"session_id":"a","timestamp":"2026-03-02T09:00:00Z","x":{"timestamp":"2030-01-01T00:00:00Z"}}',
      '{"session_id":"a","timestamp":"2026-03-02T09:00:00\\u005A"}',
      '{"session_id":"a","timestamp":"yesterday"}',
      '{"session_id":"a","timestamp":"2026-03-02T11:00:00+02:00"}',
    ];
    const stamps = peekAll(lines).map(([, ts]) => ts);
    expect(stamps.slice(0, 4).every(Number.isNaN)).toBe(true);
    // Offsets go through Date.parse: the same instant as 09:00Z.
    expect(stamps[4]).toBe(T);
  });

  it("hashes a session id's UTF-8 bytes, so the parsed id and the raw bytes agree", () => {
    const id = "sesija-ā-😀";
    const line = `{"session_id":"${id}","timestamp":"2026-03-02T09:00:00Z"}`;
    expect(peekAll([line])[0]?.[0]).toBe(sessionKeyOf(id));
    const bytes = Buffer.from(id);
    expect(sessionKeyOf(id)).toBe(hashBytes(bytes, 0, bytes.length));
  });
});

/** Where each key's only occurrence ends in a line (-1: none, or two without overlap), by Buffer#indexOf. */
function keyEndsByIndexOf(line: Buffer): [number, number] {
  const only = (key: Buffer): number => {
    const first = line.indexOf(key);
    if (first === -1) return -1;
    return line.indexOf(key, first + key.length) === -1 ? first + key.length : -1;
  };
  return [only(Buffer.from('"session_id"')), only(Buffer.from('"timestamp"'))];
}

describe("keyIndexOf", () => {
  it("finds what buf.indexOf finds, from every offset, whichever byte of the key anchors it", () => {
    // Overlapping keys ("session_id"session_id"), near-keys, and the anchors' bytes on their own.
    const fragment = fc.constantFrom(
      '"session_id"',
      '"timestamp"',
      'session_id"',
      '"session_i"',
      '"timestam"',
      "_",
      "m",
      "mp",
      '"',
      "x",
    );
    const text = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(""));
    let found = 0;
    fc.assert(
      fc.property(text, fc.constantFrom('"session_id"', '"timestamp"'), fc.nat(11), (t, k, a) => {
        const buf = Buffer.from(t);
        const key = Buffer.from(k);
        const anchor = a % key.length;
        for (let from = 0; from <= buf.length + 1; from += 1) {
          const expected = buf.indexOf(key, from);
          if (expected !== -1) found += 1;
          expect(keyIndexOf(buf, key, anchor, from)).toBe(expected);
        }
      }),
      { seed: 20261207, numRuns: 1000 },
    );
    expect(found).toBeGreaterThan(1000);
  });

  it("finds a key at the very start and the very end of the buffer, and none cut off by its end", () => {
    const key = Buffer.from('"timestamp"');
    const buf = Buffer.from('"timestamp"_"timestamp"');
    expect(keyIndexOf(buf, key, 3, 0)).toBe(0);
    expect(keyIndexOf(buf, key, 3, 1)).toBe(12);
    expect(keyIndexOf(buf.subarray(0, buf.length - 1), key, 3, 1)).toBe(-1);
  });
});

describe("peekLines", () => {
  it("agrees with a plain indexOf search on lines built from key fragments", () => {
    // Fragments that make keys, near-keys, overlaps ("session_id"timestamp") and repeats likely.
    const fragment = fc.constantFrom(
      '"session_id"',
      '"timestamp"',
      '"session_id"timestamp"',
      "session_id",
      '"session_i"',
      '"timestam"',
      ":",
      '"A1"',
      '"2026-03-02T09:00:00Z"',
      "1772442000",
      " ",
      ",",
      '"',
      "{",
      "}",
      "\\",
    );
    const line = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const buf = Buffer.from(lines.join("\n"));
        const starts: number[] = [];
        const ends: number[] = [];
        let at = 0;
        for (const text of lines) {
          starts.push(at);
          at += Buffer.byteLength(text);
          ends.push(at);
          at += 1;
        }
        const peeked = peekLines(buf, starts, ends, 3);
        lines.forEach((text, i) => {
          const [sessionEnd, timestampEnd] = keyEndsByIndexOf(Buffer.from(text));
          // A line is certain only with exactly one of each key, both values readable.
          if (sessionEnd === -1 || timestampEnd === -1) expect(peeked.owners[i]).toBe(-1);
          // The same answer as peeking the line alone.
          const alone = peekAll([text])[0] as [number, number];
          const certain = alone[0] !== -1 && !Number.isNaN(alone[1]);
          expect(peeked.owners[i]).toBe(certain ? alone[0] % 3 : -1);
          if (certain) expect(peeked.ts[i]).toBe(alone[1]);
          // Alone, a key is read only when indexOf finds exactly one of it.
          if (alone[0] !== -1) expect(sessionEnd).not.toBe(-1);
          if (!Number.isNaN(alone[1])) expect(timestampEnd).not.toBe(-1);
        });
      }),
      { seed: 20261125, numRuns: 500 },
    );
  });

  it("is certain only of what JSON.parse reads: escaped and repeated keys (1 thread = N threads)", () => {
    // Any character of a key may be written as \uXXXX, and JSON.parse keeps the last of repeated keys: a
    // certain peek must name the session and instant the parser (and so the one-thread run) sees.
    const spell = (key: string) =>
      fc.oneof(
        { arbitrary: fc.constant(key), weight: 3 },
        fc
          .integer({ min: 0, max: key.length - 1 })
          .map(
            (at) =>
              `${key.slice(0, at)}\\u${key.charCodeAt(at).toString(16).padStart(4, "0")}${key.slice(at + 1)}`,
          ),
      );
    const member = fc.oneof(
      fc.tuple(spell("session_id"), fc.constantFrom('"A1"', '"B2"', "42", '"s\\u0033"')),
      fc.tuple(
        spell("timestamp"),
        fc.constantFrom('"2026-03-02T09:00:00Z"', '"2027-03-02T09:00:00Z"', "1772442000", '"x"'),
      ),
      fc.tuple(fc.constantFrom("event", "note"), fc.constantFrom('"START"', '"session_id"', '"a\\\\b"')),
    );
    const line = fc
      .array(member, { minLength: 1, maxLength: 6 })
      .map((members) => `{${members.map(([key, value]) => `"${key}":${value}`).join(",")}}`);
    let certainLines = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        peekAll(lines).forEach(([key, ts], i) => {
          if (key === -1 || Number.isNaN(ts)) return;
          certainLines += 1;
          const parsed = normalizeEvent(JSON.parse(lines[i] as string) as Record<string, unknown>);
          expect(key).toBe(sessionKeyOf(parsed.session_id as string));
          expect(ts).toBe(parseTimestamp(parsed.timestamp as string));
        });
      }),
      { seed: 20261201, numRuns: 2000 },
    );
    // The property must have had certain lines to check, not only unsure ones.
    expect(certainLines).toBeGreaterThan(100);
  });

  it("reads a certain line's owner and time, and leaves a too-long line (-1) to every partition", () => {
    const lines = ['{"session_id":"A1","timestamp":"2026-03-02T09:00:00Z"}', "x".repeat(10)];
    const buf = Buffer.from(lines.join("\n"));
    const peeked = peekLines(buf, [0, -1], [Buffer.byteLength(lines[0] as string), -1], 4);
    expect([...peeked.owners]).toEqual([sessionKeyOf("A1") % 4, -1]);
    expect(peeked.ts[0]).toBe(T);
    expect(Number.isNaN(peeked.ts[1])).toBe(true);
  });

  it("writes into the arrays it is given (a shared table longer than the batch), as it would return them", () => {
    const lines = [
      '{"session_id":"A1","timestamp":"2026-03-02T09:00:00Z"}',
      '{"session_id":"B2"}',
      '{"timestamp":"2026-03-02T09:00:01Z","session_id":"C3"}',
    ];
    const buf = Buffer.from(lines.join("\n"));
    const starts = [0, 55, 75];
    const ends = [54, 74, buf.length];
    const into = { owners: new Int32Array(5).fill(7), ts: new Float64Array(5).fill(7) };
    const peeked = peekLines(buf, starts, ends, 2, into);
    expect(peeked.owners).toBe(into.owners);
    expect(peeked.ts).toBe(into.ts);
    expect([...into.owners]).toEqual([sessionKeyOf("A1") % 2, -1, sessionKeyOf("C3") % 2, 7, 7]);
    expect([...into.ts]).toEqual([T, Number.NaN, T + 1000, 7, 7]);
  });
});
