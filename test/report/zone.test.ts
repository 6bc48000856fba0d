// Time zones: local hour, day and weekday of instants (across midnight and DST changes), and --since/--until text.
import { describe, expect, it } from "vitest";
import { createZoneClock, isTimeZone, localDay, localTime, parseInstant } from "../../src/report/zone.js";

const at = (iso: string) => Date.parse(iso);

/** The local hour, day and weekday of an instant by a zone's clock. */
const reader = (zone: string) => {
  const clock = createZoneClock(zone);
  return (ms: number) => localTime(clock(ms));
};

describe("createZoneClock", () => {
  it("UTC: the instant's own fields; weekday 0 is Monday", () => {
    const clock = reader("UTC");
    // 2026-03-02 is a Monday, 2026-03-08 a Sunday.
    expect(clock(at("2026-03-02T23:59:59.999Z"))).toEqual({ hour: 23, day: "2026-03-02", weekday: 0 });
    expect(clock(at("2026-03-08T00:00:00Z"))).toEqual({ hour: 0, day: "2026-03-08", weekday: 6 });
  });

  it("Europe/Riga: UTC+2 in winter, UTC+3 after 2026-03-29 01:00Z (clocks go 03:00 -> 04:00)", () => {
    const clock = reader("Europe/Riga");
    expect(clock(at("2026-03-04T22:30:00Z"))).toEqual({ hour: 0, day: "2026-03-05", weekday: 3 });
    expect(clock(at("2026-03-29T00:59:59Z"))).toEqual({ hour: 2, day: "2026-03-29", weekday: 6 });
    expect(clock(at("2026-03-29T01:00:00Z"))).toEqual({ hour: 4, day: "2026-03-29", weekday: 6 });
    // The cached minute must not leak into another minute.
    expect(clock(at("2026-03-29T00:59:00Z")).hour).toBe(2);
  });

  it("reads instants before 1970 too", () => {
    // 1969-12-31 was a Wednesday.
    expect(reader("UTC")(at("1969-12-31T23:30:00Z"))).toEqual({ hour: 23, day: "1969-12-31", weekday: 2 });
  });

  it("Asia/Kolkata: a half-hour offset (UTC+5:30)", () => {
    const clock = reader("Asia/Kolkata");
    expect(clock(at("2026-03-04T18:29:00Z"))).toEqual({ hour: 23, day: "2026-03-04", weekday: 2 });
    expect(clock(at("2026-03-04T18:30:00Z"))).toEqual({ hour: 0, day: "2026-03-05", weekday: 3 });
  });

  it("agrees with Intl for a spread of instants in several zones", () => {
    for (const zone of ["America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Europe/London"]) {
      const clock = reader(zone);
      const format = new Intl.DateTimeFormat("en-CA", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
      });
      for (let ms = at("2026-01-01T00:00:00Z"); ms < at("2027-01-01T00:00:00Z"); ms += 7_777_777) {
        const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
        const local = clock(ms);
        expect([local.day, local.hour]).toEqual([
          `${parts.year}-${parts.month}-${parts.day}`,
          Number(parts.hour),
        ]);
      }
    }
  });
});

describe("localDay's cache of day names", () => {
  it("names each local day right across Riga's DST change, in and out of order", () => {
    const day = (iso: string) => localDay(createZoneClock("Europe/Riga")(at(iso)));
    // 2026-03-29 01:00Z Riga goes from UTC+2 to UTC+3: 21:30Z is 23:30 before it and 00:30 the day after it.
    expect(day("2026-03-28T21:30:00Z")).toBe("2026-03-28");
    expect(day("2026-03-28T22:30:00Z")).toBe("2026-03-29");
    expect(day("2026-03-29T20:59:00Z")).toBe("2026-03-29");
    expect(day("2026-03-29T21:00:00Z")).toBe("2026-03-30");
    expect(day("2026-03-28T21:30:00Z")).toBe("2026-03-28");
    // On 2026-10-25 01:00Z it goes back to UTC+2: 21:30Z is then 23:30 the same day.
    expect(day("2026-10-24T20:59:00Z")).toBe("2026-10-24");
    expect(day("2026-10-24T21:00:00Z")).toBe("2026-10-25");
    expect(day("2026-10-25T21:30:00Z")).toBe("2026-10-25");
    expect(day("2026-10-25T22:00:00Z")).toBe("2026-10-26");
  });

  it("tells apart days 64 days apart (the same cache slot), before 1970 too, in turn", () => {
    // 2026-03-05 is day 20517; 2026-05-08 is day 20581 = 20517 + 64; 1969-12-31 is day -1, 1969-10-28 day -65.
    for (let round = 0; round < 2; round += 1) {
      expect(localDay(at("2026-03-05T12:00:00Z"))).toBe("2026-03-05");
      expect(localDay(at("2026-05-08T00:00:00Z"))).toBe("2026-05-08");
      expect(localDay(at("1969-12-31T23:59:59.999Z"))).toBe("1969-12-31");
      expect(localDay(at("1969-10-28T00:00:00Z"))).toBe("1969-10-28");
      expect(localDay(at("2026-03-05T23:59:59.999Z"))).toBe("2026-03-05");
    }
  });
});

