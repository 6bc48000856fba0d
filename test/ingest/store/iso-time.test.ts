// The store gives a canonical timestamp back as isoTime(ts) (iso-time.ts): it must be toISOString's very text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventRows } from "../../../src/ingest/store/event-rows.js";
import { isoTime } from "../../../src/ingest/store/iso-time.js";
import type { TelTelEvent } from "../../../src/types.js";

describe("isoTime", () => {
  it("is toISOString for every whole millisecond of the years 0000-9999, in any order of days", () => {
    const instant = fc.integer({ min: -62_167_219_200_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            instant,
            fc.integer({ min: -62_167_219_200_000, max: -62_167_219_200_000 + 86_400_000 * 3 }),
          ),
          { minLength: 50, maxLength: 200 },
        ),
        (times) => {
          for (const ts of times) expect(isoTime(ts)).toBe(new Date(ts).toISOString());
        },
      ),
      { seed: 3, numRuns: 300 },
    );
    for (const ts of [
      0,
      -1,
      86_399_999,
      86_400_000,
      Date.UTC(2026, 2, 2, 9),
      Date.UTC(1000, 0, 1),
      -62_167_219_200_000,
    ])
      expect(isoTime(ts)).toBe(new Date(ts).toISOString());
  });

  it("is not used for an instant with a fraction of a millisecond: that event's text is kept", () => {
    const rows = new EventRows();
    const event = {
      event: "START",
      id: "e",
      timestamp: "1970-01-01T00:00:00.001Z",
      session_id: "s",
    } as TelTelEvent;
    const row = rows.add({ event, ts: 1.5, file: "f", line: 1, seq: 0 });
    expect(rows.read(row, "s").event.timestamp).toBe("1970-01-01T00:00:00.001Z");
  });
});
