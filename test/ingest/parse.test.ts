// Parsing stage: blank lines, JSON objects, and invalid lines with a code, a plain message and a column.
import { describe, expect, it } from "vitest";
import { parseLine } from "../../src/ingest/parse.js";

const raw = (text: string | null, line = 7, bytes = text === null ? 0 : Buffer.byteLength(text)) => ({
  line,
  text,
  bytes,
});

describe("parseLine: blank lines", () => {
  it.each([
    ["empty", ""],
    ["spaces", "    "],
    ["tabs", "\t\t"],
    ["mixed spaces and tabs", " \t \t "],
    ["a stray CR", "\r"],
    ["a BOM on a later line", "\uFEFF"],
  ])("treats %s as blank", (_name, text) => {
    expect(parseLine("a.ndjson", raw(text))).toEqual({ kind: "blank" });
  });
});

describe("parseLine: objects", () => {
  it("returns the parsed object", () => {
    expect(parseLine("a.ndjson", raw('{"event":"START","n":1,"nested":{"x":[1,2]}}'))).toEqual({
      kind: "object",
      value: { event: "START", n: 1, nested: { x: [1, 2] } },
    });
  });

  it("accepts surrounding whitespace", () => {
    expect(parseLine("a.ndjson", raw('  {"a":1}\t'))).toEqual({ kind: "object", value: { a: 1 } });
  });

  it("accepts an empty object (the schema judges it later)", () => {
    expect(parseLine("a.ndjson", raw("{}"))).toEqual({ kind: "object", value: {} });
  });
});

describe("parseLine: invalid JSON", () => {
  it("reports a trailing comma with the 1-based column V8 points at", () => {
    // V8: position 7 (the "}" after the comma), so column 8.
    expect(parseLine("a.ndjson", raw('{"a":1,}', 3))).toEqual({
      kind: "invalid",
      problem: {
        code: "invalid-json",
        file: "a.ndjson",
        line: 3,
        column: 8,
        message: "not valid JSON: expected double-quoted property name at column 8",
      },
    });
  });

  it("reports an unquoted property name at column 2", () => {
    const parsed = parseLine("a.ndjson", raw("{a:1}"));
    expect(parsed).toEqual({
      kind: "invalid",
      problem: {
        code: "invalid-json",
        file: "a.ndjson",
        line: 7,
        column: 2,
        message: "not valid JSON: expected property name or '}' at column 2",
      },
    });
  });

  it("reports a missing comma between properties", () => {
    // '{"id":"1"  "b":2}': the second '"' of "b" is at index 11 -> column 12
    const parsed = parseLine("a.ndjson", raw('{"id":"1"  "b":2}'));
    expect(parsed.kind === "invalid" && parsed.problem.column).toBe(12);
    expect(parsed.kind === "invalid" && parsed.problem.message).toBe(
      "not valid JSON: expected ',' or '}' after property value at column 12",
    );
  });

  it("reports text after the object as invalid JSON", () => {
    // Two events run together on one line (a lost newline).
    const parsed = parseLine("a.ndjson", raw('{"a":1}{"b":2}'));
    // The second "{" is the 8th character: V8's position 7, 1-based column 8.
    expect(parsed).toMatchObject({ kind: "invalid", problem: { code: "invalid-json", line: 7, column: 8 } });
    expect(parsed.kind === "invalid" && parsed.problem.message).toBe(
      "not valid JSON: unexpected non-whitespace character after the JSON value at column 8",
    );
  });

  it("never echoes a long line, even when V8 shortens its copy with ...", () => {
    const secret = "s".repeat(100);
    for (const text of [`{"a": x, "secret": "${secret}"}`, `{"b":"${secret}","a": x}`]) {
      const parsed = parseLine("a.ndjson", raw(text));
      expect(parsed.kind === "invalid" && parsed.problem.message).toBe(
        "not valid JSON: unexpected token 'x'",
      );
    }
  });

  it("names an unexpected token without echoing the line, and gives no column where V8 gives none", () => {
    const parsed = parseLine("a.ndjson", raw('{"a": x}'));
    expect(parsed).toEqual({
      kind: "invalid",
      problem: {
        code: "invalid-json",
        file: "a.ndjson",
        line: 7,
        message: "not valid JSON: unexpected token 'x'",
      },
    });
    expect(parsed.kind === "invalid" && parsed.problem.column).toBeUndefined();
  });

  it("reports truncated JSON with the column just past the end", () => {
    // '{"id":"e1","event":' is 19 characters, so column 20
    const text = '{"id":"e1","event":';
    expect(text.length).toBe(19);
    expect(parseLine("cut.ndjson", raw(text, 12))).toEqual({
      kind: "invalid",
      problem: {
        code: "invalid-json",
        file: "cut.ndjson",
        line: 12,
        column: 20,
        message: "not valid JSON: the line ends before the JSON value does (truncated?)",
      },
    });
  });

  it("reports an unterminated string", () => {
    // '{"a":"b' : V8 says position 7 (the end) -> column 8
    const parsed = parseLine("a.ndjson", raw('{"a":"b'));
    expect(parsed).toMatchObject({ kind: "invalid", problem: { code: "invalid-json", column: 8 } });
  });
});

