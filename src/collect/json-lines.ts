// JSON bodies -> dump lines: one JSON text (an object, or an array of them), or a batch of JSON lines (NDJSON).
import { oneLine, topLevelValues, withAttribute } from "./json-text.js";

/** The dump lines of a JSON body, or why it was refused (a JsonOutcome of its own kinds). */
export type JsonOutcome =
  | { ok: true; lines: string[] }
  | { ok: false; status: 400; code: "invalid-json" | "not-an-object"; reason: string };

/** The attribute --received-at adds. */
export const RECEIVED_AT = "received_at";

/** A JSON text: one event object, or an array of them (one line each, tokens as received). */
export function jsonLines(text: string, receivedAt: string | undefined): JsonOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON lines sent as application/json: say how to send them rather than only where the parse stopped.
    const hint = firstLineIsJson(text) ? "; send JSON lines as application/x-ndjson" : "";
    return refuse("invalid-json", `the body is not JSON${where(error)}${hint}`);
  }
  const values = topLevelValues(text, parsed);
  const lines: string[] = [];
  for (const [i, { text: valueText, value }] of values.entries()) {
    if (!isObject(value)) {
      const where = Array.isArray(parsed) ? `element ${i + 1} of the array` : "the body";
      return refuse("not-an-object", `${where} is not a JSON object`);
    }
    lines.push(eventLine(oneLine(valueText), value, receivedAt));
  }
  return { ok: true, lines };
}

/**
 * A batch of JSON lines (the shape of the dumps): each line that is not blank is one event object, kept as
 * received. A line that is not an object refuses the whole batch, naming the line (counted from 1, blank lines
 * included) but not quoting it: the reason goes to the log, and the line may hold a phone number.
 */
export function ndjsonLines(text: string, receivedAt: string | undefined): JsonOutcome {
  const lines: string[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = trimJson(raw);
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return refuse("invalid-json", `line ${i + 1} is not JSON`);
    }
    if (!isObject(value)) return refuse("not-an-object", `line ${i + 1} is not a JSON object`);
    lines.push(eventLine(oneLine(line), value, receivedAt));
  }
  return { ok: true, lines };
}

/** Whether the first line that is not blank is a JSON text on its own (a body of JSON lines starts so). */
export function firstLineIsJson(text: string): boolean {
  const first = text.split("\n").find((line) => trimJson(line) !== "");
  if (first === undefined) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** An event's line, with received_at added unless the event carries its own (two would leave readers to pick). */
function eventLine(line: string, value: object, receivedAt: string | undefined): string {
  if (receivedAt === undefined || Object.hasOwn(value, RECEIVED_AT)) return line;
  return withAttribute(line, Object.keys(value).length === 0, RECEIVED_AT, receivedAt);
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text without JSON's whitespace at its ends (String.trim would take more, e.g. a no-break space). */
function trimJson(text: string): string {
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}

/**
 * Where JSON.parse stopped, without its words: V8 quotes the text it failed on (`Unexpected token '+',
 * "+37120000101" is not valid JSON`), and the reason goes to the log, where a phone number must not.
 */
function where(error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  return position === undefined ? "" : ` (it stops at character ${position})`;
}

function refuse(code: "invalid-json" | "not-an-object", reason: string): JsonOutcome {
  return { ok: false, status: 400, code, reason };
}
