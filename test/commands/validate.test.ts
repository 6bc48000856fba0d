import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import { escapeGithubData, escapeGithubProperty } from "../../src/render/github.js";
import { escapeXml } from "../../src/render/junit.js";

const CLEAN = "test/fixtures/validate/clean.ndjson";
const BROKEN = "test/fixtures/validate/broken.ndjson";

/** Runs the CLI in-process and captures what it writes. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    env: {},
    writeFile: async () => {},
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Runs the CLI in-process with `input` on a piped stdin. */
async function runStdin(input: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => true },
    stdin: Object.assign(Readable.from([Buffer.from(input)]), { isTTY: false }),
    env: {},
    writeFile: async () => {},
  };
  const code = await main(argv, io);
  return { code, out };
}

// broken.ndjson, line by line:
// 1 START of X; 2 RING with direction "sideways" (bad-value); 3 truncated JSON (invalid-json, column 27 =
// one past its 26 characters); 4 RINGRESULT of X with call_id z and no RING (ringresult-without-ring);
// 5 COMPLETED of X; 6 START of Y, never completed (incomplete-session, a warning).
const BROKEN_FINDINGS = [
  { line: 2, code: "bad-value", severity: "error", pointer: "/direction" },
  { line: 3, code: "invalid-json", severity: "error", column: 27 },
  { line: 4, code: "ringresult-without-ring", severity: "error", sessionId: "X", eventId: "x4" },
  { line: 6, code: "incomplete-session", severity: "warning", sessionId: "Y" },
];

