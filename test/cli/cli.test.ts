// The CLI in-process: exit codes, one-line errors, stdin, --strict, -o, --schema, colour; report numbers by hand.
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const CLEAN = fixture("clean-day.ndjson");
const MIXED = fixture("mixed-day.ndjson");

type Stdin = Readable & { isTTY?: boolean };

interface Fake {
  io: CliIO;
  out: () => string;
  err: () => string;
  written: [string, string][];
}

/** Fake process edges; stdin is an interactive terminal unless one is given. */
function fake(
  options: { stdin?: Stdin; stdoutTTY?: boolean; env?: Record<string, string>; writeFails?: string } = {},
): Fake {
  const out: string[] = [];
  const err: string[] = [];
  const written: [string, string][] = [];
  const stdin: Stdin = options.stdin ?? Object.assign(Readable.from([]), { isTTY: true });
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (text: string) => err.push(text) },
    stdin,
    env: options.env ?? {},
    writeFile: async (path, text) => {
      if (options.writeFails !== undefined) {
        throw Object.assign(new Error("nope"), { code: options.writeFails });
      }
      written.push([path, text]);
    },
  };
  return { io, out: () => out.join(""), err: () => err.join(""), written };
}

function piped(...chunks: (string | Buffer)[]): Stdin {
  return Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
}

async function run(argv: string[], f: Fake = fake()): Promise<{ code: number; out: string; err: string }> {
  const code = await main(argv, f.io);
  return { code, out: f.out(), err: f.err() };
}

/** stderr is exactly one line, starting with the program name. */
function expectOneErrorLine(err: string): void {
  expect(err).toMatch(/^teltel-events: [^\n]+\n$/);
}

