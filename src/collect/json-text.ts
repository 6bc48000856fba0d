// JSON bodies as text: the top-level values of a body, kept token for token, on one line each.

/** The text of one top-level JSON value, and the value itself as JSON.parse read it. */
export interface JsonValueText {
  text: string;
  value: unknown;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isWhitespace = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/**
 * The elements of a top-level JSON array (or the one value that is not an array), each as the exact text
 * it was received as, trimmed of the whitespace around it. `text` must be valid JSON (JSON.parse said so)
 * and `parsed` its parsed value.
 */
export function topLevelValues(text: string, parsed: unknown): JsonValueText[] {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end -= 1;
  if (!Array.isArray(parsed)) return [{ text: text.slice(start, end), value: parsed }];
  const values: JsonValueText[] = [];
  // Inside the outer brackets: split at the commas of depth 0, outside strings.
  let depth = 0;
  let inString = false;
  let elementStart = start + 1;
  for (let i = start + 1; i < end - 1; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
    else if (c === COMMA && depth === 0) {
      values.push(element(text, elementStart, i, parsed[values.length]));
      elementStart = i + 1;
    }
  }
  if (parsed.length > 0) values.push(element(text, elementStart, end - 1, parsed[values.length]));
  return values;
}

function element(text: string, from: number, to: number, value: unknown): JsonValueText {
  let start = from;
  let end = to;
  while (start < end && isWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return { text: text.slice(start, end), value };
}

/**
 * The value on one line: a text that spans lines loses the whitespace outside its strings (JSON strings
 * cannot hold a raw line break, so only whitespace between tokens goes); a one-line text stays as it is.
 */
export function oneLine(text: string): string {
  if (!text.includes("\n") && !text.includes("\r")) return text;
  let out = "";
  let runStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (isWhitespace(c)) {
      out += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return out + text.slice(runStart);
}

/** The object text with one more attribute at its end (the text is a one-line JSON object). */
export function withAttribute(objectText: string, empty: boolean, key: string, value: string): string {
  const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return empty ? `{${member}}` : `${objectText.slice(0, -1)},${member}}`;
}
