// End to end: analyze's dialer figures (--repeat-callers, --compliance, --callbacks) through the built bin on
// the hand-built dumps of test/fixtures/dialer/ (made to the vendor reference's wire format), every figure
// worked out by hand below: JSON read by jq, CSV read back by a CSV parser, 1 and 2 threads, a gate on
// drop_rate{campaign:*}, a baseline delta and the usage errors.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "../support/bin.js";
import { parseCsv } from "../support/safety.js";

const REPEAT = "test/fixtures/dialer/repeat.ndjson";
const COMPLIANCE = "test/fixtures/dialer/compliance.ndjson";
const CALLBACKS = "test/fixtures/dialer/callbacks.ndjson";
const TIMEOUT = 60_000;
const tmp = mkdtempSync(join(tmpdir(), "teltel-dialer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function jq(filter: string, text: string): string {
  const result = spawnSync("jq", ["-c", filter], { input: text, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

async function json(args: string[]): Promise<string> {
  const run = await runBin(["analyze", "--format", "json", ...args]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

// repeat.ndjson, inbound calls (START-COMPLETED, UTC), numbers written in different forms:
//   A +37120000201: answered 03-02 23:30-23:35 ("+371 2000 0201"); unanswered 03-03 00:40 ("0037120000201")
//   B +37120000202: answered 03-02 22:00-22:10; answered 03-03 00:30-00:32 ("(+371) 2000-0202")
//   C +37120000203: answered 03-03 02:00-02:05
//   D +37120000204: unanswered 03-02 22:30-22:31
// and an outbound call ending 03:00:00, the dump's last COMPLETED.
// --repeat-window 2h: A called again 65 min after 23:35 (across midnight): a repeat. B's 00:30 is 140 min
// after 22:10: not; B's last window ends 02:32, before 03:00: judged. C's window ends 04:05, past 03:00: left
// out. Unique 4 (A B C D), answered 3 (A B C), repeat 1, left out 1, share 1 / (3 - 1) = 0.5.
// --repeat-window 24h (the default): B's 00:30 is within 24 h of 22:10: a repeat too, share 2 / 2 = 1.
describe("repeat callers", () => {
  it(
    "2h and the default 24h window, across midnight, a window past the dump's end left out",
    async () => {
      const two = jq(".repeatCallers", await json(["--repeat-window", "2h", REPEAT]));
      expect(JSON.parse(two)).toEqual({
        windowSeconds: 7200,
        uniqueCallers: 4,
        answeredCallers: 3,
        repeatCallers: 1,
        windowNotOver: 1,
        repeatShare: 0.5,
        inboundWithoutNumber: 0,
      });
      const day = JSON.parse(jq(".repeatCallers", await json(["--repeat-callers", REPEAT])));
      expect([day.windowSeconds, day.repeatCallers, day.windowNotOver, day.repeatShare]).toEqual([
        86400, 2, 1, 1,
      ]);
    },
    TIMEOUT,
  );

  it(
    "no repeatCallers key without the option",
    async () => {
      expect(jq('has("repeatCallers")', await json([REPEAT]))).toBe("false");
    },
    TIMEOUT,
  );
});

// compliance.ndjson, autodialer calls (contact ANSWER -> operator SIP JOIN), UTC:
//  701 k1 03-05 09:00 answer 09:00:10, join 09:00:11 (1 s)      701 k2 09:10 answer :05, join :09 (4 s: late)
//  701 k3 09:20 answer, operator CHANUNAVAIL: dropped           701 k4 09:30 RING -> NOANSWER 8 s: short ring
//  701 k4 10:00 RING -> CANCEL 20 s (not short; 2nd attempt)    701 k5 21:30 (outside 08-21), join 2 s (not late)
//  701 k6 03-06 08:30 answer, operator NOANSWER: dropped
//  702 k7 03-05 12:00 answer :03, join :04 (1 s)
//  703 k8 02-04 10:00 answer, operator BUSY: dropped            703 k9 03-05 13:00 answer :05, join :06 (1 s)
// 701: dialled 7, reached 5 (k1 k2 k3 k5 k6), dropped 2, rate 2/5 = 0.4; connected 3, late 1 (1/3); waits 1 4 2:
//   median (rank 2 of 3) 2, p90 (rank 3) 4; short rings 1; outside 1; contacts 6, reached 5; 7/6 per contact.
//   Days: 03-05 dialled 6, reached 4, dropped 1 (0.25); 03-06 dialled 1, reached 1, dropped 1 (1).
// 703: dialled 2, reached 2, dropped 1 (0.5). 702: dialled 1, reached 1, dropped 0 (0).
// All: dialled 10, reached 8, dropped 3 (0.375), connected 5, late 1 (0.2), waits 1 4 2 1 1: median 1, p90 4;
//   contacts 9, reached 8, 10/9 per contact.
// The dump spans 02-04..03-06, 31 days: 30-day figures. Last 30 days: 02-05..03-06 (703 without k8: 0 of 1).
// 703's worst window ends on 03-05 (02-04..03-05): 1 of 2 = 0.5; 701's worst is its last (03-05 alone: 0.25).
describe("dialer compliance", () => {
  it(
    "per campaign, per day and over 30 days, hand-computed",
    async () => {
      const report = await json(["--compliance", COMPLIANCE]);
      const row =
        "[.key, .dialled, .reached, .dropped, .dropRate, .connected, .lateConnects, .lateConnectShare, .shortRings, .outsideHours, .contacts, .contactsReached, .attemptsPerContact, .connectWait.median, .connectWait.p90]";
      expect(JSON.parse(jq(`[.compliance.campaigns[] | ${row}]`, report))).toEqual([
        ["701", 7, 5, 2, 0.4, 3, 1, 1 / 3, 1, 1, 6, 5, 7 / 6, 2, 4],
        ["703", 2, 2, 1, 0.5, 1, 0, 0, 0, 0, 2, 2, 1, 1, 1],
        ["702", 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1],
      ]);
      expect(JSON.parse(jq(`.compliance.total | ${row}`, report))).toEqual([
        null,
        10,
        8,
        3,
        0.375,
        5,
        1,
        0.2,
        1,
        1,
        9,
        8,
        10 / 9,
        1,
        4,
      ]);
      expect(
        JSON.parse(
          jq(".compliance.campaigns[0].days | map([.day, .dialled, .reached, .dropped, .dropRate])", report),
        ),
      ).toEqual([
        ["2026-03-05", 6, 4, 1, 0.25],
        ["2026-03-06", 1, 1, 1, 1],
      ]);
      expect(JSON.parse(jq(".compliance | [.spanDays, .callingHours, .machineShare]", report))).toEqual([
        31,
        "08:00-21:00",
        0,
      ]);
      expect(
        JSON.parse(
          jq(
            "[.compliance.campaigns[] | [.key, (.rolling30 | .last.from, .last.dropRate, .worst.from, .worst.to, .worst.dropRate)]]",
            report,
          ),
        ),
      ).toEqual([
        ["701", "2026-02-05", 0.4, "2026-02-05", "2026-03-06", 0.4],
        ["703", "2026-02-05", 0, "2026-02-04", "2026-03-05", 0.5],
        ["702", "2026-02-05", 0, "2026-02-05", "2026-03-06", 0],
      ]);
    },
    TIMEOUT,
  );

  it(
    "--machine-share takes machine answers off the base; --calling-hours moves the outside count",
    async () => {
      // 20 %: 701's base 5 x 0.8 = 4, rate 2/4 = 0.5; all: 8 x 0.8 = 6.4, rate 3/6.4 = 0.46875.
      // 09:15-22:00: 701's k1 09:00, k2 09:10 and k6 08:30 start outside (k5 21:30 is inside now); 702's
      // 12:00 and 703's 10:00 and 13:00 inside. Outside: 701 3, all 3.
      const report = await json(["--machine-share", "20%", "--calling-hours", "09:15-22:00", COMPLIANCE]);
      expect(
        JSON.parse(
          jq(
            ".compliance | [.machineShare, .callingHours, .total.dropBase, .total.dropRate, .total.outsideHours, .campaigns[0].dropRate, .campaigns[0].outsideHours]",
            report,
          ),
        ),
      ).toEqual([0.2, "09:15-22:00", 6.4, 0.46875, 3, 0.5, 3]);
    },
    TIMEOUT,
  );

  it(
    "the same figures with 1 and 2 threads",
    async () => {
      const args = ["--compliance", "--callbacks", "--repeat-window", "2h"];
      for (const file of [COMPLIANCE, REPEAT, CALLBACKS]) {
        const [one, two] = await Promise.all(
          ["1", "2"].map(async (threads) =>
            jq(
              "[.compliance, .callbacks, .repeatCallers]",
              await json([...args, "--threads", threads, file]),
            ),
          ),
        );
        expect(two).toBe(one);
      }
    },
    TIMEOUT,
  );

  it(
    "--fail-if 'drop_rate{campaign:*} > 3%' fails on 701 and 703, passes 702, and adds no breakdown",
    async () => {
      const run = await runBin([
        "analyze",
        "--format",
        "json",
        "--fail-if",
        "drop_rate{campaign:*} > 3%",
        COMPLIANCE,
      ]);
      expect(run.code).toBe(1);
      const gate = JSON.parse(
        jq(".gates[0] | [.status, .by, [.groups[] | [.key, .status, .value, .n]]]", run.stdout),
      );
      expect(gate).toEqual([
        "fail",
        "campaign",
        // Failing groups first, the furthest past 3 % first.
        [
          ["703", "fail", 0.5, 2],
          ["701", "fail", 0.4, 5],
          ["702", "pass", 0, 1],
        ],
      ]);
      // The gate alone asks for the compliance figures; it adds no --by campaign breakdown.
      expect(jq('[(.breakdowns | length), has("compliance")]', run.stdout)).toBe("[0,true]");
      const one = await runBin([
        "analyze",
        "--format",
        "json",
        "--fail-if",
        "drop_rate{campaign:702} > 3%",
        COMPLIANCE,
      ]);
      expect(one.code).toBe(0);
      const overall = await runBin([
        "analyze",
        "--format",
        "json",
        "--fail-if",
        "drop_rate > 40%",
        COMPLIANCE,
      ]);
      expect([overall.code, jq(".gates[0] | [.status, .value, .n]", overall.stdout)]).toEqual([
        0,
        '["pass",0.375,8]',
      ]);
    },
    TIMEOUT,
  );

  it(
    "refuses a compliance selector by another dimension, and --table compliance without --compliance",
    async () => {
      const by = await runBin(["analyze", "--fail-if", "drop_rate{operator:*} > 3%", COMPLIANCE]);
      expect(by.code).toBe(2);
      expect(by.stderr).toContain("drop_rate has groups by campaign only");
      const table = await runBin(["analyze", "--format", "csv", "--table", "compliance", COMPLIANCE]);
      expect(table.code).toBe(2);
      expect(table.stderr).toContain("--table compliance needs --compliance.");
      const hours = await runBin(["analyze", "--calling-hours", "8-21", COMPLIANCE]);
      expect(hours.code).toBe(2);
      expect(hours.stderr).toContain("HH:MM-HH:MM");
    },
    TIMEOUT,
  );

  it(
    "CSV: the compliance table read back by a CSV parser; a baseline delta of drop_rate",
    async () => {
      const run = await runBin([
        "analyze",
        "--format",
        "csv",
        "--table",
        "compliance",
        "--compliance",
        COMPLIANCE,
      ]);
      expect(run.code).toBe(0);
      const [header, ...rows] = parseCsv(run.stdout);
      expect(header?.slice(0, 5)).toEqual(["campaign", "dialled", "reached", "dropped", "drop rate %"]);
      expect(rows.map((r) => r.slice(0, 5))).toEqual([
        ["701", "7", "5", "2", "40"],
        ["703", "2", "2", "1", "50"],
        ["702", "1", "1", "0", "0"],
        ["all", "10", "8", "3", "37.5"],
      ]);
      const base = join(tmp, "base.json");
      writeFileSync(base, await json(["--compliance", "--machine-share", "0.2", COMPLIANCE]));
      const now = await json(["--compliance", "--baseline", base, COMPLIANCE]);
      const delta = JSON.parse(jq('.delta[] | select(.metric == "drop_rate") | [.value, .baseline]', now));
      expect(delta).toEqual([0.375, 0.46875]);
    },
    TIMEOUT,
  );
});

// callbacks.ndjson, 9 callback calls (leg 1: the contact, leg 2: the operator):
//  cb1 leg 1 NOANSWER; cb2 leg 1 BUSY; cb3 leg 1 RING with no RINGRESULT ("none");
//  cb4 leg 1 ANSWER, leg 2 BUSY; cb5 leg 1 ANSWER, leg 2 NOANSWER;
//  cb6 START 12:00:00, leg 1 JOIN 12:00:05, leg 2 JOIN 12:00:09: bridged after 9 s;
//  cb7 START 13:00:00, leg 1 JOIN 13:00:10, leg 2 JOIN 13:00:21: bridged after 21 s;
//  cb8 both answered, the operator never joined: reached, not bridged;
//  cb9 leg 1 rung twice, BUSY then NOANSWER: the last state, NOANSWER, ended it.
// Leg 1 reached 5 of 9, leg 2 3 of 5 (0.6), bridged 2 of 9; time to bridge mean 15, median 9 (rank 1 of 2),
// p90 21 (rank 2). Leg 1 failed: NOANSWER 2 (cb1, cb9), BUSY 1, none 1; leg 2: BUSY 1, NOANSWER 1.
describe("callback funnel", () => {
  it(
    "a callback call failing on each leg, hand-computed; CSV of the failures",
    async () => {
      const report = await json(["--callbacks", CALLBACKS]);
      expect(JSON.parse(jq(".callbacks", report))).toEqual({
        calls: 9,
        leg1Reached: 5,
        leg2Reached: 3,
        bridged: 2,
        reachedNotBridged: 1,
        leg1Rate: 5 / 9,
        leg2Rate: 0.6,
        bridgeRate: 2 / 9,
        timeToBridge: { count: 2, mean: 15, median: 9, p90: 21 },
        leg1Failed: { NOANSWER: 2, BUSY: 1, none: 1 },
        leg2Failed: { BUSY: 1, NOANSWER: 1 },
      });
      const csv = await runBin([
        "analyze",
        "--format",
        "csv",
        "--table",
        "callback-failures",
        "--callbacks",
        CALLBACKS,
      ]);
      expect(parseCsv(csv.stdout)).toEqual([
        ["leg", "state", "calls"],
        ["leg 1", "NOANSWER", "2"],
        ["leg 1", "BUSY", "1"],
        ["leg 1", "none", "1"],
        ["leg 2", "BUSY", "1"],
        ["leg 2", "NOANSWER", "1"],
      ]);
      const gate = await runBin([
        "analyze",
        "--format",
        "json",
        "--fail-if",
        "callback_bridge_rate < 50%",
        CALLBACKS,
      ]);
      expect(gate.code).toBe(1);
      expect(JSON.parse(jq(".gates[0] | [.status, .value, .n]", gate.stdout))).toEqual(["fail", 2 / 9, 9]);
    },
    TIMEOUT,
  );
});

describe("HTML", () => {
  it(
    "a compliance panel per campaign, the repeat callers and the callback panels, only when asked",
    async () => {
      const run = await runBin([
        "analyze",
        "--format",
        "html",
        "--compliance",
        "--repeat-callers",
        "--callbacks",
        COMPLIANCE,
      ]);
      expect(run.code).toBe(0);
      const titles = [...run.stdout.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
      expect(titles.filter((t) => t?.startsWith("Dialer compliance"))).toEqual([
        "Dialer compliance: campaign 701 (7 calls)",
        "Dialer compliance: campaign 703 (2 calls)",
        "Dialer compliance: campaign 702 (1 call)",
      ]);
      expect(titles).toContain("Repeat callers within 1 d (a first-call-resolution proxy)");
      expect(titles).toContain("Callback funnel");
      // 703's worst 30 days (1 of 2 dropped), hand-computed above.
      expect(run.stdout).toContain(
        'drop rate % worst 30 days (2026-02-04 to 2026-03-05)</th><td class="n">50.0 %</td>',
      );
      const plain = await runBin(["analyze", "--format", "html", COMPLIANCE]);
      expect(plain.stdout).not.toContain("Dialer compliance");
      expect(plain.stdout).not.toContain("Repeat callers");
    },
    TIMEOUT,
  );
});
