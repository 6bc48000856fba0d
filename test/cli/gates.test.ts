// The CLI in-process with gates and a baseline: exit codes 0/1/2, usage errors before any input is read, the
// gates file, the baseline refused on other settings (or accepted with --baseline-any), GitHub annotations.
// Figures of samples/mixed-day.ndjson are those counted by hand in samples/README.md: 37 calls, 19 answered.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";

const MIXED = fileURLToPath(new URL("../../samples/mixed-day.ndjson", import.meta.url));
const MISSING = "/nonexistent/dump.ndjson";

interface Run {
  code: number;
  out: string;
  err: string;
  stdinRead: boolean;
}

/** Runs main in-process; stdin is a pipe that records whether anything read it. */
async function run(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let stdinRead = false;
  const stdin = Object.assign(
    new Readable({
      read() {
        stdinRead = true;
        this.push(null);
      },
    }),
    { isTTY: false },
  );
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text) },
    stdin,
    env: {},
    writeFile: async () => {},
  };
  const code = await main(argv, io);
  return { code, out: out.join(""), err: err.join(""), stdinRead };
}

function expectOneErrorLine(err: string): void {
  expect(err).toMatch(/^teltel-events: [^\n]+\n$/);
}

interface JsonReport {
  gates?: {
    expr: string;
    status: string;
    value: number | null;
    groups?: { key: string | null; status: string }[];
  }[];
  baseline?: {
    settingsMatch: boolean;
    differences: { setting: string; current: unknown; baseline: unknown }[];
  };
  delta?: { metric: string; change: number | null }[];
  breakdowns: { by: string }[];
}

let dir = "";
let baselineFile = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "teltel-gates-"));
  const made = await run(["analyze", "-f", "json", MIXED]);
  baselineFile = join(dir, "baseline.json");
  await writeFile(baselineFile, made.out);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("exit codes", () => {
  it("is 1 when an error-level gate fails, 0 when it holds", async () => {
    // ASR = 19/37 = 51.4 %.
    expect((await run(["analyze", MIXED, "--fail-if", "asr < 60%"])).code).toBe(1);
    expect((await run(["analyze", MIXED, "--fail-if", "asr < 50%"])).code).toBe(0);
    expect((await run(["analyze", MIXED, "--fail-if", "asr > 50%"])).code).toBe(1);
  });

  it("is 0 when only a warning fails, and 1 when any of several error gates fails", async () => {
    expect((await run(["analyze", MIXED, "--warn-if", "asr < 60%"])).code).toBe(0);
    const r = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--fail-if",
      "asr < 50%",
      "--fail-if",
      "calls != 37",
    ]);
    expect(r.code).toBe(0);
    const both = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--fail-if",
      "asr < 60%",
      "--fail-if",
      "calls == 37",
    ]);
    expect(both.code).toBe(1);
    // Every gate is evaluated and reported, not only the first breach.
    expect((JSON.parse(both.out) as JsonReport).gates?.map((g) => [g.expr, g.status])).toEqual([
      ["asr < 60%", "fail"],
      ["calls == 37", "fail"],
    ]);
  });

  it("is 0 for a skipped gate (n=0): reported, never a pass", async () => {
    // No inbound autodialer calls in the sample: the filter leaves nothing.
    const r = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--direction",
      "inbound",
      "--type",
      "autodialer",
      "--fail-if",
      "asr < 50%",
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as JsonReport).gates?.[0]).toMatchObject({ status: "skip", value: null, n: 0 });
  });

  it("keeps --strict's exit 1 when the gates pass", async () => {
    const broken = fileURLToPath(new URL("../../samples/broken-lines.ndjson", import.meta.url));
    expect((await run(["analyze", broken, "--strict", "--fail-if", "calls > 100"])).code).toBe(1);
    expect((await run(["analyze", broken, "--fail-if", "calls > 100"])).code).toBe(0);
    // broken-lines: 20 invalid lines of 46, 4 blank: invalid_share = 20/42 = 47.6 %.
    expect((await run(["analyze", broken, "--fail-if", "invalid_share > 47%"])).code).toBe(1);
    expect((await run(["analyze", broken, "--fail-if", "invalid_share > 48%"])).code).toBe(0);
  });
});