describe("parseLine: JSON that is not an object", () => {
  it.each([
    ["[1,2]", "line is a JSON array, not an event object"],
    ["[]", "line is a JSON array, not an event object"],
    ["42", "line is a JSON number, not an event object"],
    ['"START"', "line is a JSON string, not an event object"],
    ["true", "line is a JSON boolean, not an event object"],
    ["null", "line is JSON null, not an event object"],
  ])("rejects %s", (text, message) => {
    expect(parseLine("a.ndjson", raw(text, 4))).toEqual({
      kind: "invalid",
      problem: { code: "not-an-object", file: "a.ndjson", line: 4, message },
    });
  });
});

describe("parseLine: lines over the limit", () => {
  it("reports the byte count of a line the reader did not keep", () => {
    expect(parseLine("big.ndjson", { line: 9, text: null, bytes: 2_000_001 })).toEqual({
      kind: "invalid",
      problem: {
        code: "line-too-long",
        file: "big.ndjson",
        line: 9,
        message: "line is 2000001 bytes, over the --max-line-bytes limit",
      },
    });
  });
});

describe("parseLine: unpaired surrogates", () => {
  const warningOf = (text: string) => {
    const parsed = parseLine("a.ndjson", raw(text, 3));
    expect(parsed.kind).toBe("object");
    return parsed.kind === "object" ? parsed.warning : undefined;
  };

  it("warns once for a line whose value holds one; the object is returned as parsed", () => {
    const parsed = parseLine("a.ndjson", raw('{"data":{"list":["ok","x\\ud800"]},"b":"\\udc00"}', 3));
    expect(parsed).toEqual({
      kind: "object",
      value: { data: { list: ["ok", "x\ud800"] }, b: "\udc00" },
      warning: {
        code: "unpaired-surrogate",
        file: "a.ndjson",
        line: 3,
        pointer: "/data/list/1",
        message:
          'the value of "data.list.1" holds an unpaired surrogate \\ud800, which no UTF-8 text can hold; JSON outputs write U+FFFD in its place',
      },
    });
  });

  it("finds one in a key, upper-case escapes too", () => {
    expect(warningOf('{"a/b":{"k\\uDFFF":1}}')).toMatchObject({
      pointer: "/a~1b/k\udfff",
      message: expect.stringMatching(/^the key "a\/b\.k\udfff" holds an unpaired surrogate \\udfff/),
    });
  });

  it("no warning for a pair, an escaped backslash before the text ud800, or a non-surrogate escape", () => {
    expect(warningOf('{"a":"\\ud83d\\ude00","b":"\\\\ud800","c":"\\u00e9\\ud7ff\\ue000"}')).toBeUndefined();
  });

  it("walks a line nested 100,000 deep without overflowing the stack", () => {
    const depth = 100_000;
    const text = `{"a":${"[".repeat(depth)}"\\ud800"${"]".repeat(depth)}}`;
    expect(warningOf(text)?.pointer).toBe(`/a${"/0".repeat(depth)}`);
  });
});
