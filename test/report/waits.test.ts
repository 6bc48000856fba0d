// Waits and open hours on hand-built fixtures (test/fixtures/waits/), the CLI run in-process; every figure
// hand-computed below from the fixtures' timestamps.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHolidays, parseOpenHours } from "../../src/cli/open-hours.js";
import { createOpenCheck } from "../../src/report/open-hours.js";
import { waitBucket } from "../../src/report/waits.js";
import { createZoneClock } from "../../src/report/zone.js";
import { runMain } from "../support/run-main.js";

const BUCKETS = "test/fixtures/waits/buckets.ndjson";
const OPEN = "test/fixtures/waits/open-hours.ndjson";
const HOLIDAYS = "test/fixtures/waits/holidays.txt";
const HOURS = "Mon-Fri 08:00-18:00, Sat 09:00-13:00, Sun 10:00-12:00";

async function report(args: string[]) {
  const { code, out, err } = await runMain(["analyze", "--format", "json", ...args]);
  expect(err).toBe("");
  expect(code).toBe(0);
  return JSON.parse(out);
}

describe("waits (buckets.ndjson, 2 March 2026, UTC)", () => {
  // Answered a1..a10 with waits (START -> RINGRESULT ANSWER) 0, 5, 10, 20, 21, 30, 60, 120, 300, 301 s;
  // abandoned b1..b5 (caller hung up, START -> COMPLETED) 3, 5, 6, 45, 400 s; c1 rejected by the operator
  // after 12 s (offered, neither answered nor abandoned, no wait); o1 outbound (not counted).
  // Offered 16, answered 10, abandoned 5, short abandons 1 (b1: 3 < 5; b2's 5 s is not < 5).
  it("puts each wait in its bucket: an edge belongs to the bucket below it (5 s is 0-5, 300 s is 120-300)", async () => {
    const { waits } = await report([BUCKETS]);
    expect(waits.buckets.map((b: { bucket: string }) => b.bucket)).toEqual([
      "0-5",
      "5-10",
      "10-20",
      "20-30",
      "30-60",
      "60-120",
      "120-300",
      "300+",
    ]);
    // Answered: 0-5 {0, 5}, 5-10 {10}, 10-20 {20}, 20-30 {21, 30}, 30-60 {60}, 60-120 {120}, 120-300 {300}, 300+ {301}.
    expect(waits.buckets.map((b: { answered: number }) => b.answered)).toEqual([2, 1, 1, 2, 1, 1, 1, 1]);
    // Abandoned: 0-5 {3, 5}, 5-10 {6}, 30-60 {45}, 300+ {400}.
    expect(waits.buckets.map((b: { abandoned: number }) => b.abandoned)).toEqual([2, 1, 0, 0, 1, 0, 0, 1]);
    // Cumulative answered / (16 - 1): 2, 3, 4, 6, 7, 8, 9 of 15; none past the open bucket.
    expect(waits.buckets.map((b: { answeredWithinShare: number | null }) => b.answeredWithinShare)).toEqual([
      2 / 15,
      3 / 15,
      4 / 15,
      6 / 15,
      7 / 15,
      8 / 15,
      9 / 15,
      null,
    ]);
    expect(waits).toMatchObject({ offered: 16, answered: 10, abandoned: 5, shortAbandoned: 1 });
    // ASA: (0+5+10+20+21+30+60+120+300+301) / 10 = 867 / 10; the longest wait is b5's abandon after 400 s.
    expect(waits.asaS).toBeCloseTo(86.7, 9);
    expect(waits.longestWaitS).toBe(400);
    expect(waits.closed).toBeNull();
    expect(waits.openHours).toBeNull();
  });

  it("gives the service level at four thresholds, the first the headline KPI", async () => {
    const r = await report(["--sl-threshold", "10,20,30,60", BUCKETS]);
    // Answered within 10: {0, 5, 10} = 3; within 20: + 20 = 4; within 30: + 21, 30 = 6; within 60: + 60 = 7;
    // over offered - short abandons = 15. A wait equal to the threshold is within it.
    expect(r.waits.serviceLevels).toEqual([
      { thresholdS: 10, answeredWithin: 3, serviceLevel: 3 / 15 },
      { thresholdS: 20, answeredWithin: 4, serviceLevel: 4 / 15 },
      { thresholdS: 30, answeredWithin: 6, serviceLevel: 6 / 15 },
      { thresholdS: 60, answeredWithin: 7, serviceLevel: 7 / 15 },
    ]);
    expect(r.kpis.serviceLevelSeconds).toBe(10);
    expect(r.kpis.inbound).toMatchObject({ answeredWithinThreshold: 3, serviceLevel: 3 / 15 });
  });

  it("keeps a single --sl-threshold as before (the KPIs' value, one service level)", async () => {
    const r = await report(["--sl-threshold", "30", BUCKETS]);
    expect(r.kpis.serviceLevelSeconds).toBe(30);
    expect(r.kpis.inbound.serviceLevel).toBe(6 / 15);
    expect(r.waits.serviceLevels).toEqual([{ thresholdS: 30, answeredWithin: 6, serviceLevel: 6 / 15 }]);
    const plain = await report([BUCKETS]);
    expect(plain.kpis.serviceLevelSeconds).toBe(20);
    expect(plain.waits.serviceLevels).toEqual([{ thresholdS: 20, answeredWithin: 4, serviceLevel: 4 / 15 }]);
  });

  it("refuses a bad threshold in the list", async () => {
    const { code, err } = await runMain(["analyze", "--sl-threshold", "10,x", BUCKETS]);
    expect(code).toBe(2);
    expect(err).toContain("expected a number of seconds");
  });

  it("waitBucket: edges go down", () => {
    expect([0, 5, 5.001, 10, 300, 300.5].map(waitBucket)).toEqual([0, 0, 1, 1, 6, 7]);
  });
});

