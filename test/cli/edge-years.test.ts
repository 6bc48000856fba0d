// Timestamps at the edges of the years 0001-9999 through the in-process CLI: refused outside as bad-format,
// and --tz days past 9999-12-31 written whole and in order.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import type { AnalyzeReport } from "../../src/commands/analyze.js";

async function run(argv: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Readable.from([Buffer.from(input)]),
    env: {},
    writeFile: async () => {},
  };
  const code = await main([...argv, "--threads", "1", "-"], io);
  return { code, out: out.join(""), err: err.join("") };
}

/** An unanswered outbound call (START, COMPLETED 4 s later) of session `id` starting at `start` (epoch ms). */
function call(id: string, start: number): string {
  const at = (ms: number) => new Date(ms).toISOString();
  const common = `"accountcode":"acc1","session_id":"${id}","direction":"outbound","type":"standard"`;
  return [
    `{"event":"START","id":"${id}1","timestamp":"${at(start)}","phase":"siptodid",${common}}`,
    `{"event":"COMPLETED","id":"${id}2","timestamp":"${at(start + 4000)}","hanged_by":"phone","hanged_value":"+37120000002","is_answered":false,${common}}`,
  ].join("\n");
}

const LAST_DAY = Date.parse("9999-12-31T20:00:00Z");
const DAY = 86_400_000;
// Two calls on the last two days of the range, then two lines outside it: the year 0000 written out, and
// 253402300800000 epoch milliseconds (10000-01-01T00:00:00Z).
const INPUT = `${[
  call("A", LAST_DAY - DAY),
  call("B", LAST_DAY),
  call("C", Date.parse("2026-03-02T09:00:00Z")).split("\n")[0]?.replace("2026-03-02", "0000-03-02"),
  call("D", Date.parse("2026-03-02T09:00:00Z"))
    .split("\n")[0]
    ?.replace('"2026-03-02T09:00:00.000Z"', "253402300800000"),
].join("\n")}\n`;

describe("timestamps outside the years 0001-9999", () => {
  it("are bad-format lines in validate (exit 1), written or as epoch numbers", async () => {
    const { code, out } = await run(["validate", "--format", "json"], INPUT);
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result.summary).toMatchObject({ lines: 6, valid: 4, invalid: 2 });
    expect(result.findings.map((f: { line: number; code: string }) => [f.line, f.code])).toEqual([
      [5, "bad-format"],
      [6, "bad-format"],
    ]);
  });

  it("with --tz east of UTC, 9999-12-31 20:00Z is the day +010000-01-01, after 9999-12-31", async () => {
    const { code, out } = await run(
      ["analyze", "--format", "json", "--by", "day", "--tz", "Pacific/Kiritimati"],
      INPUT,
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as AnalyzeReport;
    expect(report.calls.total).toBe(2);
    expect(report.breakdowns[0]?.groups.map((g) => [g.key, g.calls])).toEqual([
      ["9999-12-31", 1],
      ["+010000-01-01", 1],
    ]);
    expect(report.problemCounts).toEqual({ "bad-format": 2 });
  });
});
