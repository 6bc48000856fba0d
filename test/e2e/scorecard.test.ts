// End to end: the operator scorecard (`--by operator`) of a hand-built day, figures computed by hand below;
// the same with one thread and two; `every` equal to the breakdown's missedRings.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = "bin/teltel-events.js";
const DAY = "test/fixtures/scorecard/day.ndjson";

async function bin(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run("node", [BIN, "analyze", ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return stdout;
}

interface Row {
  operator: string;
  missedRings: number;
  [key: string]: unknown;
}

async function scorecard(...args: string[]): Promise<{ unattributedMissedRings: number; rows: Row[] }> {
  return JSON.parse(await bin(["--format", "json", "--by", "operator", ...args, DAY])).operators;
}

// The day (test/fixtures/scorecard/day.ndjson), operators 31001 (sip 101), 31002 (102), 31003 (103):
// s1 09:00:02 RINGs 101, 102, 103 at once; 102 answers 09:00:08, talk 09:00:08-09:02:08 (120 s), 102 hangs up.
// s2 09:10:00 RINGs an unnamed SIP device (105), then 103, 09:10:01 101; all NOANSWER 09:10:30.
// s3 101 answers 09:20:05, talks to 09:21:05 (60 s) and leaves; 102 joins 09:21:10 to 09:21:15 (5 s), hangs up.
// s4 102 talks 09:30:05-09:31:05 (60 s).
// s5 next day, 101 rung 10:00:01, talks 10:00:04-10:03:04 (180 s); s6 101 talks 10:10:02-10:10:09 (7 s), hangs up.
describe("operator scorecard (built bin)", { timeout: 60_000 }, () => {
  it("every (default): each missed RING of a named operator counts", async () => {
    const card = await scorecard();
    // Unnamed: s2's RING to 105 (toward SIP: phase didtosip, no party carries its call_id).
    expect(card.unattributedMissedRings).toBe(1);
    // Sorted by calls handled (31001 and 31002 have 3 each: by key), 31003 handled none.
    expect(card.rows.map((r) => r.operator)).toEqual(["31001", "31002", "31003"]);
    const [a, b, c] = card.rows;
    expect(a).toEqual({
      operator: "31001",
      // Rung in s1, s2, s3, s5, s6; answered s3, s5, s6: 3 / 5.
      ringsOffered: 5,
      ringsAnswered: 3,
      answerRate: 0.6,
      // s1 (CANCEL: 102 answered the group) and s2 (NOANSWER).
      missedRings: 2,
      callsHandled: 3,
      // Talk 60, 180, 7: mean 247 / 3, median 60, p90 180; total 247; 7 s < 10 s is short.
      talk: { count: 3, mean: 247 / 3, median: 60, p90: 180 },
      talkTotalS: 247,
      hangups: 1,
      shortCalls: 1,
      // Day 2 only (s3 is alone on day 1): 10:10:02 - 10:03:04 = 418 s.
      gap: { count: 1, median: 418 },
      // Day 1: first event 09:00:02 (s1's RING) to last 09:21:05 (s3's LEAVE) = 1263 s, talk 60.
      // Day 2: 10:00:01 (s5's RING) to 10:10:09 (s6's LEAVE) = 608 s, talk 187. Summed: 247 / 1871.
      busyShare: 247 / 1871,
      days: [
        { day: "2026-03-02", talkS: 60, spanS: 1263, busyShare: 60 / 1263 },
        { day: "2026-03-03", talkS: 187, spanS: 608, busyShare: 187 / 608 },
      ],
    });
    expect(b).toEqual({
      operator: "31002",
      ringsOffered: 3,
      ringsAnswered: 3,
      answerRate: 1,
      missedRings: 0,
      callsHandled: 3,
      // Talk 120 (s1), 5 (s3, after the transfer), 60 (s4): mean 185 / 3, median 60, p90 120.
      talk: { count: 3, mean: 185 / 3, median: 60, p90: 120 },
      talkTotalS: 185,
      // s1 and s3.
      hangups: 2,
      shortCalls: 1,
      // 09:21:10 - 09:02:08 = 1142 s; 09:30:05 - 09:21:15 = 530 s; nearest-rank median of the two: 530.
      gap: { count: 2, median: 530 },
      // 09:00:02 (s1's RING) to 09:31:05 (s4's LEAVE) = 1863 s.
      busyShare: 185 / 1863,
      days: [{ day: "2026-03-02", talkS: 185, spanS: 1863, busyShare: 185 / 1863 }],
    });
    expect(c).toEqual({
      operator: "31003",
      ringsOffered: 2,
      ringsAnswered: 0,
      answerRate: 0,
      missedRings: 2,
      callsHandled: 0,
      talk: { count: 0, mean: null, median: null, p90: null },
      talkTotalS: 0,
      hangups: 0,
      shortCalls: 0,
      gap: { count: 0, median: null },
      // 09:00:02 (s1's RING) to 09:10:30 (s2's RINGRESULT) = 628 s, no talk.
      busyShare: 0,
      days: [{ day: "2026-03-02", talkS: 0, spanS: 628, busyShare: 0 }],
    });
  });

  it("every gives the operator breakdown's missedRings and unattributedMissedRings", async () => {
    const report = JSON.parse(await bin(["--format", "json", "--by", "operator", DAY]));
    const groups = report.breakdowns[0].groups as { key: string | null; missedRings: number }[];
    for (const row of report.operators.rows as Row[])
      expect(groups.find((g) => g.key === row.operator)?.missedRings ?? 0).toBe(row.missedRings);
    expect(report.breakdowns[0].unattributedMissedRings).toBe(report.operators.unattributedMissedRings);
  });

  it("first: only a ring group nobody answered counts, charged to its first named operator", async () => {
    const card = await scorecard("--missed-ring", "first");
    // s1's group was answered (by 102): nobody missed it. s2's group: 105 is unnamed, 103 is the first named.
    expect(card.rows.map((r) => [r.operator, r.missedRings])).toEqual([
      ["31001", 0],
      ["31002", 0],
      ["31003", 1],
    ]);
    expect(card.unattributedMissedRings).toBe(0);
  });

  it("--short-call sets the short-call threshold (durations: 1m)", async () => {
    const card = await scorecard("--short-call", "1m");
    // Under 60 s: 31001's 7 s (60 is not under 60); 31002's 5 s.
    expect(card.rows.map((r) => [r.operator, r.shortCalls])).toEqual([
      ["31001", 1],
      ["31002", 1],
      ["31003", 0],
    ]);
    const longer = await scorecard("--short-call", "61");
    // Under 61 s: 31001 60 and 7 (not 180); 31002 5 and 60 (not 120).
    expect(longer.rows.map((r) => r.shortCalls)).toEqual([2, 2, 0]);
  });

  it("is the same with one thread and two (small chunks: the sessions spread over both)", async () => {
    const env = { TELTEL_EVENTS_CHUNK_BYTES: "2048" };
    const args = ["--format", "json", "--by", "operator", DAY, "samples/inbound-parallel.ndjson"];
    const [one, two] = await Promise.all(
      ["1", "2"].map(async (t) => JSON.parse(await bin([...args, "--threads", t], env)).operators),
    );
    expect(two).toEqual(one);
    expect(one.rows.length).toBeGreaterThan(2);
  });

  it("gates read the scorecard: per operator with a selector, summed without (and turn it on)", async () => {
    const gated = await run(
      "node",
      [
        BIN,
        "analyze",
        "--format",
        "json",
        "--fail-if",
        "operator_answer_rate{operator:*} < 0.5",
        "--warn-if",
        "missed_rings > 3",
        DAY,
      ],
      { env: { ...process.env, NO_COLOR: "1" } },
    ).catch((error: { stdout: string; code: number }) => error);
    // 31003 answered 0 of 2 rings: the error gate fails, exit 1.
    expect((gated as { code?: number }).code).toBe(1);
    const [rate, missed] = JSON.parse(gated.stdout).gates;
    const groups = rate.groups.map((g: { key: string; status: string; value: number }) => [
      g.key,
      g.status,
      g.value,
    ]);
    expect(groups.slice(0, 3)).toEqual([
      ["31003", "fail", 0],
      ["31001", "pass", 0.6],
      ["31002", "pass", 1],
    ]);
    // Summed over the three operators: 2 + 0 + 2 missed rings (every).
    expect(missed).toMatchObject({ status: "fail", value: 4, n: 3 });
  });

  it("html: the scorecard panel with a row per operator, its definitions; not in the default page", async () => {
    const html = await bin(["--format", "html", "--by", "operator", DAY]);
    const start = html.indexOf("<h2>Operator scorecard (3 operators)</h2>");
    expect(start).toBeGreaterThan(0);
    const section = html.slice(start, html.indexOf("</section>", start));
    // Row headers in order (most calls handled first), 31001's busy share 247 / 1871 = 13.2 %.
    const rowHeads = [...section.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(rowHeads).toEqual(["31001", "31002", "31003"]);
    expect(section).toContain("13.2");
    expect(section).toContain("1 missed ring toward SIP named no operator");
    expect(section).toContain("<dt>Busy share</dt>");
    const plain = await bin(["--format", "html", DAY]);
    expect(plain).not.toContain("Operator scorecard");
  });

  it("is not in the report without an explicit --by operator (the HTML default breakdowns included)", async () => {
    const report = JSON.parse(await bin(["--format", "json", "--by", "direction", DAY]));
    expect(report.operators).toBeUndefined();
  });
});