describe("validate", () => {
  it("passes a clean dump with exit 0 and a summary", async () => {
    const { code, out } = await run("validate", CLEAN);
    expect(code).toBe(0);
    expect(out).toContain("Checked 1 file: 16 lines — 16 valid, 0 invalid, 0 blank");
    expect(out).toContain("Valid: 0 errors, 0 warnings.");
  });

  it("reports every bad line with file:line[:col], severity and code, and exits 1", async () => {
    const { code, out } = await run("validate", BROKEN);
    expect(code).toBe(1);
    const findingLines = out.split("\n").filter((l) => l.startsWith(BROKEN));
    expect(findingLines.map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      [`${BROKEN}:2`, "error", "bad-value"],
      [`${BROKEN}:3:27`, "error", "invalid-json"],
      [`${BROKEN}:4`, "error", "ringresult-without-ring"],
      [`${BROKEN}:6`, "warning", "incomplete-session"],
    ]);
    expect(out).toContain("Invalid: 3 errors, 1 warning.");
  });

  it("json: the documented object with exact counts and findings", async () => {
    const { code, out } = await run("validate", "--format", "json", BROKEN);
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result.valid).toBe(false);
    // 6 lines: 4 valid (1, 4, 5, 6), 2 invalid (2, 3); sessions X and Y.
    expect(result.summary).toMatchObject({
      lines: 6,
      valid: 4,
      invalid: 2,
      blank: 0,
      sessions: 2,
      errors: 3,
      warnings: 1,
    });
    expect(result.summary.findingsByCode).toEqual({
      "bad-value": 1,
      "incomplete-session": 1,
      "invalid-json": 1,
      "ringresult-without-ring": 1,
    });
    expect(result.findings).toHaveLength(4);
    result.findings.forEach((finding: Record<string, unknown>, i: number) => {
      expect(finding).toMatchObject({ file: BROKEN, ...BROKEN_FINDINGS[i] });
    });
  });

  it("--strict turns the warning into an error; --rule tunes one rule", async () => {
    const strict = JSON.parse((await run("validate", "--format", "json", "--strict", BROKEN)).out);
    expect(strict.summary).toMatchObject({ errors: 4, warnings: 0 });
    const tuned = await run(
      "validate",
      "--format",
      "json",
      "--rule",
      "ringresult-without-ring=warn",
      "--rule",
      "incomplete-session=off",
      BROKEN,
    );
    expect(JSON.parse(tuned.out).summary).toMatchObject({ errors: 2, warnings: 1 });
    const onlyWarnings = await run(
      "validate",
      "--rule",
      "bad-value=warn",
      "--rule",
      "invalid-json=off",
      "--rule",
      "ringresult-without-ring=off",
      BROKEN,
    );
    // bad-value and incomplete-session are warnings now: the dump passes.
    expect(onlyWarnings.code).toBe(0);
  });

  it("rejects an unknown rule code or severity as a usage error", async () => {
    const unknown = await run("validate", "--rule", "no-such-rule=off", CLEAN);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^teltel-events: .*unknown rule code "no-such-rule"/);
    expect((await run("validate", "--rule", "bad-value=loud", CLEAN)).code).toBe(2);
  });

  it("--max-errors bounds the printed findings but not the counts; --quiet prints the summary only", async () => {
    const bounded = JSON.parse((await run("validate", "--format", "json", "--max-errors", "1", BROKEN)).out);
    expect(bounded.findings).toHaveLength(1);
    expect(bounded.findingsOmitted).toBe(3);
    expect(bounded.summary.errors + bounded.summary.warnings).toBe(4);
    const quiet = await run("validate", "--quiet", BROKEN);
    expect(quiet.out).not.toContain(`${BROKEN}:`);
    expect(quiet.out).toContain("Invalid: 3 errors, 1 warning.");
  });

  it("github: one workflow command per finding in GitHub's syntax", async () => {
    const { out } = await run("validate", "--format", "github", BROKEN);
    const commands = out.split("\n").filter((l) => l.startsWith("::"));
    expect(commands).toHaveLength(4);
    for (const line of commands) {
      expect(line).toMatch(/^::(error|warning) file=[^,:]+,line=\d+(,col=\d+)?,title=[a-z-]+::[^\r\n]+$/);
    }
    expect(commands[1]).toMatch(
      /^::error file=test\/fixtures\/validate\/broken\.ndjson,line=3,col=27,title=invalid-json::/,
    );
    expect(commands[3]).toMatch(/^::warning file=.*,line=6,title=incomplete-session::/);
  });

  it("github escaping: no value can start a workflow command of its own", () => {
    expect(escapeGithubData("50% done\r\n::add-mask::secret")).toBe("50%25 done%0D%0A::add-mask::secret");
    expect(escapeGithubProperty("a,b:c%")).toBe("a%2Cb%3Ac%25");
  });

  it("junit: well-formed XML, a testsuite per file, a testcase per rule, failures for errors", async () => {
    const { out } = await run("validate", "--format", "junit", BROKEN, CLEAN);
    expect(XMLValidator.validate(out)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(out);
    // Files are read in time order: CLEAN starts at 09:00, BROKEN at 10:00.
    const suites = [...doc.testsuites.testsuite].reverse();
    expect(suites.map((s: { name: string }) => s.name)).toEqual([BROKEN, CLEAN]);
    // Three rules failed in broken.ndjson (bad-value, invalid-json, ringresult-without-ring); none in clean.
    expect(suites[0].failures).toBe("3");
    expect(suites[1].failures).toBe("0");
    const failed = suites[0].testcase.filter((c: { failure?: unknown }) => c.failure !== undefined);
    expect(failed.map((c: { failure: { type: string } }) => c.failure.type)).toEqual([
      "invalid-json",
      "bad-value",
      "ringresult-without-ring",
    ]);
  });

  it("junit escaping keeps markup inert and drops characters XML forbids", () => {
    expect(escapeXml(`<a href="x">&'\u0000\u001b\ud800ok`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;ok");
  });

  it("join-without-ready is a warning: an outbound call whose calling SIP device joins without a READY passes", async () => {
    // samples/outbound-sip-to-phone.ndjson without line 2, the READY of sip 101, the device that placed the
    // call of session s-0302-1000-01: its JOIN (line 6 of the sample, line 5 here) has no READY before it.
    const lines = readFileSync("samples/outbound-sip-to-phone.ndjson", "utf8").split("\n");
    expect(lines[1]).toContain('"event":"READY"');
    expect(lines[1]).toContain('"subject_type":"sip","subject":"101"');
    lines.splice(1, 1);
    const { code, out } = await runStdin(lines.join("\n"), "validate", "--format", "json", "-");
    const result = JSON.parse(out);
    expect(result.findings).toMatchObject([
      { line: 5, code: "join-without-ready", severity: "warning", sessionId: "s-0302-1000-01" },
    ]);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(result.rules["join-without-ready"]).toBe("warning");
    expect(code).toBe(0);
  });

  it("a missing file is a usage error (exit 2), never a stack trace", async () => {
    const { code, err } = await run("validate", "test/fixtures/validate/none.ndjson");
    expect(code).toBe(2);
    expect(err).toBe("teltel-events: test/fixtures/validate/none.ndjson: no such file.\n");
  });
});
