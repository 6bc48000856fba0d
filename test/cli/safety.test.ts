// Output safety, unit by unit: escaping for terminals, JSON, CSV (--excel-safe), GitHub and JUnit.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ValidateResult, validate } from "../../src/commands/validate.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { csvText, excelSafeCell } from "../../src/render/csv.js";
import { escapeControls, escapeLoneSurrogates, toSafeJson } from "../../src/render/escape.js";
import { renderFindingsGithub } from "../../src/render/github.js";
import { renderFindingsJunit } from "../../src/render/junit.js";
import { isRuleCode, RULES } from "../../src/rules.js";
import { expectGithubCommands, expectWellFormedXml, loneSurrogatesIn } from "../support/safety.js";

describe("escapeControls: what a terminal must never receive raw", () => {
  it.each([
    ["\ud800", "\\ud800"],
    ["a\udc00b", "a\\udc00b"],
    ["\udbff\ud800", "\\udbff\\ud800"],
    ["😀 stays (a surrogate pair)", "😀 stays (a surrogate pair)"],
    ["\uffff\ufffe", "\\uffff\\ufffe"],
    ["\u061c\u180e\ufff9", "\\u061c\\u180e\\ufff9"],
    ["\u001b]8;;http://x\u001b\\", "\\x1b]8;;http://x\\x1b\\"],
  ])("escapes %j as %j", (raw, shown) => {
    expect(escapeControls(raw)).toBe(shown);
  });
});