describe("the edges of the years 0001-9999", () => {
  it("a local date before the year 1000 keeps four digits, and the year before 0001 is 0000", () => {
    expect(reader("Europe/Riga")(at("0999-06-15T12:00:00Z")).day).toBe("0999-06-15");
    // New York's local mean time was UTC-4:56:02; 0001-01-01 was a Monday, so 0000-12-31 a Sunday.
    expect(reader("America/New_York")(at("0001-01-01T03:00:00Z"))).toEqual({
      hour: 22,
      day: "0000-12-31",
      weekday: 6,
    });
  });

  it("a local date past 9999-12-31 is written in ISO 8601's expanded form, not cut to ten characters", () => {
    // Kiritimati is UTC+14.
    expect(reader("Pacific/Kiritimati")(at("9999-12-31T20:00:00Z"))).toEqual({
      hour: 10,
      day: "+010000-01-01",
      weekday: 5,
    });
  });

  it("--since/--until read the years 0001-0099 as written, not as 1901-1999", () => {
    expect(parseInstant("0050-03-02", "UTC")).toBe(at("0050-03-02T00:00:00Z"));
    // Riga kept its local mean time, UTC+1:36:34.
    expect(parseInstant("0050-03-02T10:00", "Europe/Riga")).toBe(at("0050-03-02T08:23:26Z"));
  });
});

describe("isTimeZone", () => {
  it("knows IANA names and UTC, not made-up ones", () => {
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Riga")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("parseInstant", () => {
  it("an explicit Z or offset is that instant, whatever the zone", () => {
    expect(parseInstant("2026-03-04T10:00:00Z", "Europe/Riga")).toBe(at("2026-03-04T10:00:00Z"));
    expect(parseInstant("2026-03-04T10:00:00+02:00", "UTC")).toBe(at("2026-03-04T08:00:00Z"));
    expect(parseInstant("2026-03-04T10:00:00.250-05:30", "UTC")).toBe(at("2026-03-04T15:30:00.250Z"));
  });

  it("a date, or a time without offset, is a wall clock time in the zone", () => {
    expect(parseInstant("2026-03-04", "UTC")).toBe(at("2026-03-04T00:00:00Z"));
    expect(parseInstant("2026-03-04", "Europe/Riga")).toBe(at("2026-03-03T22:00:00Z"));
    expect(parseInstant("2026-03-04 08:30", "Europe/Riga")).toBe(at("2026-03-04T06:30:00Z"));
    // Summer time: UTC+3.
    expect(parseInstant("2026-07-01T12:00:00", "Europe/Riga")).toBe(at("2026-07-01T09:00:00Z"));
    // Midnight on the day the clocks change (the change is at 03:00 local, after it).
    expect(parseInstant("2026-03-29", "Europe/Riga")).toBe(at("2026-03-28T22:00:00Z"));
    expect(parseInstant("2026-03-29T05:00", "Europe/Riga")).toBe(at("2026-03-29T02:00:00Z"));
  });

  it("rejects what is not a date", () => {
    for (const bad of [
      "yesterday",
      "2026-02-30",
      "2026-13-01",
      "2026-03-04T24:00",
      "2026-03-04T10",
      "1772611200",
    ])
      expect(parseInstant(bad, "UTC")).toBeUndefined();
  });
});
