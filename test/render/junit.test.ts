// JUnit XML of validate against a real consumer's schema: the Jenkins xunit plugin's junit-10.xsd
// (test/fixtures/junit/, MIT, see its licence file there), checked with xmllint (Debian's libxml2-utils).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type CliIO, main } from "../../src/cli.js";
import type { ValidateResult } from "../../src/commands/validate.js";
import { renderFindingsJunit } from "../../src/render/junit.js";

const XSD = "test/fixtures/junit/junit-10.xsd";
const CLEAN = "test/fixtures/validate/clean.ndjson";
const BROKEN = "test/fixtures/validate/broken.ndjson";
const HOSTILE = "samples/hostile.ndjson";
const RUN = { startedAt: Date.parse("2026-03-02T09:15:07.250Z"), seconds: 1.5 };

/** Runs the CLI in-process on `argv` (stdin: `input`) and captures what it writes. */
async function run(argv: string[], input = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from([Buffer.from(input)]),
    env: {},
    writeFile: async () => {},
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The validate result of `files`, as its JSON output gives it. */
async function resultOf(...files: string[]): Promise<ValidateResult> {
  return JSON.parse((await run(["validate", "--format", "json", "--threads", "1", ...files])).out);
}

/** xmllint's verdict on an XML text against junit-10.xsd: exit 0 and "- validates" when valid. */
function xmllint(xml: string): { status: number | null; stderr: string } {
  const result = spawnSync("xmllint", ["--noout", "--schema", XSD, "-"], { input: xml, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stderr: result.stderr };
}

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name, _path, _leaf, isAttribute) =>
      !isAttribute && (name === "testsuite" || name === "testcase"),
  }).parse(xml);

describe("JUnit XML against the Jenkins xunit JUnit schema (xmllint)", () => {
  it("the schema is the plugin's, with its MIT licence header, and xmllint does refuse what it forbids", () => {
    expect(readFileSync(XSD, "utf8")).toContain(
      "The MIT License (MIT)\n\nCopyright (c) 2014, Gregory Boissinot",
    );
    const xml = renderFindingsJunit({ ...EMPTY }, RUN);
    expect(xmllint(xml)).toEqual({ status: 0, stderr: "- validates\n" });
    // A timestamp on <testsuites>, a time that is no number, a testsuite without its name: all refused.
    for (const broken of [
      xml.replace("<testsuites ", '<testsuites timestamp="2026-03-02T09:15:07" '),
      xml.replace('time="1.500"', 'time="NaN"'),
      xml.replace('<testsuite name="a.ndjson" ', "<testsuite "),
    ]) {
      expect(broken).not.toBe(xml);
      expect(xmllint(broken).status).not.toBe(0);
    }
  });

  it.each([
    ["a clean file", [CLEAN]],
    ["failures and warnings in two files", [BROKEN, CLEAN]],
    ["the hostile sample (markup, controls, lone surrogates)", [HOSTILE]],
  ])("%s: valid against junit-10.xsd", async (_, files) => {
    const { out, code } = await run(["validate", "--format", "junit", ...files]);
    expect([0, 1]).toContain(code);
    expect(xmllint(out)).toEqual({ status: 0, stderr: "- validates\n" });
  });

  it("time on <testsuites>, <testsuite> and <testcase>; timestamp (UTC, no zone) on <testsuite>", async () => {
    const doc = parse(renderFindingsJunit(await resultOf(BROKEN, CLEAN), RUN));
    expect(doc.testsuites.time).toBe("1.500");
    expect(doc.testsuites.timestamp).toBeUndefined();
    expect(
      doc.testsuites.testsuite.map((s: Record<string, string>) => [s.name, s.time, s.timestamp]),
    ).toEqual([
      // Files are read in time order: CLEAN starts at 09:00, BROKEN at 10:00.
      [CLEAN, "0", "2026-03-02T09:15:07"],
      [BROKEN, "0", "2026-03-02T09:15:07"],
    ]);
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: { time: string }[] }) => s.testcase);
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c: { time: string }) => c.time === "0")).toBe(true);
  });

  it("the CLI writes the run's own start and duration", async () => {
    const before = Date.now();
    const { out } = await run(["validate", "--format", "junit", CLEAN]);
    const after = Date.now();
    const doc = parse(out);
    const started = Date.parse(`${doc.testsuites.testsuite[0].timestamp}Z`);
    // The timestamp has whole seconds.
    expect(started).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(started).toBeLessThanOrEqual(after);
    expect(doc.testsuites.time).toMatch(/^\d+\.\d{3}$/);
    expect(Number(doc.testsuites.time)).toBeLessThanOrEqual((after - before) / 1000 + 0.001);
  });

  it('"1 finding" and "1 warning", "2 findings" and "2 warnings"', async () => {
    // broken.ndjson: one finding of each failing rule; one incomplete session (Y, line 6).
    const one = renderFindingsJunit(await resultOf(BROKEN), RUN);
    expect(one).toContain('<failure type="invalid-json" message="1 finding">');
    expect(one).toContain("<system-out>1 warning\n");
    // The same lines twice (sessions X and Y again, as X2 and Y2): two of each.
    const twice = readFileSync(BROKEN, "utf8")
      .replace(/"X"/g, '"X2"')
      .replace(/"Y"/g, '"Y2"')
      .replace(/"id":"/g, '"id":"2');
    const result = JSON.parse(
      (await run(["validate", "--format", "json", "-"], readFileSync(BROKEN, "utf8") + twice)).out,
    );
    const two = renderFindingsJunit(result, RUN);
    expect(two).toContain('<failure type="invalid-json" message="2 findings">');
    expect(two).toContain("<system-out>2 warnings\n");
    expect(xmllint(two).status).toBe(0);
  });
});

/** A result with one file and no finding. */
const EMPTY: ValidateResult = {
  resultVersion: 1,
  valid: true,
  summary: {
    files: 1,
    fileNames: ["a.ndjson"],
    lines: 0,
    blank: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    late: 0,
    sessions: 0,
    errors: 0,
    warnings: 0,
    findingsByCode: {},
    findingsByFile: {},
  },
  findings: [],
  findingsOmitted: 0,
  rules: { "invalid-json": "error" },
} as ValidateResult;
