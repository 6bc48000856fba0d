// Parsing stage: one raw line becomes a JSON object, a blank, or an invalid-line problem.
import type { Problem } from "../types.js";
import type { RawLine } from "./read.js";
import { findLoneSurrogate } from "./surrogates.js";

/** What one line turned out to be; an object holding an unpaired surrogate comes with that warning. */
export type ParsedLine =
  | { kind: "blank" }
  | { kind: "object"; value: Record<string, unknown>; warning?: Problem }
  | { kind: "invalid"; problem: Problem };

/** Parses one line as a JSON object; never throws. */
export function parseLine(file: string, raw: RawLine): ParsedLine {
  const { text, line } = raw;
  if (text === null) {
    return invalid(
      file,
      line,
      "line-too-long",
      `line is ${raw.bytes} bytes, over the --max-line-bytes limit`,
    );
  }
  const bad = raw.utf8Error;
  if (bad !== undefined) {
    // Decoding would silently turn the bad bytes into U+FFFD and change the values they are in.
    const byte = `0x${bad.byte.toString(16).padStart(2, "0")}`;
    return {
      kind: "invalid",
      problem: {
        code: "invalid-utf8",
        file,
        line,
        column: bad.column,
        message: `line is not valid UTF-8: byte ${byte} at byte offset ${bad.offset} starts no valid character (was the dump written in another encoding?)`,
      },
    };
  }
  if (isBlank(text)) return { kind: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { reason, column } = describeSyntaxError(text, error as Error);
    return { kind: "invalid", problem: { code: "invalid-json", file, line, column, message: reason } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return invalid(file, line, "not-an-object", `line is ${jsonKind(value)}, not an event object`);
  }
  const object = value as Record<string, unknown>;
  const lone = findLoneSurrogate(text, object);
  if (lone === undefined) return { kind: "object", value: object };
  const where = lone.pointer.slice(1).replace(/\//g, ".").replace(/~1/g, "/").replace(/~0/g, "~");
  const unit = `\\u${lone.codeUnit.toString(16)}`;
  const warning: Problem = {
    code: "unpaired-surrogate",
    file,
    line,
    pointer: lone.pointer,
    message: `${lone.inKey ? "the key" : "the value of"} "${where}" holds an unpaired surrogate ${unit}, which no UTF-8 text can hold; JSON outputs write U+FFFD in its place`,
  };
  return { kind: "object", value: object, warning };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a && c !== 0xfeff) return false;
  }
  return true;
}

function invalid(file: string, line: number, code: string, message: string): ParsedLine {
  return { kind: "invalid", problem: { code, file, line, message } };
}

function jsonKind(value: unknown): string {
  if (value === null) return "JSON null";
  if (Array.isArray(value)) return "a JSON array";
  return `a JSON ${typeof value}`;
}

/** A syntax error in V8's words, without echoing the line, and its 1-based column where V8 reports a position. */
function describeSyntaxError(text: string, error: Error): { reason: string; column?: number } {
  const message = error.message;
  const position = / (?:in|after) JSON at position (\d+)/.exec(message);
  // V8 appends a copy of the line (possibly shortened with "..."); never echo it.
  const what = (message.split(/, (?:"|\.\.\.")/)[0] ?? message)
    .replace(/ (?:in|after) JSON at position \d+[\s\S]*$/, "")
    .slice(0, 80);
  if (position?.[1] !== undefined) {
    const column = Number(position[1]) + 1;
    const after = / after JSON at/.test(message) ? " after the JSON value" : "";
    return { reason: `not valid JSON: ${lowerFirst(what)}${after} at column ${column}`, column };
  }
  if (/end of JSON input/.test(message)) {
    return {
      reason: "not valid JSON: the line ends before the JSON value does (truncated?)",
      column: text.length + 1,
    };
  }
  return { reason: `not valid JSON: ${lowerFirst(what)}` };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
