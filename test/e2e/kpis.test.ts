// End to end: the built bin with the KPI options, in one thread and in several (the same figures), and the
// terminal report at a glance. Numbers hand-computed in test/kpis.test.ts; `npm test` builds dist/ first.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = "bin/teltel-events.js";
const KPIS = ["1-basic", "2-unanswered", "3-autodialer", "4-operators", "5-variants", "6-midnight"].map(
  (name) => `test/fixtures/kpis/${name}.ndjson`,
);
const EVERYTHING = [
  ...["--by", "direction", "--by", "type", "--by", "subtype", "--by", "accountcode", "--by", "phase"],
  ...["--by", "operator", "--by", "campaign", "--by", "hour", "--by", "day", "--by", "weekday"],
  ...["--variants", "--tz", "Europe/Riga"],
];

async function bin(args: string[]): Promise<string> {
  const { stdout } = await run("node", [BIN, "analyze", ...args], { env: { ...process.env, NO_COLOR: "1" } });
  return stdout;
}

describe("analyze with KPI options (built bin)", { timeout: 60_000 }, () => {
  it("json: the KPIs and breakdowns of the fixtures", async () => {
    const report = JSON.parse(await bin([...EVERYTHING, "--format", "json", ...KPIS]));
    expect(report.reportVersion).toBe(1);
    expect(report.kpis).toMatchObject({ timeZone: "Europe/Riga", calls: 19, shortAbandonSeconds: 5 });
    // By day in Riga: 16 calls on 2026-03-02, m1 on 03-04 (23:30), m2 and m3 on 03-05.
    const day = report.breakdowns.find((b: { by: string }) => b.by === "day");
    expect(day.groups.map((g: { key: string; calls: number }) => [g.key, g.calls])).toEqual([
      ["2026-03-02", 16],
      ["2026-03-04", 1],
      ["2026-03-05", 2],
    ]);
    expect(report.breakdowns).toHaveLength(10);
    expect(report.variants.calls).toBe(19);
  });

  it("--variants takes no value: a file right after it is an input", async () => {
    const report = JSON.parse(await bin(["--format", "json", "--variants", KPIS[4] as string]));
    // 5-variants: v1 and v2 share one sequence, v3 is START COMPLETED.
    expect(report.variants.top.map((v: { count: number }) => v.count)).toEqual([2, 1]);
  });

  it("gives the same report with 1, 2 and 3 threads", async () => {
    // In time order: the fixtures of 2 March, mixed-day (4 March, 08:02-12:57), then 6-midnight (from 21:30).
    const files = [...KPIS.slice(0, 5), "samples/mixed-day.ndjson", ...KPIS.slice(5)];
    const [one, two, three] = await Promise.all(
      ["1", "2", "3"].map(async (threads) =>
        JSON.parse(await bin([...EVERYTHING, "--threads", threads, "--format", "json", ...files])),
      ),
    );
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(one.kpis.calls).toBe(37 + 19);
    // Filters travel to the workers too.
    const filtered = [
      "--direction",
      "inbound",
      "--since",
      "2026-03-02T12:00:00Z",
      "--format",
      "json",
      ...files,
    ];
    const [f1, f2] = await Promise.all(
      ["1", "2"].map(async (threads) =>
        JSON.parse(await bin([...EVERYTHING, "--threads", threads, ...filtered])),
      ),
    );
    expect(f2).toEqual(f1);
    // Inbound from 12:00Z on 2 March: o1 o2 v1 v2 v3 (5) and mixed-day's 14 inbound calls.
    expect([f1.kpis.calls, f1.filters.active]).toEqual([19, true]);
  });

  it("table: sections, one-decimal percentages, the hourly sparkline", async () => {
    const text = await bin(["--by", "hour", "samples/mixed-day.ndjson"]);
    // mixed-day: 37 calls starting 08:02-12:57 UTC; 19 answered (51.4%).
    expect(text).toContain("KPIs (calls: complete sessions)");
    // One percent sign: the value has it, so the row's name does not.
    expect(text).toMatch(/│ ASR \(answered \/ calls\) +│ +51\.4% │/);
    expect(text).toMatch(/Calls by START hour \(UTC\): 00 ·{8}[▁-█]{5}·{11} 23 {3}peak 08:00 \(10\)/);
    expect(text).toContain("By hour (START time, UTC)");
    expect(text).toMatch(/│ 08:00 │ +10 │.*│ █{24} │/);
  });
});