describe("toSafeJson", () => {
  it("writes what JSON.stringify leaves raw as \\u escapes, and parses back to the same value", () => {
    const value = { v: "\u001b\u007f\u009b\u202e\u2028\u2029\ufeff\uffff ok é 😀" };
    const text = toSafeJson(value);
    expect(text).toBe('{"v":"\\u001b\\u007f\\u009b\\u202e\\u2028\\u2029\\ufeff\\uffff ok é 😀"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("is I-JSON: a lone surrogate, in a value or a key, becomes U+FFFD; pairs and escaped backslashes stay", () => {
    const value = {
      v: "a\ud800b\udc00c\udbff\ud800 😀",
      "k\udfff": 1,
      // A backslash followed by the text "ud800" is no surrogate, nor is "\\" before a real one.
      text: "\\ud800 \\\udc01",
    };
    const text = toSafeJson(value);
    expect(text).toBe(
      '{"v":"a\\ufffdb\\ufffdc\\ufffd\\ufffd 😀","k\\ufffd":1,"text":"\\\\ud800 \\\\\\ufffd"}',
    );
    expect(JSON.parse(text)).toEqual({
      v: "a\ufffdb\ufffdc\ufffd\ufffd 😀",
      "k\ufffd": 1,
      text: "\\ud800 \\\ufffd",
    });
    expect(loneSurrogatesIn(text)).toEqual([]);
  });

  it("indents like JSON.stringify", () => {
    expect(toSafeJson({ a: [1] }, 2)).toBe(JSON.stringify({ a: [1] }, null, 2));
  });
});

describe("escapeLoneSurrogates", () => {
  it("shows only unpaired surrogates", () => {
    expect(escapeLoneSurrogates("a\ud800b\udc00c😀\u001b")).toBe("a\\ud800b\\udc00c😀\u001b");
  });
});

describe("excelSafeCell", () => {
  it.each([
    ["+37120000001", "'+37120000001"],
    ["=1+1", "'=1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1", "'\t=1"],
    ["\tplain", "'\tplain"],
    ["\r=1", "'\r=1"],
    ["\rplain", "'\rplain"],
    ["  =1", "'  =1"],
    ["\n=1", "'\n=1"],
    ["\uff1d1+1", "'\uff1d1+1"],
    ["\uff0b371", "'\uff0b371"],
    ["\uff20SUM(1)", "'\uff20SUM(1)"],
  ])("neutralises %j as %j", (cell, safe) => {
    expect(excelSafeCell(cell)).toBe(safe);
  });

  it.each(["", "ANSWER", "37120000001", "1+1", "a=b", " plain", "__proto__", "'quoted", "\u001b[31m"])(
    "leaves %j alone",
    (cell) => {
      expect(excelSafeCell(cell)).toBe(cell);
    },
  );
});

describe("csvText", () => {
  it("is exact for a pipe, escaped for a terminal, then formula-guarded", () => {
    const value = "=\u001b[2J\r\n\ud800";
    expect(csvText(value)).toBe("=\u001b[2J\r\n\\ud800");
    expect(csvText(value, { terminal: true })).toBe("=\\x1b[2J\\x0d\\x0a\\ud800");
    expect(csvText(value, { excelSafe: true })).toBe("'=\u001b[2J\r\n\\ud800");
    expect(csvText(value, { excelSafe: true, terminal: true })).toBe("'=\\x1b[2J\\x0d\\x0a\\ud800");
    // A tab shown escaped on a terminal no longer starts a formula.
    expect(csvText("\t1", { excelSafe: true, terminal: true })).toBe("\\x091");
  });
});

function result(message: string, file = "d.ndjson"): ValidateResult {
  return {
    resultVersion: 1,
    valid: false,
    summary: {
      files: 1,
      fileNames: [file],
      lines: 1,
      blank: 0,
      valid: 0,
      invalid: 1,
      duplicates: 0,
      late: 0,
      sessions: 0,
      errors: 1,
      warnings: 0,
      findingsByCode: { "bad-value": 1 },
      findingsByFile: { [file]: { "bad-value": 1 } },
    },
    findings: [{ file, line: 1, severity: "error", code: "bad-value", message }],
    findingsOmitted: 0,
    rules: { "bad-value": "error" },
  };
}

describe("github and junit renderers", () => {
  const hostile = "x\u001b]0;t\u0007\r\n::error::forged %0A \u009b \u202e \ud800 ]]></failure>";

  it("github: one line per finding, controls visible, % CR LF escaped", () => {
    const out = renderFindingsGithub(result(hostile, "a,b:c\n.ndjson"));
    expectGithubCommands(out, 1);
    expect(out.split("\n")[0]).toBe(
      "::error file=a%2Cb%3Ac\\x0a.ndjson,line=1,title=bad-value::x\\x1b]0;t\\x07\\x0d\\x0a::error::forged %250A \\x9b \\u202e \\ud800 ]]></failure>",
    );
  });

  it("junit: markup escaped and controls visible, so the XML stays well formed", () => {
    const out = renderFindingsJunit(result(hostile), {
      startedAt: Date.parse("2026-03-02T09:00:00Z"),
      seconds: 0,
    });
    expectWellFormedXml(out);
    expect(out).toContain(
      "d.ndjson:1 x\\x1b]0;t\\x07\\x0d\\x0a::error::forged %0A \\x9b \\u202e \\ud800 ]]&gt;&lt;/failure&gt;</failure>",
    );
  });
});

describe("invalid-utf8 is a rule like the others", () => {
  it("is known, an error by default, and can be turned off without the line becoming valid", async () => {
    expect(isRuleCode("invalid-utf8")).toBe(true);
    expect(RULES["invalid-utf8"]?.severity).toBe("error");
    const schema = fileURLToPath(new URL("../../schemas/teltel-event.schema.json", import.meta.url));
    const validator = createEventValidator(
      JSON.parse(readFileSync(schema, "utf8")) as Record<string, unknown>,
    );
    const run = (rules: Record<string, "off" | "warning" | "error">) =>
      validate([{ name: "u.ndjson", open: () => Readable.from([Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]) }], {
        validator,
        maxLineBytes: 1024,
        sessionize: DEFAULT_SESSIONIZE_OPTIONS,
        lifecycle: { maxCallMs: 86_400_000 },
        maxFindings: 10,
        rules,
        strict: false,
        // The file's one line is invalid: without this, no-events would join the finding this test is about.
        allowEmpty: true,
      });
    const on = await run({});
    expect(on.findings.map((f) => [f.line, f.column, f.code, f.severity])).toEqual([
      [1, 2, "invalid-utf8", "error"],
    ]);
    expect(on.findings[0]?.message).toBe(
      "line is not valid UTF-8: byte 0xff at byte offset 1 starts no valid character (was the dump written in another encoding?)",
    );
    const off = await run({ "invalid-utf8": "off" });
    expect(off.findings).toEqual([]);
    expect(off.valid).toBe(true);
    expect(off.summary).toMatchObject({ lines: 1, invalid: 1, valid: 0 });
  });
});
