// Normalisation stage: wire variants become the canonical form; everything else is left for the schema.
import { describe, expect, it } from "vitest";
import { EPOCH_SECONDS_LIMIT, epochToIso, normalizeEvent } from "../../src/ingest/normalize.js";

describe("normalizeEvent: timestamp", () => {
  it.each([
    // 1772442900 s = 20514 days (to 2026-03-02) * 86400 + 9 h 15 min
    [1772442900, "2026-03-02T09:15:00.000Z"],
    [1700000000, "2023-11-14T22:13:20.000Z"],
    [0, "1970-01-01T00:00:00.000Z"],
    [-1, "1969-12-31T23:59:59.000Z"],
    [1772442900.5, "2026-03-02T09:15:00.500Z"],
    // just under the seconds limit: still seconds, 1e11 s is 5138-11-16T09:46:40Z
    [99_999_999_999, "5138-11-16T09:46:39.000Z"],
  ])("reads epoch seconds %s as %s", (epoch, iso) => {
    expect(normalizeEvent({ timestamp: epoch })).toEqual({ timestamp: iso });
  });

  it.each([
    [1772442900123, "2026-03-02T09:15:00.123Z"],
    [1772442900000, "2026-03-02T09:15:00.000Z"],
    // exactly the limit is milliseconds: 1e11 ms = 1157 days 9:46:40 after the epoch
    [1e11, "1973-03-03T09:46:40.000Z"],
    // fractional milliseconds are rounded
    [1772442900123.6, "2026-03-02T09:15:00.124Z"],
  ])("reads epoch milliseconds %s as %s", (epoch, iso) => {
    expect(normalizeEvent({ timestamp: epoch })).toEqual({ timestamp: iso });
  });

  it("uses 1e11 as the seconds/milliseconds limit", () => {
    expect(EPOCH_SECONDS_LIMIT).toBe(1e11);
  });

  it("leaves a number outside the Date range alone", () => {
    expect(normalizeEvent({ timestamp: 1e20 })).toEqual({ timestamp: 1e20 });
    expect(epochToIso(1e20)).toBeUndefined();
    expect(epochToIso(Number.NaN)).toBeUndefined();
    expect(epochToIso(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it("leaves a number outside the years 0001-9999 alone (the schema refuses it)", () => {
    // -62135596801 s is 0000-12-31T23:59:59Z, 253402300800000 ms is 10000-01-01T00:00:00Z: toISOString would
    // write "0000-..." and "+010000-...".
    expect(normalizeEvent({ timestamp: -62_135_596_801 })).toEqual({ timestamp: -62_135_596_801 });
    expect(epochToIso(253_402_300_800_000)).toBeUndefined();
    expect(epochToIso(-62_135_596_800)).toBe("0001-01-01T00:00:00.000Z");
    expect(epochToIso(253_402_300_799_999)).toBe("9999-12-31T23:59:59.999Z");
  });

  it("leaves strings alone, ISO or not", () => {
    expect(normalizeEvent({ timestamp: "1772442900" })).toEqual({ timestamp: "1772442900" });
    expect(normalizeEvent({ timestamp: "2026-03-02T09:15:00Z" })).toEqual({
      timestamp: "2026-03-02T09:15:00Z",
    });
  });

  it("adds no timestamp when there is none", () => {
    expect(normalizeEvent({ event: "START" })).toEqual({ event: "START" });
  });
});

describe("normalizeEvent: is_answered", () => {
  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ["true", true],
    ["false", false],
  ])("turns %j into %j", (wire, canonical) => {
    expect(normalizeEvent({ is_answered: wire })).toEqual({ is_answered: canonical });
  });

  it.each([["yes"], ["TRUE"], ["1"], [2], [null]])("leaves %j for the schema to reject", (wire) => {
    expect(normalizeEvent({ is_answered: wire })).toEqual({ is_answered: wire });
  });

  it("does not add is_answered when it is absent", () => {
    expect("is_answered" in normalizeEvent({ event: "RING" })).toBe(false);
  });
});

describe("normalizeEvent: data", () => {
  it("decodes data sent as a JSON-encoded string", () => {
    expect(normalizeEvent({ data: '{"trace_id":"t-1","extra":{"k":[1]}}' })).toEqual({
      data: { trace_id: "t-1", extra: { k: [1] } },
    });
  });

  it("decodes a data string and then turns its numeric ids into strings", () => {
    expect(normalizeEvent({ data: '{"campaign_id":7,"contact_id":8,"trace_id":9}' })).toEqual({
      data: { campaign_id: "7", contact_id: "8", trace_id: "9" },
    });
  });

  it.each([['{"campaign_id":'], ["not json"], ["[1,2]"], ['"text"'], ["null"], ["42"]])(
    "leaves the string %j alone",
    (text) => {
      expect(normalizeEvent({ data: text })).toEqual({ data: text });
    },
  );

  it("leaves an object alone apart from its ids", () => {
    expect(normalizeEvent({ data: { callback: { leg_1_phone_number: "371" }, other: 5 } })).toEqual({
      data: { callback: { leg_1_phone_number: "371" }, other: 5 },
    });
  });
});

describe("normalizeEvent: identifiers", () => {
  it("turns every numeric top-level id into a string", () => {
    expect(
      normalizeEvent({
        id: 1,
        session_id: 2,
        call_id: 3,
        accountcode: 4,
        subject: 37120000000,
        subject_user: 6,
        hanged_value: 7,
        hanged_user: 8,
      }),
    ).toEqual({
      id: "1",
      session_id: "2",
      call_id: "3",
      accountcode: "4",
      subject: "37120000000",
      subject_user: "6",
      hanged_value: "7",
      hanged_user: "8",
    });
  });

  it("turns numeric data.campaign_id, data.contact_id and data.trace_id into strings", () => {
    expect(normalizeEvent({ data: { campaign_id: 12, contact_id: 0, trace_id: -3, other: 4 } })).toEqual({
      data: { campaign_id: "12", contact_id: "0", trace_id: "-3", other: 4 },
    });
  });

  it("leaves unsafe integers and fractions alone", () => {
    const unsafe = 2 ** 53; // 9007199254740992, the first integer above Number.MAX_SAFE_INTEGER
    expect(Number.isSafeInteger(unsafe)).toBe(false);
    expect(normalizeEvent({ id: unsafe, session_id: 1.5, data: { campaign_id: unsafe } })).toEqual({
      id: unsafe,
      session_id: 1.5,
      data: { campaign_id: unsafe },
    });
  });

  it("turns the largest safe integer into its exact digits", () => {
    expect(normalizeEvent({ id: Number.MAX_SAFE_INTEGER })).toEqual({ id: "9007199254740991" });
  });

  it("does not touch numbers that are not ids", () => {
    expect(normalizeEvent({ participants: 2, custom_id: 5 })).toEqual({ participants: 2, custom_id: 5 });
  });
});

describe("normalizeEvent: in place", () => {
  it("rewrites and returns the same object", () => {
    const value: Record<string, unknown> = {
      event: "COMPLETED",
      id: 5,
      timestamp: 1700000000,
      is_answered: 1,
    };
    const result = normalizeEvent(value);
    expect(result).toBe(value);
    expect(value).toEqual({
      event: "COMPLETED",
      id: "5",
      timestamp: "2023-11-14T22:13:20.000Z",
      is_answered: true,
    });
  });
});
