// Date-times: the fast timestamp parser gives exactly what Date.parse gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../src/ingest/datetime.js";
import { createLinePeeker } from "../../src/ingest/partition.js";

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Date.parse, NaN and all, compared with Object.is (so NaN equals NaN). */
function expectSameAsDateParse(text: string): void {
  expect(Object.is(parseTimestamp(text), Date.parse(text)), text).toBe(true);
}

describe("parseTimestamp", () => {
  it("agrees with Date.parse on edge cases of the fast path's shape", () => {
    for (const text of [
      "2026-03-02T09:15:00Z",
      "2026-03-02T09:15:00.123Z",
      "2024-02-29T23:59:59.999Z",
      "2026-02-29T00:00:00Z",
      "2026-02-30T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-12-31T23:59:59Z",
      "2026-03-02T24:00:00Z",
      "2026-03-02T09:60:00Z",
      "2026-03-02T09:15:60Z",
      "2026-13-02T09:15:00Z",
      "0050-01-01T00:00:00Z",
      "0999-06-15T12:00:00.500Z",
      "1000-01-01T00:00:00Z",
      "2026-03-02t09:15:00z",
      "2026-03-02T09:15:00+02:00",
      "2026-03-02T09:15:00.1Z",
      "2026-03-02T09:15:00.1234Z",
      "2026-03-02 09:15:00Z",
      "2026x03-02T09:15:00Z",
      "2026-03-02T09:15:00.12xZ",
    ])
      expectSameAsDateParse(text);
  });

  it("agrees with Date.parse on any date-time of that shape, in range or not", () => {
    const field = (max: number) => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(
        fc.tuple(field(9999), field(13), field(32), field(25), field(61), field(61)),
        fc.option(field(999)),
        ([year, month, day, hour, minute, second], ms) => {
          const fraction = ms === null ? "" : `.${pad(ms, 3)}`;
          expectSameAsDateParse(
            `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`,
          );
        },
      ),
      { seed: 20_261_125, numRuns: 2_000 },
    );
  });
});

describe("the peeked timestamp", () => {
  it("reads years before 100 as Date.parse does (Date.UTC would make 0050 into 1950)", () => {
    const line = '{"session_id":"a","timestamp":"0050-01-01T00:00:00Z"}';
    const peek = createLinePeeker(Buffer.from(line));
    expect(peek.timestamp(0, line.length)).toBe(Date.parse("0050-01-01T00:00:00Z"));
  });
});
