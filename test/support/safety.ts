// Checks shared by the fuzz and hostile-input tests: what output may never contain, a CSV reader, accounting.
import { XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";

/**
 * A character that must never reach a reader raw: C0 controls but LF, DEL, C1 controls, bidi and zero-width
 * formatting characters, U+2028/U+2029, BOM, U+FFF9-U+FFFB, U+FFFE/U+FFFF, and lone surrogates. (Written
 * out here rather than imported, so a gap in the product's list is not a gap in the test.)
 */
export const RAW_UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first unsafe character of a text with its index, for readable failures; undefined when clean. */
export function firstUnsafe(text: string): { index: number; code: string; around: string } | undefined {
  const match = RAW_UNSAFE.exec(text);
  if (match === null) return undefined;
  const index = match.index;
  return {
    index,
    code: `U+${(match[0].charCodeAt(0) as number).toString(16).padStart(4, "0")}`,
    around: JSON.stringify(text.slice(Math.max(0, index - 40), index + 40)),
  };
}

/** Asserts a text holds no raw control, bidi or invisible character (LF is allowed: it ends lines). */
export function expectNoRawControls(text: string, what: string): void {
  expect(firstUnsafe(text), what).toBeUndefined();
}

/**
 * The keys and strings of a JSON text, as a reader gets them, that hold an unpaired surrogate: none in
 * I-JSON (RFC 7493), which DuckDB and jq need.
 */
export function loneSurrogatesIn(jsonText: string): string[] {
  const found: string[] = [];
  JSON.parse(jsonText, (key, value) => {
    for (const text of [key, value]) if (typeof text === "string" && LONE.test(text)) found.push(text);
    return value;
  });
  return found;
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_ALL = new RegExp(LONE.source, "g");

/** A copy of a JSON value with every lone surrogate, in strings and keys, replaced by U+FFFD (I-JSON's form). */
export function withoutLoneSurrogates(value: unknown): unknown {
  if (typeof value === "string") return value.replace(LONE_ALL, "\ufffd");
  if (Array.isArray(value)) return value.map(withoutLoneSurrogates);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(LONE_ALL, "\ufffd"), withoutLoneSurrogates(v)]),
  );
}

/** SGR colour sequences, the only escape sequences the tool writes itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point.
const SGR = /\u001b\[[0-9;]*m/g;

/** A coloured text without its colours. */
export function stripColours(text: string): string {
  return text.replace(SGR, "");
}

/**
 * Asserts the plain rendering holds nothing raw and the coloured one nothing raw but SGR colour sequences
 * (so the only escape sequences are the tool's own). With `sameText`, the coloured rendering must also be
 * the plain one plus colours (the table; coloured findings add file headings, so not there).
 */
export function expectOnlyOwnColours(colored: string, plain: string, what: string, sameText = true): void {
  expectNoRawControls(plain, `${what} (plain)`);
  expectNoRawControls(stripColours(colored), `${what} (coloured, colours removed)`);
  if (sameText) expect(stripColours(colored), `${what}: colours are all that differ`).toBe(plain);
}

/** RFC 4180 CSV as records of cells (quoted cells may hold commas, quotes, CR and LF). Throws when malformed. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r")
          throw new Error(`CSV: text after a closing quote at ${i}`);
        continue;
      }
      cell += c;
      i += 1;
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i += 1;
      continue;
    }
    if (c === '"') throw new Error(`CSV: a quote inside an unquoted cell at ${i}`);
    if (c === ",") {
      record.push(cell);
      cell = "";
      atCellStart = true;
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      // An unquoted CR or LF ends the record (CRLF counts once): a cell may not hold one unquoted.
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      atCellStart = true;
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    cell += c;
    atCellStart = false;
    i += 1;
  }
  if (quoted) throw new Error("CSV: a quoted cell is not closed");
  if (!atCellStart || cell !== "" || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** Asserts every record has as many cells as the header. */
export function expectRectangular(records: string[][], what: string): void {
  const width = records[0]?.length ?? 0;
  for (const [index, record] of records.entries()) {
    expect(record.length, `${what}: record ${index} has ${record.length} cells, not ${width}`).toBe(width);
  }
}

/** A cell a spreadsheet would evaluate as a formula (see the README's --excel-safe). */
export function isFormulaCell(cell: string): boolean {
  return /^[\t\r\n ]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/.test(cell);
}

/** The input section of a report: where every line went. */
export interface LineCounts {
  lines: number;
  blank: number;
  events: number;
  invalid: number;
  duplicates: number;
  late: number;
}

/** Asserts the accounting identity lines = blank + events + invalid + duplicates + late. */
export function expectAccounted(input: LineCounts, what = "input"): void {
  const { lines, blank, events, invalid, duplicates, late } = input;
  expect(blank + events + invalid + duplicates + late, `${what}: ${JSON.stringify(input)}`).toBe(lines);
  for (const n of [blank, events, invalid, duplicates, late]) expect(n).toBeGreaterThanOrEqual(0);
}

/** The number of lines in a byte dump as the reader splits it: LF-terminated lines plus an unterminated tail. */
export function countLines(bytes: Uint8Array): number {
  let lines = 0;
  let tail = 0;
  for (const b of bytes) {
    if (b === 0x0a) {
      lines += 1;
      tail = 0;
    } else tail += 1;
  }
  return lines + (tail > 0 ? 1 : 0);
}

/**
 * Asserts a github-format output is one workflow command per finding and a summary line, nothing more:
 * every line that starts with `::` is one of ours (`::error ` or `::warning ` with our properties).
 */
export function expectGithubCommands(out: string, findings: number): void {
  expect(out.endsWith("\n")).toBe(true);
  const lines = out.slice(0, -1).split("\n");
  expect(lines).toHaveLength(findings + 1);
  expect(out).not.toContain("\r");
  for (const line of lines.slice(0, -1)) {
    expect(line).toMatch(/^::(error|warning) file=[^,:\s]+,line=\d+(,col=\d+)?,title=[a-z0-9-]+::[^\r\n]*$/);
  }
  expect(lines.at(-1)).toMatch(/^teltel-events validate: /);
  expectNoRawControls(out, "github output");
}

/** Asserts a JUnit output is well-formed XML. */
export function expectWellFormedXml(out: string): void {
  expect(XMLValidator.validate(out)).toBe(true);
}