describe("help and version", () => {
  it("--help prints usage to stdout and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: teltel-events [options] [command]");
    expect(r.out).toContain("analyze [options] [files...]");
    expect(r.err).toBe("");
  });

  it("analyze --help lists the options and exits 0", async () => {
    const r = await run(["analyze", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "--format <format>",
      "--table <name>",
      "--output <file>",
      "--strict",
      "--schema <dir>",
      "--lateness <seconds>",
      "--max-problems <n>",
      "--max-line-bytes <n>",
    ]) {
      expect(r.out).toContain(flag);
    }
  });

  it("validate --help shows no default for --rule (there is none to show)", async () => {
    const r = await run(["validate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--rule <code=severity> +set one rule to off, warn or error \(repeatable\)\n/);
    expect(r.out).not.toContain("{}");
  });

  it("--version prints the package version and exits 0", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${pkg.version}\n`);
    expect(r.err).toBe("");
  });
});

describe("usage errors: exit 2 and one line on stderr", () => {
  it("unknown command", async () => {
    const r = await run(["bogus"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("teltel-events: unknown command 'bogus' (see --help)\n");
    expect(r.out).toBe("");
  });

  it("unknown flag", async () => {
    const r = await run(["analyze", "--bogus", CLEAN]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("teltel-events: unknown option '--bogus' (see --help)\n");
  });

  it("bad --format", async () => {
    const r = await run(["analyze", "--format", "xml", CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain("'xml' is invalid. Allowed choices are table, csv, json, html.");
  });

  it.each([["abc"], ["-5"], [""], ["Infinity"]])("bad --lateness %j", async (value) => {
    const r = await run(["analyze", `--lateness=${value}`, CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain("expected a number of seconds, 0 or more.");
    expect(r.out).toBe("");
  });

  it("bad --table", async () => {
    const r = await run(["analyze", "--format", "csv", "--table", "nope", CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
  });

  it("--table without --format csv", async () => {
    const r = await run(["analyze", "--table", "calls", CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toBe("teltel-events: --table only applies to --format csv.\n");
  });

  it.each([
    ["--max-line-bytes", "0", "expected a whole number above 0."],
    ["--max-problems", "-1", "expected a whole number, 0 or more."],
    ["--max-problems", "2.5", "expected a whole number, 0 or more."],
  ])("bad %s %s", async (flag, value, why) => {
    const r = await run(["analyze", `${flag}=${value}`, CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toContain(why);
  });
});

describe("input errors: exit 2 and one sentence", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "teltel-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a missing file", async () => {
    const missing = join(dir, "missing.ndjson");
    const r = await run(["analyze", CLEAN, missing]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`teltel-events: ${missing}: no such file.\n`);
    expect(r.out).toBe("");
  });

  it("a directory", async () => {
    const r = await run(["analyze", dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`teltel-events: ${dir}: is a directory, not an event dump.\n`);
  });

  it("no files while stdin is a terminal", async () => {
    const r = await run(["analyze"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("teltel-events: no input: give one or more dump files, or - to read stdin.\n");
  });

  it("a --schema directory without the schema", async () => {
    const r = await run(["analyze", "--schema", join(dir, "nowhere"), CLEAN]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `teltel-events: schema directory ${join(dir, "nowhere")} has no teltel-event.schema.json.\n`,
    );
  });

  it("a --schema that does not compile", async () => {
    const broken = join(dir, "broken");
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, "teltel-event.schema.json"), JSON.stringify({ type: "object", foo: 1 }));
    const r = await run(["analyze", "--schema", broken, CLEAN]);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.err).toMatch(/^teltel-events: the event schema does not compile: /);
    // With worker threads each worker compiles the schema; the first failure stops the run the same way.
    for (const command of ["analyze", "validate"]) {
      const threaded = await run([command, "--threads", "2", "--schema", broken, CLEAN]);
      expect(threaded.code).toBe(2);
      expect(threaded.err).toBe(r.err);
    }
  });

  it("corrupt gzip on stdin is an input-truncated problem, not a lost run", async () => {
    const gzip = () => piped(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
    const r = await run(["analyze", "-f", "json", "-"], fake({ stdin: gzip() }));
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const report = JSON.parse(r.out);
    expect(report.input.lines).toBe(0);
    // Nothing could be read: like validate, the report says no-events (after the problems of the lines).
    expect(report.problems).toEqual([
      expect.objectContaining({ code: "input-truncated", file: "<stdin>", line: 0 }),
      expect.objectContaining({ code: "no-events", file: "<stdin>", line: 0 }),
    ]);
    expect(report.problems[0].message).toMatch(/^the gzip data ends early .*; no line could be read$/);
    const v = await run(["validate", "-f", "json", "-"], fake({ stdin: gzip() }));
    expect(v.code).toBe(1);
    expect(JSON.parse(v.out).summary.findingsByCode).toEqual({ "input-truncated": 1, "no-events": 1 });
  });

  it("a report that cannot be written", async () => {
    const r = await run(
      ["analyze", "-o", "/out/report.json", "--format", "json", CLEAN],
      fake({ writeFails: "EACCES" }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "teltel-events: cannot write /out/report.json: permission denied in the folder /out.\n",
    );
  });
});

describe("the report of a small dump, by hand", () => {
  // mixed-day.ndjson: lines 1-9 are two complete sessions (sess-a: outbound, answered, sip 101 / u-7 hung up;
  // sess-b: inbound with epoch-second timestamps, NOANSWER, is_answered 0, phone hung up), line 10 is blank,
  // line 11 repeats line 2, line 12 is cut off after 22 characters.
  it("counts every line and every call", async () => {
    const r = await run(["analyze", "--format", "json", MIXED]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const report = JSON.parse(r.out);
    expect(report.input).toEqual({
      files: 1,
      fileNames: [MIXED],
      lines: 12,
      blank: 1,
      events: 9,
      invalid: 1,
      duplicates: 1,
      late: 0,
      // sess-b START is 1772442000 s = 09:00:00; the last event is sess-a COMPLETED at 09:02:00
      timeRange: { from: "2026-03-02T09:00:00.000Z", to: "2026-03-02T09:02:00.000Z" },
    });
    expect(report.settings).toEqual({
      latenessSeconds: 300,
      maxLineBytes: 1_048_576,
      maxSessionEvents: 10_000,
    });
    expect(report.sessions).toEqual({
      total: 2,
      complete: 2,
      incomplete: 0,
      missingStart: 0,
      missingCompleted: 0,
    });
    expect(report.calls).toEqual({
      total: 2,
      answered: 1,
      answerRate: 0.5,
      byDirection: {
        inbound: { total: 1, answered: 0, answerRate: 0 },
        outbound: { total: 1, answered: 1, answerRate: 1 },
      },
    });
    expect(report.hangupBy).toEqual({ phone: 1, sip: 1 });
    expect(report.topHangedValues).toEqual([
      { value: "101", count: 1, share: 0.5 },
      { value: "37120000000", count: 1, share: 0.5 },
    ]);
    expect(report.topHangedUsers).toEqual([{ value: "u-7", count: 1, share: 0.5 }]);
    expect(report.ringResults.ANSWER).toBe(1);
    expect(report.ringResults.NOANSWER).toBe(1);
    expect(report.ringResultsByDirection.inbound.NOANSWER).toBe(1);
    expect(report.ringResultsByDirection.outbound.ANSWER).toBe(1);
    expect(report.problems).toEqual([
      {
        code: "invalid-json",
        file: MIXED,
        line: 12,
        column: 23,
        message: "not valid JSON: the line ends before the JSON value does (truncated?)",
      },
    ]);
    expect(report.problemCounts).toEqual({ "invalid-json": 1 });
  });

  it("lists at most --max-problems problems but counts them all", async () => {
    const report = JSON.parse((await run(["analyze", "-f", "json", "--max-problems", "0", MIXED])).out);
    expect(report.problems).toEqual([]);
    expect(report.problemsOmitted).toBe(1);
    expect(report.problemCounts).toEqual({ "invalid-json": 1 });
  });

  it("writes one table as wide CSV", async () => {
    const r = await run(["analyze", "--format", "csv", "--table", "calls", MIXED]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      "direction,calls,answered,answer rate %\ninbound,1,0,0\noutbound,1,1,100\nall,2,1,50\n",
    );
  });

  it("numbers lines per file when given several", async () => {
    // MIXED on stdin, which keeps its place after the file named before it: CLEAN is read first.
    const stdin = Readable.from([readFileSync(MIXED)]);
    const report = JSON.parse((await run(["analyze", "-f", "json", CLEAN, "-"], fake({ stdin }))).out);
    // MIXED repeats the 9 events of CLEAN and line 2 once more: 10 duplicates. Its bad line is its own
    // line 12, not line 9 + 12 = 21 of the run.
    expect(report.input).toMatchObject({
      files: 2,
      fileNames: [CLEAN, "<stdin>"],
      lines: 21,
      events: 9,
      duplicates: 10,
    });
    expect(report.problems.map((p: { file: string; line: number }) => [p.file, p.line])).toEqual([
      ["<stdin>", 12],
    ]);
  });

  it("reads overlapping files in the order of the median of their first valid events", async () => {
    const report = JSON.parse((await run(["analyze", "-f", "json", CLEAN, MIXED])).out);
    // The median of MIXED's first valid events (09:00:01, the repeated line 2 among them) is earlier than
    // CLEAN's (09:00:09): MIXED is read first, and CLEAN's 9 lines are the duplicates.
    expect(report.input).toMatchObject({ fileNames: [MIXED, CLEAN], events: 9, duplicates: 10 });
  });
});

describe("stdin", () => {
  const text = readFileSync(CLEAN, "utf8");

  it("reads - from the given stream", async () => {
    const r = await run(
      ["analyze", "-f", "json", "-"],
      fake({ stdin: piped(text.slice(0, 100), text.slice(100)) }),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.input).toMatchObject({ files: 1, fileNames: ["<stdin>"], lines: 9, events: 9, invalid: 0 });
    expect(report.calls.total).toBe(2);
  });

  it("reads piped stdin when no files are given", async () => {
    const r = await run(["analyze", "-f", "json"], fake({ stdin: piped(text) }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).input.fileNames).toEqual(["<stdin>"]);
  });

  it("gunzips gzip on stdin", async () => {
    const r = await run(["analyze", "-f", "json", "-"], fake({ stdin: piped(gzipSync(text)) }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).input).toMatchObject({ lines: 9, events: 9 });
  });
});

describe("--strict", () => {
  it("exits 1 when a line is invalid, and still prints the report", async () => {
    const r = await run(["analyze", "--strict", "-f", "json", MIXED]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).input.invalid).toBe(1);
    // The report may go to a file: stderr says why the exit is 1 (it said nothing).
    expect(r.err).toBe(
      `teltel-events: --strict: 1 invalid line, the first at ${MIXED}:12 (invalid-json: a line is not valid JSON).\n`,
    );
  });

  it("exits 0 when every line is valid", async () => {
    expect((await run(["analyze", "--strict", CLEAN])).code).toBe(0);
  });

  it("exits 0 for invalid lines without --strict", async () => {
    expect((await run(["analyze", MIXED])).code).toBe(0);
  });

  it("does not count duplicates or blank lines as invalid", async () => {
    const r = await run(
      ["analyze", "--strict", "-"],
      fake({ stdin: piped(`${readFileSync(CLEAN, "utf8")}\n\n`) }),
    );
    expect(r.code).toBe(0);
  });
});

describe("-o and colour", () => {
  it("-o writes the report through io.writeFile and nothing to stdout", async () => {
    const f = fake({ stdoutTTY: true });
    const r = await run(["analyze", "-o", "report.json", "-f", "json", CLEAN], f);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(f.written).toHaveLength(1);
    expect(f.written[0]?.[0]).toBe("report.json");
    expect(JSON.parse(f.written[0]?.[1] ?? "").calls.total).toBe(2);
  });

  it("-o writes a table without colour even when stdout is a terminal", async () => {
    const f = fake({ stdoutTTY: true, env: { FORCE_COLOR: "1" } });
    await run(["analyze", "-o", "report.txt", CLEAN], f);
    expect(f.written[0]?.[1]).toContain("Calls (complete sessions)");
    expect(f.written[0]?.[1]).not.toContain("\u001b");
  });

  it("colours the table on a terminal", async () => {
    const r = await run(["analyze", CLEAN], fake({ stdoutTTY: true }));
    expect(r.out).toContain("\u001b[");
  });

  it("does not colour when stdout is not a terminal", async () => {
    const r = await run(["analyze", CLEAN], fake({ stdoutTTY: false }));
    expect(r.out).toContain("Calls (complete sessions)");
    expect(r.out).not.toContain("\u001b");
  });

  it("NO_COLOR wins over a terminal, FORCE_COLOR over a pipe", async () => {
    expect(
      (await run(["analyze", CLEAN], fake({ stdoutTTY: true, env: { NO_COLOR: "1" } }))).out,
    ).not.toContain("\u001b");
    expect(
      (await run(["analyze", CLEAN], fake({ stdoutTTY: false, env: { FORCE_COLOR: "1" } }))).out,
    ).toContain("\u001b[");
  });

  it("never colours CSV or JSON", async () => {
    const f = () => fake({ stdoutTTY: true, env: { FORCE_COLOR: "1" } });
    expect((await run(["analyze", "-f", "csv", CLEAN], f())).out).not.toContain("\u001b");
    expect((await run(["analyze", "-f", "json", CLEAN], f())).out).not.toContain("\u001b");
  });
});