describe("usage errors: exit 2, one sentence, before any input is read", () => {
  it.each([
    ["asrr < 60%", 'unknown metric "asrr" (did you mean "asr"?)'],
    ["asr < 60 sec", 'unknown unit "sec" (did you mean "s"?)'],
    ["asr{operater:*} < 60%", 'unknown dimension "operater" (did you mean "operator"?)'],
    ["asr < baseline", "compares with the baseline: give --baseline FILE"],
    ["abandon_rate > 10", "write 'abandon_rate > 10%' or 'abandon_rate > 0.10'"],
    ["asr < baseline - 5", "write 'asr < baseline - 5pp' (percentage points) or 'asr < baseline - 0.05'"],
    ["asr < 1e400%", '"1e400" is too large a number'],
    ["asr{day:2026-02-30} < 60%", 'day "2026-02-30" is not a date of the calendar'],
  ])("%s", async (expr, message) => {
    // The input does not exist and stdin is a pipe: the gate is refused first, and nothing is read.
    for (const argv of [
      ["analyze", MISSING, "--fail-if", expr],
      ["analyze", "--warn-if", expr],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expectOneErrorLine(r.err);
      expect(r.err).toContain(message);
      expect(r.err).not.toContain(MISSING);
      expect(r.out).toBe("");
      expect(r.stdinRead).toBe(false);
    }
  });

  it("names the gate and the reason", async () => {
    const r = await run(["analyze", MIXED, "--fail-if", "asrr < 60%"]);
    expect(r.err).toBe(
      'teltel-events: --fail-if \'asrr < 60%\': unknown metric "asrr" (did you mean "asr"?) (the README lists them).\n',
    );
  });

  it.each([
    [["--table", "gates", "-f", "csv"], "--table gates needs a gate (--fail-if, --warn-if or --gates)."],
    [["--table", "delta", "-f", "csv"], "--table delta needs --baseline FILE."],
    [["--baseline-any"], "--baseline-any only applies with --baseline FILE."],
    [["--gates-format", "github"], "--gates-format needs a gate (--fail-if, --warn-if or --gates)."],
    [["--gates-format", "junit"], "'junit' is invalid"],
  ])("%j", async (flags, message) => {
    const r = await run(["analyze", MIXED, ...flags]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain(message);
  });
});

describe("--gates FILE", () => {
  it("reads error and warn gates from a JSON list (level defaults to error)", async () => {
    const file = join(dir, "gates.json");
    await writeFile(
      file,
      JSON.stringify([
        { expr: "asr < 60%", level: "warn" },
        { expr: "calls < 10" },
        { expr: "ner < 99%", level: "error" },
      ]),
    );
    const r = await run(["analyze", MIXED, "-f", "json", "--gates", file]);
    // NER = 57/60 = 95 % (README KPI table of the sample): the error-level gate fails.
    expect(r.code).toBe(1);
    const gates = (JSON.parse(r.out) as JsonReport).gates;
    expect(gates?.map((g) => [g.expr, g.status])).toEqual([
      ["asr < 60%", "fail"],
      ["calls < 10", "pass"],
      ["ner < 99%", "fail"],
    ]);
  });

  it.each([
    ["{ not json", "is not valid JSON"],
    ['{"expr": "asr < 1"}', "expected a JSON list"],
    ['["asr < 1"]', "entry 1: expected an object"],
    ['[{"expr": "asr < 1", "levle": "warn"}]', 'entry 1: unknown key "levle"'],
    ['[{"expr": "asr < 1", "level": "fatal"}]', '"level" must be "error" or "warn", not "fatal"'],
    ['[{"level": "warn"}]', 'entry 1: no "expr"'],
    ['[{"expr": 5}]', '"expr" must be a string'],
    ['[{"expr": "asr < 1"}, {"expr": "ner << 1"}]', "entry 2 'ner << 1': expected a number"],
    [
      '[{"expr": "abandon_rate > 10"}]',
      "entry 1 'abandon_rate > 10': abandon_rate is a rate and a bare number is a fraction 0..1, so 10 would be 1,000 %: write 'abandon_rate > 10%' or 'abandon_rate > 0.10'.",
    ],
  ])("refuses %s", async (content, message) => {
    const file = join(dir, "bad-gates.json");
    await writeFile(file, content);
    const r = await run(["analyze", MISSING, "--gates", file]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain(message);
  });

  it("refuses a missing gates file", async () => {
    const r = await run(["analyze", MIXED, "--gates", join(dir, "none.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: --gates ${join(dir, "none.json")}: cannot read it (no such file or directory).\n`,
    );
  });
});

describe("selectors", () => {
  it("adds the selector's dimension to the run's breakdowns, once", async () => {
    const r = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--by",
      "hour",
      "--warn-if",
      "asr{hour:*} < 50%",
      "--warn-if",
      "asr{operator:*} < 50%",
    ]);
    expect((JSON.parse(r.out) as JsonReport).breakdowns.map((b) => b.by)).toEqual(["hour", "operator"]);
  });
});

describe("--baseline", () => {
  it("compares a report with itself: zero deltas, exit 0", async () => {
    const r = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--baseline",
      baselineFile,
      "--fail-if",
      "asr < baseline",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.baseline).toMatchObject({ settingsMatch: true, differences: [] });
    expect(report.delta?.every((d) => d.change === 0 || d.change === null)).toBe(true);
    expect(report.delta?.find((d) => d.metric === "asr")?.change).toBe(0);
  });

  it("refuses a baseline made with other KPI settings, in one sentence, unless --baseline-any", async () => {
    const r = await run([
      "analyze",
      MIXED,
      "--sl-threshold",
      "30",
      "--direction",
      "inbound",
      "--baseline",
      baselineFile,
    ]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain(`--baseline ${baselineFile} was made with other settings`);
    expect(r.err).toContain("kpis.serviceLevelSeconds 20 there, 30 here");
    expect(r.err).toContain('filters.direction [] there, ["inbound"] here');
    const any = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--sl-threshold",
      "30",
      "--baseline",
      baselineFile,
      "--baseline-any",
    ]);
    expect(any.code).toBe(0);
    expect((JSON.parse(any.out) as JsonReport).baseline).toEqual(
      expect.objectContaining({
        settingsMatch: false,
        differences: [{ setting: "kpis.serviceLevelSeconds", current: 30, baseline: 20 }],
      }),
    );
  });

  it("refuses a baseline without the breakdown a selector compares with, unless --baseline-any", async () => {
    // The baseline was made without --by hour.
    const r = await run([
      "analyze",
      MISSING,
      "--fail-if",
      "asr{hour:*} < baseline - 5pp",
      "--baseline",
      baselineFile,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: the gate 'asr{hour:*} < baseline - 5pp' compares each hour with the baseline, but ${baselineFile} has no breakdown by hour: make the baseline with --by hour (or the same gates), or add --baseline-any.\n`,
    );
    // A fixed threshold needs no baseline groups.
    expect(
      (await run(["analyze", MIXED, "--fail-if", "asr{hour:*} < 10%", "--baseline", baselineFile])).code,
    ).toBe(0);
    const any = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--fail-if",
      "asr{hour:*} < baseline - 5pp",
      "--baseline",
      baselineFile,
      "--baseline-any",
    ]);
    expect(any.code).toBe(0);
    expect((JSON.parse(any.out) as JsonReport).gates?.[0]).toMatchObject({
      status: "skip",
      reason: "no-baseline",
    });
  });

  it("refuses a report of another version as unreadable, even with --baseline-any", async () => {
    // It was "made with other settings" and, with --baseline-any, read as if it were version 1.
    const file = join(dir, "v2.json");
    const made = await run(["analyze", "-f", "json", MIXED]);
    await writeFile(file, made.out.replace('"reportVersion": 1', '"reportVersion": 2'));
    for (const any of [[], ["--baseline-any"]]) {
      const r = await run(["analyze", MISSING, "--baseline", file, ...any]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        `teltel-events: --baseline ${file} is a report of a newer version (reportVersion 2), which this tool cannot read: it reads reportVersion 1; make both reports with the same teltel-events.\n`,
      );
    }
  });

  it("says a reportVersion written as a string is not the number 1 (it was called missing)", async () => {
    const file = join(dir, "v-string.json");
    const made = await run(["analyze", "-f", "json", MIXED]);
    await writeFile(file, made.out.replace('"reportVersion": 1', '"reportVersion": "1"'));
    const r = await run(["analyze", MISSING, "--baseline", file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: --baseline ${file} has reportVersion "1", a string, not the number 1 an \`analyze --format json\` report has.\n`,
    );
  });

  it("says a dump given as the baseline is a dump of events, not a report", async () => {
    const r = await run(["analyze", MISSING, "--baseline", MIXED]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: --baseline ${MIXED} looks like a dump of events (one JSON event per line), not a report: give the JSON that \`analyze --format json\` wrote.\n`,
    );
  });

  it("never quotes the file's text in a JSON error (the parser's message does)", async () => {
    const file = join(dir, "phone.json");
    await writeFile(file, '{"caller": +37120000000}');
    const r = await run(["analyze", MISSING, "--baseline", file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`teltel-events: --baseline ${file} is not valid JSON (Unexpected token '+').\n`);
  });

  it.each([
    ["not json", "is not valid JSON"],
    ["[1, 2]", "is not a JSON object"],
    ['{"valid": true, "summary": {}}', "has no reportVersion"],
  ])("refuses a file that is not a report: %s", async (content, message) => {
    const file = join(dir, "not-a-report.json");
    await writeFile(file, content);
    const r = await run(["analyze", MISSING, "--baseline", file]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain(message);
  });
});

describe("--gates-format github", () => {
  it("prints failed gates as workflow commands on stderr, one per failing group, escaped", async () => {
    const r = await run([
      "analyze",
      MIXED,
      "-f",
      "json",
      "--gates-format",
      "github",
      "--fail-if",
      "asr < 60%",
      "--warn-if",
      "asr{direction:*} < 50%",
      "--fail-if",
      "calls < 1",
    ]);
    expect(r.code).toBe(1);
    // stdout stays the JSON report.
    expect(() => JSON.parse(r.out)).not.toThrow();
    // ASR 19/37 = 51.4 %; by direction: inbound 10/14 = 71.4 % (holds), outbound 9/23 = 39.1 % (fails).
    expect(r.err).toBe(
      [
        "::error title=gate asr < 60%25::asr < 60%25: 51.4%25 (n=37)",
        "::warning title=gate asr{direction%3A*} < 50%25::asr{direction:*} < 50%25 for direction outbound: 39.1%25 (n=23)",
        "teltel-events analyze: 3 gates, 1 failed, 1 warning, 0 skipped",
        "",
      ].join("\n"),
    );
  });
});