describe("open hours (open-hours.ndjson, Europe/Riga)", () => {
  // Mon 2 March (EET, UTC+2): e1 07:50 local (answered after 15 s, ends 08:10: it starts closed), o1 outbound
  // 05:00, e2 08:00 (open: the start is inclusive, answered 25 s), e3 17:59:59 (open, answered 8 s), e4 18:00
  // (closed: the end is exclusive, abandoned 12 s). Tue 3 March h1 10:00 (a holiday: closed, answered 3 s).
  // Sun 29 March, clocks go forward at 01:00 UTC (EEST, UTC+3): d1 07:30Z = 10:30 open (answered 10 s); d2
  // 09:10Z = 12:10 closed (abandoned 30 s). Sun 25 October, back at 01:00 UTC (EET): d3 07:30Z = 09:30 closed
  // (answered 5 s), d4 09:30Z = 11:30 open (abandoned 40 s). A wrong offset would flip each of d1..d4.
  it("counts inbound calls starting while closed apart, out of the inbound KPIs and the waits", async () => {
    const r = await report(["--tz", "Europe/Riga", "--open-hours", HOURS, "--holidays", HOLIDAYS, OPEN]);
    // Open: e2 (25), e3 (8), d1 (10) answered, d4 (40) abandoned. ASA (25+8+10)/3; within 20: e3, d1.
    expect(r.waits).toMatchObject({
      offered: 4,
      answered: 3,
      abandoned: 1,
      shortAbandoned: 0,
      longestWaitS: 40,
    });
    expect(r.waits.asaS).toBeCloseTo(43 / 3, 9);
    expect(r.waits.serviceLevels).toEqual([{ thresholdS: 20, answeredWithin: 2, serviceLevel: 0.5 }]);
    // Closed: e1, e4, h1, d2, d3; answered e1, h1, d3; abandoned e4, d2.
    expect(r.waits.closed).toEqual({ calls: 5, answered: 3, abandoned: 2 });
    expect(r.waits.openHours).toEqual({ hours: HOURS, holidays: 2 });
    expect(r.kpis.inbound).toMatchObject({ offered: 4, abandoned: 1, abandonRate: 0.25, serviceLevel: 0.5 });
    // Every call is still a call (the outbound one too).
    expect(r.kpis.calls).toBe(10);
  });

  it("without --holidays the holiday is an open Tuesday", async () => {
    const r = await report(["--tz", "Europe/Riga", "--open-hours", HOURS, OPEN]);
    // h1 (answered after 3 s) joins the open calls: 5 offered, within 20 s e3, d1, h1.
    expect(r.waits.closed).toEqual({ calls: 4, answered: 2, abandoned: 2 });
    expect(r.waits.serviceLevels[0]).toEqual({ thresholdS: 20, answeredWithin: 3, serviceLevel: 3 / 5 });
  });

  it("without --open-hours every inbound call counts, and the report has no closed figures", async () => {
    const r = await report(["--tz", "Europe/Riga", OPEN]);
    expect(r.waits).toMatchObject({ offered: 9, answered: 6, abandoned: 3, closed: null, openHours: null });
    expect(r.kpis.inbound.offered).toBe(9);
  });

  it("checks the local wall clock on the DST change days", () => {
    const open = createOpenCheck({ text: HOURS, weekly: weekly(HOURS), holidays: [] });
    const riga = createZoneClock("Europe/Riga");
    const at = (iso: string) => open(riga(Date.parse(iso)));
    // 29 March: 06:59Z is 09:59 EEST (closed), 07:00Z is 10:00 (open), 08:59Z 11:59 (open), 09:00Z 12:00 (closed).
    expect(["06:59", "07:00", "08:59", "09:00"].map((t) => at(`2026-03-29T${t}:00Z`))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    // 25 October: 07:59Z is 09:59 EET (closed), 08:00Z is 10:00 (open), 09:59Z 11:59, 10:00Z 12:00.
    expect(["07:59", "08:00", "09:59", "10:00"].map((t) => at(`2026-10-25T${t}:00Z`))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("refuses a bad --holidays line with one sentence and exit 2", async () => {
    const { code, out, err } = await runMain([
      "analyze",
      "--open-hours",
      HOURS,
      "--holidays",
      "test/fixtures/waits/bad-holidays.txt",
      OPEN,
    ]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(
      'test/fixtures/waits/bad-holidays.txt:2: "2026-02-30" is not an ISO date (YYYY-MM-DD)',
    );
    expect(err.trim().split("\n")).toHaveLength(1);
  });

  it("refuses --holidays without --open-hours, and a bad --open-hours", async () => {
    expect((await runMain(["analyze", "--holidays", HOLIDAYS, OPEN])).code).toBe(2);
    const bad = await runMain(["analyze", "--open-hours", "Mon-Fri 18:00-08:00", OPEN]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("the first before the second");
  });
});

describe("parseOpenHours and parseHolidays", () => {
  it("reads day ranges (wrapping past Sunday), single days, 24:00 and several entries for a day", () => {
    expect(parseOpenHours("Fri-Mon 09:00-12:00, Mon 13:00-24:00")).toEqual({
      text: "Fri-Mon 09:00-12:00, Mon 13:00-24:00",
      weekly: [[540, 720, 780, 1440], [], [], [], [540, 720], [540, 720], [540, 720]],
    });
    expect(parseOpenHours("Mon-Fri 8:00-18:00")).toContain("is not");
    expect(parseOpenHours("Mon-Fry 08:00-18:00")).toContain("days are");
    expect(parseOpenHours("Mon 08:00-24:30")).toContain("00:00 to 24:00");
  });

  it("reads dates with comments and blank lines, and names the first bad line", () => {
    expect(parseHolidays("# x\n2026-05-01 # y\n\n2026-01-01\r\n2026-05-01\n", "h")).toEqual([
      "2026-01-01",
      "2026-05-01",
    ]);
    expect(parseHolidays("2026-01-01\n1 May\n", "h")).toBe('h:2: "1 May" is not an ISO date (YYYY-MM-DD)');
  });
});

function weekly(text: string): number[][] {
  const parsed = parseOpenHours(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed.weekly;
}

describe("a baseline made with other open hours", () => {
  it("is refused unless --baseline-any; one made with the same is accepted", async () => {
    const { out } = await runMain([
      "analyze",
      "--format",
      "json",
      "--tz",
      "Europe/Riga",
      "--open-hours",
      HOURS,
      OPEN,
    ]);
    const file = join(mkdtempSync(join(tmpdir(), "teltel-waits-")), "base.json");
    writeFileSync(file, out);
    const same = await runMain([
      "analyze",
      "--tz",
      "Europe/Riga",
      "--open-hours",
      HOURS,
      "--baseline",
      file,
      OPEN,
    ]);
    expect(same.code).toBe(0);
    const other = await runMain(["analyze", "--tz", "Europe/Riga", "--baseline", file, OPEN]);
    expect(other.code).toBe(2);
    expect(other.err).toContain("waits.openHours");
  });
});
