// Counted nouns in every text output: "1 finding", "1 warning", "1 line", never "1 findings".
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import { counted } from "../../src/render/words.js";

async function run(argv: string[], input: string): Promise<string> {
  let out = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => true },
    stdin: Readable.from([Buffer.from(input)]),
    env: {},
    writeFile: async () => {},
  };
  await main([...argv, "--threads", "1", "-"], io);
  return out;
}

const COMMON = '"accountcode":"acc1","session_id":"A","direction":"outbound","type":"standard"';
// One session: START, a RING answered BUSY, COMPLETED; then the START again (a retry: a duplicate).
const START = `{"event":"START","id":"a1","timestamp":"2026-03-02T09:00:00Z","phase":"siptodid",${COMMON}}`;
const CALL = [
  START,
  `{"event":"RING","id":"a2","timestamp":"2026-03-02T09:00:01Z","call_id":"c1",${COMMON}}`,
  `{"event":"RINGRESULT","id":"a3","timestamp":"2026-03-02T09:00:04Z","call_id":"c1","state":"BUSY",${COMMON}}`,
  `{"event":"COMPLETED","id":"a4","timestamp":"2026-03-02T09:00:04Z","hanged_by":"phone","hanged_value":"+371","is_answered":false,${COMMON}}`,
  START,
].join("\n");

describe("counted", () => {
  it("is singular for exactly 1, groups thousands, takes an irregular plural", () => {
    expect(counted(0, "finding")).toBe("0 findings");
    expect(counted(1, "finding")).toBe("1 finding");
    expect(counted(1234, "line")).toBe("1,234 lines");
    expect(counted(2, "more finding", "more findings")).toBe("2 more findings");
  });
});

describe("text outputs with counts of one", () => {
  it("validate text: 1 file, 1 line, 1 session, 0 errors, 1 warning", async () => {
    const out = await run(["validate"], `${START}\n`);
    expect(out.trimEnd().split("\n").slice(-3)).toEqual([
      "Checked 1 file: 1 line — 1 valid, 0 invalid, 0 blank; 0 duplicates, 0 late; 1 session.",
      "Findings by code: incomplete-session 1.",
      "Valid: 0 errors, 1 warning.",
    ]);
  });

  it("validate text: 1 duplicate, 1 error, and 1 more finding not shown", async () => {
    // Line 5 (the START again) is a duplicate; line 6, the RING again with another call_id, a
    // conflicting-duplicate (an error, an invalid line); line 7, {}, missing-event.
    const conflicting = CALL.split("\n")[1]?.replace('"call_id":"c1"', '"call_id":"c9"');
    const out = await run(
      ["validate", "--max-errors", "1", "--rule", "incomplete-session=off"],
      `${CALL}\n${conflicting}\n{}\n`,
    );
    expect(out).toContain("... 1 more finding not shown (--max-errors)");
    expect(out).toContain(
      "Checked 1 file: 7 lines — 5 valid, 2 invalid, 0 blank; 1 duplicate, 0 late; 1 session.",
    );
    expect(out).toContain("Invalid: 2 errors, 0 warnings.");
  });

  it("validate github: the summary line", async () => {
    const out = await run(["validate", "--format", "github"], `${START}\n`);
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      "teltel-events validate: 1 line, 0 invalid, 0 errors, 1 warning",
    );
  });

  it("analyze table: 1 result, 1 call, 0 calls in other variants", async () => {
    const out = await run(["analyze", "--variants"], `${CALL}\n`);
    expect(out).toContain("RINGRESULT states (1 result)");
    expect(out).toMatch(/Trace variants \(top 1 of 1 over 1 call; 0 calls in other variants\)/);
  });
});
